/// <reference lib="webworker" />
import {
  findFixes,
  type EpochTrace,
  type Experiment,
  type Fix,
  type ParamValues,
  type Trace,
  Network,
  Trainer,
  applyNormalization,
} from '@unha/engine';
import { type ExplainDoc, explainEpoch } from '@unha/explain';
import { type Bounds, landscapeBounds, landscapeGrid } from './landscape-grid';
import { denseFileBytes } from './model-file';
import type { DetailOptions, EpochSummary, Fit, FromWorker, Landscape, RunInfo, ToWorker } from './protocol';
import type { Locale } from './state';

/**
 * The training worker: owns one Trainer per run, so the page never waits on the math. It keeps the
 * full record (every node of the graph) of the most recent epochs only; an older epoch asked for
 * again is recomputed from the start, which is deterministic and cheap for lessons.
 */

const KEEP_FULL = 64;
/** Epochs trained before a progress message is sent, when training far ahead. */
const CHUNK = 500;

interface Run {
  id: number;
  experiment: Experiment;
  trainer: Trainer;
  /** How many summaries the page already has. */
  sent: number;
  /** After a divergence: the fixes that were tried and work (computed once, here off the main thread). */
  fixes?: Fix[];
  landscape?: Landscape & { bounds: Bounds };
  /** A replay of the run, kept for stepping back through old epochs one by one. */
  replay?: { trainer: Trainer; epoch: number };
}

let run: Run | undefined;

const post = (m: FromWorker): void => postMessage(m);

function summary(e: EpochTrace): EpochSummary {
  return {
    epoch: e.epoch,
    loss: e.loss,
    dataLoss: e.dataLoss,
    ...(e.valLoss !== undefined && { valLoss: e.valLoss }),
    params: e.params,
    steps: e.steps.length,
  };
}

function strip(e: EpochTrace): void {
  for (const s of e.steps) {
    delete s.nodes;
    delete s.updates;
  }
}

function newTrainer(exp: Experiment, keep?: (epoch: number) => boolean): Trainer {
  return new Trainer(exp, keep ? { trace: keep } : {});
}

function info(r: Run): RunInfo {
  const exp = r.experiment;
  const layers = exp.model.layers;
  const rows = r.trainer.trace.train.rows;
  return {
    paramNames: r.trainer.trace.paramNames,
    layers,
    inputs: exp.data.inputs[0].length,
    outputs: exp.data.targets[0].length,
    inputNames:
      exp.data.inputNames ??
      exp.data.inputs[0].map((_, i) => (exp.data.inputs[0].length === 1 ? 'x' : `x${i + 1}`)),
    targetNames:
      exp.data.targetNames ??
      exp.data.targets[0].map((_, i) => (exp.data.targets[0].length === 1 ? 'y' : `y${i + 1}`)),
    data: { inputs: rows.map((i) => exp.data.inputs[i]), targets: rows.map((i) => exp.data.targets[i]) },
    validation: validationRows(r),
    initial: r.trainer.trace.initial.params,
    maxEpochs: exp.epochs,
    normalized: !!exp.normalize,
    oneNeuron: layers.length === 1 && layers[0].units === 1 && exp.data.inputs[0].length === 1,
  };
}

/** The validation examples as the experiment writes them (a split's rows, or its own data). */
function validationRows(r: Run): RunInfo['validation'] {
  const v = r.trainer.trace.validation;
  const exp = r.experiment;
  if (!v) return undefined;
  if (typeof exp.validation === 'object')
    return { inputs: exp.validation.inputs, targets: exp.validation.targets };
  return { inputs: v.rows.map((i) => exp.data.inputs[i]), targets: v.rows.map((i) => exp.data.targets[i]) };
}

/** Trains up to `epoch` (or the end), dropping the full record of epochs that fall out of the window. */
function advance(r: Run, epoch: number): void {
  const t = r.trainer;
  while (t.epoch < epoch && !t.done) {
    const e = t.stepEpoch();
    if (!e) break;
    const old = t.trace.epochs[e.epoch - 1 - KEEP_FULL];
    if (old) strip(old);
    if (t.epoch - r.sent >= CHUNK) sendProgress(r);
  }
  sendProgress(r);
}

