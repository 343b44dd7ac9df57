/**
 * Dense networks and language models to safetensors and back: the values come back bit for bit (F64)
 * or as their nearest float32 (F32), the model files equal the ones written; a bad metadata field or
 * tensor is located in the file (header, __metadata__), not in the model file it stands for.
 */
import { describe, expect, it } from 'vitest';
import {
  type LmModelFile,
  type ModelFile,
  denseInitFromSafetensors,
  denseModelFromSafetensors,
  denseSafetensors,
  lmInitFromSafetensors,
  lmModelFromSafetensors,
  lmSafetensors,
  readSafetensors,
  writeSafetensors,
} from '../src/index';

const read = (bytes: Uint8Array) => {
  const r = readSafetensors(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

// Values chosen to need all 52 bits of a float64 mantissa (1/3, π, 0.1) and a negative zero.
const DENSE: ModelFile = {
  format: 'unha-model',
  version: 1,
  inputs: 2,
  inputNames: ['a', 'b'],
  targetNames: ['y'],
  layers: [
    { units: 3, activation: 'tanh' },
    { units: 1, activation: 'identity' },
  ],
  params: {
    W1: [
      [1 / 3, -Math.PI],
      [0.1, -0],
      [2.5e-300, 7],
    ],
    b1: [0.2, -0.3, 1e10],
    W2: [[1, 2, 3]],
    b2: [-1 / 7],
  },
  normalization: { mean: [0.5, 55], std: [0.29, 26] },
  trained: { epochs: 12, loss: 0.0123 },
};

describe('dense networks as safetensors', () => {
  it('F64: every value back bit for bit, the metadata back as the model file', () => {
    const file = read(denseSafetensors(DENSE, 'F64'));
    expect(file.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['W1', [3, 2]],
      ['b1', [3]],
      ['W2', [1, 3]],
      ['b2', [1]],
    ]);
    const r = denseModelFromSafetensors(file);
    expect(r.ok && r.value).toEqual(DENSE);
    expect(Object.is((r.ok && (r.value.params.W1 as number[][])[1][1]) as number, -0)).toBe(true);
  });

  it('F32: each value is its nearest float32', () => {
    const file = read(denseSafetensors(DENSE, 'F32'));
    const w1 = file.tensors.find((t) => t.name === 'W1')!;
    expect(Array.from(w1.values)).toEqual((DENSE.params.W1 as number[][]).flat().map(Math.fround));
    // 2.5e-300 is below float32's smallest subnormal: it rounds to zero.
    expect(w1.values[4]).toBe(0);
  });

  it('a bad field is located in the file: metadata by key, parameters by tensor name', () => {
    const bad = writeSafetensors(
      [
        { name: 'W1', shape: [1, 2], values: [1, 2] },
        { name: 'b1', shape: [1], values: [0] },
      ],
      'F64',
      { kind: 'dense', inputs: '1', layers: JSON.stringify([{ units: 1, activation: 'identity' }]) },
    );
    const r = denseModelFromSafetensors(read(bad));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.path.join('/'))).toEqual(['header/W1']);
    const noJson = writeSafetensors([], 'F64', { inputs: '1', layers: '[{' });
    const q = denseModelFromSafetensors(read(noJson));
    expect(!q.ok && q.issues.map((i) => [i.code, i.path.join('/')])).toEqual([
      ['not_json', 'header/__metadata__/layers'],
    ]);
  });

  it('initial values need only the tensors, of the experiment’s shapes', () => {
    const file = read(denseSafetensors(DENSE, 'F64'));
    const r = denseInitFromSafetensors(file, 2, DENSE.layers);
    expect(r.ok && r.values).toEqual(DENSE.params);
    const wrong = denseInitFromSafetensors(file, 3, DENSE.layers);
    expect(!wrong.ok && wrong.issues.map((i) => i.path.join('/'))).toEqual(['header/W1/shape']);
  });
});

const LM: LmModelFile = {
  format: 'unha-lm-model',
  version: 1,
  experiment: {
    data: { words: ['ab', 'ba'], context: 1, split: { train: 1, val: 0 } },
    model: {
      layers: [
        { type: 'embedding', dim: 2 },
        { type: 'dense', units: 'vocab', activation: 'identity' },
      ],
      init: { seed: 3 },
    },
    loss: 'cross-entropy',
    optimizer: { name: 'sgd', lr: 0.1 },
    batchSize: 2,
    batches: 'sequential',
    steps: 1,
  } as unknown as LmModelFile['experiment'],
  vocab: ['.', 'a', 'b'],
  params: {
    E: [
      [0.1, -0.2],
      [1 / 3, 4],
      [-5, 0.6],
    ],
    W1: [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    b1: [0.7, -0.8, 0.9],
  },
  steps: 1,
  trainLoss: 1.05,
};

describe('language models as safetensors', () => {
  it('F64: E, W1, b1 back bit for bit and the model file equal', () => {
    const file = read(lmSafetensors(LM, 'F64'));
    expect(file.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['E', [3, 2]],
      ['W1', [3, 2]],
      ['b1', [3]],
    ]);
    const r = lmModelFromSafetensors(file);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.params).toEqual(LM.params);
    expect(r.value.vocab).toEqual(LM.vocab);
    expect(r.value.trainLoss).toBe(1.05);
  });

  it('a vocabulary missing from the metadata is located there', () => {
    const file = read(lmSafetensors(LM, 'F64'));
    const { vocab, ...rest } = file.metadata;
    void vocab;
    const r = lmModelFromSafetensors({ ...file, metadata: rest });
    expect(!r.ok && r.issues.map((i) => [i.code, i.path.join('/')])).toEqual([
      ['missing', 'header/__metadata__/vocab'],
    ]);
  });

  it('initial values from the tensors, over the vocabulary the words give', () => {
    const file = read(lmSafetensors(LM, 'F64'));
    const r = lmInitFromSafetensors(file, LM.experiment, 3);
    expect(r.ok && r.values).toEqual(LM.params);
    const other = lmInitFromSafetensors(file, LM.experiment, 4);
    expect(!other.ok && other.issues[0].path.join('/')).toBe('header/E/shape');
  });
});
