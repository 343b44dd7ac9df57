import type { Writable } from 'node:stream';
import {
  GPT_DEFAULTS,
  type GptStepTrace,
  createGptTrainer,
  gptParamSpecs,
  gptRunJson,
  sampleText,
  libm,
} from '@unha/engine';
import { type Locale, type NumberFormat, formatNumber } from '@unha/explain';
import { lossChart } from '../chart';
import { MeanCurve } from '../lm/curve';
import { type LmOptions } from '../lm/load';
import { LmTable, evaluates, shows, stepPlan } from '../lm/table';
import { lmWords } from '../lm/words';
import {
  type AnyGptTrainer,
  type ComputeFlags,
  checkThreads,
  computeFrom,
  computeText,
  threadsFor,
  withTrainer,
} from '../fast/compute';
import { decimalsFrom, integer } from '../options';
import { streamStepsJson, writeLines as writeRaw } from '../stream';
import { escapeControls } from '../terminal';
import { progressBar } from '../view';
import { words } from '../words';
import { type GptExperimentSource, located, loadGpt } from './load';
import { sampleSettings } from './sampling';
import { gptWords } from './words';

/** `unha run --json` of a GPT, written step by step (the shared streamStepsJson with gptRunJson). */
export function streamGptJson(
  trainer: AnyGptTrainer,
  out: Writable,
  onStep?: (s: GptStepTrace) => void,
): Promise<void> {
  return streamStepsJson(trainer, (r) => gptRunJson(r, trainer.experiment), out, onStep);
}

/** The number of values of every parameter (the tied head counted once, as the model holds it). */
export function paramTotal(trainer: AnyGptTrainer): number {
  const specs = gptParamSpecs(trainer.experiment.model, trainer.data.vocab.chars.length);
  return specs.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
}

/** Whether the split left a validation part long enough to hold one window (two characters). */
export const hasValidation = (trainer: AnyGptTrainer): boolean => trainer.data.val.length > 1;

/** The text the model writes with the experiment's sample settings, after a header line. */
export function sampleLines(trainer: AnyGptTrainer, fmt: NumberFormat, locale: Locale): string[] {
  const s = sampleSettings(trainer.experiment, trainer.model.vocab.chars);
  const { text } = sampleText(trainer.model, s);
  const t = formatNumber(s.temperature, { ...fmt, decimals: 4 });
  return [
    gptWords(locale).sampleHeader(s.start, s.tokens, t, s.topK, s.seed),
    ...escapeControls(s.start + text)
      .split('\n')
      .map((l) => `  ${l}`),
  ];
}

/** `unha run <gpt>`: the table of steps, the chart, the final losses and a text written by the model. */
export async function runGpt(
  src: GptExperimentSource,
  o: LmOptions & ComputeFlags & { chart?: boolean },
  locale: Locale,
): Promise<void> {
  const fmt = { locale, decimals: decimalsFrom(o, locale) };
  const every = o.every === undefined ? undefined : integer('--every', o.every, locale);
  const evalEvery = o.evalEvery === undefined ? undefined : integer('--eval-every', o.evalEvery, locale);
  const compute = computeFrom(o, locale);
  const { experiment, text } = loadGpt(src, o, locale, compute.dtype);
  checkThreads(experiment, compute, src.name, locale);
  const made = located(src.name, locale, () => createGptTrainer(experiment, { text, trace: 'none' }));
  await withTrainer(made, threadsFor(compute), (trainer) => runTrainer(trainer, o, fmt, every, evalEvery));
}

/** The run itself, once the trainer has its threads. */
async function runTrainer(
  trainer: AnyGptTrainer,
  o: { json?: boolean; chart?: boolean },
  fmt: NumberFormat,
  every: number | undefined,
  evalEvery: number | undefined,
): Promise<void> {
  const { locale } = fmt;
  const experiment = trainer.experiment;
  const lw = lmWords(locale);
  const gw = gptWords(locale);
  const total = experiment.steps;
  const bar = progressBar(total, process.stderr, { unit: lw.progressRate, left: lw.progressLeft });
  if (o.json) {
    await streamGptJson(trainer, process.stdout, (s) => bar.tick(s.step));
    bar.done();
    return;
  }
  const data = trainer.data;
  const hasVal = hasValidation(trainer);
  const V = data.vocab.chars.length;
  const m = experiment.model;
  const count = new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US').format(paramTotal(trainer));
  const out: string[] = [
    gw.dataLine(data.tokens.length, data.train.length, data.val.length, V),
    gw.modelLine(m.layers, m.heads, m.width, m.block, count, computeText(trainer, locale)),
    '',
  ];
  const plan = stepPlan(total, every, evalEvery);
  const table = new LmTable(fmt, lw, plan, experiment.schedule !== undefined);
  const evaluate = (): { train: number; val?: number } => ({
    train: trainer.evaluate('train'),
    ...(hasVal && { val: trainer.evaluate('val') }),
  });
  table.add({ step: 0, ...evaluate() });
  const curve = new MeanCurve(Math.max(1, total));
  let final: { train: number; val?: number } | undefined;
  let last: GptStepTrace | undefined;
  let lastShown = 0;
  for (let s = trainer.step(); s !== null; s = trainer.step()) {
    bar.tick(s.step);
    curve.add(s.loss);
    last = s;
    const atEnd = trainer.done || trainer.diverged !== undefined;
    if (!shows(plan, s.step) && !atEnd) continue;
    const ev = evaluates(plan, s.step) || atEnd ? evaluate() : undefined;
    if (atEnd) final = ev;
    table.add({ step: s.step, loss: s.loss, lr: s.lr, ...(ev && { train: ev.train, val: ev.val }) });
    lastShown = s.step;
  }
  bar.done();
  if (last && lastShown !== last.step) {
    final = evaluate();
    table.add({ step: last.step, loss: last.loss, lr: last.lr, train: final.train, val: final.val });
  }
  final ??= evaluate();
  const windows = experiment.eval?.windows ?? GPT_DEFAULTS.evalWindows;
  out.push(
    ...table.lines(),
    gw.lossNote(experiment.batchSize, m.block, windows, plan.evalEvery < total ? plan.evalEvery : undefined),
  );
  if (o.chart !== false && total > 1) {
    const chart = lossChart(curve, fmt, {
      ...words(locale),
      lossChart: (log) => lw.lossChart(log, curve.perColumn),
    });
    if (chart.length) out.push('', ...chart);
  }
  const dv = trainer.diverged;
  if (dv) {
    // The step that diverged left no finite model: its losses and its text would mean nothing.
    const what =
      dv.quantity === 'loss' ? undefined : `${dv.quantity}${dv.index === undefined ? '' : `[${dv.index}]`}`;
    out.push('', lw.diverged(dv.step, what, formatNumber(dv.value, fmt)));
  } else {
    const f = (v: number): string => formatNumber(v, fmt);
    out.push(
      '',
      lw.finalLoss(f(final.train), final.val === undefined ? lw.none : f(final.val)),
      lw.uniform(V, f(libm.log(V))),
      '',
      ...sampleLines(trainer, fmt, locale),
    );
  }
  await writeLines(out, process.stdout);
}

/** Lines to stdout with every control character a file name or a text brought written as \uXXXX. */
function writeLines(lines: string[], out: Writable): Promise<void> {
  return writeRaw(
    lines.map((l) => escapeControls(l)),
    out,
  );
}
