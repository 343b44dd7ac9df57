import { describe, expect, test } from 'vitest';
import { corpusWords, findLesson, findLmLesson } from '@unha/lessons';
import {
  LmTrainer,
  infer,
  lmModelFromFile,
  toLmModelFile,
  toModelFile,
  train,
  validateExperiment,
  validateLmExperiment,
} from '../src/index';
import type { LmModelFile } from '../src/lm/model-file';
import { denseOnnx, lmOnnx } from '../src/formats/onnx-nets';
import { expectOnnxClose, runOnnx } from './onnx-helpers';

/**
 * The dense nets and the language models as ONNX graphs, run by onnxruntime and compared with the
 * engine's own prediction (`infer`, which z-scores the inputs first, as `unha predict`) and the
 * language models' logits.
 */

function trainedDense(id: string, over: Record<string, unknown>) {
  const r = validateExperiment({ ...findLesson(id)!.experiment, ...over });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return toModelFile(train(r.value));
}

/** Inputs a person would type: spread around (and beyond) the training data's range. */
function grid(rows: number, cols: number, lo: number, hi: number): number[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) => lo + ((hi - lo) * ((r * (c + 3) + c) % rows)) / (rows - 1)),
  );
}

describe('dense nets as ONNX', () => {
  const cases: [string, string, Record<string, unknown>, [number, number]][] = [
    ['unbalanced-scales, normalised (identity)', 'unbalanced-scales', { normalize: true }, [0, 100]],
    [
      'unbalanced-scales, not normalised',
      'unbalanced-scales',
      { optimizer: { name: 'sgd', lr: 0.0001 } },
      [0, 100],
    ],
    ['two-inputs-network, normalised (relu, relu)', 'two-inputs-network', { normalize: true }, [-2, 6]],
    ['nonlinear-hidden (tanh)', 'nonlinear-hidden', {}, [-1, 4]],
    [
      'overfitting-dropout, normalised (dropout is training only)',
      'overfitting-dropout',
      { normalize: true },
      [-1, 2],
    ],
    [
      'sigmoid hidden layer, normalised',
      'two-inputs-network',
      {
        normalize: true,
        model: {
          layers: [
            { units: 5, activation: 'sigmoid' },
            { units: 2, activation: 'tanh' },
            { units: 1, activation: 'identity' },
          ],
          init: { seed: 4 },
        },
      },
      [-2, 6],
    ],
  ];
  for (const [what, id, over, [lo, hi]] of cases)
    test(what, async () => {
      const model = trainedDense(id, over);
      expect(model.normalization !== undefined).toBe(over.normalize === true);
      const inputs = grid(9, model.inputs, lo, hi);
      const expected = infer(model, inputs).outputs.flat();
      const bytes = denseOnnx(model);
      const ort = await runOnnx(bytes, {
        name: 'inputs',
        type: 'float32',
        values: inputs.flat(),
        dims: [inputs.length, model.inputs],
      });
      expect(ort.session.outputNames).toEqual(['outputs']);
      expect(ort.dims).toEqual([inputs.length, model.layers[model.layers.length - 1].units]);
      expectOnnxClose(ort.data, expected, what);
    });
});

function trainedLm(id: string, steps: number, model?: unknown): LmModelFile {
  const lesson = findLmLesson(id)!;
  const r = validateLmExperiment({ ...lesson.experiment, steps, ...(model !== undefined && { model }) });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const t = new LmTrainer(r.value, { words: corpusWords(r.value.data.corpus!) });
  while (t.step());
  return toLmModelFile(t);
}

/** Contexts of n examples: every character of the vocabulary appears, the boundary too. */
function contexts(n: number, context: number, V: number): Int32Array {
  return Int32Array.from({ length: n * context }, (_, i) => (i * 5 + ((i / context) | 0)) % V);
}

describe('language models as ONNX', () => {
  for (const [id, steps] of [
    ['names-mlp', 200],
    ['names-bigram', 100],
    ['cities-mlp', 50],
  ] as const)
    test(`${id} after ${steps} steps: logits of 40 contexts`, async () => {
      const f = trainedLm(id, steps);
      const model = lmModelFromFile(f);
      const V = f.vocab.length;
      const c = f.experiment.data.context;
      const n = 40;
      const tokens = contexts(n, c, V);
      const ort = await runOnnx(lmOnnx(f), { name: 'tokens', type: 'int64', values: tokens, dims: [n, c] });
      expect(ort.dims).toEqual([n, V]);
      expectOnnxClose(ort.data, model.forward(tokens, n).logits.data, id);
    });

  test.each([1, 0])('names-counts, smoothing %d: ln P of the previous character, every row', async (k) => {
    const f = trainedLm('names-counts', 0, { layers: [{ type: 'counts', smoothing: k }], init: { seed: 0 } });
    expect(f.experiment.model.layers[0]).toEqual({ type: 'counts', smoothing: k });
    const model = lmModelFromFile(f);
    const V = f.vocab.length;
    const tokens = Int32Array.from({ length: V }, (_, i) => i);
    const ort = await runOnnx(lmOnnx(f), { name: 'tokens', type: 'int64', values: tokens, dims: [V, 1] });
    const expected = Array.from({ length: V }, (_, a) => Array.from(model.logits([a]))).flat();
    // Without smoothing, pairs never seen have P = 0: ln P = −∞ in the file as in the engine.
    expect(expected.some((z) => z === -Infinity)).toBe(k === 0);
    expectOnnxClose(ort.data, expected, 'names-counts');
  });
});
