/// <reference lib="webworker" />
import {
  type Examples,
  type LmExperiment,
  type LmStepTrace,
  LmTrainer,
  Rng,
  sampleNext,
  sampleWords,
  validateLmExperiment,
  libm,
} from '@unha/engine';
import { renderIssue } from '@unha/explain';
import { type LmStepExplainer, lmStepExplainer } from './explain-step';
import type {
  CountTable,
  ForwardNumbers,
  FromLmWorker,
  LmCalc,
  LmDetail,
  LmEval,
  LmInfo,
  LmSamples,
  LmStepSummary,
  NextChar,
  ToLmWorker,
} from './protocol';
import { wordsOf } from './words-source';
import { lmFileBytes } from '../model-file';

/**
 * The language-model lab's worker: it owns the engine's LmTrainer, so the page never waits on the
 * math. It trains forward as the page asks, evaluates the train and validation losses and samples the
 * live names at fixed intervals on the way (each interval's numbers are the engine's), and for a step
 * behind the trainer replays the run from the start (training is deterministic).
 */

/** Live names shown at once. */
const NAMES = 6;
/** Steps trained before a progress message is sent, when training far ahead. */
const CHUNK = 200;

interface Run {
  id: number;
  experiment: LmExperiment;
  words: string[];
  trainer: LmTrainer;
  info: LmInfo;
  /** The examples the curves are measured on (all, or an even sample of a large corpus). */
  evalSets: { train: Examples; val: Examples };
  /** The trace of the trainer's last step (records and updates: the calculation's numbers). */
  last?: LmStepTrace;
  /** The step before it (Adam's and momentum's previous moments are in the calculation). */
  prev?: LmStepTrace;
  /** Steps and evaluations the page does not have yet. */
  steps: LmStepSummary[];
  evals: LmEval[];
  /** Samples by `${step}|${seed}`. */
  samples: Map<string, LmSamples>;
  seed: number;
  replay?: At;
}

/** A trainer after some step, with that step's trace and the one before. */
interface At {
  trainer: LmTrainer;
  last?: LmStepTrace;
  prev?: LmStepTrace;
}

let run: Run | undefined;
const explainer: LmStepExplainer | undefined = lmStepExplainer();

const post = (m: FromLmWorker): void => postMessage(m);

function validated(raw: unknown, locale: LmDetail['locale']): LmExperiment {
  const r = validateLmExperiment(raw);
  if (!r.ok) throw new Error(r.issues.map((i) => renderIssue(i, 'experiment', locale)).join('\n'));
  return r.value;
}

/** The counting model on the same words and split: the table, and the losses every other model is measured against. */
function countingModel(exp: LmExperiment, words: string[], locale: LmDetail['locale']) {
  const own = exp.model.layers.find((l) => l.type === 'counts');
  const smoothing = own?.type === 'counts' ? own.smoothing : 1;
  const raw = {
    data: { ...exp.data, words, corpus: undefined, file: undefined, context: 1 },
    model: { layers: [{ type: 'counts', smoothing }], init: { seed: 0 } },
    loss: 'cross-entropy',
    batchSize: exp.batchSize,
    batches: 'sequential',
    steps: 0,
    ...(exp.seed !== undefined && { seed: exp.seed }),
  };
  const t = new LmTrainer(validated(JSON.parse(JSON.stringify(raw)), locale), { words, trace: 'none' });
  const counts = t.model.counts;
  if (!counts) throw new Error('the counting model has no table');
  const table: CountTable = { N: counts.N, P: counts.P, smoothing };
  return { table, train: t.evaluate('train'), val: t.evaluate('val') };
}

/**
 * The examples the curves are measured on: all of them when there are at most EVAL_MAX, otherwise
 * EVAL_MAX evenly spaced ones (the same at every step, so the curve's movement is the model's). A
 * corpus of thousands of names has hundreds of thousands of examples: evaluating all of them every
 * few steps would take longer than the training.
 */
const EVAL_MAX = 1000;

function evenSubset(ex: Examples, max: number): Examples {
  if (ex.count <= max) return ex;
  const rows = Array.from({ length: max }, (_, i) => Math.floor((i * ex.count) / max));
  const contexts = new Int32Array(max * ex.context);
  rows.forEach((r, i) =>
    contexts.set(ex.contexts.subarray(r * ex.context, (r + 1) * ex.context), i * ex.context),
  );
  return {
    count: max,
    context: ex.context,
    contexts,
    targets: Int32Array.from(rows, (r) => ex.targets[r]),
    word: Int32Array.from(rows, (r) => ex.word[r]),
  };
}

/** Every `n` steps, about `points` points over the run. */
const interval = (steps: number, points: number): number => Math.max(1, Math.round(steps / points));

