import { backward, zeroGrad } from '../autograd';
import { UnhaInputError } from '../errors';
import { crossEntropy } from '../ops/cross-entropy';
import { Adam } from '../optim/adam';
import type { ParamUpdate } from '../optim/optimizer';
import { Sgd } from '../optim/sgd';
import { Rng } from '../rng';
import { cos } from '../nn/libm';
import { EXPLODING_PARAM } from '../train';
import { type LmDataset, prepareLmData } from './data';
import { LmModel, countTable, initLmParams, lmParamShapes, lmParamSpecs, resolveLayers } from './model';
import { checkLmShapes } from './shapes';
import type { LmExperiment, LmParamValues, LrSchedule } from './types';

/** One value of a step's graph, typed by what it is, for the explanation, the sheet and the web lab. */
export interface LmRecord {
  role: 'embedding' | 'z' | 'a' | 'logits' | 'probs' | 'loss';
  /** 0 for the embedding, l for the l-th dense layer; the last layer's output is role 'logits'. */
  layer: number;
  name: string;
  /** [batch, width]; the loss is []. */
  shape: number[];
  value: Float64Array;
  /** ∂L/∂value (null for the probabilities: the gradient flows through the logits). */
  grad: Float64Array | null;
}

export interface LmStepTrace {
  step: number;
  /** Indices of the batch's training examples, in order. */
  batch: number[];
  /** The batch's mean cross-entropy before the update. */
  loss: number;
  /** The learning rate of this step (after the schedule). */
  lr: number;
  records?: LmRecord[];
  updates?: ParamUpdate[];
}

export interface LmDiverged {
  step: number;
  /** 'loss' or a parameter name. */
  quantity: string;
  index?: number;
  value: number;
  reason: 'non-finite' | 'exploding';
  firstLoss: number;
}

export interface LmRun {
  steps: { step: number; loss: number; lr: number }[];
  final: { trainLoss: number; valLoss?: number; params: LmParamValues };
  diverged?: LmDiverged;
}

export interface LmTrainOptions {
  /** The words, when the experiment names a corpus or a file (the engine reads no files). */
  words?: readonly string[];
  /** Which steps keep their records and updates: 'none' (the default), 'full', or a choice per step. */
  trace?: 'full' | 'none' | ((step: number) => boolean);
  onStep?: (s: LmStepTrace) => void;
}

/** Whether a trainer's `trace` option keeps step `step`'s records: 'none' (default), 'full', or a choice. */
export function isTraced(
  trace: 'full' | 'none' | ((step: number) => boolean) | undefined,
  step: number,
): boolean {
  return typeof trace === 'function' ? trace(step) : trace === 'full';
}

/**
 * nanoGPT's get_lr for the 0-based iteration `it`: a linear warm-up lr·(it+1)/(warmup+1), then a
 * cosine from lr down to minLr at decaySteps, and minLr after.
 */
export function scheduledLr(
  exp: { optimizer?: { lr: number } | undefined; schedule?: LrSchedule | undefined; steps: number },
  it: number,
): number {
  const lr = exp.optimizer?.lr ?? 0;
  const s = exp.schedule;
  if (!s) return lr;
  const minLr = s.minLr ?? lr / 10;
  const decaySteps = s.decaySteps ?? exp.steps;
  if (it < s.warmup) return (lr * (it + 1)) / (s.warmup + 1);
  if (it > decaySteps || decaySteps <= s.warmup) return minLr;
  const ratio = (it - s.warmup) / (decaySteps - s.warmup);
  return minLr + 0.5 * (1 + cos(Math.PI * ratio)) * (lr - minLr);
}

/** The initial parameters an LM experiment asks for: given, or drawn from init.seed (see initLmParams). */
export function initialLmParams(exp: LmExperiment, vocabSize: number): LmParamValues {
  const shapes = lmParamShapes(resolveLayers(exp.model.layers, vocabSize), vocabSize, exp.data.context);
  const init = exp.model.init;
  if ('seed' in init && typeof init.seed === 'number') return initLmParams(shapes, new Rng(init.seed));
  return structuredClone(init as LmParamValues);
}

/**
 * Trains a language model one optimizer step at a time. The same object drives `unha run` (to the end),
 * the web lab (a few steps per frame) and the spreadsheet export (every step traced).
 */