function sendProgress(r: Run): void {
  const t = r.trainer;
  const summaries = t.trace.epochs.slice(r.sent).map(summary);
  r.sent = t.trace.epochs.length;
  post({
    type: 'progress',
    run: r.id,
    summaries,
    done: t.done,
    ...(t.trace.diverged && { diverged: t.trace.diverged, fixes: (r.fixes ??= findFixes(r.experiment)) }),
  });
}

const hasFull = (trace: Trace, epoch: number): boolean => {
  const e = trace.epochs[epoch - 1];
  const prev = trace.epochs[epoch - 2];
  // Momentum and Adam show the previous step's velocity and moments: that epoch must be whole too.
  return !!e?.steps[0]?.nodes && (epoch === 1 || !!prev?.steps[0]?.updates);
};

/** A trace holding the full record of `epoch`: the run's own, or a replay from the start. */
function fullTrace(r: Run, epoch: number): Trace {
  if (hasFull(r.trainer.trace, epoch)) return r.trainer.trace;
  const keep = (e: number): boolean => e >= epoch - 1 && e <= epoch;
  let rp = r.replay;
  // Stepping back one epoch at a time: the replay trainer is reused only when it can go forward.
  if (!rp || rp.epoch > epoch || !hasFull(rp.trainer.trace, epoch)) {
    // A copy: the replay may be asked for more epochs than the run's limit without changing the run.
    const trainer = newTrainer(structuredClone(r.experiment), keep);
    trainer.experiment.epochs = Math.max(trainer.experiment.epochs, epoch);
    rp = { trainer, epoch: 0 };
  }
  while (rp.trainer.epoch < epoch && rp.trainer.stepEpoch());
  rp.epoch = rp.trainer.epoch;
  r.replay = rp;
  return rp.trainer.trace;
}

function paramsAt(r: Run, epoch: number): ParamValues {
  return epoch === 0 ? r.trainer.trace.initial.params : r.trainer.trace.epochs[epoch - 1].params;
}

function fit(r: Run, epoch: number): Fit {
  const exp = r.experiment;
  const net = new Network(exp.model.layers, exp.data.inputs[0].length, paramsAt(r, epoch));
  const norm = r.trainer.trace.normalization;
  const seen = (rows: number[][]): number[][] => (norm ? applyNormalization(rows, norm) : rows);
  const rows = r.trainer.trace.train.rows.map((i) => exp.data.inputs[i]);
  if (exp.data.inputs[0].length === 1) {
    const xs0 = rows.map((x) => x[0]);
    // Folds, not Math.min(...xs0): a spread of a large data set overflows the stack.
    let lo = xs0.reduce((a, b) => Math.min(a, b), Infinity);
    let hi = xs0.reduce((a, b) => Math.max(a, b), -Infinity);
    const pad = Math.max((hi - lo) * 0.15, 1);
    // From 0 when the data is not far from it: the line's height at x = 0 is the bias B.
    lo = lo >= 0 && lo <= 10 ? 0 : lo - pad;
    hi += pad;
    const n = 41;
    const xs = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
    const ys = net.predict(seen(xs.map((x) => [x]))).map((p) => p[0]);
    return { kind: 'curve', xs, ys };
  }
  const pred = net.predict(seen(rows)).map((p) => p[0]);
  const target = r.trainer.trace.train.rows.map((i) => exp.data.targets[i][0]);
  const val = validationRows(r);
  if (!val) return { kind: 'pred', pred, target };
  const valPred = net.predict(seen(val.inputs)).map((p) => p[0]);
  return { kind: 'pred', pred, target, valPred, valTarget: val.targets.map((t) => t[0]) };
}

