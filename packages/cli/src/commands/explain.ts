import type { Command } from 'commander';
import { findFixes, type Trace, Trainer } from '@unha/engine';
import { divergenceText, docToJson, explainDivergence, explainEpoch, renderText } from '@unha/explain';
import { UserError } from '../errors';
import { loadExperiment } from '../load';
import {
  type CommonOptions,
  dataFrom,
  decimalsFrom,
  integer,
  overridesFrom,
  resolveLocale,
} from '../options';
import { type Words, words } from '../words';
import { trainingFlags } from './common';
import { gptSourceOf } from '../gpt/load';
import { explainGpt } from './gpt-explain';
import { explainLm } from './lm-explain';
import { lmSourceOf } from './lm-source';

interface ExplainOpts extends CommonOptions {
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

interface Choice {
  step?: number;
  layer?: number;
  unit?: number;
  example?: number;
}

/**
 * --step, --layer, --unit and --example name a step, layer, unit or example of this run: one it does
 * not have is an error that says which it has (the explanation would otherwise show another one).
 */
function checkChoice(c: Choice, trace: Trace, epoch: number, w: Words): void {
  const layers = trace.experiment.model.layers;
  const steps = trace.epochs[epoch - 1].steps;
  const check = (flag: string, v: number | undefined, noun: string, max: number): void => {
    if (v !== undefined && v > max) throw new UserError([w.outOfRange(flag, v, noun, max)]);
  };
  check('--step', c.step, w.nouns.steps, steps.length);
  check('--layer', c.layer, w.nouns.layers, layers.length);
  // Without --layer, --unit picks that unit in every layer that has it: the widest bounds it.
  const units = c.layer !== undefined ? layers[c.layer - 1].units : Math.max(...layers.map((l) => l.units));
  check('--unit', c.unit, w.nouns.units, units);
  check('--example', c.example, w.nouns.examples, steps[(c.step ?? 1) - 1].batch.length);
}

export function registerExplain(program: Command): void {
  trainingFlags(
    program
      .command('explain [lesson-or-file]')
      .description('the hand calculation of one epoch / a conta na unha de uma época'),
  )
    .option('--epoch <n>', 'which epoch (default 1)')
    .option('--step <n>', 'which step of the epoch, with mini-batches (default 1)')
    .option('--layer <n>', 'only this layer (1 = first after the input)')
    .option('--unit <n>', 'only this unit of each layer')
    .option('--example <n>', 'only this example of the batch')
    .option('--row <n>', 'GPT: the row of the batch (from 0)')
    .option('--pos <n>', 'GPT: the position in the row (from 0; default the last)')
    .option('--head <n>', 'GPT: the attention head (from 0)')
    .option(
      '--param <name>',
      'GPT: the parameter whose update is shown (e.g. transformer.h.0.attn.c_attn.weight)',
    )
    .option('--index <n>', 'GPT: the entry of --param (flat, from 0)')
    .option('--entry <n>', 'GPT: an entry of the width-C vectors to work out (from 0)')
    .option(
      '--json',
      'print the explanation as JSON: sections of lines with text, plain formula, TeX and value',
    )
    .action((source: string | undefined, o: ExplainOpts) => {
      const locale = resolveLocale(o.locale);
      // A language model (lesson, experiment or saved model) has steps, not epochs: its own path.
      // A GPT (lesson, experiment or a run's checkpoint): a step's position, block and head.
      const gpt = source !== undefined ? gptSourceOf(source, locale, true) : undefined;
      if (gpt) return explainGpt(gpt, o, locale);
      const lm = source !== undefined ? lmSourceOf(source, locale) : undefined;
      if (lm) return explainLm(lm, o, locale);
      const fmt = { locale, decimals: decimalsFrom(o, locale) };
      const w = words(locale);
      const n = (flag: string, v: string | undefined): number | undefined =>
        v === undefined ? undefined : integer(flag, v, locale);
      const epoch = n('--epoch', o.epoch) ?? 1;
      const { experiment } = loadExperiment(source, overridesFrom(o, locale), locale, dataFrom(o, locale));
      if (epoch > experiment.epochs) throw new UserError([w.epochOutOfRange(epoch, experiment.epochs)]);
      // Train only up to the epoch asked for, keeping the full record of it and of the one before
      // (Adam and momentum show the previous step's moments).
      const trace = new Trainer({ ...experiment, epochs: epoch }, { trace: (e) => e >= epoch - 1 }).run();
      if (trace.epochs.length < epoch) {
        if (o.json) {
          console.log(JSON.stringify({ epoch, diverged: trace.diverged }));
          return;
        }
        console.log(w.divergedBefore(epoch, trace.diverged?.epoch ?? trace.epochs.length + 1));
        const dv = explainDivergence(trace, trace.diverged ? findFixes(trace.experiment) : [], fmt);
        if (dv) console.log(divergenceText(dv).join('\n'));
        return;
      }
      const choice = {
        step: n('--step', o.step),
        layer: n('--layer', o.layer),
        unit: n('--unit', o.unit),
        example: n('--example', o.example),
      };
      checkChoice(choice, trace, epoch, w);
      const doc = explainEpoch(trace, epoch, { locale, ...choice });
      if (o.json) {
        console.log(JSON.stringify(docToJson(doc, fmt)));
        return;
      }
      console.log(renderText(doc, fmt, { color: process.stdout.isTTY === true }));
      if (doc.partial) console.log(`\n${w.narrowHint}`);
    });
}
