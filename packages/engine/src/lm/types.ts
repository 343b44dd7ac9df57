import type { Activation, LocalText, Matrix, Vector } from '../experiment';

/**
 * The language-model experiment (`loss: "cross-entropy"`): characters in, the next character out.
 * The JSON contract is documented in docs/experiment-fields.md and the README; the names here are
 * the JSON's.
 */

/** A table E of shape [V][dim]; its output is the dim values of each context token, concatenated. */
export interface EmbeddingLayer {
  type: 'embedding';
  /** Values per character; "vocab" (or the number V) with context 1 and no other layer: the neural bigram. */
  dim: number | 'vocab';
}

/** A dense layer as in the regression lessons: W{l} [units][inputs], b{l} [units]. */
export interface DenseLayer {
  type: 'dense';
  /** "vocab": as many units as the vocabulary has characters (only the last layer). */
  units: number | 'vocab';
  /** Default 'identity'. */
  activation: Activation;
}

/** The counting model: no parameters, no steps; P(b | a) = (N[a][b] + k) / Σ_c (N[a][c] + k). */
export interface CountsLayer {
  type: 'counts';
  /** Add-k smoothing; default 1. */
  smoothing: number;
}

export type LmLayerSpec = EmbeddingLayer | DenseLayer | CountsLayer;

export interface LmDataSpec {
  /** The words themselves (one of words, corpus, file). */
  words?: string[];
  /** A built-in corpus id (see @unha/lessons `corpora`). */
  corpus?: string;
  /** A word list, one word per line (UTF-8), relative to the experiment file. */
  file?: string;
  /** Characters of context before the one predicted; default 3 (1 for counts and the neural bigram). */
  context: number;
  /** Fractions of the words: the first round(train·n) train, the rest validate. Default 0.9 / 0.1. */
  split: { train: number; val: number };
  /** Shuffle the words with the experiment's seed before the split (default false). */
  shuffle?: boolean;
}

export type LmParamValues = Record<string, Matrix | Vector>;

export type LmInitSpec = { seed: number } | LmParamValues;

export type LmOptimizerName = 'sgd' | 'adam' | 'adamw';

export interface LmOptimizerSpec {
  name: LmOptimizerName;
  lr: number;
  /** sgd: v ← momentum·v + g, p ← p − lr·v (PyTorch's form). */
  momentum?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /**
   * λ on tables and weights (never biases). adamw: decoupled, p ← p − lr·λ·p before the Adam step
   * (PyTorch's default 0.01). sgd and adam: PyTorch's `weight_decay`, λ·p added to the gradient.
   */
  weightDecay?: number;
}

/** nanoGPT's get_lr: linear warm-up over `warmup` steps, then cosine decay to `minLr` at `decaySteps`. */
export interface LrSchedule {
  warmup: number;
  /** Step at which the rate reaches minLr (default: the experiment's steps). */
  decaySteps?: number;
  /** Default lr/10. */
  minLr?: number;
}

export interface LmExperiment {
  title?: LocalText;
  notes?: LocalText;
  data: LmDataSpec;
  model: { layers: LmLayerSpec[]; init: LmInitSpec };
  loss: 'cross-entropy';
  /** Absent for the counting model. */
  optimizer?: LmOptimizerSpec;
  /** Examples per step (default 32). */
  batchSize: number;
  /** "sequential": batch k holds examples (k·B + r) mod n; "random": drawn with the seeded generator. */
  batches: 'sequential' | 'random';
  /** Optimizer steps in all (0 for the counting model). */
  steps: number;
  /** Seed of init {seed}, random batches and the shuffle; default 0. */
  seed?: number;
  schedule?: LrSchedule;
  /** Characters sampled at the end of a run / by `unha sample` (default 20 names). */
  sample?: { count?: number; temperature?: number; topK?: number; seed?: number };
}
