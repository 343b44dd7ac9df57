/// <reference lib="webworker" />
import {
  type GptExperiment,
  GptModel,
  type GptTrainer,
  GptTrainer32,
  canShareMemory,
  createGptTrainer,
  gptModelFromCheckpoint,
  gptParamSpecs,
  UnhaInputError,
  sampleText,
  validateGptCheckpoint,
  validateGptExperiment,
} from '@unha/engine';
import { renderIssue } from '@unha/explain';
import { isTextCorpusId, loadCorpusText } from '@unha/lessons';
import { words } from '../i18n';
import { syntaxError } from '../json-place';
import type { Locale } from '../state';
import { isGptRaw } from './detect';
import { startWebHelper } from './helper';
import { inspect } from './inspect';
import type {
  FromGptWorker,
  GptDetail,
  GptEval,
  GptInfo,
  GptSample,
  GptStepSummary,
  OpenFile,
  ToGptWorker,
} from './protocol';
import { fileWords } from '../formats/words';
import { gptWords } from './words';
import { downloadName, isSafetensorsName, modelFileBytes, readSafetensorsFile } from './worker-files';

/**
 * The GPT lab's worker: it owns the engine's GptTrainer (float64) or GptTrainer32 (float32, the
 * WebAssembly kernels, on two threads when the page is cross-origin isolated: the second is a nested
 * worker, src/gpt/kernel-worker.ts), or a model read from a checkpoint, so the page never waits on the
 * math. While playing it trains in slices of a few tens of milliseconds (so
 * that a pause is heard at once), evaluates the losses and samples a text at each evaluation, and
 * answers the page's text with one forward pass whose records are the heatmaps' numbers.
 */

/** The longest a slice of training runs before the worker looks at its messages again (ms). */
const SLICE = 30;
/** While playing, progress goes to the page at most this often (ms). */
const PROGRESS_EVERY = 100;
/** Largest checkpoint file read (a 0.8 M-parameter model with its Adam moments is about 60 MB of JSON). */
const MAX_MB = 200;
/** Characters sampled at each evaluation when the experiment does not say (a few lines). */
const SAMPLE_TOKENS = 160;

interface Run {
  id: number;
  info: GptInfo;
  /** The experiment the model is of (a checkpoint's or a file's own): written into a download. */
  exp: GptExperiment;
  /** Undefined for a checkpoint: nothing to train. */
  trainer?: GptTrainer | GptTrainer32;
  /**
   * The float64 model the heatmaps and the hand calculations read (its forward pass keeps named
   * records). In float32 it is made from the trainer's parameters when inspected (`modelStep`).
   */
  model: GptModel;
  modelStep: number;
  text: string;
  locale: Locale;
  playing: boolean;
  speed: number;
  /** When the play started (ms) and at which step: the steps due are counted from there. */
  playT0: number;
  playStep0: number;
  timer?: ReturnType<typeof setTimeout>;
  sentAt: number;
  steps: GptStepSummary[];
  evals: GptEval[];
  sample?: GptSample;
  /** An evaluation happened since the page last had the heatmaps: they are refreshed with it. */
  stale: boolean;
}

let run: Run | undefined;

const post = (m: FromGptWorker): void => postMessage(m);

function issuesText(issues: Parameters<typeof renderIssue>[0][], source: string, locale: Locale): string {
  return issues.map((i) => renderIssue(i, source, locale)).join('\n');
}

/** An error's words: an input error's issues in the learner's language, any other its message. */
function errorText(err: unknown, locale: Locale): string {
  if (err instanceof UnhaInputError) return issuesText(err.issues, err.source, locale);
  return err instanceof Error ? err.message : String(err);
}

function validated(raw: unknown, locale: Locale): GptExperiment {
  const r = validateGptExperiment(raw);
  if (!r.ok) throw new Error(issuesText(r.issues, 'experiment', locale));
  return r.value;
}

/**
 * The text an experiment trains on: the engine reads no files, the caller hands it the text. A
 * built-in text (Moby Dick) is its own chunk of the bundle, fetched from this server when first named.
 */
