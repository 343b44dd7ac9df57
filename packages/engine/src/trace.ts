import type { Experiment, ParamValues } from './experiment';
import type { ParamUpdate } from './optim/optimizer';

/** One value of the graph of a step, as plain data: what it is, what it came from, its numbers. */
export interface NodeTrace {
  /** Index of this node in its step's `nodes` array. */
  index: number;
  op: string;
  label: string;
  /** Indices (in the same array) of the op's inputs, in order. */
  inputs: number[];
  shape: number[];
  value: Float64Array;
  /** ∂loss/∂value; null for constants (x, y, masks). */
  grad: Float64Array | null;
}

/** One update of the parameters (one batch). With full-batch training an epoch has exactly one. */
export interface StepTrace {
  /** 1-based count of updates since the start. */
  step: number;
  /** Which training examples (0-based rows of the training set) were in this batch. */
  batch: number[];
  /** The batch's loss before the update (with the L2 penalty when there is one). */
  loss: number;
  /** The batch's mean squared error alone (equals loss when there is no penalty). */
  dataLoss: number;
  /** Every value of the graph, in the order they were computed (only when the full trace is kept). */
  nodes?: NodeTrace[];
  updates?: ParamUpdate[];
}

export interface EpochTrace {
  epoch: number;
  /** Loss of this epoch's forward pass(es), before its update(s): the mean of its batch losses. */
  loss: number;
  dataLoss: number;
  /** Mean squared error on the held-out examples, with the parameters after this epoch. */
  valLoss?: number;
  /** Parameters after this epoch's update(s). */
  params: ParamValues;
  steps: StepTrace[];
}

export interface Diverged {
  epoch: number;
  step: number;
  /** 'loss', or a parameter name such as 'W1'. */
  quantity: string;
  /** Index inside the parameter (row-major), when quantity is a parameter. */
  index?: number;
  value: number;
  reason: 'non-finite' | 'exploding';
  /** The loss of the first step, for comparison. */
  firstLoss: number;
}

export interface Normalization {
  mean: number[];
  std: number[];
}

export interface Trace {
  experiment: Experiment;
  paramNames: string[];
  initial: { params: ParamValues };
  normalization?: Normalization;
  /** Training rows after the split (normalized when asked): what the network actually saw. */
  train: { inputs: number[][]; targets: number[][]; rows: number[] };
  validation?: { inputs: number[][]; targets: number[][]; rows: number[] };
  epochs: EpochTrace[];
  diverged?: Diverged;
}

/** A number as JSON can hold it: non-finite values as their text ('Infinity', 'NaN'). */
const jsonNumber = (x: number): number | string => (Number.isFinite(x) ? x : String(x));

const arr = (a: Float64Array | undefined): number[] | undefined => (a ? Array.from(a) : undefined);

/** The contract of `unha run --json`: plain JSON, non-finite numbers as strings. */
export function traceToJson(trace: Trace, opts: { steps?: boolean } = {}): unknown {
  return {
    initial: trace.initial,
    ...(trace.normalization && { normalization: trace.normalization }),
    epochs: trace.epochs.map((e) => ({
      epoch: e.epoch,
      loss: e.loss,
      ...(e.dataLoss !== e.loss && { dataLoss: e.dataLoss }),
      ...(e.valLoss !== undefined && { valLoss: e.valLoss }),
      params: e.params,
      ...(opts.steps && {
        steps: e.steps.map((s) => ({
          step: s.step,
          batch: s.batch,
          loss: s.loss,
          ...(s.updates && {
            // Only the moments this optimizer has (a key holding undefined is not JSON).
            updates: s.updates.map((u) => ({
              name: u.name,
              before: arr(u.before),
              grad: arr(u.grad),
              after: arr(u.after),
              ...(u.velocity && { velocity: arr(u.velocity) }),
              ...(u.m && { m: arr(u.m) }),
              ...(u.v && { v: arr(u.v) }),
            })),
          }),
        })),
      }),
    })),
    ...(trace.diverged && {
      diverged: {
        ...trace.diverged,
        value: jsonNumber(trace.diverged.value),
        // The first loss may be infinite too (inputs of 10²⁰⁰): JSON would write it as null.
        firstLoss: jsonNumber(trace.diverged.firstLoss),
      },
    }),
  };
}

/**
 * The text of `JSON.stringify(traceToJson(trace))` in pieces, for a run too long to hold: `head`,
 * then each epoch's `epochJson` separated by commas, then `tail` (taken once the run is over: it holds
 * `diverged`). Both pieces come from traceToJson itself, so the streamed text is the same bytes.
 */
export function traceJsonFrame(trace: Trace): { head: string; tail: string } {
  const text = JSON.stringify(traceToJson({ ...trace, epochs: [] }));
  // "epochs":[] appears once: the keys before it (initial, normalization) hold only numbers.
  const at = text.indexOf('"epochs":[]') + '"epochs":['.length;
  return { head: text.slice(0, at), tail: text.slice(at) };
}

/** One epoch as traceToJson writes it inside `epochs`. */
export function epochJson(trace: Trace, e: EpochTrace, opts: { steps?: boolean } = {}): string {
  const one = traceToJson({ ...trace, epochs: [e], diverged: undefined }, opts) as { epochs: unknown[] };
  return JSON.stringify(one.epochs[0]);
}
