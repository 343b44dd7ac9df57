import { backward, topoSort, zeroGrad } from './autograd';
import type { Experiment, ParamValues } from './experiment';
import { Network, initParams, paramNames } from './nn/network';
import { l2Penalty } from './nn/loss';
import { lossRegistry } from './nn/losses';
import { add } from './ops/add';
import { Adam } from './optim/adam';
import type { Optimizer } from './optim/optimizer';
import { Sgd } from './optim/sgd';
import { Rng } from './rng';
import { type Tensor, constant } from './tensor';
import type { Diverged, EpochTrace, NodeTrace, Normalization, StepTrace, Trace } from './trace';

export interface TrainOptions {
  /** Keep every node of every step ('full', the default), only losses and parameters ('epochs'), or choose per epoch. */
  trace?: 'full' | 'epochs' | ((epoch: number) => boolean);
  /** Called after each epoch (progress bars, live views). */
  onEpoch?: (e: EpochTrace) => void;
  /**
   * Which epoch records `trace.epochs` keeps: 'all' (the default: the web lab and the spreadsheet go
   * back to any epoch) or 'none' (a long run read through onEpoch or stepEpoch's result: memory stays
   * flat in the number of epochs; `last` still holds the latest one).
   */
  keep?: 'all' | 'none';
}

/** A loss this many times larger than the first one is called exploding. */
export const EXPLODING_FACTOR = 1e6;
/** A parameter larger than this in size is called exploding (its square is near float64's limit). */
export const EXPLODING_PARAM = 1e100;

/** z-score statistics of each input column: population standard deviation; a constant column keeps std 1. */
export function fitNormalization(inputs: number[][]): Normalization {
  const n = inputs.length;
  const cols = inputs[0].length;
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (const row of inputs) s += row[c];
    const m = s / n;
    let v = 0;
    for (const row of inputs) v += (row[c] - m) ** 2;
    const sd = Math.sqrt(v / n);
    mean.push(m);
    std.push(sd > 0 ? sd : 1);
  }
  return { mean, std };
}

export function applyNormalization(inputs: number[][], norm: Normalization): number[][] {
  return inputs.map((row) => row.map((x, c) => (x - norm.mean[c]) / norm.std[c]));
}

export function makeOptimizer(exp: Experiment): Optimizer {
  const o = exp.optimizer;
  return o.name === 'adam' ? new Adam(o.lr, o.beta1, o.beta2, o.eps) : new Sgd(o.lr, o.momentum ?? 0);
}

/** The initial parameters an experiment asks for (given, or drawn from its seed). */
export function initialParams(exp: Experiment): ParamValues {
  const init = exp.model.init;
  if ('seed' in init && typeof init.seed === 'number') {
    return initParams(exp.model.layers, exp.data.inputs[0].length, new Rng(init.seed));
  }
  return structuredClone(init as ParamValues);
}

function splitData(exp: Experiment, rng: Rng): { train: Trace['train']; validation?: Trace['validation'] } {
  const { inputs, targets } = exp.data;
  const n = inputs.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const v = exp.validation;
  if (v === undefined || v === 0) return { train: { inputs, targets, rows: all } };
  if (typeof v !== 'number') {
    const spec = v;
    return {
      train: { inputs, targets, rows: all },
      validation: { inputs: spec.inputs, targets: spec.targets, rows: [] },
    };
  }
  const nVal = Math.min(n - 1, Math.max(1, Math.round(v * n)));
  const perm = rng.permutation(n);
  const valRows = perm.slice(0, nVal).sort((a, b) => a - b);
  const valSet = new Set(valRows);
  const trainRows = all.filter((i) => !valSet.has(i));
  return {
    train: {
      inputs: trainRows.map((i) => inputs[i]),
      targets: trainRows.map((i) => targets[i]),
      rows: trainRows,
    },
    validation: {
      inputs: valRows.map((i) => inputs[i]),
      targets: valRows.map((i) => targets[i]),
      rows: valRows,
    },
  };
}

function recordNodes(root: Tensor): NodeTrace[] {
  const order = topoSort(root);
  const index = new Map(order.map((t, i) => [t, i]));
  return order.map((t, i) => ({
    index: i,
    op: t.op,
    label: t.label,
    inputs: t.inputs.map((x) => index.get(x)!),
    shape: [...t.shape],
    value: t.data.slice(),
    grad: t.grad ? t.grad.slice() : t.requiresGrad ? new Float64Array(t.size) : null,
  }));
}

/**
 * Trains an experiment one epoch at a time, recording what each epoch computed. The same object
 * drives the CLI (run to the end), the web lab (one epoch per click) and the spreadsheet export.
 */
export class Trainer {
  readonly experiment: Experiment;
  readonly network: Network;
  readonly optimizer: Optimizer;
  readonly trace: Trace;
  private readonly rng: Rng;
  private readonly x: number[][];
  private readonly y: number[][];
  private readonly opts: TrainOptions;
  private stepCount = 0;
  private epochCount = 0;
  private lastRecord: EpochTrace | undefined;
  private firstLoss: number | undefined;

