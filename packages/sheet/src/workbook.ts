import { type Experiment, type Fix, type LocalText, type Trace, train } from '@unha/engine';
import { Context } from './context';
import { writeInputs } from './inputs';
import type { SheetLocale } from './locales/index';
import { divergenceLines, writeExplanation, writeReadme } from './readme';
import { type SheetSize, checkSheet, schedule } from './size';
import { writeTraining } from './training';
import { Workbook } from './xlsx';

export interface SheetOptions {
  /** Language of the labels and texts (default 'en'). */
  locale?: SheetLocale;
  /** Title on the Inputs and Read me sheets (default: the experiment's title). Always written as text. */
  title?: string;
  /** The explanation of epoch 1, one line per row; default: @unha/explain's explainEpoch, as text. */
  explanationLines?: string[];
  /** Digits after the decimal separator in the explanation's numbers (default 4). */
  decimals?: number;
  /**
   * For a run that diverged, the fixes to offer (the engine's findFixes); computed when absent. The
   * Read me explains the divergence as `unha run` does.
   */
  fixes?: readonly Fix[];
}

function localText(t: LocalText | undefined, locale: SheetLocale): string | undefined {
  if (t === undefined) return undefined;
  if (typeof t === 'string') return t;
  return t[locale] ?? t.en ?? t['pt-BR'];
}

/**
 * The workbook of a training run: Read me, Inputs (editable), Training (live formulas, one block per
 * epoch, the engine's numbers as cached values) and Epoch 1 explained. Throws a SheetError when the run
 * is too large for a usable sheet or uses something the sheet cannot express.
 */
export function buildWorkbook(trace: Trace, opts: SheetOptions = {}): Workbook {
  checkSheet(trace.experiment, trace.train.rows.length);
  const locale = opts.locale ?? 'en';
  const wb = new Workbook();
  const ctx = new Context(wb, trace, locale);
  const title = opts.title ?? localText(trace.experiment.title, locale) ?? ctx.msg.inputs.defaultTitle;
  // Sheets are added in reading order; the layout of Inputs is needed by the others.
  const readmeAt = wb.sheets.length;
  const inputs = writeInputs(ctx, title);
  const training = writeTraining(ctx, inputs);
  const decimals = opts.decimals ?? 4;
  const divergence = divergenceLines(ctx, decimals, opts.fixes);
  writeReadme(
    ctx,
    inputs,
    title,
    divergence,
    training.sheets.map((s) => s.name),
  );
  writeExplanation(ctx, opts.explanationLines, decimals, divergence);
  // Read me first: move it to the front.
  const readme = wb.sheets.splice(wb.sheets.length - 2, 1)[0];
  wb.sheets.splice(readmeAt, 0, readme);
  return wb;
}

/** The .xlsx bytes of a trained run (Node or browser). */
export function exportXlsx(trace: Trace, opts: SheetOptions = {}): Uint8Array {
  return buildWorkbook(trace, opts).toXlsx();
}

/** What was written: the epochs in the Training sheet and the formula cells of the whole workbook. */
export interface Written {
  bytes: Uint8Array;
  epochs: number;
  formulas: number;
}

/** The bytes and what was written (a shuffled or dropout run that diverged has fewer epochs). */
export function exportWorkbook(trace: Trace, opts: SheetOptions = {}): Written {
  const wb = buildWorkbook(trace, opts);
  const epochs = schedule(trace.experiment, trace.train.rows.length, trace.epochs.length).epochs;
  return { bytes: wb.toXlsx(), epochs, formulas: wb.formulaCount() };
}

/**
 * Checks the size first (cheap), then trains the experiment keeping every number, then writes the
 * workbook. Returns the trace too, for a caller that wants to print a summary.
 */
export function exportExperiment(
  experiment: Experiment,
  opts: SheetOptions = {},
): Written & { trace: Trace; size: SheetSize } {
  const size = checkSheet(experiment);
  const trace = train(experiment, { trace: 'full' });
  return { ...exportWorkbook(trace, opts), trace, size };
}
