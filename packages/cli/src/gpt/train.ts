import type { Writable } from 'node:stream';
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { type GptExperiment, buildTextVocab, createGptTrainer, resumeGptTrainer } from '@unha/engine';
import { type Locale, formatNumber } from '@unha/explain';
import { ExitCode, UserError } from '../errors';
import type { LmOptions } from '../lm/load';
import { lmWords } from '../lm/words';
import {
  type AnyGptTrainer,
  type ComputeFlags,
  type Dtype,
  checkThreads,
  computeFrom,
  computeText,
  threadsFor,
  withTrainer,
} from '../fast/compute';
import { decimalsFrom, integer } from '../options';
import { writeLines as writeRaw } from '../stream';
import { escapeControls } from '../terminal';
import { writeCheckpoint, prepareOut } from './checkpoint';
import { CHECKPOINT_FILE, type GptExperimentSource, loadGpt, located, readCheckpoint } from './load';
import { TrainProgress } from './progress';
import { hasValidation, paramTotal, sampleLines } from './run';
import { gptWords } from './words';

export interface TrainOptions extends LmOptions, ComputeFlags {
  evalSteps?: string;
  out?: string;
  resume?: boolean;
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The evaluation every n steps when neither the flag nor the experiment says: about ten in a run. */
const defaultEvalEvery = (steps: number): number => Math.max(1, Math.ceil(steps / 10));

/** --eval-every and --eval-steps over the raw experiment's `eval`, before validation names a bad one. */
function withEvalFlags(raw: unknown, every?: number, windows?: number): unknown {
  if (!isObj(raw) || (every === undefined && windows === undefined)) return raw;
  const ev: Raw = isObj(raw.eval) ? { ...raw.eval } : {};
  if (every !== undefined) ev.every = every;
  if (windows !== undefined) ev.windows = windows;
  return { ...raw, eval: ev };
}

/** JSON with the keys of every object sorted: two experiments compared by what they say, not their order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    isObj(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        )
      : x,
  );
}

/**
 * What training depends on: the experiment without its length and its evaluation settings (and its
 * dtype, which --resume takes from the checkpoint).
 */
const trainingPart = (exp: GptExperiment): string => {
  const rest: Raw = { ...exp };
  delete rest.steps;
  delete rest.eval;
  delete rest.sample;
  delete rest.dtype;
  return canonical(rest);
};

const dtypeOf = (exp: GptExperiment): Dtype => (exp.dtype === 'float32' ? 'float32' : 'float64');

/** The --out directory: given, else out-<lesson id or file name> beside where the command runs. */
export function outDir(src: GptExperimentSource, out: string | undefined): string {
  if (out !== undefined) return out;
  const name = src.lesson ? src.lesson.id : basename(src.name, extname(src.name));
  return `out-${name}`;
}

/** The trainer to run: a new one, or the checkpoint's of --resume after checking it is this run's. */
function trainerFor(
  src: GptExperimentSource,
  exp: GptExperiment,
  text: string,
  dir: string,
  o: TrainOptions,
  dtypeFlag: Dtype | undefined,
  locale: Locale,
): AnyGptTrainer {
  const gw = gptWords(locale);
  if (!o.resume) return located(src.name, locale, () => createGptTrainer(exp, { text, trace: 'none' }));
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) throw new UserError([gw.noCheckpoint(dir)]);
  const ck = readCheckpoint(path, locale);
  if (trainingPart(ck.experiment) !== trainingPart(exp)) throw new UserError([gw.resumeOther(dir, src.name)]);
  // A run goes on in the dtype it trained in: in another one its numbers would not be an unstopped run's.
  const was = dtypeOf(ck.experiment);
  if (dtypeFlag !== undefined && dtypeFlag !== was)
    throw new UserError([gw.resumeDtype(dir, was, dtypeFlag)]);
  const run: GptExperiment = { ...exp };
  delete run.dtype;
  if (ck.experiment.dtype !== undefined) run.dtype = ck.experiment.dtype;
  if (buildTextVocab(text).chars.join('\u0000') !== ck.vocab.join('\u0000'))
    throw new UserError([gw.resumeText(dir, src.name)]);
  if (o.steps !== undefined && exp.steps < ck.step) throw new UserError([gw.stepsBehind(exp.steps, ck.step)]);
  // The checkpoint's state with this run's length and evaluation settings.
  return located(path, locale, () => resumeGptTrainer({ ...ck, experiment: run }, { text, trace: 'none' }));
}

/**
 * `unha train <gpt>`: trains with a progress bar, evaluates (train/val. loss and a sample of text)
 * and writes a checkpoint every --eval-every steps and at the end; Ctrl-C finishes the current step,
 * writes a checkpoint and leaves with 130; --resume continues from the last checkpoint with the
 * numbers an uninterrupted run would have had.
 */
