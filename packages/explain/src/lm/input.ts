import type { Activation, ParamUpdate } from '@unha/engine';

/**
 * What the explanation of a language-model step reads, written as the smallest shapes it needs: the
 * engine's LmTrainer, LmStepTrace and SampleStep fit them as they are (the explain package stays pure
 * and depends on no more of the engine than these fields).
 */

/** One value of the step's graph: the engine's typed record. */
export interface LmRecordView {
  role: 'embedding' | 'z' | 'a' | 'logits' | 'probs' | 'loss';
  /** 0 the embedding, 1… the dense layers. */
  layer: number;
  name: string;
  /** [batch, width]; the loss []. */
  shape: number[];
  value: Float64Array;
  /** ∂L/∂value (probs: null; the logits' is (p − onehot)/B). */
  grad: Float64Array | null;
}

export interface LmStepView {
  /** 1-based. */
  step: number;
  /** Training example indices of this step's batch. */
  batch: number[];
  /** The batch's mean cross-entropy before the update. */
  loss: number;
  /** The learning rate used (schedule applied). */
  lr: number;
  records?: LmRecordView[];
  updates?: ParamUpdate[];
}

/** A layer as the model resolved it ("vocab" replaced by V); a layer with no type is dense. */
export type LmLayerView =
  | { type: 'embedding'; dim: number | 'vocab' }
  | { type: 'counts'; smoothing: number }
  | { type?: 'dense'; units: number | 'vocab'; activation?: Activation };

export interface LmOptimizerView {
  name: 'sgd' | 'adam' | 'adamw';
  lr: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

/** The run a step belongs to: an LmTrainer has these fields. */
export interface LmRunView {
  experiment: {
    optimizer?: LmOptimizerView;
    batchSize: number;
    steps: number;
    batches?: 'sequential' | 'random';
  };
  data: {
    vocab: { chars: string[] };
    trainWords?: string[];
    train: { count: number; context: number; contexts: Int32Array; targets: Int32Array; word?: Int32Array };
  };
  model: {
    layers: readonly LmLayerView[];
    context: number;
    counts?: { N: number[][]; P: number[][] };
  };
}

/** One sampled character, as the engine's sampleNext returns it. */
export interface SampleStepView {
  context: number[];
  logits: Float64Array;
  scaled: Float64Array;
  /** The indices top-k kept (all when there is no top-k). */
  kept: number[];
  probs: Float64Array;
  cdf: Float64Array;
  u: number;
  choice: number;
}