async function textOf(exp: GptExperiment, locale: Locale): Promise<string> {
  const gw = gptWords(locale);
  const d = exp.data as { text?: string; file?: string; corpus?: string };
  if (typeof d.text === 'string') return d.text;
  if (d.file !== undefined) throw new Error(gw.noFileText(d.file));
  if (d.corpus !== undefined && isTextCorpusId(d.corpus)) return loadCorpusText(d.corpus);
  throw new Error(gw.unknownCorpus(d.corpus ?? ''));
}

/** The first characters of a text the model can read (its first line, at most a block), to inspect at first. */
function exampleOf(model: Pick<GptModel, 'vocab' | 'spec'>, text: string): string {
  const line = [...text.slice(0, 4 * model.spec.block)].filter((c) => model.vocab.index.has(c));
  const nl = line.indexOf('\n');
  return line.slice(0, Math.min(nl > 0 ? nl : line.length, model.spec.block, 16)).join('');
}

/** Every `n` steps, about `points` points over the run. */
const interval = (steps: number, points: number): number => Math.max(1, Math.round(steps / points));

function infoOf(
  model: Pick<GptModel, 'vocab' | 'spec'>,
  exp: GptExperiment,
  steps: number,
  tokens: { train: number; val: number },
  text: string,
  threads: number,
): GptInfo {
  const chars = model.vocab.chars;
  const spec = model.spec;
  const params = gptParamSpecs(spec, chars.length).reduce(
    (t, p) => t + p.shape.reduce((a, b) => a * b, 1),
    0,
  );
  const s = exp.sample;
  const known = (t: string): boolean => [...t].every((c) => model.vocab.index.has(c));
  // A start the model cannot read would stop the sampler: the engine's own default ('' — the
  // vocabulary's first character) is used instead.
  const start = s?.start !== undefined && known(s.start) ? s.start : '';
  return {
    chars,
    layers: spec.layers,
    heads: spec.heads,
    width: spec.width,
    block: spec.block,
    params,
    steps,
    trainTokens: tokens.train,
    valTokens: tokens.val,
    evalEvery: exp.eval?.every ?? interval(exp.steps, 20),
    example: exampleOf(model, text),
    dtype: exp.dtype ?? 'float64',
    threads,
    isolated: canShareMemory(),
    sample: {
      start,
      tokens: s?.tokens ?? SAMPLE_TOKENS,
      temperature: s?.temperature ?? 1,
      ...(s?.topK !== undefined && { topK: s.topK }),
      seed: s?.seed ?? 1,
    },
  };
}

function sample(r: Run, step: number): void {
  const o = r.info.sample;
  // The trainer's own model samples (float32 in the kernels, float64 in the graph).
  const out = sampleText(r.trainer?.model ?? r.model, {
    start: o.start,
    tokens: o.tokens,
    temperature: o.temperature,
    ...(o.topK !== undefined && { topK: o.topK }),
    seed: o.seed,
  });
  r.sample = { step, seed: o.seed, text: out.text };
}

function evaluate(r: Run): void {
  const t = r.trainer!;
  const val = t.data.val.length > 1 ? t.evaluate('val') : undefined;
  r.evals.push({ step: t.stepsRun, train: t.evaluate('train'), ...(val !== undefined && { val }) });
  sample(r, t.stepsRun);
  r.stale = true;
}

/** The float64 model of the run as it is now (float32: its parameters, exact in float64, in the graph). */
function modelOf(r: Run): GptModel {
  const t = r.trainer;
  if (t instanceof GptTrainer32 && r.modelStep !== t.stepsRun) {
    r.model = new GptModel(t.model.vocab, t.model.spec, t.params());
    r.modelStep = t.stepsRun;
  }
  return r.model;
}

/** Stops a run for good (another takes its place; the page no longer listens to it): its helper thread ends. */
function drop(r: Run): void {
  r.playing = false;
  if (r.timer !== undefined) clearTimeout(r.timer);
  r.timer = undefined;
  if (r.trainer instanceof GptTrainer32) r.trainer.close();
}