export class LmTrainer {
  readonly experiment: LmExperiment;
  readonly data: LmDataset;
  readonly model: LmModel;
  readonly initial: LmParamValues;
  /** Every step's loss and rate so far (numbers only: flat in memory per step). */
  readonly history: { step: number; loss: number; lr: number }[] = [];
  diverged?: LmDiverged;
  private readonly rng: Rng;
  private readonly opts: LmTrainOptions;
  private readonly optimizer?: Sgd | Adam;
  private firstLoss: number | undefined;
  /** Names of the parameters weight decay applies to (each layer says which of its own do). */
  private decaying = new Set<string>();

  constructor(experiment: LmExperiment, opts: LmTrainOptions = {}) {
    this.experiment = experiment;
    this.opts = opts;
    const words = experiment.data.words ?? opts.words;
    if (!words) throw new Error('LmTrainer: the experiment names a corpus or a file; pass its words');
    // One generator, seeded by the experiment, for the shuffle before the split and the random batches.
    this.rng = new Rng(experiment.seed ?? 0);
    this.data = prepareLmData(experiment, words, this.rng);
    const v = this.data.vocab.chars.length;
    const issues = checkLmShapes(experiment, v);
    if (issues.length > 0) throw new UnhaInputError('experiment', issues);
    const layers = resolveLayers(experiment.model.layers, v);
    const first = layers[0];
    if (first.type === 'counts') {
      this.initial = {};
      this.model = new LmModel(
        this.data.vocab,
        1,
        layers,
        {},
        countTable(this.data.train, v, first.smoothing),
      );
      return;
    }
    this.initial = initialLmParams(experiment, v);
    this.model = new LmModel(this.data.vocab, experiment.data.context, layers, structuredClone(this.initial));
    const o = experiment.optimizer!;
    // Which parameters decay is each layer's say (tables and weights do, biases do not).
    this.decaying = new Set(
      lmParamSpecs(layers, v, experiment.data.context)
        .filter((p) => p.decay)
        .map((p) => p.name),
    );
    this.optimizer =
      o.name === 'sgd'
        ? new Sgd(o.lr, o.momentum ?? 0)
        : new Adam(o.lr, o.beta1, o.beta2, o.eps, o.name === 'adamw' ? (o.weightDecay ?? 0.01) : 0, (p) =>
            this.decaying.has(p.label),
          );
  }

  get stepsRun(): number {
    return this.history.length;
  }

  get done(): boolean {
    return this.diverged !== undefined || !this.optimizer || this.stepsRun >= this.experiment.steps;
  }

  /** Training example indices of batch k (0-based): sequential (k·B + r) mod n, or B seeded draws. */
  private batchOf(k: number): number[] {
    const n = this.data.train.count;
    const b = this.experiment.batchSize;
    if (this.experiment.batches === 'sequential') return Array.from({ length: b }, (_, r) => (k * b + r) % n);
    // floor(u·n) for each row, u from the experiment's generator: with replacement, as torch.randint.
    return Array.from({ length: b }, () => Math.floor(this.rng.next() * n));
  }

  private traced(step: number): boolean {
    return isTraced(this.opts.trace, step);
  }

  /** One optimizer step; null when the run is over (all steps done, diverged, or a counting model). */
  step(): LmStepTrace | null {
    if (this.done) return null;
    const s = this.stepsRun + 1;
    const train = this.data.train;
    if (train.count === 0) throw new Error('LmTrainer: no training examples');
    const batch = this.batchOf(s - 1);
    const ctx = train.context;
    const contexts = new Int32Array(batch.length * ctx);
    const targets = new Int32Array(batch.length);
    batch.forEach((i, r) => {
      contexts.set(train.contexts.subarray(i * ctx, i * ctx + ctx), r * ctx);
      targets[r] = train.targets[i];
    });
    const lr = scheduledLr(this.experiment, s - 1);
    const opt = this.optimizer!;
    opt.lr = lr;
    const params = this.model.params;
    zeroGrad(params.values());
    const fwd = this.model.forward(contexts, batch.length);
    const { loss, probs } = crossEntropy(fwd.logits, targets, 'loss');
    const value = loss.item();
    this.firstLoss ??= value;
    if (!Number.isFinite(value)) {
      this.diverged = { step: s, quantity: 'loss', value, reason: 'non-finite', firstLoss: this.firstLoss };
      return null;
    }
    backward(loss);
    this.coupledDecay();
    const full = this.traced(s);
    const records = full ? this.records(fwd, probs, loss.data[0]) : undefined;
    const updates = opt.step(params);
    for (const u of updates) {
      const k = u.after.findIndex((x) => !Number.isFinite(x) || Math.abs(x) > EXPLODING_PARAM);
      if (k >= 0) {
        const bad = u.after[k];
        this.diverged = {
          step: s,
          quantity: u.name,
          index: k,
          value: bad,
          reason: Number.isFinite(bad) ? 'exploding' : 'non-finite',
          firstLoss: this.firstLoss,
        };
        return null;
      }
    }
    this.history.push({ step: s, loss: value, lr });
    const out: LmStepTrace = { step: s, batch, loss: value, lr, ...(full && { records, updates }) };
    this.opts.onStep?.(out);
    return out;
  }