function newRun(id: number, raw: unknown, d: LmDetail): Run {
  const experiment = validated(raw, d.locale);
  const words = wordsOf(experiment, d.locale);
  const trainer = new LmTrainer(experiment, { words, trace: 'full' });
  const data = trainer.data;
  const counting = experiment.model.layers.some((l) => l.type === 'counts');
  const ref = countingModel(experiment, words, d.locale);
  const emb = experiment.model.layers.find((l) => l.type === 'embedding');
  const V = data.vocab.chars.length;
  const info: LmInfo = {
    chars: data.vocab.chars,
    context: trainer.model.context,
    steps: counting ? 0 : experiment.steps,
    counting,
    counts: ref.table,
    reference: { uniform: libm.log(V), countsTrain: ref.train, countsVal: ref.val },
    ...(emb?.type === 'embedding' && { dim: emb.dim === 'vocab' ? V : emb.dim }),
    trainWords: data.trainWords.length,
    valWords: data.valWords.length,
    trainExamples: data.train.count,
    valExamples: data.val.count,
    batchSize: Math.min(experiment.batchSize, data.train.count),
    evalEvery: interval(experiment.steps, 60),
    evalExamples: { train: Math.min(data.train.count, EVAL_MAX), val: Math.min(data.val.count, EVAL_MAX) },
    sampleEvery: interval(experiment.steps, 40),
  };
  const evalSets = { train: evenSubset(data.train, EVAL_MAX), val: evenSubset(data.val, EVAL_MAX) };
  const r: Run = {
    evalSets,
    id,
    experiment,
    words,
    trainer,
    info,
    steps: [],
    evals: [],
    samples: new Map(),
    seed: d.sampleSeed,
  };
  evaluate(r);
  sample(r, trainer, d.sampleSeed);
  return r;
}

function evaluate(r: Run): void {
  const t = r.trainer;
  const { train, val } = r.evalSets;
  r.evals.push({ step: t.stepsRun, train: t.model.meanLoss(train), val: t.model.meanLoss(val) });
}

function sample(r: Run, t: LmTrainer, seed: number): LmSamples {
  const key = `${t.stepsRun}|${seed}`;
  let s = r.samples.get(key);
  if (!s) {
    const temperature = r.experiment.sample?.temperature ?? 1;
    const found = sampleWords(t.model, {
      count: NAMES,
      temperature,
      ...(r.experiment.sample?.topK !== undefined && { topK: r.experiment.sample.topK }),
      seed,
      maxLength: 24,
    });
    s = { step: t.stepsRun, seed, temperature, words: found.map((f) => f.word) };
    r.samples.set(key, s);
  }
  return s;
}

/** Trains up to `step` (or the end), evaluating and sampling at their intervals on the way. */
function advance(r: Run, step: number): void {
  const t = r.trainer;
  const { evalEvery, sampleEvery } = r.info;
  let sentAt = t.stepsRun;
  while (t.stepsRun < step && !t.done) {
    const s = t.step();
    if (!s) break;
    r.prev = r.last;
    r.last = s;
    r.steps.push({ step: s.step, loss: s.loss, lr: s.lr });
    if (s.step % evalEvery === 0 || t.done) evaluate(r);
    if (s.step % sampleEvery === 0) sample(r, t, r.seed);
    if (t.stepsRun - sentAt >= CHUNK) {
      sendProgress(r);
      sentAt = t.stepsRun;
    }
  }
  sendProgress(r);
}

function sendProgress(r: Run): void {
  const t = r.trainer;
  const d = t.diverged;
  post({
    type: 'progress',
    run: r.id,
    steps: r.steps.splice(0),
    evals: r.evals.splice(0),
    done: t.done || r.info.steps === 0,
    ...(d && { diverged: JSON.stringify(d) }),
  });
}

/** A trainer that has run exactly `step` steps: the run's own, or a replay from the start. */
function trainerAt(r: Run, step: number): At {
  if (r.trainer.stepsRun === step) return { trainer: r.trainer, last: r.last, prev: r.prev };
  let rp = r.replay;
  if (!rp || rp.trainer.stepsRun > step) {
    rp = { trainer: new LmTrainer(r.experiment, { words: r.words, trace: 'full' }) };
    r.replay = rp;
  }
  while (rp.trainer.stepsRun < step) {
    const s = rp.trainer.step();
    if (!s) break;
    rp.prev = rp.last;
    rp.last = s;
  }
  return rp;
}

/** The context asked for as token indices: unknown characters are left out, short ones padded with ".". */
function contextOf(chars: string[], context: number, text: string): number[] {
  const index = new Map(chars.map((c, i) => [c, i]));
  const ids = [...text.normalize('NFC')]
    .map((c) => index.get(c))
    .filter((i): i is number => i !== undefined && i > 0);
  const tail = ids.slice(Math.max(0, ids.length - context));
  return [...Array<number>(context - tail.length).fill(0), ...tail];
}