async function newRun(m: Extract<ToGptWorker, { type: 'load' }>): Promise<Run> {
  const d = m.detail;
  const raw =
    m.dtype !== undefined && m.experiment !== null && typeof m.experiment === 'object'
      ? { ...m.experiment, dtype: m.dtype }
      : m.experiment;
  const exp = validated(raw, d.locale);
  const text = await textOf(exp, d.locale);
  const trainer = createGptTrainer(exp, { text, trace: 'none' });
  // Two threads where the memory can be shared (a cross-origin isolated page) and the link allows.
  if (trainer instanceof GptTrainer32 && m.threads > 1 && canShareMemory())
    await trainer.useHelper(startWebHelper);
  const data = trainer.data;
  const info = infoOf(
    trainer.model,
    exp,
    exp.steps,
    { train: data.train.length, val: data.val.length },
    text,
    trainer instanceof GptTrainer32 ? trainer.threads : 1,
  );
  const r: Run = {
    id: m.run,
    info,
    exp,
    trainer,
    model:
      trainer instanceof GptTrainer32 ? new GptModel(data.vocab, exp.model, trainer.initial) : trainer.model,
    modelStep: 0,
    text: d.text ?? info.example,
    locale: d.locale,
    playing: false,
    speed: 0,
    playT0: 0,
    playStep0: 0,
    sentAt: 0,
    steps: [],
    evals: [],
    stale: true,
  };
  return r;
}

/** One optimizer step, with the evaluation when it falls due. */
function stepOnce(r: Run): boolean {
  const t = r.trainer;
  if (!t || t.done) return false;
  const s = t.step();
  if (!s) return false;
  r.steps.push({ step: s.step, loss: s.loss, lr: s.lr });
  if (s.step % r.info.evalEvery === 0 || t.done) evaluate(r);
  return true;
}

function sendProgress(r: Run): void {
  r.sentAt = performance.now();
  const t = r.trainer;
  const d = t?.diverged;
  post({
    type: 'progress',
    run: r.id,
    step: t ? t.stepsRun : (r.info.checkpoint?.step ?? 0),
    steps: r.steps.splice(0),
    evals: r.evals.splice(0),
    ...(r.sample && { sample: r.sample }),
    done: t ? t.done : true,
    playing: r.playing,
    ...(d && { diverged: { step: d.step, quantity: d.quantity, value: d.value, reason: d.reason } }),
  });
  if (r.stale && r.text !== '') sendInspection(r);
  r.stale = false;
}

function sendInspection(r: Run): void {
  const step = r.trainer ? r.trainer.stepsRun : (r.info.checkpoint?.step ?? 0);
  const ins = inspect(modelOf(r), r.text, step);
  const buffers = ins.layers.flatMap((l) => [l.q.buffer, l.k.buffer, l.scores.buffer, l.weights.buffer]);
  postMessage({ type: 'inspection', run: r.id, inspection: ins } satisfies FromGptWorker, [
    ...buffers,
    ins.logits.buffer,
    ins.probs.buffer,
  ]);
}

/** Trains while playing: as many steps as the speed asks for (or as fit in a slice), then yields. */
function loop(r: Run): void {
  r.timer = undefined;
  if (run !== r || !r.playing || !r.trainer) return;
  const t0 = performance.now();
  const due = r.speed > 0 ? r.playStep0 + Math.floor(((t0 - r.playT0) / 1000) * r.speed) : Infinity;
  while (r.trainer.stepsRun < due && performance.now() - t0 < SLICE && stepOnce(r));
  if (r.trainer.done) r.playing = false;
  if (!r.playing || performance.now() - r.sentAt >= PROGRESS_EVERY || r.stale) sendProgress(r);
  if (!r.playing) return;
  // At a set speed the next step is due at a known time; as fast as it goes, at once.
  const wait =
    r.speed > 0
      ? Math.max(0, r.playT0 + ((r.trainer.stepsRun + 1 - r.playStep0) * 1000) / r.speed - performance.now())
      : 0;
  r.timer = setTimeout(() => loop(r), wait);
}

