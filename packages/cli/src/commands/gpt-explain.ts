import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type GptCheckpoint,
  type GptExperiment,
  type GptStepTrace,
  GptTrainer,
  OVERRIDE_FIELDS,
  OVERRIDE_KEYS,
  buildTextVocab,
  gptParamSpecs,
  isGptExperiment,
  validateGptCheckpoint,
  validateGptExperiment,
} from '@unha/engine';
import { type Locale, docToJson, explainGptStep, renderIssue, renderText } from '@unha/explain';
import * as lessonLib from '@unha/lessons';
import { UserError } from '../errors';
import { type CommonOptions, decimalsFrom, integer } from '../options';
import { LIMITS, parseJson, readText } from '../read';
import { progressBar } from '../view';
import { gptExplainWords } from './gpt-explain-words';

/** The flags `unha explain` gives its GPT path (commander's text). */
export interface GptExplainFlags extends CommonOptions {
  epoch?: string;
  step?: string;
  layer?: string;
  unit?: string;
  example?: string;
  row?: string;
  pos?: string;
  head?: string;
  param?: string;
  index?: string;
  entry?: string;
}

/** The checkpoint `unha train --out DIR` writes (a run directory names it). */
const CHECKPOINT_FILE = 'ckpt.json';
const CHECKPOINT_FORMAT = 'unha-gpt-checkpoint';
/** The moby-dick recipe's checkpoint with Adam's moments is some 55 MB of JSON. */
const CHECKPOINT_LIMIT = 1_000_000_000;

/**
 * Where `unha explain` finds a GPT: a lesson, an experiment file, or a run (the directory `unha train`
 * wrote, or its checkpoint file), whose training resumes from the checkpoint's step. The GPT lessons
 * and corpora land in @unha/lessons beside this work, so they are looked up by name when the package
 * has them (the integration may replace this by the GPT commands' own loader).
 */
export type GptExplainSource =
  | { kind: 'experiment'; raw: unknown; name: string; file?: string }
  | { kind: 'checkpoint'; checkpoint: GptCheckpoint; name: string };

type Lib = Record<string, unknown>;
const lib = lessonLib as unknown as Lib;
const call = (name: string, arg: string): unknown =>
  typeof lib[name] === 'function' ? (lib[name] as (a: string) => unknown)(arg) : undefined;
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The GPT a source names, or undefined when it is something else (a regression, a part-1 model). */
export function gptExplainSourceOf(source: string, locale: Locale): GptExplainSource | undefined {
  const lesson = call('findGptLesson', source);
  if (isObj(lesson) && isGptExperiment(lesson.experiment))
    return { kind: 'experiment', raw: lesson.experiment, name: source };
  if (lessonLib.findLesson(source) || !existsSync(source)) return undefined;
  const path = statSync(source).isDirectory() ? join(source, CHECKPOINT_FILE) : source;
  if (!existsSync(path)) return undefined;
  const raw = parseJson(path, readText(path, locale, CHECKPOINT_LIMIT), locale);
  if (isObj(raw) && raw.format === CHECKPOINT_FORMAT) {
    const r = validateGptCheckpoint(raw);
    if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, path, locale)));
    return { kind: 'checkpoint', checkpoint: r.value, name: path };
  }
  return isGptExperiment(raw) ? { kind: 'experiment', raw, name: source, file: source } : undefined;
}

/** The experiment's text: --data, else data.text, data.file (beside the experiment) or data.corpus. */
function textOf(
  exp: GptExperiment,
  src: GptExplainSource,
  dataFlag: string | undefined,
  locale: Locale,
): string {
  if (dataFlag !== undefined) return readText(dataFlag, locale, LIMITS.csv);
  const d = exp.data as { text?: string; corpus?: string; file?: string };
  if (d.text !== undefined) return d.text;
  if (d.file !== undefined) {
    const file = src.kind === 'experiment' ? src.file : src.name;
    return readText(file ? resolve(dirname(file), d.file) : d.file, locale, LIMITS.csv);
  }
  const corpus = d.corpus !== undefined ? call('corpusText', d.corpus) : undefined;
  if (typeof corpus === 'string') return corpus;
  throw new UserError([gptExplainWords(locale).noText(src.name)]);
}

