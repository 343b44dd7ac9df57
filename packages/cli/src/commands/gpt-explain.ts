import {
  type GptExperiment,
  type GptStepTrace,
  GptTrainer,
  OVERRIDE_FIELDS,
  OVERRIDE_KEYS,
  buildTextVocab,
  gptParamSpecs,
} from '@unha/engine';
import { type Locale, docToJson, explainGptStep, renderText } from '@unha/explain';
import { UserError } from '../errors';
import { type CommonOptions, decimalsFrom, integer } from '../options';
import { progressBar } from '../view';
import { stWords } from '../safetensors-words';
import { type GptExperimentSource, type GptSource, loadGpt } from '../gpt/load';
import { gptExplainWords } from './gpt-explain-words';
import { gptWords } from '../gpt/words';

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

/**
 * `unha explain <lesson|file|run> --step S --row R --pos P [--layer L --head H --param NAME --index I
 * --entry E]`: trains (or resumes a run) up to step S keeping the records of S and of the step before
 * (AdamW shows its moments), then prints the hand calculation of that position. Every index is 0-based;
 * one outside the run's ranges is a located error naming the range, before any training.
 */
export function explainGpt(src: GptSource, o: GptExplainFlags, locale: Locale): void {
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

  if (o.init !== undefined && src.kind === 'checkpoint')
    throw new UserError([stWords(locale).initOfModel(src.name)]);
  // A run's checkpoint reads its experiment's text as an experiment file beside the checkpoint would.
  const from: GptExperimentSource =
    src.kind === 'experiment'
      ? src
      : { kind: 'experiment', raw: src.checkpoint.experiment, name: src.name, file: src.name };
  const loaded = loadGpt(
    from,
    { ...(o.data !== undefined && { data: o.data }), ...(o.init !== undefined && { init: o.init }) },
    locale,
  );
  const { text } = loaded;
  const experiment: GptExperiment =
    o.data !== undefined
      ? { ...loaded.experiment, data: { ...loaded.experiment.data, text } }
      : loaded.experiment;

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
  // A finished run's checkpoint has no step after it ("steps 3 to 2" said nothing).
  if (first > experiment.steps) throw new UserError([w.finished(src.name, experiment.steps)]);
  const S = step ?? first;
  if (S < first || S > experiment.steps) throw new UserError([w.stepRange(S, first, experiment.steps)]);

  // Traced steps exist only in float64: a float32 experiment is explained there, and says so (on
  // stderr with --json, whose stdout is one JSON document).
  if (experiment.dtype === 'float32') {
    const note = gptWords(locale).explainedInFloat64;
    if (o.json) process.stderr.write(`${note}\n`);
    else console.log(note);
  }
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
