import { type GptDataset, evalStarts } from '../gpt/data';
import {
  type GptCheckpoint,
  type GptRun,
  type GptStepTrace,
  type GptTrainOptions,
  checkResumeVocab,
  gptBatchStarts,
  prepareGptRun,
} from '../gpt/train';
import { GPT_DEFAULTS } from '../gpt/validate';
import type { GptExperiment, GptParamValues } from '../gpt/types';
import { type LmDiverged, scheduledLr } from '../lm/train';
import { pow } from '../nn/libm';
import type { Rng } from '../rng';
import { Gpt32, type HelperStarter } from './gpt32';
import type { ParamSlot } from './layout';

/** A run of parameters next to each other with the same decay rule (one optimizer call each). */
interface Run {
  offset: number;
  size: number;
  decay: boolean;
}

function runsOf(slots: readonly ParamSlot[]): Run[] {
  const out: Run[] = [];
  for (const s of slots) {
    const last = out[out.length - 1];
    if (last && last.decay === s.decay && last.offset + last.size <= s.offset) {
      last.size = s.offset + s.size - last.offset;
    } else out.push({ offset: s.offset, size: s.size, decay: s.decay });
  }
  return out;
}

/**
 * GptTrainer in float32 (experiment.dtype "float32"): the same data, windows, generator, schedule,
 * clipping, optimizers, evaluation and checkpoints as the float64 GptTrainer, computed by the
 * WebAssembly kernels over flat buffers. A step keeps no records: hand explanations use float64.
 */
export class GptTrainer32 {
  readonly dtype = 'float32';
  readonly experiment: GptExperiment;
  readonly data: GptDataset;
  readonly model: Gpt32;
  readonly initial: GptParamValues;
  readonly history: { step: number; loss: number; lr: number }[] = [];
  diverged?: LmDiverged;
  private readonly rng: Rng;
  private readonly opts: GptTrainOptions;
  private readonly runs: Run[];
  /** Optimizer steps taken (Adam's t; sgd's first step starts its momentum). */
  private t = 0;
  private firstLoss: number | undefined;

  constructor(experiment: GptExperiment, opts: GptTrainOptions = {}) {
    this.experiment = experiment;
    this.opts = opts;
    ({
      rng: this.rng,
      data: this.data,
      initial: this.initial,
    } = prepareGptRun(experiment, opts, 'GptTrainer32'));
    this.model = new Gpt32(experiment.model, this.data.vocab, this.initial, experiment.batchSize);
    this.runs = runsOf(this.model.slots);
  }

  static resume(ck: GptCheckpoint, opts: GptTrainOptions = {}): GptTrainer32 {
    const t = new GptTrainer32(
      { ...ck.experiment, model: { ...ck.experiment.model, init: ck.params } },
      opts,
    );
    checkResumeVocab(t.data, ck);
    t.loadOptimizer(ck.optimizer, ck.step);
    t.rng.setState(ck.rng);
    t.history.push(...ck.history.slice(0, ck.step));
    t.firstLoss = t.history[0]?.loss;
    (t as { experiment: GptExperiment }).experiment = ck.experiment;
    return t;
  }

  /** Splits the big kernels with a second thread (same numbers); see Gpt32.useHelper. */
  useHelper(start: HelperStarter): Promise<void> {
    return this.model.useHelper(start);
  }

  get threads(): number {
    return this.model.threads;
  }

  close(): void {
    this.model.close();
  }

  get stepsRun(): number {
    return this.history.length;
  }

  get done(): boolean {
    return this.diverged !== undefined || this.stepsRun >= this.experiment.steps;
  }

  batchStarts(k: number): number[] {
    return gptBatchStarts(this.experiment, this.data.train.length, k, this.rng);
  }

  /** Copies windows of `tokens` into the model's token and target buffers. */
  private load(tokens: Int32Array, starts: readonly number[], T: number): void {
    const m = this.model;
    const input = m.i32(m.buf.tokens, starts.length * T);
    const targets = m.i32(m.buf.targets, starts.length * T);
    starts.forEach((st, r) => {
      input.set(tokens.subarray(st, st + T), r * T);
      targets.set(tokens.subarray(st + 1, st + T + 1), r * T);
    });
  }

  step(): GptStepTrace | null {
    if (this.done) return null;
    const s = this.stepsRun + 1;
    const { block, dropout } = this.experiment.model;
    if (dropout > 0) throw new Error('GptTrainer32: dropout is not in the float32 path yet');
    const B = this.experiment.batchSize;
    const starts = this.batchStarts(s - 1);
    this.load(this.data.train, starts, block);
    const lr = scheduledLr(this.experiment, s - 1);
    const loss = this.model.lossAndGrads(B, block);
    this.firstLoss ??= loss;
    if (!Number.isFinite(loss)) {
      this.diverged = {
        step: s,
        quantity: 'loss',
        value: loss,
        reason: 'non-finite',
        firstLoss: this.firstLoss,
      };
      return null;
    }
    const { norm, clipped } = this.clip();
    this.update(lr);
    const bad = this.badParam();
    if (bad) {
      this.diverged = {
        step: s,
        ...bad,
        reason: Number.isFinite(bad.value) ? 'exploding' : 'non-finite',
        firstLoss: this.firstLoss,
      };
      return null;
    }
    this.history.push({ step: s, loss, lr });
    const out: GptStepTrace = { step: s, starts, loss, lr, gradNorm: norm, clipped };
    this.opts.onStep?.(out);
    return out;
  }

