import { type LmExperiment, validateLmExperiment } from '@unha/engine';
import { names, table } from './lm-cases';

/** A checked language-model experiment, written as a user's JSON file would be. */
export function lmExperiment(raw: unknown): LmExperiment {
  const r = validateLmExperiment(raw);
  if (!r.ok) throw new Error(`bad test experiment: ${JSON.stringify(r.issues)}`);
  return r.value;
}

/** A copy with another learning rate (what a learner types into learning_rate). */
export function atRate(exp: LmExperiment, lr: number): LmExperiment {
  const copy = structuredClone(exp);
  copy.optimizer!.lr = lr;
  return copy;
}

/** The neural bigram on six names (12 characters), seeded init, plain gradient descent. */
export const engineBigram = lmExperiment({
  data: { words: names, context: 1, split: { train: 1, val: 0 } },
  model: { layers: [{ type: 'embedding', dim: 'vocab' }], init: { seed: 7 } },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 10 },
  batchSize: 8,
  batches: 'sequential',
  steps: 5,
});

/** The tiny MLP: context 2, dim 2, 3 tanh units, AdamW with decay on E and the W. */
export const engineMlpAdamw = lmExperiment({
  data: { words: names, context: 2, split: { train: 0.8, val: 0.2 } },
  model: {
    layers: [{ type: 'embedding', dim: 2 }, { units: 3, activation: 'tanh' }, { units: 'vocab' }],
    init: {
      E: table(12, 2, 2, 1),
      W1: table(3, 4, 3),
      b1: [0.1, -0.2, 0],
      W2: table(12, 3, 4),
      b2: table(1, 12, 5, 0.1)[0],
    },
  },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.05, weightDecay: 0.1 },
  batchSize: 6,
  batches: 'sequential',
  steps: 5,
});

/** Random batches (drawn by the engine's seeded generator), sgd with momentum, a seeded init. */
export const engineMlpRandom = lmExperiment({
  data: { words: names, context: 2, split: { train: 1, val: 0 } },
  model: {
    layers: [{ type: 'embedding', dim: 2 }, { units: 4, activation: 'tanh' }, { units: 'vocab' }],
    init: { seed: 3 },
  },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 0.5, momentum: 0.9 },
  batchSize: 5,
  batches: 'random',
  seed: 11,
  steps: 4,
});

/** makemore's context of 3 with 5 tanh units: the dense layers use SUMPRODUCT over ranges; adam. */
export const engineMlpContext3 = lmExperiment({
  data: { words: names, context: 3, split: { train: 1, val: 0 } },
  model: {
    layers: [{ type: 'embedding', dim: 2 }, { units: 5, activation: 'tanh' }, { units: 'vocab' }],
    init: { seed: 5 },
  },
  loss: 'cross-entropy',
  optimizer: { name: 'adam', lr: 0.1 },
  batchSize: 7,
  batches: 'sequential',
  steps: 4,
});

/** nanoGPT's schedule: 2 warm-up steps, a cosine to LR/10 at step 5, then LR/10; Adam. */
export const engineMlpSchedule = lmExperiment({
  ...engineMlpContext3,
  optimizer: { name: 'adam', lr: 0.1 },
  schedule: { warmup: 2, decaySteps: 5 },
  steps: 7,
});

/** The same schedule with its minimum given, plain gradient descent on the bigram. */
export const engineBigramSchedule = lmExperiment({
  ...engineBigram,
  schedule: { warmup: 1, decaySteps: 4, minLr: 0.5 },
  steps: 6,
});

/** PyTorch's coupled weight_decay on sgd with momentum and on adam: λ·p joins the gradient of E and W. */
export const engineMlpCoupledSgd = lmExperiment({
  ...engineMlpRandom,
  batches: 'sequential',
  optimizer: { name: 'sgd', lr: 0.5, momentum: 0.9, weightDecay: 0.05 },
});
export const engineMlpCoupledAdam = lmExperiment({
  ...engineMlpContext3,
  optimizer: { name: 'adam', lr: 0.1, weightDecay: 0.2 },
});

/** The neural bigram with its table given (so a test can redo step 1 by hand from these numbers). */
export const bigramTable = table(12, 12, 1);
export const engineBigramGiven = lmExperiment({
  data: { words: names, context: 1, split: { train: 1, val: 0 } },
  model: { layers: [{ type: 'embedding', dim: 'vocab' }], init: { E: bigramTable } },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 10 },
  batchSize: 8,
  batches: 'sequential',
  steps: 3,
});

/** `count` made-up lower-case words, the same every time (a corpus too large for a sheet). */
export function manyWords(count: number): string[] {
  let s = 12345;
  const next = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 3 + Math.floor(next() * 6) },
      () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(next() * 26)],
    ).join(''),
  );
}
