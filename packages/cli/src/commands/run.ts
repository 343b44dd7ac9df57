import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { findFixes, toModelFile, type Trace, traceToJson, Trainer } from '@unha/engine';
import { divergenceText, explainDivergence } from '@unha/explain';
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
import { epochTable, lossChart, progressBar, shownEpochs } from '../view';
import { type Words, words } from '../words';
import { trainingFlags } from './common';

interface RunOptions extends CommonOptions {
  every?: string;
  chart?: boolean;
  save?: string;
}

/** What the loss columns mean, when that is not the plain mean squared error of one full batch. */
function lossNotes(trace: Trace, w: Words): string[] {
  const exp = trace.experiment;
  const out: string[] = [];
  const steps = trace.epochs[0]?.steps.length ?? 1;
  if (steps > 1) out.push(w.lossIsMean(steps, Math.min(exp.batchSize ?? 1, trace.train.inputs.length)));
  if (exp.l2) out.push(w.lossHasPenalty);
  if (exp.model.layers.some((l) => l.dropout)) out.push(w.lossHasDropout);
  if (trace.validation) out.push(w.valLossIs(trace.validation.inputs.length));
  return out;
}

export function registerRun(program: Command): void {
  trainingFlags(
    program
      .command('run [lesson-or-file]')
      .description('train and print a table per epoch / treina e mostra uma tabela por época'),
  )
    .option(
      '--json',
      'print one JSON object: {initial: {params}, normalization?, epochs: [{epoch, loss, valLoss?, params}], diverged?}',
    )
    .option('--every <n>', 'one table row every n epochs')
    .option('--no-chart', 'no loss chart at the end')
    .option('--save <model.json>', 'write the trained model (for unha predict and unha params)')
    .action((source: string | undefined, o: RunOptions) => {
      const locale = resolveLocale(o.locale);
      const fmt = { locale, decimals: decimalsFrom(o, locale) };
      const every = o.every === undefined ? undefined : integer('--every', o.every, locale);
      const { experiment } = loadExperiment(source, overridesFrom(o, locale), locale, dataFrom(o, locale));
      const w = words(locale);
      // Keep the full record (every node) only for the epochs that get a table row.
      const { rows } = shownEpochs(experiment.epochs, every);
      const bar = progressBar(experiment.epochs);
      const trainer = new Trainer(experiment, {
        trace: o.json ? 'epochs' : (e) => rows.has(e),
        onEpoch: (e) => bar.tick(e.epoch),
      });
      const trace = trainer.run();
      bar.done();
      if (o.save !== undefined) {
        try {
          writeFileSync(o.save, `${JSON.stringify(toModelFile(trace), null, 2)}\n`);
        } catch (e) {
          throw new UserError([
            w.fileUnwritable(o.save, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
          ]);
        }
      }
      if (o.json) {
        console.log(JSON.stringify(traceToJson(trace)));
        return;
      }
      for (const l of epochTable(trace, fmt, w, every)) console.log(l);
      for (const l of lossNotes(trace, w)) console.log(l);
      if (o.chart !== false) {
        const chart = lossChart(
          trace.epochs.map((e) => e.loss),
          fmt,
          w,
        );
        if (chart.length) console.log(['', ...chart].join('\n'));
      }
      const dv = explainDivergence(trace, trace.diverged ? findFixes(trace.experiment) : [], fmt);
      if (dv) console.log(['', ...divergenceText(dv)].join('\n'));
      if (o.save !== undefined) console.log(['', w.saved(o.save)].join('\n'));
    });
}