function nextChar(t: LmTrainer, context: number[]): NextChar {
  const logits = t.model.logits(context);
  // The engine's softmax (its sampler at temperature 1, no top-k); the draw it also makes is not used.
  const p = sampleNext(logits, { temperature: 1 }, new Rng(0));
  return { context, logits: Array.from(logits), probs: Array.from(p.probs) };
}

function forwardNumbers(r: Run, s: LmStepTrace, position: number): ForwardNumbers | undefined {
  const recs = s.records;
  if (!recs) return undefined;
  const pos = Math.min(Math.max(position, 0), s.batch.length - 1);
  const example = s.batch[pos];
  const ex = r.trainer.data.train;
  const context = Array.from(ex.contexts.subarray(example * ex.context, (example + 1) * ex.context));
  const target = ex.targets[example];
  const rows = recs
    .filter((rec) => rec.role !== 'loss' && rec.shape.length === 2)
    .map((rec) => {
      const width = rec.shape[1];
      return {
        name: rec.name,
        role: rec.role,
        values: Array.from(rec.value.subarray(pos * width, (pos + 1) * width)),
      };
    });
  const probs = rows.find((x) => x.role === 'probs')?.values;
  return {
    step: s.step,
    position: pos,
    example,
    context,
    target,
    records: rows,
    loss: probs ? -libm.log(probs[target]) : NaN,
    batchLoss: s.loss,
    batchSize: s.batch.length,
  };
}

function calcOf(r: Run, step: number, d: LmDetail, at: At): LmCalc | undefined {
  const last = at.last;
  if (step === 0 || r.info.steps === 0) return undefined;
  if (!last || last.step !== step || !last.records) return { error: 'untraced' };
  try {
    const doc = explainer?.(r.trainer, last, at.prev, d.example, d.locale);
    if (doc) return { doc };
  } catch (err) {
    const forward = forwardNumbers(r, last, d.example - 1);
    return { ...(forward && { forward }), error: err instanceof Error ? err.message : String(err) };
  }
  const forward = forwardNumbers(r, last, d.example - 1);
  return forward ? { forward } : { error: 'untraced' };
}

function view(r: Run, step: number, d: LmDetail, started: number, explain: boolean): void {
  const s = Math.min(step, r.trainer.stepsRun);
  // The live names: from the last multiple of the interval at or before the step on display (first:
  // a replay only goes forward, and that step is never after the one shown).
  const every = r.info.sampleEvery;
  const sampledAt = r.info.steps === 0 ? 0 : Math.floor(s / every) * every;
  const samples =
    r.samples.get(`${sampledAt}|${d.sampleSeed}`) ?? sample(r, trainerAt(r, sampledAt).trainer, d.sampleSeed);
  const at = trainerAt(r, s);
  const E = r.info.dim === 2 ? (at.trainer.params().E as number[][] | undefined) : undefined;
  const calc = explain ? calcOf(r, s, d, at) : undefined;
  post({
    type: 'view',
    run: r.id,
    step: s,
    next: nextChar(at.trainer, contextOf(r.info.chars, r.info.context, d.context)),
    ...(E && { embedding: E.map((row) => [row[0], row[1]]) }),
    samples,
    ...(calc && { calc }),
    ms: performance.now() - started,
  });
}

/** The model after a step as a file (a replay when the step is behind the run). */
function modelFile(r: Run, m: Extract<ToLmWorker, { type: 'model-file' }>): void {
  const { step, file } = m;
  try {
    const bytes = lmFileBytes(trainerAt(r, step).trainer, file);
    postMessage({ type: 'model-file', run: r.id, step, file, bytes } satisfies FromLmWorker, [bytes.buffer]);
  } catch (err) {
    post({
      type: 'model-file',
      run: r.id,
      step,
      file,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

function handle(m: ToLmWorker): void {
  const started = performance.now();
  if (m.type === 'load') {
    run = newRun(m.run, m.experiment, m.detail);
    post({ type: 'info', run: m.run, info: run.info });
    advance(run, m.step);
    view(run, m.step, m.detail, started, true);
    return;
  }
  if (!run || run.id !== m.run) return;
  if (m.type === 'model-file') return modelFile(run, m);
  run.seed = m.detail.sampleSeed;
  advance(run, m.step);
  view(run, m.step, m.detail, started, m.explain);
}

self.onmessage = (ev: MessageEvent<ToLmWorker>) => {
  const m = ev.data;
  try {
    handle(m);
  } catch (err) {
    post({ type: 'error', run: m.run, message: err instanceof Error ? err.message : String(err) });
  }
};
