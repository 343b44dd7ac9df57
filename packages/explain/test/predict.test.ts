/**
 * Inference by hand (the seed's moment 16) and the next steps' explanations: the forward formulas of a
 * saved model with its numbers, the z-score when the model has one, and every chain's numbers
 * computing to the recorded result; the L2 penalty and dropout masks in the epoch explanation.
 */
import { describe, expect, it } from 'vitest';
import { type ModelFile, fromModelFile, infer, toModelFile, train, validateExperiment } from '@unha/engine';
import { findLesson } from '@unha/lessons';
import { explainEpoch, explainPrediction, lineText, renderText } from '../src/index';
import type { ExplainDoc } from '../src/doc';
import { evaluate } from './evaluate';

function model(raw: unknown): ModelFile {
  const r = fromModelFile(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Every chain whose next-to-last link is all numbers computes to its last link; returns how many. */
function checkArithmetic(doc: ExplainDoc): number {
  let n = 0;
  for (const s of doc.sections)
    for (const line of s.lines) {
      if (!line.chain || line.chain.length < 3) continue;
      const v = evaluate(line.chain[line.chain.length - 2]);
      const r = line.chain[line.chain.length - 1];
      if (v === undefined || r.k !== 'num') continue;
      expect(Math.abs(v - r.v), lineText(line, { locale: 'en', decimals: 12 })).toBeLessThan(
        1e-9 * Math.max(1, Math.abs(r.v)),
      );
      n++;
    }
  return n;
}

describe('explainPrediction', () => {
  it('the seed after epoch 15 (W = 2,0919, B = 0,5306), a new input x = 5', () => {
    const m = model({
      format: 'unha-model',
      version: 1,
      inputs: 1,
      layers: [{ units: 1, activation: 'identity' }],
      params: { W1: [[2.0919]], b1: [0.5306] },
    });
    const doc = explainPrediction(m, infer(m, [[5]]), { locale: 'pt-BR' });
    const text = renderText(doc, { locale: 'pt-BR', decimals: 4 });
    expect(text).toContain('Inferência (predição)');
    expect(text).toContain('ŷ = W·x + B = 2,0919·5 + 0,5306 = 10,9901');
    expect(checkArithmetic(doc)).toBe(1);
  });

  it('a normalized model shows the z-score of each new input, then the forward pass on it', () => {
    const exp = findLesson('unbalanced-scales')!.experiment;
    const trace = train({ ...exp, normalize: true, epochs: 50 }, { trace: 'epochs' });
    const m = toModelFile(trace);
    const doc = explainPrediction(m, infer(m, [[0.5, 50]]), { locale: 'en' });
    const text = renderText(doc, { locale: 'en', decimals: 4 });
    expect(text).toContain('Normalization (z-score)');
    expect(text).toMatch(/a\u0303 = \(a − μ₁\)\/σ₁ = \(0\.5 − 0\.4937\)\/0\.2793 = 0\.0224/);
    // x̃ is x followed by the combining tilde U+0303.
    expect(text).toMatch(/ŷ = W₁·a\u0303 \+ W₂·b\u0303 \+ B = /);
    expect(checkArithmetic(doc)).toBe(3);
  });

  it('a network: every unit’s weighted sum and activation, one example written out', () => {
    const r = validateExperiment({
      ...findLesson('nonlinear-hidden')!.experiment,
      model: {
        layers: [
          { units: 4, activation: 'tanh', dropout: 0.2 },
          { units: 1, activation: 'identity' },
        ],
        init: { seed: 1 },
      },
      epochs: 20,
    });
    if (!r.ok) throw new Error('invalid');
    const m = toModelFile(train(r.value, { trace: 'epochs' }));
    const doc = explainPrediction(m, infer(m, [[1.5], [-1]]), { locale: 'en' });
    const text = renderText(doc, { locale: 'en', decimals: 4 });
    expect(text).toContain('a1[4] = tanh(z1[4])');
    expect(text).toContain('no dropout at prediction');
    expect(text).toContain('1 more example,');
    // 4 weighted sums, 4 tanh, the output.
    expect(checkArithmetic(doc)).toBe(9);
  });
});

describe('the next steps in the epoch explanation', () => {
  it('L2: the penalty added to the loss, and 2·λ·W in the weight gradients (one neuron, all numbers)', () => {
    const r = validateExperiment({ ...findLesson('four-pairs')!.experiment, l2: 0.1, epochs: 1 });
    if (!r.ok) throw new Error('invalid');
    const doc = explainEpoch(train(r.value), 1, { locale: 'en' });
    const text = renderText(doc, { locale: 'en', decimals: 4 });
    // ΣW² = 0,5² = 0,25; λ·ΣW² = 0,025; ∂L/∂W gains 2·0,1·0,5 = 0,1.
    expect(text).toContain('L2 = λ·Σ W² = 0.1·0.25 = 0.025');
    expect(text).toMatch(/L = MSE \+ L2 = .* \+ 0\.025 = /);
    expect(text).toMatch(/∂L\/∂W = Σₙ ∂L\/∂ŷ·x \+ 2·λ·W = .*\+ 2·0\.1·0\.5 = /);
    expect(checkArithmetic(doc)).toBeGreaterThan(10);
  });
  it('dropout: the masks in the forward pass, the same masks in backpropagation, d(l) read by layer l + 1', () => {
    const trace = train({ ...findLesson('overfitting-dropout')!.experiment, epochs: 1 });
    const doc = explainEpoch(trace, 1, { locale: 'pt-BR', example: 1, unit: 1 });
    const text = renderText(doc, { locale: 'pt-BR', decimals: 4 });
    expect(text.match(/dropout \(p = 0,2\)/g)?.length).toBe(2); // once per hidden layer
    expect(text).toMatch(/d1\[1\] = a1\[1\]·mask1\[1\] = .*·(0|1,25) = /);
    expect(text).toMatch(/z2\[1\] = Σᵢ W2\[1,i\]·d1\[i\] \+ b2\[1\]/);
    expect(text).toMatch(/∂L\/∂a2\[1\] = ∂L\/∂d2\[1\]·mask2\[1\]/);
    expect(checkArithmetic(doc)).toBeGreaterThan(5);
  });
  it('mini-batches: which examples the step holds, and the epoch loss as the mean of batch losses', () => {
    const trace = train({ ...findLesson('mini-batches')!.experiment, epochs: 1 });
    const text = renderText(explainEpoch(trace, 1, { locale: 'en', step: 3 }), { locale: 'en', decimals: 4 });
    const rows = trace.epochs[0].steps[2].batch.map((r) => r + 1).join(', ');
    expect(text).toContain(`mini-batch 3 of 8: examples ${rows} of the data`);
    expect(text).toContain('loss of the epoch: the mean of its 8 batch losses');
  });
});