  /** clip_grad_norm_: the norm of the parameters' norms (each summed in float64), coef = clip/(norm + 1e-6). */
  private clip(): { norm: number; clipped: boolean } {
    const m = this.model;
    const k = m.kernels;
    let sq = 0;
    for (const s of m.slots) {
      const n = Math.sqrt(k.sumSquares(s.offset, s.offset + s.size, m.buf.grads));
      sq += n * n;
    }
    const norm = Math.sqrt(sq);
    const max = this.experiment.clip;
    if (max === undefined) return { norm, clipped: false };
    const coef = max / (norm + 1e-6);
    if (coef >= 1) return { norm, clipped: false };
    m.split('scaleBy', m.buf.floats, [m.buf.grads, coef]);
    return { norm, clipped: true };
  }

  private update(lr: number): void {
    const m = this.model;
    const b = m.buf;
    const o = this.experiment.optimizer;
    this.t++;
    if (o.name !== 'adamw' && o.weightDecay)
      for (const r of this.runs)
        if (r.decay) m.splitAt('coupledDecay', r.offset, r.size, [b.grads, b.params, o.weightDecay]);
    if (o.name === 'sgd') {
      const first = this.t === 1 ? 1 : 0;
      for (const r of this.runs)
        m.splitAt('sgd', r.offset, r.size, [b.params, b.grads, b.m, lr, o.momentum ?? 0, first]);
      return;
    }
    const b1 = o.beta1 ?? 0.9;
    const b2 = o.beta2 ?? 0.999;
    const eps = o.eps ?? 1e-8;
    const wd = o.name === 'adamw' ? (o.weightDecay ?? 0.01) : 0;
    const bc1 = 1 - pow(b1, this.t);
    const bc2 = 1 - pow(b2, this.t);
    for (const r of this.runs) {
      const decay = wd > 0 && r.decay ? 1 - lr * wd : 1;
      m.splitAt('adam', r.offset, r.size, [b.params, b.grads, b.m, b.v, lr, b1, b2, eps, decay, bc1, bc2]);
    }
  }

  private badParam(): { quantity: string; index: number; value: number } | undefined {
    const m = this.model;
    const all = m.f32(m.buf.params, m.buf.floats);
    for (const s of m.slots)
      for (let i = 0; i < s.size; i++) {
        const x = all[s.offset + i];
        if (!Number.isFinite(x)) return { quantity: s.name, index: i, value: x };
      }
    return undefined;
  }

  /** Mean cross-entropy over the evaluation windows of a split (docs/gpt.md), in chunks of the batch. */
  evaluate(which: 'train' | 'val'): number {
    const tokens = which === 'train' ? this.data.train : this.data.val;
    const windows = this.experiment.eval?.windows ?? GPT_DEFAULTS.evalWindows;
    const { starts, T } = evalStarts(tokens.length, this.experiment.model.block, windows);
    if (starts.length === 0 || T < 1) return NaN;
    const m = this.model;
    let total = 0;
    for (let c = 0; c < starts.length; c += m.windows) {
      const rows = starts.slice(c, c + m.windows);
      this.load(tokens, rows, T);
      m.forward(rows.length, T, true);
      const losses = m.f32(m.buf.losses, rows.length * T);
      for (let i = 0; i < losses.length; i++) total += losses[i];
    }
    return total / (starts.length * T);
  }

  /** Logits of the next token after `context` (its last `block` tokens), as sampleText reads them. */
  nextLogits(context: readonly number[]): Float64Array {
    return this.model.nextLogits(context);
  }

  params(): GptParamValues {
    return this.model.values();
  }

  checkpoint(): GptCheckpoint {
    return {
      format: 'unha-gpt-checkpoint',
      version: 1,
      experiment: this.experiment,
      vocab: [...this.data.vocab.chars],
      step: this.stepsRun,
      params: this.params(),
      optimizer: this.optimizerState(),
      rng: this.rng.getState(),
      history: this.history.map((h) => ({ ...h })),
    };
  }

  /** The optimizer's state with the float64 optimizers' keys (t, m.NAME, v.NAME, or velocity.NAME). */
  private optimizerState(): Record<string, number[] | number> {
    const m = this.model;
    const flat = (base: number, s: ParamSlot): number[] =>
      Array.from(m.f32(base, m.buf.floats).subarray(s.offset, s.offset + s.size));
    const out: Record<string, number[] | number> = {};
    if (this.experiment.optimizer.name === 'sgd') {
      if ((this.experiment.optimizer.momentum ?? 0) > 0 && this.t > 0)
        for (const s of m.slots) out[`velocity.${s.name}`] = flat(m.buf.m, s);
      return out;
    }
    out.t = this.t;
    for (const s of m.slots) out[`m.${s.name}`] = flat(m.buf.m, s);
    for (const s of m.slots) out[`v.${s.name}`] = flat(m.buf.v, s);
    return out;
  }

  private loadOptimizer(state: Record<string, number[] | number>, step: number): void {
    const m = this.model;
    this.t = typeof state.t === 'number' ? state.t : step;
    const put = (base: number, key: string, s: ParamSlot): void => {
      const a = state[key];
      if (Array.isArray(a)) m.f32(base, m.buf.floats).set(a.slice(0, s.size), s.offset);
    };
    for (const s of m.slots) {
      put(m.buf.m, `m.${s.name}`, s);
      put(m.buf.v, `v.${s.name}`, s);
      put(m.buf.m, `velocity.${s.name}`, s);
    }
  }

  run(): GptRun {
    while (this.step() !== null);
    return this.result();
  }

  result(): GptRun {
    const final: GptRun['final'] = { trainLoss: this.evaluate('train'), params: this.params() };
    if (this.data.val.length >= 2) final.valLoss = this.evaluate('val');
    return { steps: [...this.history], final, ...(this.diverged && { diverged: this.diverged }) };
  }
}
