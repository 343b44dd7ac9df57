import type { Writable } from 'node:stream';
import {
  type LmExperiment,
  type LmStepTrace,
  LmTrainer,
  lmRunJson,
  sampleWords,
  toLmModelFile,
  libm,
} from '@unha/engine';
import { type Locale, type NumberFormat, formatNumber } from '@unha/explain';
import { lossChart } from '../chart';
import { MeanCurve } from './curve';
import { decimalsFrom, integer } from '../options';
import { streamStepsJson, writeLines } from '../stream';
import { displayWidth } from '../terminal';
import { progressBar } from '../view';
import { words } from '../words';
import { countsSummary } from './counts';
import { type LmOptions, type LmSource, loadLm } from './load';
import { LmTable, evaluates, shows, stepPlan } from './table';
import { type LmWords, lmWords } from './words';

/** What `unha run` of a language model does with --save: an open file, written after training. */
export interface SaveTarget {
  path: string;
  write(text: string): void;
}

/** The sampling settings of the experiment, with the defaults: 20 names, temperature 1, seed 0. */
export function sampleSettings(exp: LmExperiment): {
  count: number;
  temperature: number;
  topK?: number;
  seed: number;
} {
  const s = exp.sample ?? {};
  return {
    count: s.count ?? 20,
    temperature: s.temperature ?? 1,
    ...(s.topK !== undefined && { topK: s.topK }),
    seed: s.seed ?? 0,
  };
}

/** `unha run --json` of a language model, written step by step (streamStepsJson with lmRunJson). */
export function streamLmJson(
  trainer: LmTrainer,
  out: Writable,
  onStep?: (s: LmStepTrace) => void,
): Promise<void> {
  return streamStepsJson(trainer, (r) => lmRunJson(r, trainer.experiment), out, onStep);
}

/** Names in columns, as many a line as fit in 80 columns. */
function columns(names: string[], w: LmWords): string[] {
  const shown = names.map((n) => (n === '' ? w.emptyWord : n));
  const width = Math.max(...shown.map(displayWidth)) + 2;
  const per = Math.max(1, Math.floor(78 / width));
  const out: string[] = [];
  for (let i = 0; i < shown.length; i += per)
    out.push(
      `  ${shown
        .slice(i, i + per)
        .map((s) => s + ' '.repeat(width - displayWidth(s)))
        .join('')
        .trimEnd()}`,
    );
  return out;
}

/** The last lines of every run: the final losses beside ln V, then the sampled names. */
function ending(
  trainer: LmTrainer,
  fmt: NumberFormat,
  w: LmWords,
  final: { train: number; val?: number },
): string[] {
  const V = trainer.data.vocab.chars.length;
  const f = (v: number): string => formatNumber(v, fmt);
  const s = sampleSettings(trainer.experiment);
  const losses = [
    w.finalLoss(f(final.train), final.val === undefined ? w.none : f(final.val)),
    w.uniform(V, f(libm.log(V))),
  ];
  const names = sampleWords(trainer.model, s).map((x) => x.word);
  return [
    ...losses,
    '',
    w.samplesHeader(names.length, formatNumber(s.temperature, { ...fmt, decimals: 4 }), s.topK, s.seed),
    ...columns(names, w),
  ];
}

