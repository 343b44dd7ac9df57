/**
 * The GPT the lab's Chromium tests train: a text of our own (a few short sentences, 24 distinct
 * characters, no "!" and no capitals) and a 2-layer, 2-head model small enough to play in seconds.
 */
export const GPT_TEXT =
  'the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat, ' +
  'and the dog ran to the cat.\nthe cat ran to the dog.\n';

export const SMALL_GPT = {
  data: { text: GPT_TEXT, split: { train: 0.9, val: 0.1 } },
  model: { type: 'gpt', layers: 2, heads: 2, width: 8, block: 8, init: { seed: 7 } },
  loss: 'cross-entropy',
  optimizer: { name: 'adamw', lr: 0.02, weightDecay: 0.01 },
  batchSize: 4,
  batches: 'random',
  steps: 60,
  eval: { every: 20, windows: 20 },
  sample: { tokens: 40, seed: 3 },
};