function pause(r: Run): void {
  r.playing = false;
  if (r.timer !== undefined) clearTimeout(r.timer);
  r.timer = undefined;
  // The heatmaps follow the model where it stopped.
  r.stale = true;
  sendProgress(r);
}

async function readFile(f: OpenFile, locale: Locale): Promise<{ raw: unknown; json: string } | string> {
  const gw = gptWords(locale);
  if (f.size > MAX_MB * 1024 * 1024) return gw.tooLarge(f.name, (f.size / 1024 / 1024).toFixed(1), MAX_MB);
  let text: string;
  try {
    text = await f.file.text();
  } catch {
    return gw.unreadable(f.name);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { raw: JSON.parse(text) as unknown, json: text };
  } catch {
    const bad = syntaxError(text);
    const { line, column } = bad?.place ?? { line: 1, column: 1 };
    return words(locale).jsonSyntax(f.name, line, column, bad?.problem ?? 'value');
  }
}

/** A file from the page: a checkpoint becomes the run (to inspect); an experiment goes back as a link. */
async function open(id: number, f: OpenFile, d: GptDetail): Promise<void> {
  if (isSafetensorsName(f.name)) return openSafetensors(id, f, d);
  const gw = gptWords(d.locale);
  const read = await readFile(f, d.locale);
  if (typeof read === 'string') return post({ type: 'refused', run: id, message: read });
  const { raw, json } = read;
  const format = (raw as { format?: unknown } | null)?.format;
  if (format === undefined && isGptRaw(raw)) {
    const r = validateGptExperiment(raw);
    if (!r.ok)
      return post({
        type: 'refused',
        run: id,
        message: gw.badFile(f.name, issuesText(r.issues, f.name, d.locale)),
      });
    return post({ type: 'experiment-file', run: id, name: f.name, json });
  }
  if (format === undefined) return post({ type: 'refused', run: id, message: gw.notGpt(f.name) });
  const ck = validateGptCheckpoint(raw);
  if (!ck.ok)
    return post({
      type: 'refused',
      run: id,
      message: gw.badFile(f.name, issuesText(ck.issues, f.name, d.locale)),
    });
  const model = gptModelFromCheckpoint(ck.value);
  const history = ck.value.history.map((s) => ({ step: s.step, loss: s.loss, lr: s.lr }));
  becomeRun(id, f.name, model, ck.value.experiment, ck.value.step, history, d);
}

/** A model from a file (a checkpoint, a safetensors GPT) becomes the run, to sample and inspect. */
function becomeRun(
  id: number,
  name: string,
  model: GptModel,
  exp: GptExperiment,
  step: number,
  history: GptStepSummary[],
  d: GptDetail,
  from?: 'safetensors',
): void {
  const info: GptInfo = {
    ...infoOf(model, exp, step, { train: 0, val: 0 }, exp.data.text ?? '', 1),
    checkpoint: { name, step },
  };
  if (run) drop(run);
  const r: Run = {
    id,
    info,
    exp,
    model,
    modelStep: step,
    text: d.text ?? '',
    locale: d.locale,
    playing: false,
    speed: 0,
    playT0: 0,
    playStep0: 0,
    sentAt: 0,
    steps: [],
    evals: [],
    stale: true,
  };
  run = r;
  // A checkpoint of a corpus has no text inside: a few characters the model writes are its example
  // (short contexts: quick even for the large model, whose full sample follows the heatmaps).
  if (info.example === '') {
    const o = info.sample;
    const first = sampleText(model, {
      start: o.start,
      tokens: 16,
      temperature: o.temperature,
      topK: o.topK,
      seed: o.seed,
    });
    info.example = exampleOf(model, first.text);
  }
  if (d.text === undefined) r.text = info.example;
  post({ type: 'opened', run: id, name, step, ...(from && { from }) });
  post({ type: 'info', run: id, info, history });
  sendProgress(r);
  setTimeout(() => {
    if (run !== r) return;
    sample(r, step);
    sendProgress(r);
  }, 0);
}