/** `unha run <language model>`: the table, the chart, the final losses and names sampled from it. */
export async function runLm(
  src: LmSource,
  o: LmOptions & { chart?: boolean },
  locale: Locale,
  openSave?: () => SaveTarget,
): Promise<void> {
  const fmt = { locale, decimals: decimalsFrom(o, locale) };
  const every = o.every === undefined ? undefined : integer('--every', o.every, locale);
  const evalEvery = o.evalEvery === undefined ? undefined : integer('--eval-every', o.evalEvery, locale);
  const { experiment, words: list } = loadLm(src, o, locale);
  const w = lmWords(locale);
  const trainer = new LmTrainer(experiment, { words: list, trace: 'none' });
  // Opened once the model is built (its data and shapes checked) and before training: a path that
  // cannot be written fails now, not after the run.
  const save = openSave?.();
  const total = experiment.steps;
  const bar = progressBar(total, process.stderr, { unit: w.progressRate, left: w.progressLeft });
  if (o.json) {
    await streamLmJson(trainer, process.stdout, (s) => bar.tick(s.step));
    bar.done();
    if (save) save.write(`${JSON.stringify(toLmModelFile(trainer), null, 2)}\n`);
    return;
  }
  const data = trainer.data;
  const hasVal = data.val.count > 0;
  const V = data.vocab.chars.length;
  const out: string[] = [
    w.examples(data.trainWords.length + data.valWords.length, data.train.count, data.val.count, V),
    '',
  ];
  const counts = trainer.model.counts;
  const countsLayer = experiment.model.layers.find((l) => l.type === 'counts');
  if (counts && countsLayer?.type === 'counts') {
    out.push(...countsSummary(data.vocab.chars, counts.N, counts.P, countsLayer.smoothing, fmt, w), '');
    out.push(
      ...ending(trainer, fmt, w, {
        train: trainer.evaluate('train'),
        ...(hasVal && { val: trainer.evaluate('val') }),
      }),
    );
    if (save) save.write(`${JSON.stringify(toLmModelFile(trainer), null, 2)}\n`);
    if (save) out.push('', w.saved(save.path));
    await writeLines(out, process.stdout);
    return;
  }
  const plan = stepPlan(total, every, evalEvery);
  const table = new LmTable(fmt, w, plan, experiment.schedule !== undefined);
  const evaluate = (): { train: number; val?: number } => ({
    train: trainer.evaluate('train'),
    ...(hasVal && { val: trainer.evaluate('val') }),
  });
  table.add({ step: 0, ...evaluate() });
  const curve = new MeanCurve(total);
  let final: { train: number; val?: number } | undefined;
  let lastShown = 0;
  let lastStep: LmStepTrace | undefined;
  for (let s = trainer.step(); s !== null; s = trainer.step()) {
    bar.tick(s.step);
    curve.add(s.loss);
    lastStep = s;
    const atEnd = trainer.done || trainer.diverged !== undefined;
    if (!shows(plan, s.step) && !atEnd) continue;
    const ev = evaluates(plan, s.step) || atEnd ? evaluate() : undefined;
    if (atEnd) final = ev;
    table.add({
      step: s.step,
      loss: s.loss,
      lr: s.lr,
      ...(ev && { train: ev.train, ...(ev.val !== undefined && { val: ev.val }) }),
    });
    lastShown = s.step;
  }
  bar.done();
  // A run that ended without a last row (no steps, or stopped by divergence between rows).
  if (lastStep && lastShown !== lastStep.step) {
    final = evaluate();
    table.add({
      step: lastStep.step,
      loss: lastStep.loss,
      lr: lastStep.lr,
      train: final.train,
      ...(final.val !== undefined && { val: final.val }),
    });
  }
  final ??= evaluate();
  if (save) save.write(`${JSON.stringify(toLmModelFile(trainer), null, 2)}\n`);
  out.push(
    ...table.lines(),
    w.lossNote(
      Math.min(experiment.batchSize, data.train.count),
      plan.evalEvery < total ? plan.evalEvery : undefined,
    ),
  );
  if (o.chart !== false) {
    const chart = lossChart(curve, fmt, {
      ...words(locale),
      lossChart: (log) => w.lossChart(log, curve.perColumn),
    });
    if (chart.length) out.push('', ...chart);
  }
  const dv = trainer.diverged;
  if (dv) {
    // The step that diverged left no finite model: its losses and names would mean nothing.
    const what =
      dv.quantity === 'loss' ? undefined : `${dv.quantity}${dv.index === undefined ? '' : `[${dv.index}]`}`;
    out.push('', w.diverged(dv.step, what, formatNumber(dv.value, fmt)));
  } else out.push('', ...ending(trainer, fmt, w, final));
  if (save) out.push('', w.saved(save.path));
  await writeLines(out, process.stdout);
}
