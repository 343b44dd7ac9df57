import { backward, zeroGrad } from '../autograd';
import { UnhaInputError } from '../errors';
import { crossEntropy } from '../ops/cross-entropy';
import { Adam } from '../optim/adam';
import type { ParamUpdate } from '../optim/optimizer';
import { Sgd } from '../optim/sgd';
import { Rng } from '../rng';
import { EXPLODING_PARAM } from '../train';
import { type LmDiverged, isTraced, lmRunJson, scheduledLr } from '../lm/train';
import { type GptDataset, checkGptData, evalStarts, prepareGptData } from './data';
import { type GptForward, GptModel, gptParamSpecs, initGptParams } from './model';
import { GPT_DEFAULTS, TIED_HEAD, checkGptShapes } from './validate';
import type { GptExperiment, GptParamValues } from './types';

/** One value of a traced step's graph, by its name in docs/gpt.md, with its gradient. */
export interface GptRecord {
  name: string;
  /** [B, T, C], [B, H, T, T] … (attention's tensors are held as [B·H, T, …] and shown with B and H apart). */
  shape: number[];
  value: Float64Array;
  /** ∂L/∂value; null for the probabilities and LayerNorm's statistics. */
  grad: Float64Array | null;
}

export interface GptStepTrace {
  step: number;
  /** Where each row's window starts in the training tokens. */
  starts: number[];
  /** Mean cross-entropy over the batch's B·T positions, before the update. */
  loss: number;
  lr: number;
  /** The gradient's global norm before clipping. */
  gradNorm: number;
  /** Whether clipping scaled the gradient down. */
  clipped: boolean;
  records?: GptRecord[];
  updates?: ParamUpdate[];
}

export interface GptRun {
  steps: { step: number; loss: number; lr: number }[];
  final: { trainLoss: number; valLoss?: number; params: GptParamValues };
  diverged?: LmDiverged;
}

export interface GptTrainOptions {
  /** The text, when the experiment names a corpus or a file (the engine reads no files). */
  text?: string;
  /** Which steps keep their records and updates: 'none' (the default), 'full', or a choice per step. */
  trace?: 'full' | 'none' | ((step: number) => boolean);
  onStep?: (s: GptStepTrace) => void;
}

/** Everything needed to resume a run exactly where it stopped (JSON-able). */
export interface GptCheckpoint {
  format: 'unha-gpt-checkpoint';
  version: 1;
  experiment: GptExperiment;
  /** The vocabulary's characters in order (checked against the text's on resume). */
  vocab: string[];
  step: number;
  params: GptParamValues;
  optimizer: Record<string, number[] | number>;
  /** The generator's state after the last step (random windows and dropout continue from it). */
  rng: number;
  history: { step: number; loss: number; lr: number }[];
}

/** The initial parameters a GPT experiment asks for: given, or drawn from init.seed. */
export function initialGptParams(exp: GptExperiment, vocabSize: number): GptParamValues {
  const init = exp.model.init;
  if ('seed' in init && typeof init.seed === 'number')
    return initGptParams(exp.model, vocabSize, new Rng(init.seed));
  return structuredClone(init as GptParamValues);
}

/**
 * Where batch k's windows (0-based k) start among n training tokens: sequential ((k·B + r)·block) mod
 * (n − block), or floor(u·(n − block)) per row from the generator (torch.randint(len(data) − block_size)).
 */
export function gptBatchStarts(
  exp: Pick<GptExperiment, 'batches' | 'batchSize' | 'model'>,
  n: number,
  k: number,
  rng: Rng,
): number[] {
  const { block } = exp.model;
  const b = exp.batchSize;
  const span = n - block;
  if (exp.batches === 'sequential') return Array.from({ length: b }, (_, r) => ((k * b + r) * block) % span);
  return Array.from({ length: b }, () => Math.floor(rng.next() * span));
}

/** What both trainers (float64 and float32) start from: the generator, the text's data, the initial values. */
export function prepareGptRun(
  experiment: GptExperiment,
  opts: GptTrainOptions,
  who: string,
): { rng: Rng; data: GptDataset; initial: GptParamValues } {
  const text = experiment.data.text ?? opts.text;
  if (text === undefined) throw new Error(`${who}: the experiment names a corpus or a file; pass its text`);
  const rng = new Rng(experiment.seed ?? 0);
  const data = prepareGptData(experiment, text);
  const v = data.vocab.chars.length;
  const issues = [...checkGptData(experiment, data), ...checkGptShapes(experiment, v)];
  if (issues.length > 0) throw new UnhaInputError('experiment', issues);
  return { rng, data, initial: initialGptParams(experiment, v) };
}

/** A checkpoint resumes only on the text whose vocabulary it was trained on. */
export function checkResumeVocab(data: GptDataset, ck: GptCheckpoint): void {
  const chars = data.vocab.chars;
  if (chars.length !== ck.vocab.length || chars.some((c, i) => c !== ck.vocab[i]))
    throw new UnhaInputError('checkpoint', [
      { code: 'unknown_value', path: ['vocab'], expected: { key: 'literal', value: chars.join('') } },
    ]);
}

