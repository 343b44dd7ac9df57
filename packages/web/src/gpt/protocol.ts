import type { FileView } from '../formats/anatomy-view';
import type { ModelFormat } from '../formats/files-view';
import type { Locale } from '../state';

/**
 * The messages between the GPT lab and its worker. The worker owns the engine's GptTrainer (or a model
 * read from a checkpoint) and trains while the page plays; the page only draws and formats what it
 * is sent. The views read these plain types, so they can be drawn and tested from any source.
 */

export type Dtype = 'float64' | 'float32';

/** What stays the same for a whole run (or a checkpoint opened to inspect). */
export interface GptInfo {
  /** The vocabulary: the sorted distinct characters of the text. */
  chars: string[];
  layers: number;
  heads: number;
  width: number;
  block: number;
  /** Parameters in all (the tied head counted once). */
  params: number;
  /** Optimizer steps the run asks for (a checkpoint: the step it was saved at). */
  steps: number;
  /** Tokens of each split. */
  trainTokens: number;
  valTokens: number;
  /** Train and validation losses are evaluated (and a text sampled) every this many steps. */
  evalEvery: number;
  /** The sampler's settings (the experiment's `sample`, or the lab's defaults). */
  sample: { start: string; tokens: number; temperature: number; topK?: number; seed: number };
  /** The text inspected until the learner types one: the start of the training text (or of a sample). */
  example: string;
  /** The trainer's numbers: float64 (the graph, explained by hand) or float32 (the WebAssembly kernels). */
  dtype: Dtype;
  /** Threads the kernels run on (float32: 2 with a helper thread, 1 otherwise; float64: 1). */
  threads: number;
  /** Whether the page is cross-origin isolated (SharedArrayBuffer, so a second thread is possible). */
  isolated: boolean;
  /** Set when the model came from a checkpoint file: its name and step (nothing to train). */
  checkpoint?: { name: string; step: number };
}

export interface GptStepSummary {
  step: number;
  /** The batch's mean cross-entropy before the step's update. */
  loss: number;
  lr: number;
}

/** Mean losses over the evaluation windows of each split, with the parameters after `step`. */
export interface GptEval {
  step: number;
  train: number;
  /** Undefined when the split has no validation tokens. */
  val?: number;
}

/** Text the model wrote after `step`, from the seeded sampler. */
export interface GptSample {
  step: number;
  seed: number;
  text: string;
}

/**
 * One forward pass over the learner's text (B = 1), as the engine's forward records hold it: per
 * layer the queries and keys [H][T][d] and the scores and weights [H][T][T], flattened row-major; and
 * the logits and probabilities of the next character after the last position.
 */
export interface Inspection {
  /** The model's step (its parameters are those after it). */
  step: number;
  /** The characters the model read (inside the vocabulary, the last `block` of them). */
  text: string;
  tokens: number[];
  /** Distinct characters of the typed text that are not in the vocabulary (left out, and said so). */
  outside: string[];
  /** Characters cut from the start because the model reads at most `block`. */
  cut: number;
  T: number;
  heads: number;
  /** Values per head: width / heads. */
  d: number;
  layers: { q: Float64Array; k: Float64Array; scores: Float64Array; weights: Float64Array }[];
  logits: Float64Array;
  probs: Float64Array;
}

export interface GptDetail {
  locale: Locale;
  /** The learner's text for the heatmaps and the probabilities (undefined: the run's example). */
  text?: string;
}

/** A file to open: an experiment (to train) or a checkpoint (to inspect). Read and parsed in the worker. */
export interface OpenFile {
  name: string;
  size: number;
  file: Blob;
}

export type ToGptWorker =
  | {
      type: 'load';
      run: number;
      experiment: unknown;
      step: number;
      detail: GptDetail;
      /** The numbers to train in (undefined: the experiment's own dtype). */
      dtype?: Dtype;
      /** At most this many threads for float32 (2 unless the link says threads=1). */
      threads: number;
    }
  | { type: 'open'; run: number; file: OpenFile; detail: GptDetail }
  | { type: 'play'; run: number; speed: number }
  | { type: 'pause'; run: number }
  | { type: 'step'; run: number; detail: GptDetail }
  | { type: 'inspect'; run: number; detail: GptDetail }
  /** The run's model as a file, named `name` (the page downloads it). */
  | { type: 'export'; run: number; file: ModelFormat; stem: string; locale: Locale };

export type FromGptWorker =
  | { type: 'info'; run: number; info: GptInfo; history?: GptStepSummary[] }
  | {
      type: 'progress';
      run: number;
      step: number;
      steps: GptStepSummary[];
      evals: GptEval[];
      sample?: GptSample;
      done: boolean;
      playing: boolean;
      /** The run stopped: where and why (the engine's LmDiverged). */
      diverged?: { step: number; quantity: string; value: number; reason: 'non-finite' | 'exploding' };
    }
  | { type: 'inspection'; run: number; inspection: Inspection }
  /** A file that could not be opened: the message is in the learner's language; the run goes on. */
  | { type: 'refused'; run: number; message: string }
  /** A checkpoint was opened as the run the page asked for (`run`): the page follows that number. */
  | { type: 'opened'; run: number; name: string; step: number; from?: 'safetensors' }
  /** The file is a GPT experiment: the page opens it as a link (it is small), the run goes on meanwhile. */
  | { type: 'experiment-file'; run: number; name: string; json: string }
  | { type: 'error'; run: number; message: string }
  /** The model as a file, its bytes made in the worker; `message` when the format cannot be made. */
  | { type: 'model-file'; run: number; name: string; bytes?: Uint8Array; message?: string }
  /**
   * A .safetensors file read and taken apart (for the open asked as `run`); `note` when it is not a GPT
   * the lab can run (it is only shown), else an `opened` follows.
   */
  | { type: 'anatomy'; run: number; view: FileView; note?: string };
