import { type LmExperiment, LmTrainer, type LmStepTrace } from '@unha/engine';
import { SheetError } from '../errors';
import type { LmSheetRun, LmSheetStep } from './run';
import { type LmShape, type LmSheetSize, checkLmSheet } from './size';
import { lmUnsupported } from './workbook';

/**
 * The engine's LmTrainer as the sheet reads it. A trainer is cheap to build (it prepares the words
 * and the examples): the size and what the sheet cannot write are checked from it before any step.
 */

function dense(trainer: LmTrainer): LmSheetRun['dense'] {
  return trainer.model.layers.flatMap((l) =>
    l.type === 'dense' ? [{ units: l.units, activation: l.activation }] : [],
  );
}

function dim(trainer: LmTrainer): number {
  const e = trainer.model.layers.find((l) => l.type === 'embedding');
  if (!e || e.type !== 'embedding')
    throw new SheetError({ code: 'sheet_unsupported', feature: 'model.layers[0].type: counts' });
  return e.dim;
}

/** What sets the workbook's size, from a trainer that has not stepped yet. */
export function lmShape(trainer: LmTrainer): LmShape {
  const exp = trainer.experiment;
  const o = exp.optimizer;
  if (!o) throw new SheetError({ code: 'sheet_unsupported', feature: 'model.layers[0].type: counts' });
  return {
    V: trainer.data.vocab.chars.length,
    context: exp.data.context,
    dim: dim(trainer),
    dense: dense(trainer),
    optimizer: o.name === 'sgd' ? ((o.momentum ?? 0) > 0 ? 'sgd-momentum' : 'sgd') : 'adam',
    steps: exp.steps,
    batchSize: exp.batchSize,
    examples: trainer.data.train.count,
    words: trainer.data.trainWords.length,
  };
}

/** Throws a SheetError when the experiment cannot become a usable sheet; its size otherwise. */
export function checkLmTrainer(trainer: LmTrainer): LmSheetSize {
  if (!trainer.experiment.optimizer)
    throw new SheetError({ code: 'sheet_unsupported', feature: 'model.layers[0].type: counts' });
  lmUnsupported({ experiment: trainer.experiment, dense: dense(trainer) });
  return checkLmSheet(lmShape(trainer));
}

/**
 * Runs every step of a fresh trainer (built with trace 'full') and keeps what the sheet shows. A run
 * that diverges keeps the steps before it.
 */
export function sheetRunOf(trainer: LmTrainer, onStep?: (s: LmStepTrace) => void): LmSheetRun {
  if (trainer.stepsRun > 0) throw new Error('sheetRunOf: the trainer has already stepped');
  const shapes = new Map<string, number[]>();
  const initial = new Map<string, { shape: number[]; data: Float64Array }>();
  for (const [name, t] of trainer.model.params) shapes.set(name, [...t.shape]);
  for (const [name, v] of Object.entries(trainer.initial))
    initial.set(name, { shape: shapes.get(name)!, data: Float64Array.from(v.flat()) });
  const steps: LmSheetStep[] = [];
  for (let s = trainer.step(); s !== null; s = trainer.step()) {
    if (!s.records || !s.updates)
      throw new Error('sheetRunOf: the trainer must trace every step (trace: "full")');
    steps.push({
      step: s.step,
      batch: s.batch,
      loss: s.loss,
      lr: s.lr,
      records: s.records,
      updates: s.updates,
    });
    onStep?.(s);
  }
  const train = trainer.data.train;
  const C = train.context;
  return {
    experiment: trainer.experiment,
    chars: trainer.data.vocab.chars,
    context: C,
    dim: dim(trainer),
    dense: dense(trainer),
    trainWords: trainer.data.trainWords,
    valWords: trainer.data.valWords.length,
    contexts: Array.from({ length: train.count }, (_, n) =>
      Array.from(train.contexts.subarray(n * C, n * C + C)),
    ),
    targets: Array.from(train.targets),
    word: Array.from(train.word),
    initial,
    steps,
    ...(trainer.diverged && { divergedAt: trainer.diverged.step }),
  };
}

/** Trains an experiment (its words given when it names a corpus or a file) for the sheet. */
export function lmRunForSheet(exp: LmExperiment, words?: readonly string[]): LmSheetRun {
  const trainer = new LmTrainer(exp, { trace: 'full', ...(words && { words }) });
  checkLmTrainer(trainer);
  return sheetRunOf(trainer);
}