/** Shapes of the records with attention's B·H axis split in two. */
function recordShape(
  name: string,
  t: { shape: readonly number[] },
  B: number,
  T: number,
  H: number,
): number[] {
  if (name === 'pos') return [T, t.shape[1]];
  if (name === 'loss') return [];
  if (/\.attn\.(q|k|v|scores|masked|weights|y)$/.test(name)) return [B, H, ...t.shape.slice(1)];
  return [B, T, t.shape[t.shape.length - 1]];
}

/**
 * Trains a GPT one optimizer step at a time: the same object drives `unha run` and `unha train`, the web
 * lab, the spreadsheet export and the explanation (a step traced keeps every named value and gradient).
 */
export class GptTrainer {
  readonly experiment: GptExperiment;
  readonly data: GptDataset;
  readonly model: GptModel;
  readonly initial: GptParamValues;
  readonly history: { step: number; loss: number; lr: number }[] = [];
  diverged?: LmDiverged;
  private readonly rng: Rng;
  private readonly opts: GptTrainOptions;
  private readonly optimizer: Sgd | Adam;
  private readonly decaying: Set<string>;
  private firstLoss: number | undefined;

  constructor(experiment: GptExperiment, opts: GptTrainOptions = {}) {
    this.experiment = experiment;
    this.opts = opts;
    ({
      rng: this.rng,
      data: this.data,
      initial: this.initial,
    } = prepareGptRun(experiment, opts, 'GptTrainer'));
    const v = this.data.vocab.chars.length;
    this.model = new GptModel(this.data.vocab, experiment.model, structuredClone(this.initial));
    const specs = gptParamSpecs(experiment.model, v);
    this.decaying = new Set(specs.filter((p) => p.decay).map((p) => p.name));
    const o = experiment.optimizer;
    this.optimizer =
      o.name === 'sgd'
        ? new Sgd(o.lr, o.momentum ?? 0)
        : new Adam(o.lr, o.beta1, o.beta2, o.eps, o.name === 'adamw' ? (o.weightDecay ?? 0.01) : 0, (p) =>
            this.decaying.has(p.label),
          );
  }

  /** A trainer at the checkpoint's step: the next step() gives what the uninterrupted run gave. */
  static resume(ck: GptCheckpoint, opts: GptTrainOptions = {}): GptTrainer {
    const t = new GptTrainer({ ...ck.experiment, model: { ...ck.experiment.model, init: ck.params } }, opts);
    checkResumeVocab(t.data, ck);
    t.optimizer.load(ck.optimizer);
    t.rng.setState(ck.rng);
    t.history.push(...ck.history.slice(0, ck.step));
    t.firstLoss = t.history[0]?.loss;
    // The experiment as the user wrote it (its init), not the checkpoint's parameters.
    (t as { experiment: GptExperiment }).experiment = ck.experiment;
    return t;
  }

  checkpoint(): GptCheckpoint {
    return {
      format: 'unha-gpt-checkpoint',
      version: 1,
      experiment: this.experiment,
      vocab: [...this.data.vocab.chars],
      step: this.stepsRun,
      params: this.params(),
      optimizer: this.optimizer.state(),
      rng: this.rng.getState(),
      history: this.history.map((h) => ({ ...h })),
    };
  }

  get stepsRun(): number {
    return this.history.length;
  }

  get done(): boolean {
    return this.diverged !== undefined || this.stepsRun >= this.experiment.steps;
  }

  /** Starts of batch k's windows (0-based k): sequential ((k·B + r)·block) mod (n − block), or seeded draws. */
  batchStarts(k: number): number[] {
    return gptBatchStarts(this.experiment, this.data.train.length, k, this.rng);
  }

  private traced(step: number): boolean {
    return isTraced(this.opts.trace, step);
  }

