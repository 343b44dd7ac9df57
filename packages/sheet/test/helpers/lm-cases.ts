import type { RefExperiment } from './lm-reference';

/** Deterministic small numbers for initial parameters (no generator needed: a fixed formula). */
export function table(rows: number, cols: number, seed: number, scale = 0.5): number[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: cols }, (_, c) =>
      Number((scale * Math.sin(seed + 1.7 * r + 0.9 * c + r * c)).toFixed(4)),
    ),
  );
}

export const names = ['ana', 'bia', 'caio', 'duda', 'eva', 'iara'];
/** '.', a, b, c, d, e, i, n, o, r, u, v: 12 characters. */
const V = 12;

/** The neural bigram: E is V × V, the row of the current character is the logits of the next. */
export const bigramSgd: RefExperiment = {
  words: names,
  context: 1,
  train: 5 / 6,
  dim: 'vocab',
  dense: [],
  init: { E: table(V, V, 1) },
  optimizer: { name: 'sgd', lr: 5 },
  batchSize: 6,
  steps: 6,
};

/** makemore's MLP, tiny: context 2, dim 2, 3 tanh units, logits over the vocabulary. */
export const mlp = (optimizer: RefExperiment['optimizer'], steps = 4): RefExperiment => ({
  words: names,
  context: 2,
  train: 5 / 6,
  dim: 2,
  dense: [
    { units: 3, activation: 'tanh' },
    { units: 'vocab', activation: 'identity' },
  ],
  init: {
    E: table(V, 2, 2, 1),
    W1: table(3, 4, 3),
    b1: [0.1, -0.2, 0],
    W2: table(V, 3, 4),
    b2: table(1, V, 5, 0.1)[0],
  },
  optimizer,
  batchSize: 5,
  steps,
});