export async function trainGpt(src: GptExperimentSource, o: TrainOptions, locale: Locale): Promise<void> {
  const evalEvery = o.evalEvery === undefined ? undefined : integer('--eval-every', o.evalEvery, locale);
  const windows = o.evalSteps === undefined ? undefined : integer('--eval-steps', o.evalSteps, locale);
  const compute = computeFrom(o, locale);
  const { experiment, text } = loadGpt(
    { ...src, raw: withEvalFlags(src.raw, evalEvery, windows) },
    o,
    locale,
    compute.dtype,
  );
  const dir = outDir(src, o.out);
  prepareOut(dir, locale);
  const made = trainerFor(src, experiment, text, dir, o, compute.dtype, locale);
  checkThreads(made.experiment, compute, src.name, locale);
  await withTrainer(made, threadsFor(compute), (trainer) => trainWith(trainer, src, o, dir, locale));
}

/** The training loop of `unha train`, once the trainer has its threads. */
async function trainWith(
  trainer: AnyGptTrainer,
  src: GptExperimentSource,
  o: TrainOptions,
  dir: string,
  locale: Locale,
): Promise<void> {
  const fmt = { locale, decimals: decimalsFrom(o, locale) };
  const gw = gptWords(locale);
  const lw = lmWords(locale);
  const experiment = trainer.experiment;
  const evalEvery = o.evalEvery === undefined ? undefined : integer('--eval-every', o.evalEvery, locale);
  const total = experiment.steps;
  const every = experiment.eval?.every ?? evalEvery ?? defaultEvalEvery(total);
  const f = (v: number): string => formatNumber(v, fmt);
  const count = new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US').format(paramTotal(trainer));
  const from = trainer.stepsRun;
  const how = computeText(trainer, locale);
  const head = [
    gw.trainHeader(src.name, count, total, experiment.batchSize, experiment.model.block, dir, how),
  ];
  if (o.resume) head.push(gw.resumed(from, dir));
  if (from >= total) {
    await writeLines([...head, gw.nothingToTrain(from)], process.stdout);
    return;
  }
  const progress = new TrainProgress(total, from, experiment.batchSize * experiment.model.block, gw);
  const hasVal = hasValidation(trainer);
  const evaluation = (step: number): string =>
    gw.evalLine(step, f(trainer.evaluate('train')), hasVal ? f(trainer.evaluate('val')) : lw.none);
  await writeLines([...head, '', evaluation(from)], process.stdout);
  let saved = -1;
  let path = join(dir, CHECKPOINT_FILE);
  const save = (): void => {
    if (trainer.diverged !== undefined || saved === trainer.stepsRun) return;
    path = writeCheckpoint(dir, trainer.checkpoint(), locale);
    saved = trainer.stepsRun;
  };
  // Ctrl-C asks the loop to stop after the step it is in; the loop gives the event loop a turn
  // (where the signal is delivered) every 50 ms.
  let stop = false;
  const onInterrupt = (): void => {
    stop = true;
  };
  process.on('SIGINT', onInterrupt);
  try {
    let turn = performance.now();
    while (!stop && !trainer.done && trainer.diverged === undefined) {
      const s = trainer.step();
      if (s === null) break;
      progress.tick(s.step);
      const atEnd = trainer.done || trainer.diverged !== undefined;
      if ((s.step % every === 0 || atEnd) && trainer.diverged === undefined) {
        progress.clear();
        progress.line(s.step);
        save();
        await writeLines(
          ['', evaluation(s.step), ...sampleLines(trainer, fmt, locale), gw.checkpointSaved(s.step, path)],
          process.stdout,
        );
      }
      if (performance.now() - turn > 50) {
        await new Promise((r) => setImmediate(r));
        turn = performance.now();
      }
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.clear();
  }
  const dv = trainer.diverged;
  if (dv) {
    const what =
      dv.quantity === 'loss' ? undefined : `${dv.quantity}${dv.index === undefined ? '' : `[${dv.index}]`}`;
    await writeLines(['', lw.diverged(dv.step, what, f(dv.value))], process.stdout);
    return;
  }
  if (stop) {
    save();
    const again = `unha train ${src.name}${o.out === undefined ? '' : ` --out ${dir}`} --resume`;
    await writeLines(['', gw.interrupted(trainer.stepsRun, path, again)], process.stdout);
    throw new ExitCode(130);
  }
  await writeLines(['', gw.finished(trainer.stepsRun, path), gw.tryNext(dir)], process.stdout);
}

/** Lines to stdout with every control character a file name or a text brought written as \uXXXX. */
function writeLines(lines: string[], out: Writable): Promise<void> {
  return writeRaw(
    lines.map((l) => escapeControls(l)),
    out,
  );
}
