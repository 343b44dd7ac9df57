import type { ModelFormat } from '../formats/files-view';
import type { ExplainDoc } from '@unha/explain';
import type { Locale } from '../state';

/**
 * The messages between the language-model lab and its worker. As in the regression lab, every number
 * the page shows is computed by the engine inside the worker; the page only draws and formats. The
 * views read these plain types, so they can be drawn (and tested) from any source of numbers.
 */

/** The counting model's table over the training words: N[a][b] and its rows normalised (with smoothing). */
export interface CountTable {
  /** N[a][b]: how often character b follows a (index 0 is the boundary "."). */
  N: number[][];
  /** P[a][b] = (N[a][b] + k) / Σ_c (N[a][c] + k). */
  P: number[][];
  smoothing: number;
}

/** What stays the same for a whole run. */
export interface LmInfo {
  /** The vocabulary; chars[0] is the boundary token ".". */
  chars: string[];
  /** Characters of context before the one predicted. */
  context: number;
  /** Optimizer steps in all (0: the counting model, nothing to train). */
  steps: number;
  /** The lesson is the counting model itself. */
  counting: boolean;
  counts: CountTable;
  /** Reference lines for the loss curves: the uniform guess ln V and the counting model's losses. */
  reference: { uniform: number; countsTrain: number; countsVal: number };
  /** Values per character in the embedding table (undefined: no embedding). */
  dim?: number;
  trainWords: number;
  valWords: number;
  trainExamples: number;
  valExamples: number;
  batchSize: number;
  /** Train and validation losses are evaluated every this many steps (and at 0 and the last). */
  evalEvery: number;
  /** On how many examples of each split (all of them, unless the corpus is large: then an even sample). */
  evalExamples: { train: number; val: number };
  /** The live names are sampled again every this many steps. */
  sampleEvery: number;
}

export interface LmStepSummary {
  step: number;
  /** The batch's mean cross-entropy before the step's update. */
  loss: number;
  lr: number;
}

/** Mean cross-entropy over all training and all validation examples, with the parameters after `step`. */
export interface LmEval {
  step: number;
  train: number;
  val: number;
}

/** Names sampled from the model after `step`, with the seeded generator. */
export interface LmSamples {
  step: number;
  seed: number;
  temperature: number;
  words: string[];
}

/** The next-character distribution of one context. */
export interface NextChar {
  /** Token indices of the context (its length is the model's context). */
  context: number[];
  logits: number[];
  probs: number[];
}

/** One example of a step, forward, as the step's records hold it (shown when explain has no LM step yet). */
export interface ForwardNumbers {
  step: number;
  /** Position of the example in the batch (0-based) and its index among the training examples. */
  position: number;
  example: number;
  context: number[];
  target: number;
  /** Each record's values for this example, in the order of the graph: emb, z1, a1, …, logits, probs. */
  records: { name: string; role: string; values: number[] }[];
  loss: number;
  batchLoss: number;
  batchSize: number;
}

export interface LmCalc {
  doc?: ExplainDoc;
  forward?: ForwardNumbers;
  /** Why there is no calculation (a step not traced, an error). */
  error?: string;
}

export interface LmViewData {
  step: number;
  next: NextChar;
  /** The embedding table after `step` (only when it has 2 values per character: the plane). */
  embedding?: number[][];
  samples?: LmSamples;
  calc?: LmCalc;
  /** Milliseconds the worker spent. */
  ms: number;
}

export interface LmDetail {
  locale: Locale;
  /** The context asked for, as characters (shorter: padded with "." on the left). */
  context: string;
  /** Which example of the step's batch the calculation is about (1-based). */
  example: number;
  /** The seed of the live names. */
  sampleSeed: number;
}

export type ToLmWorker =
  | { type: 'load'; run: number; experiment: unknown; step: number; detail: LmDetail }
  | { type: 'goto'; run: number; step: number; detail: LmDetail; explain: boolean }
  /** The model after `step` as a file (safetensors or ONNX), made where the trainer is. */
  | { type: 'model-file'; run: number; step: number; file: ModelFormat };

export type FromLmWorker =
  | { type: 'info'; run: number; info: LmInfo }
  | {
      type: 'progress';
      run: number;
      steps: LmStepSummary[];
      evals: LmEval[];
      done: boolean;
      diverged?: string;
    }
  | ({ type: 'view'; run: number } & LmViewData)
  | { type: 'error'; run: number; message: string }
  | { type: 'model-file'; run: number; step: number; file: ModelFormat; bytes?: Uint8Array; error?: string };