/**
 * `unha explain <lesson|file|run> --step S --row R --pos P [--layer L --head H --param NAME --index I
 * --entry E]`: trains (or resumes a run) up to step S keeping the records of S and of the step before
 * (AdamW shows its moments), then prints the hand calculation of that position. Every index is 0-based;
 * one outside the run's ranges is a located error naming the range, before any training.
 */
export function explainGpt(src: GptExplainSource, o: GptExplainFlags, locale: Locale): void {
  const w = gptExplainWords(locale);
  for (const [flag, given] of [
    ['--epoch', o.epoch],
    ['--unit', o.unit],
    ['--example', o.example],
    ['--inputs', o.inputs],
    ['--targets', o.targets],
    ...OVERRIDE_KEYS.map((k) => [OVERRIDE_FIELDS[k].flag, o[k]] as const),
  ] as const)
    if (given !== undefined) throw new UserError([w.notForGpt(flag)]);
  const n = (flag: string, v: string | undefined, min = 0): number | undefined =>
    v === undefined ? undefined : integer(flag, v, locale, min);
  const step = n('--step', o.step, 1);
  const choice = {
    row: n('--row', o.row),
    pos: n('--pos', o.pos),
    layer: n('--layer', o.layer),
    head: n('--head', o.head),
    entry: n('--entry', o.entry),
    index: n('--index', o.index),
  };
  if (choice.index !== undefined && o.param === undefined) throw new UserError([w.indexNeedsParam]);

  const raw = src.kind === 'experiment' ? src.raw : src.checkpoint.experiment;
  const r = validateGptExperiment(raw);
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, src.name, locale)));
  const exp = r.value;
  const text = textOf(exp, src, o.data, locale);
  const experiment: GptExperiment = o.data !== undefined ? { ...exp, data: { ...exp.data, text } } : exp;

  // Every choice checked against the run before it trains.
  const { layers, heads, width, block } = experiment.model;
  const range = (flag: keyof typeof choice, max: number): void => {
    const v = choice[flag];
    if (v !== undefined && v > max)
      throw new UserError([w.outOfRange(`--${flag}`, v, w.what[`--${flag}`], max)]);
  };
  range('row', experiment.batchSize - 1);
  range('pos', block - 1);
  range('layer', layers - 1);
  range('head', heads - 1);
  range('entry', width - 1);
  const specs = gptParamSpecs(experiment.model, buildTextVocab(text).chars.length);
  if (o.param !== undefined) {
    const spec = specs.find((p) => p.name === o.param);
    if (!spec)
      throw new UserError([
        w.unknownParam(
          o.param,
          specs.map((p) => p.name),
        ),
      ]);
    range('index', spec.shape.reduce((a, b) => a * b, 1) - 1);
  }
  const first = src.kind === 'checkpoint' ? src.checkpoint.step + 1 : 1;
  const S = step ?? first;
  if (S < first || S > experiment.steps) throw new UserError([w.stepRange(S, first, experiment.steps)]);

  const opts = { text, trace: (s: number) => s >= S - 1 };
  const t =
    src.kind === 'checkpoint'
      ? GptTrainer.resume({ ...src.checkpoint, experiment }, opts)
      : new GptTrainer(experiment, opts);
  const bar = progressBar(S - first + 1);
  let previous: GptStepTrace | undefined;
  let chosen: GptStepTrace | undefined;
  for (let s = first; s <= S; s++) {
    const st = t.step();
    bar.tick(s - first + 1);
    if (!st) break;
    if (s === S) chosen = st;
    else if (s === S - 1) previous = st;
  }
  bar.done();
  if (!chosen) {
    if (o.json) console.log(JSON.stringify({ step: S, diverged: t.diverged }));
    else console.log(w.divergedBeforeStep(S, t.diverged?.step ?? t.stepsRun + 1));
    return;
  }
  const doc = explainGptStep(t, chosen, {
    locale,
    ...Object.fromEntries(Object.entries(choice).filter(([, v]) => v !== undefined)),
    ...(o.param !== undefined && { param: o.param }),
    ...(previous && { previous }),
  });
  const fmt = { locale, decimals: decimalsFrom(o, locale) };
  if (o.json) console.log(JSON.stringify(docToJson(doc, fmt)));
  else {
    console.log(renderText(doc, fmt, { color: process.stdout.isTTY === true }));
    if (doc.partial) console.log(`\n${w.narrowHint}`);
  }
}
