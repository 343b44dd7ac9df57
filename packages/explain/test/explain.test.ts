import { type Experiment, train } from '@unha/engine';
import { lessons, findLesson } from '@unha/lessons';
import { describe, expect, it } from 'vitest';
import { explainEpoch, lineText, renderText } from '../src/index';
import { evaluate } from './evaluate';

const oneNeuron = findLesson('one-neuron')!.experiment;

describe('the seed epoch 1, by hand', () => {
  const trace = train({ ...oneNeuron, epochs: 2 });
  it('pt-BR: the seed numbers in the formulas', () => {
    const text = renderText(explainEpoch(trace, 1, { locale: 'pt-BR' }), { locale: 'pt-BR', decimals: 4 });
    // Worked by hand: ŷ = 0,5·3 + 0 = 1,5; L = (1,5 − 7)² = 30,25; ∂L/∂ŷ = 2·(−5,5) = −11; ∂L/∂W = −11·3 = −33.
    expect(text).toContain('ŷ = W·x + B = 0,5·3 + 0 = 1,5');
    expect(text).toContain('e = ŷ − y = 1,5 − 7 = −5,5');
    expect(text).toContain('L = e² = (−5,5)² = 30,25');
    expect(text).toContain('∂L/∂ŷ = 2·(ŷ − y) = 2·(1,5 − 7) = −11');
    expect(text).toContain('∂L/∂W = ∂L/∂ŷ·x = (−11)·3 = −33');
    expect(text).toContain('W ← W − LR·∂L/∂W = 0,5 − 0,1·(−33) = 3,8');
    expect(text).toContain('B ← B − LR·∂L/∂B = 0 − 0,1·(−11) = 1,1');
    expect(text).toMatchSnapshot();
  });
  it('en: the same with a decimal point', () => {
    const text = renderText(explainEpoch(trace, 1, { locale: 'en' }), { locale: 'en', decimals: 4 });
    expect(text).toContain('ŷ = W·x + B = 0.5·3 + 0 = 1.5');
    expect(text).toContain('W ← W − LR·∂L/∂W = 0.5 − 0.1·(−33) = 3.8');
    expect(text).toContain('Backpropagation (chain rule)');
    expect(text).toMatchSnapshot();
  });
  it('epoch 2 predicts 12,5 and goes back to the start', () => {
    const text = renderText(explainEpoch(trace, 2, { locale: 'pt-BR' }), { locale: 'pt-BR', decimals: 4 });
    expect(text).toContain('ŷ = W·x + B = 3,8·3 + 1,1 = 12,5');
    expect(text).toContain('W ← W − LR·∂L/∂W = 3,8 − 0,1·33 = 0,5');
  });
});

/** Every chain whose middle link is all numbers must compute to its last link. */
function checkArithmetic(exp: Experiment, epochs: number[]): number {
  const trace = train({ ...exp, epochs: Math.max(...epochs) });
  let checked = 0;
  // A lesson that diverges (unbalanced-scales) has only the epochs before the explosion.
  for (const epoch of epochs.filter((e) => e <= trace.epochs.length)) {
    for (const locale of ['pt-BR', 'en'] as const) {
      const doc = explainEpoch(trace, epoch, { locale });
      for (const s of doc.sections) {
        for (const line of s.lines) {
          if (!line.chain || line.chain.length < 3) continue;
          const result = line.chain[line.chain.length - 1];
          const numeric = line.chain[line.chain.length - 2];
          const v = evaluate(numeric);
          if (v === undefined || result.k !== 'num') continue;
          const tol = 1e-9 * Math.max(1, Math.abs(result.v));
          if (Math.abs(v - result.v) > tol)
            throw new Error(`epoch ${epoch}: ${lineText(line, { locale, decimals: 12 })} computes to ${v}`);
          checked++;
        }
      }
    }
  }
  return checked;
}

describe('the numbers put into each formula compute to the result the engine recorded', () => {
  for (const l of lessons) {
    it(l.id, () => {
      expect(checkArithmetic(l.experiment, [1, 2, 3])).toBeGreaterThan(5);
    });
  }
  it('adam, momentum, sigmoid and tanh layers, several outputs', () => {
    const base: Experiment = {
      data: {
        inputs: [
          [0.1, 0.5],
          [0.9, -0.3],
          [0.4, 0.4],
        ],
        targets: [
          [0.2, 1],
          [0.7, 0],
          [0.5, 0.5],
        ],
      },
      model: {
        layers: [
          { units: 3, activation: 'tanh' },
          { units: 2, activation: 'sigmoid' },
        ],
        init: { seed: 5 },
      },
      loss: 'mse',
      optimizer: { name: 'adam', lr: 0.05 },
      epochs: 3,
    };
    expect(checkArithmetic(base, [1, 2, 3])).toBeGreaterThan(20);
    expect(
      checkArithmetic({ ...base, optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 } }, [1, 2, 3]),
    ).toBeGreaterThan(20);
    expect(
      checkArithmetic(
        {
          ...base,
          model: {
            ...base.model,
            layers: [
              { units: 3, activation: 'relu' },
              { units: 2, activation: 'identity' },
            ],
          },
        },
        [1, 2],
      ),
    ).toBeGreaterThan(10);
  });
  it('L2 penalty', () => {
    const exp: Experiment = { ...findLesson('two-neurons')!.experiment, l2: 0.01 };
    expect(checkArithmetic(exp, [1, 2])).toBeGreaterThan(10);
  });
});

describe('larger networks never become a wall of text', () => {
  it('2-8-8-1 shows one example and a few units, and says how to see more', () => {
    const exp = findLesson('two-inputs-network')!.experiment;
    const trace = train({ ...exp, epochs: 1 });
    const text = renderText(explainEpoch(trace, 1, { locale: 'en' }), { locale: 'en', decimals: 4 });
    expect(text.split('\n').length).toBeLessThan(120);
    expect(text).toContain('… and 5 more examples');
    expect(explainEpoch(trace, 1, { locale: 'en' }).partial).toBe(true);
    expect(
      explainEpoch(train({ ...findLesson('one-neuron')!.experiment, epochs: 1 }), 1, { locale: 'en' })
        .partial,
    ).toBe(false);
    const layer3 = renderText(explainEpoch(trace, 1, { locale: 'en', layer: 3, example: 2 }), {
      locale: 'en',
      decimals: 4,
    });
    expect(layer3).not.toContain('z1[');
    expect(layer3).toContain('W3[1,');
  });
});