  /** sgd and adam with weightDecay: PyTorch's weight_decay adds λ·p to the gradient of each decaying parameter. */
  private coupledDecay(): void {
    const o = this.experiment.optimizer;
    if (!o || o.name === 'adamw' || !o.weightDecay) return;
    for (const name of this.decaying) {
      const p = this.model.params.get(name)!;
      const g = p.gradBuffer();
      for (let k = 0; k < p.size; k++) g[k] += o.weightDecay * p.data[k];
    }
  }

  private records(fwd: ReturnType<LmModel['forward']>, probs: Float64Array, loss: number): LmRecord[] {
    const rec = (
      role: LmRecord['role'],
      layer: number,
      name: string,
      t: { shape: readonly number[]; data: Float64Array; grad: Float64Array | null },
    ): LmRecord => ({
      role,
      layer,
      name,
      shape: [...t.shape],
      value: t.data.slice(),
      grad: t.grad ? t.grad.slice() : new Float64Array(t.data.length),
    });
    const out: LmRecord[] = [];
    if (fwd.emb) out.push(rec('embedding', 0, 'emb', fwd.emb));
    const last = fwd.layers.length;
    fwd.layers.forEach(({ z, a }, i) => {
      const l = i + 1;
      if (l < last) {
        out.push(rec('z', l, `z${l}`, z));
        if (a !== z) out.push(rec('a', l, `a${l}`, a));
      } else if (a !== z) {
        out.push(rec('z', l, `z${l}`, z));
      }
    });
    out.push(rec('logits', last, 'logits', fwd.logits));
    out.push({
      role: 'probs',
      layer: last,
      name: 'probs',
      shape: [...fwd.logits.shape],
      value: probs,
      grad: null,
    });
    out.push({
      role: 'loss',
      layer: last,
      name: 'loss',
      shape: [],
      value: Float64Array.of(loss),
      grad: Float64Array.of(1),
    });
    return out;
  }

  /** Mean cross-entropy over all the training or validation examples, with the current parameters. */
  evaluate(which: 'train' | 'val'): number {
    return this.model.meanLoss(which === 'train' ? this.data.train : this.data.val);
  }

  params(): LmParamValues {
    return this.model.values();
  }

  /** Every remaining step, then the losses over all the data with the final parameters. */
  run(): LmRun {
    while (this.step() !== null);
    return this.result();
  }

  result(): LmRun {
    const final: LmRun['final'] = { trainLoss: this.evaluate('train'), params: this.params() };
    if (this.data.val.count > 0) final.valLoss = this.evaluate('val');
    return { steps: [...this.history], final, ...(this.diverged && { diverged: this.diverged }) };
  }
}

/** A number as JSON can hold it: non-finite values as their text ('Infinity', 'NaN'). */
const jsonNumber = (x: number): number | string => (Number.isFinite(x) ? x : String(x));

/**
 * The contract of `unha run --json` for a language model:
 * {"steps": [{"step": 1, "loss": …}, …], "final": {"trainLoss": …, "valLoss": …, "params": {…}}}.
 * A step's loss is its batch's before the update; `lr` is written only when a schedule changes it.
 */
export function lmRunJson(run: LmRun, exp?: { schedule?: LrSchedule | undefined }): unknown {
  const withLr = exp?.schedule !== undefined;
  return {
    steps: run.steps.map((s) => ({ step: s.step, loss: s.loss, ...(withLr && { lr: s.lr }) })),
    final: {
      trainLoss: jsonNumber(run.final.trainLoss),
      ...(run.final.valLoss !== undefined && { valLoss: jsonNumber(run.final.valLoss) }),
      params: run.final.params,
    },
    ...(run.diverged && {
      diverged: {
        ...run.diverged,
        value: jsonNumber(run.diverged.value),
        firstLoss: jsonNumber(run.diverged.firstLoss),
      },
    }),
  };
}