/** A .safetensors file: taken apart for the page, and run when it is a GPT with its config and vocabulary. */
async function openSafetensors(id: number, f: OpenFile, d: GptDetail): Promise<void> {
  const read = await readSafetensorsFile(f, d.locale, MAX_MB * 1024 * 1024);
  if (!read.ok) return post({ type: 'refused', run: id, message: read.message });
  post({ type: 'anatomy', run: id, view: read.view, ...(read.note !== undefined && { note: read.note }) });
  const g = read.gpt;
  if (!g) return;
  const vocab = { chars: [...g.vocab], index: new Map(g.vocab.map((c, i) => [c, i])) };
  const model = new GptModel(vocab, { ...g.experiment.model }, g.params);
  becomeRun(id, f.name, model, g.experiment, g.step, [], d, 'safetensors');
}

/** The run's model as a file, made from the values it has now. */
function exportModel(r: Run, m: Extract<ToGptWorker, { type: 'export' }>): void {
  const step = r.trainer ? r.trainer.stepsRun : (r.info.checkpoint?.step ?? 0);
  const params = r.trainer ? r.trainer.params() : r.model.values();
  const name = downloadName(m.stem, step, m.file);
  const bytes = modelFileBytes({ experiment: r.exp, vocab: r.info.chars, params, step }, m.file);
  if (!bytes) return post({ type: 'model-file', run: r.id, name, message: fileWords(m.locale).noOnnx });
  postMessage({ type: 'model-file', run: r.id, name, bytes } satisfies FromGptWorker, [bytes.buffer]);
}

/** Loads asked for so far: only the last one's run is kept. */
let loads = 0;

/** A new run of an experiment (its text fetched first when it is a built-in corpus). */
async function load(m: Extract<ToGptWorker, { type: 'load' }>): Promise<void> {
  const ticket = ++loads;
  const r = await newRun(m);
  // A later load (another lesson picked while Moby Dick was fetched) wins.
  if (ticket !== loads) return drop(r);
  run = r;
  post({ type: 'info', run: m.run, info: r.info });
  // The losses at step 0 after the page knows the model (the large model's take a while).
  evaluate(r);
  while (r.trainer!.stepsRun < m.step && stepOnce(r));
  sendProgress(r);
}

function handle(m: ToGptWorker): void {
  if (m.type === 'load') {
    if (run) drop(run);
    run = undefined;
    void load(m).catch((err: unknown) => {
      post({ type: 'error', run: m.run, message: errorText(err, m.detail.locale) });
    });
    return;
  }
  if (m.type === 'open') {
    void open(m.run, m.file, m.detail).catch((err: unknown) =>
      post({ type: 'refused', run: m.run, message: errorText(err, m.detail.locale) }),
    );
    return;
  }
  const r = run;
  if (!r || r.id !== m.run) return;
  if (m.type === 'export') return exportModel(r, m);
  if (m.type === 'play') {
    if (!r.trainer || r.trainer.done) return;
    if (r.timer !== undefined) clearTimeout(r.timer);
    r.playing = true;
    r.speed = m.speed;
    r.playT0 = performance.now();
    r.playStep0 = r.trainer.stepsRun;
    loop(r);
  } else if (m.type === 'pause') {
    pause(r);
  } else if (m.type === 'step') {
    r.text = m.detail.text ?? r.info.example;
    if (r.playing) return;
    stepOnce(r);
    r.stale = true;
    sendProgress(r);
  } else {
    r.text = m.detail.text ?? r.info.example;
    r.locale = m.detail.locale;
    sendInspection(r);
  }
}

self.onmessage = (ev: MessageEvent<ToGptWorker>) => {
  const m = ev.data;
  try {
    handle(m);
  } catch (err) {
    if (run?.id === m.run) run.playing = false;
    const locale = 'detail' in m ? m.detail.locale : (run?.locale ?? 'en');
    post({ type: 'error', run: m.run, message: errorText(err, locale) });
  }
};