  constructor(experiment: Experiment, opts: TrainOptions = {}) {
    this.experiment = experiment;
    this.opts = opts;
    // One generator for the split, the shuffles and the dropout masks, seeded by the experiment.
    this.rng = new Rng(experiment.seed ?? 0);
    const { train, validation } = splitData(experiment, this.rng);
    let normalization: Normalization | undefined;
    if (experiment.normalize) {
      normalization = fitNormalization(train.inputs);
      train.inputs = applyNormalization(train.inputs, normalization);
      if (validation) validation.inputs = applyNormalization(validation.inputs, normalization);
    }
    this.x = train.inputs;
    this.y = train.targets;
    const initial = initialParams(experiment);
    this.network = new Network(experiment.model.layers, experiment.data.inputs[0].length, initial);
    this.optimizer = makeOptimizer(experiment);
    this.trace = {
      experiment,
      paramNames: paramNames(experiment.model.layers.length),
      initial: { params: structuredClone(initial) },
      ...(normalization && { normalization }),
      train,
      ...(validation && { validation }),
      epochs: [],
    };
  }

  /** How many epochs have run (with keep 'none', trace.epochs stays empty). */
  get epoch(): number {
    return this.epochCount;
  }

  /** The latest epoch's record, whatever `keep` says. */
  get last(): EpochTrace | undefined {
    return this.lastRecord;
  }

  get done(): boolean {
    return this.trace.diverged !== undefined || this.epoch >= this.experiment.epochs;
  }

  private keepFull(epoch: number): boolean {
    const t = this.opts.trace ?? 'full';
    return typeof t === 'function' ? t(epoch) : t === 'full';
  }

  private diverge(d: Omit<Diverged, 'firstLoss'>): void {
    this.trace.diverged = { ...d, firstLoss: this.firstLoss ?? NaN };
  }

  /** Runs one more epoch; returns it, or null when the run is over (all epochs done, or diverged). */
  stepEpoch(): EpochTrace | null {
    if (this.done) return null;
    const exp = this.experiment;
    const epoch = this.epoch + 1;
    const full = this.keepFull(epoch);
    const n = this.x.length;
    const order = exp.shuffle ? this.rng.permutation(n) : Array.from({ length: n }, (_, i) => i);
    const batchSize = Math.min(exp.batchSize ?? n, n);
    const steps: StepTrace[] = [];
    const weights = this.trainableWeights();
    for (let start = 0; start < n; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      this.stepCount++;
      zeroGrad(this.network.params.values());
      const x = constant(
        batch.map((i) => this.x[i]),
        'x',
      );
      const y = constant(
        batch.map((i) => this.y[i]),
        'y',
      );
      const fwd = this.network.forward(x, { rng: this.rng });
      // The experiment's loss, from the registry (mse today): its graph, with the L2 penalty added.
      const dataLossNode = lossRegistry[exp.loss].graph(fwd.output, y).loss;
      const loss = exp.l2 ? add(dataLossNode, l2Penalty(weights, exp.l2), 'loss') : dataLossNode;
      if (!exp.l2) loss.label = 'loss';
      const lossValue = loss.item();
      this.firstLoss ??= lossValue;
      if (!Number.isFinite(lossValue)) {
        this.diverge({
          epoch,
          step: this.stepCount,
          quantity: 'loss',
          value: lossValue,
          reason: 'non-finite',
        });
        return null;
      }
      if (lossValue > EXPLODING_FACTOR * Math.max(this.firstLoss, 1)) {
        this.diverge({
          epoch,
          step: this.stepCount,
          quantity: 'loss',
          value: lossValue,
          reason: 'exploding',
        });
        return null;
      }
      backward(loss);
      // Copy the graph's numbers now: the update below changes the parameters in place.
      const nodes = full ? recordNodes(loss) : undefined;
      const updates = this.optimizer.step(this.network.params);
      for (const u of updates) {
        const k = u.after.findIndex((v) => !Number.isFinite(v) || Math.abs(v) > EXPLODING_PARAM);
        if (k >= 0) {
          const value = u.after[k];
          // Undo nothing: the run stops here, and the epoch that produced the value is not recorded.
          this.diverge({
            epoch,
            step: this.stepCount,
            quantity: u.name,
            index: k,
            value,
            reason: Number.isFinite(value) ? 'exploding' : 'non-finite',
          });
          return null;
        }
      }
      steps.push({
        step: this.stepCount,
        batch,
        loss: lossValue,
        dataLoss: dataLossNode.item(),
        ...(nodes && { nodes, updates }),
      });
    }
    const mean = (k: 'loss' | 'dataLoss'): number => steps.reduce((s, st) => s + st[k], 0) / steps.length;
    const record: EpochTrace = {
      epoch,
      loss: mean('loss'),
      dataLoss: mean('dataLoss'),
      params: this.network.values(),
      steps,
    };
    const val = this.trace.validation;
    if (val) record.valLoss = this.network.forwardLoss(val.inputs, val.targets, exp.loss);
    this.epochCount = epoch;
    this.lastRecord = record;
    if ((this.opts.keep ?? 'all') === 'all') this.trace.epochs.push(record);
    this.opts.onEpoch?.(record);
    return record;
  }

  /** Runs every remaining epoch and returns the whole trace. */
  run(): Trace {
    while (this.stepEpoch() !== null);
    return this.trace;
  }

  private trainableWeights(): Tensor[] {
    return [...this.network.params].filter(([n]) => n.startsWith('W')).map(([, t]) => t);
  }
}

/** Trains an experiment to the end (or to divergence). */
export function train(experiment: Experiment, opts: TrainOptions = {}): Trace {
  return new Trainer(experiment, opts).run();
}
