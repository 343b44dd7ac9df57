import { type LmStepTrace, LmTrainer, OVERRIDE_FIELDS, OVERRIDE_KEYS } from '@unha/engine';
import { type Locale, docToJson, explainCounts, explainLmStep, renderText } from '@unha/explain';
import { UserError } from '../errors';
import { type CommonOptions, decimalsFrom, integer } from '../options';
import { progressBar } from '../view';
import { words } from '../words';
import { type LmSource, loadLmExperiment } from './lm-source';
import { lmCliWords } from './lm-words';

/** The flags `unha explain` gives its language-model path (commander's text). */
export interface LmExplainFlags extends CommonOptions {
  epoch?: string;
  step?: string;
  layer?: string;
  unit?: string;
  example?: string;
}

/**
 * `unha explain <lm lesson|file> --step S --example E [--unit U]`: trains up to step S keeping the
 * records of S and of the step before (Adam and momentum show its moments), then prints the hand
 * calculation of example E of that step. A step, example or unit the run does not have is a located
 * error naming the range it has; a flag of the regression is refused by name.
 */
export function explainLm(src: LmSource, o: LmExplainFlags, locale: Locale): void {
  const w = words(locale);
  const lw = lmCliWords(locale);
  if (src.kind === 'model') throw new UserError([lw.modelHasNoSteps(src.name)]);
  for (const [flag, given] of [
    ['--epoch', o.epoch],
    ['--layer', o.layer],
    ['--inputs', o.inputs],
    ['--targets', o.targets],
    ...OVERRIDE_KEYS.map((k) => [OVERRIDE_FIELDS[k].flag, o[k]] as const),
  ] as const)
    if (given !== undefined) throw new UserError([lw.notForLm(flag)]);
  const fmt = { locale, decimals: decimalsFrom(o, locale) };
  const n = (flag: string, v: string | undefined): number | undefined =>
    v === undefined ? undefined : integer(flag, v, locale);
  const step = n('--step', o.step);
  const example = n('--example', o.example);
  const unit = n('--unit', o.unit);
  const { experiment, words: list } = loadLmExperiment(src, locale, o.data, o.init);
  const range = (flag: string, v: number | undefined, noun: string, max: number): void => {
    if (v !== undefined && v > max) throw new UserError([w.outOfRange(flag, v, noun, max)]);
  };
  const out = (doc: Parameters<typeof renderText>[0]): void => {
    if (o.json) console.log(JSON.stringify(docToJson(doc, fmt)));
    else {
      console.log(renderText(doc, fmt, { color: process.stdout.isTTY === true }));
      if (doc.partial && !o.json) console.log(`\n${w.narrowHint}`);
    }
  };

  if (experiment.model.layers.some((l) => l.type === 'counts')) {
    if (step !== undefined) throw new UserError([lw.countsNoStep]);
    const t = new LmTrainer(experiment, { words: list });
    range('--example', example, w.nouns.examples, t.data.train.count);
    out(explainCounts(t, { locale, ...(example !== undefined && { example }) }));
    return;
  }
  const S = step ?? 1;
  range('--step', S, w.nouns.steps, experiment.steps);
  range('--example', example, w.nouns.examples, experiment.batchSize);
  const t = new LmTrainer(experiment, { words: list, trace: (s) => s >= S - 1 });
  const V = t.data.vocab.chars.length;
  // --unit picks that unit in every layer that has it: the widest layer (or the embedding) bounds it.
  const widths = t.model.layers.map((l) =>
    l.type === 'dense' ? l.units : l.type === 'embedding' ? l.dim : V,
  );
  range('--unit', unit, w.nouns.units, Math.max(...widths));
  const bar = progressBar(S);
  let previous: LmStepTrace | undefined;
  let chosen: LmStepTrace | undefined;
  for (let s = 1; s <= S; s++) {
    const st = t.step();
    bar.tick(s);
    if (!st) break;
    if (s === S) chosen = st;
    else if (s === S - 1) previous = st;
  }
  bar.done();
  if (!chosen) {
    if (o.json) console.log(JSON.stringify({ step: S, diverged: t.diverged }));
    else console.log(lw.divergedBeforeStep(S, t.diverged?.step ?? t.stepsRun + 1));
    return;
  }
  out(
    explainLmStep(t, chosen, {
      locale,
      ...(example !== undefined && { example }),
      ...(unit !== undefined && { unit }),
      ...(previous && { previous }),
    }),
  );
}
