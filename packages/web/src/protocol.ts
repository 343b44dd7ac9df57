import type { ModelFormat } from './formats/files-view';
import type { Diverged, Experiment, Fix, LayerSpec, ParamValues } from '@unha/engine';
import type { ExplainDoc } from '@unha/explain';
import type { Locale } from './state';

/**
 * The messages between the page and the training worker. Every number the page shows arrives in one
 * of these, computed by the engine inside the worker; the page only draws and formats.
 */

/** What the table and the curves need of each epoch. */
export interface EpochSummary {
  epoch: number;
  loss: number;
  dataLoss: number;
  valLoss?: number;
  /** Parameters after the epoch's update(s). */
  params: ParamValues;
  /** Updates (batches) in the epoch. */
  steps: number;
}

export interface RunInfo {
  paramNames: string[];
  layers: LayerSpec[];
  inputs: number;
  outputs: number;
  inputNames: string[];
  targetNames: string[];
  /** The training examples as written in the experiment (before any normalization). */
  data: { inputs: number[][]; targets: number[][] };
  /** The validation examples as written (never trained on), when the experiment has them. */
  validation?: { inputs: number[][]; targets: number[][] };
  initial: ParamValues;
  maxEpochs: number;
  normalized: boolean;
  /** One input, one layer of one unit: the loss can be drawn over (W, B). */
  oneNeuron: boolean;
}

/** Explanation options the page lets the reader choose (networks are shown a piece at a time). */
export interface DetailOptions {
  locale: Locale;
  step?: number;
  layer?: number;
  unit?: number;
  example?: number;
}

export type Fit =
  /** One input: the model's curve over the range of x, evaluated by the engine's forward pass. */
  | { kind: 'curve'; xs: number[]; ys: number[] }
  /** Several inputs: each example's prediction against its target. */
  | { kind: 'pred'; pred: number[]; target: number[]; valPred?: number[]; valTarget?: number[] };

export interface Landscape {
  w: [number, number];
  b: [number, number];
  /** n × n losses, row r at b[0] + r·(b[1] − b[0])/(n − 1), column c likewise along w. */
  n: number;
  loss: number[];
}

export type ToWorker =
  | { type: 'load'; run: number; experiment: Experiment; epoch: number; detail: DetailOptions }
  /** Show this epoch (training further first when needed). */
  | {
      type: 'goto';
      run: number;
      epoch: number;
      detail: DetailOptions;
      /**
       * The most links an explanation may have to be sent (absent: any; 0: not even computed). While
       * playing, the page follows only short explanations: a network's takes too long to draw each time.
       */
      explainUpTo?: number;
    }
  /** More or fewer epochs for the same run: nothing is recomputed. */
  | { type: 'epochs'; run: number; epochs: number }
  /** The run as a workbook of live formulas (the sheet package trains it whole, in here). */
  | { type: 'xlsx'; run: number; locale: Locale }
  /** The model at an epoch as a file (safetensors or ONNX), made where the trace is. */
  | { type: 'model-file'; run: number; epoch: number; file: ModelFormat };

export type FromWorker =
  | { type: 'info'; run: number; info: RunInfo }
  | {
      type: 'progress';
      run: number;
      /** Epochs computed since the last progress message. */
      summaries: EpochSummary[];
      done: boolean;
      diverged?: Diverged;
      /** With `diverged`: the fixes that were tried and did not diverge (engine's findFixes). */
      fixes?: Fix[];
    }
  | {
      type: 'view';
      run: number;
      epoch: number;
      doc: ExplainDoc | null;
      /** The explanation was not asked for or was longer than `explainUpTo`: `doc` is null and means nothing. */
      skipped?: true;
      /** Explanation failed (a shape the explanation does not cover yet): the reason. */
      docError?: string;
      fit: Fit;
      /** Sent when the (W, B) grid had to be (re)computed to hold the path so far. */
      landscape?: Landscape;
      /** Milliseconds the worker spent on this request. */
      ms: number;
    }
  | { type: 'xlsx'; run: number; bytes?: Uint8Array; error?: string }
  | { type: 'model-file'; run: number; epoch: number; file: ModelFormat; bytes?: Uint8Array; error?: string }
  | { type: 'error'; run: number; message: string };
