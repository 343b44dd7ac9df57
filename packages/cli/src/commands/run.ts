import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { findFixes, toModelFile, type Trace, Trainer } from '@unha/engine';
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
import { LossCurve, lossChart } from '../chart';
import { writeLines, streamRunJson } from '../stream';
import { EpochTable, progressBar, shownEpochs } from '../view';
import { type Words, words } from '../words';
import { lmSourceOf } from '../lm/load';
import { runLm } from '../lm/run';
import { lmLessons } from '../lm/lessons';
import { lmWords } from '../lm/words';
import { gptSourceOf } from '../gpt/load';
import { runGpt } from '../gpt/run';
import { gptWords } from '../gpt/words';
import type { Locale } from '@unha/explain';
import { trainingFlags } from './common';
import { inspect } from './inspect';
import { findReadingLesson } from '@unha/lessons';
import { type ComputeFlags, DTYPE_HELP, THREADS_HELP, refuseComputeFlags } from '../fast/compute';

interface RunOptions extends CommonOptions, ComputeFlags {
  every?: string;
  chart?: boolean;
  save?: string;
  steps?: string;
  evalEvery?: string;
}

/** What the loss columns mean, when that is not the plain mean squared error of one full batch. */
function lossNotes(trace: Trace, steps: number, w: Words): string[] {
  const exp = trace.experiment;
  const out: string[] = [];
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
    .option('--steps <n>', 'language models: number of optimizer steps (steps)')
    .option(
      '--eval-every <n>',
      'language models: the loss on all training and validation examples every n steps',
    )
    .option('--dtype <type>', DTYPE_HELP)
    .option('--threads <n>', THREADS_HELP)
    .action(async (source: string | undefined, o: RunOptions) => {
      const locale = resolveLocale(o.locale);
      // A reading lesson trains nothing to watch: it opens its model's file (unha inspect).
      if (source !== undefined && findReadingLesson(source)) return inspect(source, { locale, json: o.json });
      // A GPT first: its experiment is a cross-entropy one too, which part 1's loader would take.
      const gpt = gptSourceOf(source, locale);
      if (gpt?.kind === 'experiment') {
        if (o.save !== undefined) throw new UserError([gptWords(locale).saveForGpt]);
        await runGpt(gpt, o, locale);
        return;
      }
      refuseComputeFlags(o, source, locale);
      const lm = lmSourceOf(source, locale);
      if (lm) {
        const path = o.save;
        const open =
          path === undefined
            ? undefined
            : () => {
                const file = openModelFile(path, words(locale));
                return { path, write: (text: string) => writeText(file, text, words(locale)) };
              };
        await runLm(lm, o, locale, open);
        return;
      }
      for (const flag of ['--steps', '--eval-every'] as const)
        if ((flag === '--steps' ? o.steps : o.evalEvery) !== undefined)
          throw new UserError([lmWords(locale).stepsForRegression(flag)]);
      const fmt = { locale, decimals: decimalsFrom(o, locale) };
      const every = o.every === undefined ? undefined : integer('--every', o.every, locale);
      const { experiment } = withWordListHint(source, o.data, locale, () =>
        loadExperiment(source, overridesFrom(o, locale), locale, dataFrom(o, locale)),
      );
      const w = words(locale);
      // Open the model file before training: a path that cannot be written fails now, not after the run.
      const save = o.save === undefined ? undefined : openModelFile(o.save, w);
      const plan = shownEpochs(experiment.epochs, every);
      const bar = progressBar(experiment.epochs);
      // Nothing here grows with the epochs: the trainer keeps no records ('none'), the full record (every
      // node) is made only for the epochs that get a table row, and --json goes out epoch by epoch.
      const trainer = new Trainer(experiment, {
        keep: 'none',
        trace: o.json ? 'epochs' : (e) => plan.shows(e),
        onEpoch: (e) => bar.tick(e.epoch),
      });
      const trace = trainer.trace;
      if (o.json) {
        await streamRunJson(trainer, process.stdout);
        bar.done();
        if (save) writeModel(save, trainer, w);
        return;
      }
      const table = new EpochTable(trace, fmt, w, plan);
      const curve = new LossCurve();
      let steps = 1;
      for (let e = trainer.stepEpoch(); e !== null; e = trainer.stepEpoch()) {
        if (e.epoch === 1) steps = e.steps.length;
        table.add(e);
        curve.add(e.loss);
      }
      bar.done();
      if (save) writeModel(save, trainer, w);
      await writeLines(table.lines(trainer.last), process.stdout);
      const out: string[] = [...lossNotes(trace, steps, w)];
      if (o.chart !== false) {
        const chart = lossChart(curve, fmt, w);
        if (chart.length) out.push('', ...chart);
      }
      const dv = explainDivergence(trace, trace.diverged ? findFixes(trace.experiment) : [], fmt);
      if (dv) out.push('', ...divergenceText(dv));
      if (save) out.push('', w.saved(save.path));
      await writeLines(out, process.stdout);
    });
}

/**
 * `unha run --data names.txt` alone reads a CSV (a regression); when that fails on a .txt file, the
 * person most likely meant a word list: say how to train a language model on it.
 */
function withWordListHint<T>(
  source: string | undefined,
  data: string | undefined,
  locale: Locale,
  load: () => T,
): T {
  try {
    return load();
  } catch (e) {
    if (source !== undefined || data === undefined || !/\.txt$/i.test(data) || !(e instanceof UserError))
      throw e;
    throw new UserError([...e.lines, lmWords(locale).wordListHint(lmLessons[0]?.id ?? 'names-mlp', data)]);
  }
}

function openModelFile(path: string, w: Words): { path: string; fd: number } {
  try {
    return { path, fd: openSync(path, 'w') };
  } catch (e) {
    throw new UserError([w.fileUnwritable(path, (e as NodeJS.ErrnoException).code ?? (e as Error).message)]);
  }
}

function writeModel(file: { path: string; fd: number }, trainer: Trainer, w: Words): void {
  const model = toModelFile(trainer.trace, { epochs: trainer.epoch, last: trainer.last });
  writeText(file, `${JSON.stringify(model, null, 2)}\n`, w);
}

/** Writes the whole text and closes the file; a failure (a full disk) is words. */
function writeText(file: { path: string; fd: number }, text: string, w: Words): void {
  try {
    writeSync(file.fd, text);
  } catch (e) {
    throw new UserError([
      w.fileUnwritable(file.path, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
    ]);
  } finally {
    closeSync(file.fd);
  }
}
