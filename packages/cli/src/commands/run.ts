import type { Command } from 'commander';
import { Trainer, traceToJson } from '@unha/engine';
import { explainDivergence } from '@unha/explain';
import { loadExperiment } from '../load';
import { type CommonOptions, decimalsFrom, integer, overridesFrom, resolveLocale } from '../options';
import { epochTable, lossChart, progressBar, shownEpochs } from '../view';
import { words } from '../words';
import { trainingFlags } from './common';

interface RunOptions extends CommonOptions {
  every?: string;
  chart?: boolean;
}

export function registerRun(program: Command): void {
  trainingFlags(
    program
      .command('run <lesson-or-file>')
      .description('train and print a table per epoch / treina e mostra uma tabela por época'),
  )
    .option(
      '--json',
      'print one JSON object: {initial: {params}, epochs: [{epoch, loss, params}], diverged?}',
    )
    .option('--every <n>', 'one table row every n epochs')
    .option('--no-chart', 'no loss chart at the end')
    .action((source: string, o: RunOptions) => {
      const locale = resolveLocale(o.locale);
      const fmt = { locale, decimals: decimalsFrom(o, locale) };
      const every = o.every === undefined ? undefined : integer('--every', o.every, locale);
      const { experiment } = loadExperiment(source, overridesFrom(o, locale), locale);
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
      if (o.json) {
        console.log(JSON.stringify(traceToJson(trace)));
        return;
      }
      for (const l of epochTable(trace, fmt, w, every)) console.log(l);
      if (o.chart !== false) {
        const chart = lossChart(
          trace.epochs.map((e) => e.loss),
          fmt,
          w,
        );
        if (chart.length) console.log(['', ...chart].join('\n'));
      }
      const dv = explainDivergence(trace, fmt);
      if (dv) console.log(['', ...dv].join('\n'));
    });
}