  /** One optimizer step; null when the run is over (all steps done or diverged). */
  step(): GptStepTrace | null {
    if (this.done) return null;
    const s = this.stepsRun + 1;
    const { block, dropout } = this.experiment.model;
    const B = this.experiment.batchSize;
    const T = block;
    const starts = this.batchStarts(s - 1);
    const train = this.data.train;
    const input = new Int32Array(B * T);
    const targets = new Int32Array(B * T);
    starts.forEach((st, r) => {
      input.set(train.subarray(st, st + T), r * T);
      targets.set(train.subarray(st + 1, st + T + 1), r * T);
    });
    const lr = scheduledLr(this.experiment, s - 1);
    const opt = this.optimizer;
    opt.lr = lr;
    const params = this.model.params;
    zeroGrad(params.values());
    const fwd = this.model.forward(input, B, T, dropout > 0 ? { p: dropout, rng: this.rng } : undefined);
    const { loss, probs } = crossEntropy(fwd.logits, targets, 'loss');
    const value = loss.item();
    this.firstLoss ??= value;
    if (!Number.isFinite(value)) {
      this.diverged = { step: s, quantity: 'loss', value, reason: 'non-finite', firstLoss: this.firstLoss };
      return null;
    }
    backward(loss);
    const { norm, clipped } = this.clip();
    this.coupledDecay();
    const full = this.traced(s);
    const records = full ? this.records(fwd, probs, value) : undefined;
    const updates = opt.step(params, full);
    for (const [name, p] of params) {
      const k = p.data.findIndex((x) => !Number.isFinite(x) || Math.abs(x) > EXPLODING_PARAM);
      if (k >= 0) {
        const bad = p.data[k];
        this.diverged = {
          step: s,
          quantity: name,
          index: k,
          value: bad,
          reason: Number.isFinite(bad) ? 'exploding' : 'non-finite',
          firstLoss: this.firstLoss,
        };
        return null;
      }
    }
    this.history.push({ step: s, loss: value, lr });
    const out: GptStepTrace = {
      step: s,
      starts,
      loss: value,
      lr,
      gradNorm: norm,
      clipped,
      ...(full && { records, updates }),
    };
    this.opts.onStep?.(out);
    return out;
  }

  /**
   * torch.nn.utils.clip_grad_norm_: the global norm is the norm of the parameters' norms; when `clip`
   * is set and coef = clip/(norm + 10⁻⁶) is below 1, every gradient is multiplied by coef.
   */
  private clip(): { norm: number; clipped: boolean } {
    let sq = 0;
    for (const p of this.model.params.values()) {
      const g = p.grad;
      if (!g) continue;
      let s = 0;
      for (let k = 0; k < g.length; k++) s += g[k] * g[k];
      const n = Math.sqrt(s);
      sq += n * n;
    }
    const norm = Math.sqrt(sq);
    const max = this.experiment.clip;
    if (max === undefined) return { norm, clipped: false };
    const coef = max / (norm + 1e-6);
    if (coef >= 1) return { norm, clipped: false };
    for (const p of this.model.params.values()) {
      const g = p.grad;
      if (g) for (let k = 0; k < g.length; k++) g[k] *= coef;
    }
    return { norm, clipped: true };
  }

  /** sgd and adam with weightDecay: PyTorch's weight_decay adds λ·p to the gradient (≥ 2-D tensors). */
  private coupledDecay(): void {
    const o = this.experiment.optimizer;
    if (o.name === 'adamw' || !o.weightDecay) return;
    for (const name of this.decaying) {
      const p = this.model.params.get(name)!;
      const g = p.gradBuffer();
      for (let k = 0; k < p.size; k++) g[k] += o.weightDecay * p.data[k];
    }
  }

  private records(fwd: GptForward, probs: Float64Array, loss: number): GptRecord[] {
    const { B, T } = fwd;
    const H = this.experiment.model.heads;
    const out: GptRecord[] = [];
    for (const [name, t] of fwd.named) {
      out.push({
        name,
        shape: recordShape(name, t, B, T, H),
        value: t.data.slice(),
        grad: t.grad ? t.grad.slice() : new Float64Array(t.size),
      });
      const m = fwd.stats.get(`${name}.mean`);
      const r = fwd.stats.get(`${name}.rstd`);
      if (m && r) {
        out.push({ name: `${name}.mean`, shape: [B, T], value: m.slice(), grad: null });
        out.push({ name: `${name}.rstd`, shape: [B, T], value: r.slice(), grad: null });
      }
    }
    const li = out.findIndex((r) => r.name === 'logits');
    out.splice(li + 1, 0, { name: 'probs', shape: [B, T, this.model.vocabSize], value: probs, grad: null });
    out.push({ name: 'loss', shape: [], value: Float64Array.of(loss), grad: Float64Array.of(1) });
    return out;
  }

  /** Mean cross-entropy over the evaluation windows of a split (docs/gpt.md), current parameters, no dropout. */
  evaluate(which: 'train' | 'val'): number {
    const tokens = which === 'train' ? this.data.train : this.data.val;
    const windows = this.experiment.eval?.windows ?? GPT_DEFAULTS.evalWindows;
    const { starts, T } = evalStarts(tokens.length, this.experiment.model.block, windows);
    return this.model.meanLoss(tokens, starts, T);
  }

  params(): GptParamValues {
    return this.model.values();
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

/**
 * The contract of `unha run --json` for a GPT, part 1's (lmRunJson): {"steps": [{"step", "loss"}, …],
 * "final": {"trainLoss", "valLoss", "params"}} with the parameters by nanoGPT's names, and the tied
 * head under its state_dict name too, so that every key of nanoGPT's state_dict is there.
 */
export function gptRunJson(run: GptRun, exp?: GptExperiment): unknown {
  const params = { ...run.final.params, [TIED_HEAD]: run.final.params['transformer.wte.weight'] };
  return lmRunJson({ ...run, final: { ...run.final, params } }, exp);
}
