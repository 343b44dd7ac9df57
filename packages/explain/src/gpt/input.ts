import type { ParamUpdate } from '@unha/engine';
import type { LmOptimizerView } from '../lm/input';

/**
 * What the hand calculation of a GPT step reads, written as the smallest shapes it needs: the
 * engine's GptTrainer and GptStepTrace fit them as they are (the explain package stays pure and
 * depends on no more of the engine than these fields).
 */

/** One value of the step's graph, by its record name (tok, h.0.ln_1, h.0.attn.weights, logits…). */
export interface GptRecordView {
  name: string;
  /** Row-major; attention tensors [B, H, T, …]. */
  shape: number[];
  value: Float64Array;
  /** ∂L/∂value; null for the probabilities and the LayerNorm statistics. */
  grad: Float64Array | null;
}

export interface GptStepView {
  /** 1-based. */
  step: number;
  /** Where each row of the batch starts in the training tokens. */
  starts: number[];
  loss: number;
  lr: number;
  gradNorm: number;
  clipped: boolean;
  records?: GptRecordView[];
  updates?: ParamUpdate[];
}

/** The run a step belongs to: a GptTrainer has these fields. */
export interface GptRunView {
  experiment: {
    optimizer: LmOptimizerView;
    batchSize: number;
    steps: number;
    clip?: number;
    model: { dropout?: number };
  };
  data: { vocab: { chars: string[] }; train: Int32Array };
  model: { spec: { layers: number; heads: number; width: number; block: number } };
}
