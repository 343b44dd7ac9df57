import { findLesson } from '@unha/lessons';
import { type Experiment, validateExperiment } from '@unha/engine';

/** A checked experiment (the tests build them as plain JSON, like a user's file). */
export function experiment(raw: unknown): Experiment {
  const r = validateExperiment(raw);
  if (!r.ok) throw new Error(`bad test experiment: ${JSON.stringify(r.issues)}`);
  return r.value;
}

/** The seed's single neuron: x = 3, y = 7, W = 0.5, B = 0, 15 epochs. */
export const seedNeuron = (lr: number): Experiment =>
  experiment({
    title: { 'pt-BR': 'Um neurônio: y = 2x + 1', en: 'One neuron: y = 2x + 1' },
    data: { inputs: [[3]], targets: [[7]], inputNames: ['x'], targetNames: ['y'] },
    model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
    optimizer: { name: 'sgd', lr },
    epochs: 15,
  });

/** Four pairs of y = 2x + 1: the mean in the loss. */
export const fourPairs = experiment({
  data: { inputs: [[1], [2], [3], [4]], targets: [[3], [5], [7], [9]] },
  model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
  optimizer: { name: 'sgd', lr: 0.05 },
  epochs: 40,
});

/** The (a, b) pairs of the two-inputs lesson, for y = 2a + 3b + 5. */
const ab = findLesson('two-inputs')!.experiment.data.inputs;

/** One neuron, two inputs: y = 2a + 3b + 5. */
export const twoInputs = experiment({
  data: { inputs: ab, targets: ab.map(([a, b]) => [2 * a + 3 * b + 5]), inputNames: ['a', 'b'] },
  model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0, 0]], b1: [0] } },
  optimizer: { name: 'sgd', lr: 0.05 },
  epochs: 40,
});

const xorish = {
  inputs: [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
    [0.5, 0.25],
  ],
  targets: [[0], [1], [1], [0], [0.4]],
};

/** 2 → 3 (tanh) → 1 (sigmoid), plain gradient descent. */
export const tanhSigmoidSgd = experiment({
  data: xorish,
  model: {
    layers: [
      { units: 3, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ],
    init: { seed: 3 },
  },
  optimizer: { name: 'sgd', lr: 0.5 },
  epochs: 25,
});

/** 2 → 3 (sigmoid) → 2 (tanh) → 1 (identity) with Adam. */
export const deepAdam = experiment({
  data: xorish,
  model: {
    layers: [
      { units: 3, activation: 'sigmoid' },
      { units: 2, activation: 'tanh' },
      { units: 1, activation: 'identity' },
    ],
    init: { seed: 4 },
  },
  optimizer: { name: 'adam', lr: 0.05 },
  epochs: 25,
});

/** Momentum, L2, normalization, ReLU and two outputs together. */
export const momentumL2Normalized = experiment({
  data: {
    inputs: [
      [1, 100],
      [2, 300],
      [3, 200],
      [4, 500],
    ],
    targets: [
      [5, 1],
      [7, 2],
      [9, 0],
      [11, 3],
    ],
  },
  model: {
    layers: [
      { units: 3, activation: 'relu' },
      { units: 2, activation: 'identity' },
    ],
    init: { seed: 1 },
  },
  optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
  l2: 0.01,
  normalize: true,
  epochs: 20,
});

/** Shuffled mini-batches of 3 with a validation split and Adam. */
export const miniBatches = experiment({
  data: {
    inputs: [[1], [2], [3], [4], [5], [6], [7], [8]],
    targets: [[3], [5], [7], [9], [11], [13], [15], [17]],
  },
  model: { layers: [{ units: 1, activation: 'identity' }], init: { seed: 1 } },
  optimizer: { name: 'adam', lr: 0.1 },
  batchSize: 3,
  shuffle: true,
  validation: 0.25,
  epochs: 10,
});

/** A copy of an experiment with another learning rate and, optionally, W1[0][0] changed. */
export function withChanges(exp: Experiment, lr: number, w00?: number): Experiment {
  const copy = structuredClone(exp);
  copy.optimizer.lr = lr;
  if (w00 !== undefined) {
    const init = copy.model.init as Record<string, number[][]>;
    if ('seed' in copy.model.init) throw new Error('withChanges: give the initial parameters explicitly');
    init.W1[0][0] = w00;
  }
  return copy;
}

/** 2 → 4 (relu, dropout 0.3) → 3 (tanh, dropout 0.5) → 1 with Adam: masks drawn by the engine. */
export const dropout = experiment({
  data: xorish,
  model: {
    layers: [
      { units: 4, activation: 'relu', dropout: 0.3 },
      { units: 3, activation: 'tanh', dropout: 0.5 },
      { units: 1, activation: 'identity' },
    ],
    init: { seed: 5 },
  },
  optimizer: { name: 'adam', lr: 0.02 },
  seed: 11,
  epochs: 12,
});