function landscape(r: Run, epoch: number): Landscape | undefined {
  const exp = r.experiment;
  const layers = exp.model.layers;
  if (layers.length !== 1 || layers[0].units !== 1 || exp.data.inputs[0].length !== 1) return undefined;
  const path: [number, number][] = [];
  for (let e = 0; e <= epoch; e++) {
    const p = paramsAt(r, e);
    path.push([(p.W1 as number[][])[0][0], (p.b1 as number[])[0]]);
  }
  const bounds = landscapeBounds(path, r.landscape?.bounds);
  if (r.landscape && bounds === r.landscape.bounds) return undefined;
  const { inputs, targets } = r.trainer.trace.train;
  const grid = landscapeGrid(bounds, 48, (w, b) => {
    const net = new Network(layers, 1, { W1: [[w]], b1: [b] });
    return net.forwardLoss(inputs, targets);
  });
  r.landscape = { ...grid, bounds };
  return grid;
}

/** How many links of chains an explanation has (what drawing it costs). */
const links = (doc: ExplainDoc): number =>
  doc.sections.reduce((n, s) => s.lines.reduce((k, l) => k + (l.chain?.length ?? 0), n), 0);

function view(r: Run, epoch: number, d: DetailOptions, started: number, upTo = Infinity): void {
  const e = Math.min(epoch, r.trainer.epoch);
  let doc: ExplainDoc | null = null;
  let docError: string | undefined;
  let skipped = e > 0 && upTo <= 0;
  if (e > 0 && !skipped) {
    try {
      const trace = fullTrace(r, e);
      doc = explainEpoch(trace, e, {
        locale: d.locale,
        // Unless a step is chosen, the epoch's last: its parameters are the ones the rest of the page shows.
        step: d.step ?? trace.epochs[e - 1].steps.length,
        ...(d.layer !== undefined && { layer: d.layer }),
        ...(d.unit !== undefined && { unit: d.unit }),
        ...(d.example !== undefined && { example: d.example }),
      });
      if (links(doc) > upTo) {
        doc = null;
        skipped = true;
      }
    } catch (err) {
      docError = err instanceof Error ? err.message : String(err);
    }
  }
  const land = landscape(r, e);
  post({
    type: 'view',
    run: r.id,
    epoch: e,
    doc,
    ...(skipped && { skipped: true as const }),
    ...(docError !== undefined && { docError }),
    fit: fit(r, e),
    ...(land && { landscape: land }),
    ms: performance.now() - started,
  });
}

async function xlsx(r: Run, locale: Locale): Promise<void> {
  // Loaded on first use: most visits never export, and the worker starts quicker without it.
  const sheet = await import('@unha/sheet');
  try {
    const exp = structuredClone(r.experiment);
    const { bytes } = sheet.exportExperiment(exp, { locale });
    post({ type: 'xlsx', run: r.id, bytes });
  } catch (err) {
    const error =
      err instanceof sheet.SheetError
        ? sheet.sheetErrorMessage(err, locale)
        : err instanceof Error
          ? err.message
          : String(err);
    post({ type: 'xlsx', run: r.id, error });
  }
}

function handle(m: ToWorker): void {
  const started = performance.now();
  if (m.type === 'load') {
    const trainer = newTrainer(m.experiment);
    run = { id: m.run, experiment: trainer.experiment, trainer, sent: 0 };
    post({ type: 'info', run: m.run, info: info(run) });
    advance(run, m.epoch);
    view(run, m.epoch, m.detail, started);
    return;
  }
  if (!run || run.id !== m.run) return;
  if (m.type === 'xlsx') {
    void xlsx(run, m.locale);
    return;
  }
  if (m.type === 'model-file') {
    const { run: id, epoch, file } = m;
    try {
      const bytes = denseFileBytes(run.trainer.trace, epoch, file);
      postMessage({ type: 'model-file', run: id, epoch, file, bytes } satisfies FromWorker, [bytes.buffer]);
    } catch (err) {
      post({
        type: 'model-file',
        run: id,
        epoch,
        file,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return;
  }
  if (m.type === 'epochs') {
    // The run goes on under the new limit: the epochs already done stay as they are.
    run.experiment.epochs = m.epochs;
    if (run.replay) run.replay.trainer.experiment.epochs = Math.max(m.epochs, run.replay.epoch);
    sendProgress(run);
    return;
  }
  advance(run, m.epoch);
  view(run, m.epoch, m.detail, started, m.explainUpTo);
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    handle(m);
  } catch (err) {
    post({ type: 'error', run: m.run, message: err instanceof Error ? err.message : String(err) });
  }
};
