import { SheetError } from '../errors';
import type { SheetLocale } from '../locales/index';
import { Workbook } from '../xlsx';
import { LmContext } from './context';
import { writeLmInputs } from './inputs';
import type { LmSheetRun } from './run';
import { checkLmSheet, lmShapeOf } from './size';
import { writeLmTraining } from './training';

export interface LmSheetOptions {
  /** Language of the labels and texts (default 'en'). */
  locale?: SheetLocale;
  /** Title on the Inputs and Read me sheets (default: the experiment's title). */
  title?: string;
}

/** What the sheet cannot write as formulas yet: a SheetError naming it, before anything is written. */
export function lmUnsupported(run: Pick<LmSheetRun, 'experiment' | 'dense'>): void {
  const exp = run.experiment;
  const last = run.dense.at(-1);
  if (last && last.activation !== 'identity')
    throw new SheetError({
      code: 'sheet_unsupported',
      feature: `model.layers[${exp.model.layers.length - 1}].activation: ${last.activation}`,
    });
  if (!exp.optimizer)
    throw new SheetError({ code: 'sheet_unsupported', feature: 'model.layers[0].type: counts' });
}

/**
 * The workbook of a language model's run: Read me, Inputs (constants, vocabulary, initial parameters
 * and training examples, all editable) and Training (one block per step, live formulas, the engine's
 * numbers as cached values). Throws a SheetError when it is too large or uses what the sheet cannot
 * write.
 */
export function buildLmWorkbook(run: LmSheetRun, opts: LmSheetOptions = {}): Workbook {
  lmUnsupported(run);
  checkLmSheet(lmShapeOf(run));
  const locale = opts.locale ?? 'en';
  const wb = new Workbook();
  const ctx = new LmContext(wb, run, locale);
  const t = run.experiment.title;
  const title =
    opts.title ?? (typeof t === 'string' ? t : (t?.[locale] ?? t?.en)) ?? ctx.lm.inputs.defaultTitle;
  const readme = wb.addSheet(ctx.msg.sheets.readme);
  const inputs = writeLmInputs(ctx, title);
  const training = writeLmTraining(ctx, inputs);
  writeLmReadme(
    ctx,
    readme,
    title,
    inputs.learningRate,
    training.map((s) => s.name),
  );
  return wb;
}

function writeLmReadme(
  ctx: LmContext,
  sheet: ReturnType<Workbook['addSheet']>,
  title: string,
  learningRate: string,
  training: string[],
): void {
  const { msg, lm, run, st } = ctx;
  sheet.width(0, 120);
  let row = 0;
  const line = (text: string, style = st.para): void => sheet.text(row++, 0, text, style);
  line(title, st.title);
  line(msg.readme.title, st.section);
  for (const p of lm.readme.intro) line(p);
  row++;
  line(msg.readme.columnsTitle, st.section);
  for (const c of lm.readme.columns) line(`• ${c}`);
  row++;
  line(msg.readme.tryTitle, st.section);
  for (const t of lm.readme.tryLines(learningRate.replace(/\$/g, ''))) line(`• ${t}`);
  row++;
  const notes: string[] = [];
  if (training.length > 1) notes.push(msg.readme.pages(training[0], training.slice(1)));
  if (run.valWords > 0) notes.push(lm.readme.heldOut(run.valWords));
  const opt = run.experiment.optimizer!;
  if (run.experiment.schedule) notes.push(lm.readme.schedule);
  if (opt.name === 'adamw' || (opt.weightDecay ?? 0) > 0) notes.push(lm.readme.decay);
  if (run.divergedAt !== undefined) notes.push(lm.readme.diverged(run.divergedAt));
  notes.push(msg.readme.noCache);
  line(msg.readme.notesTitle, st.section);
  for (const n of notes) line(`• ${n}`);
  row++;
  line(msg.readme.closing, st.note);
}

/** The .xlsx bytes of a language model's run. */
export function exportLmXlsx(run: LmSheetRun, opts: LmSheetOptions = {}): Uint8Array {
  return buildLmWorkbook(run, opts).toXlsx();
}

/** The bytes, the steps written and the formula cells of the whole workbook. */
export function exportLmWorkbook(
  run: LmSheetRun,
  opts: LmSheetOptions = {},
): { bytes: Uint8Array; steps: number; formulas: number } {
  const wb = buildLmWorkbook(run, opts);
  return { bytes: wb.toXlsx(), steps: run.steps.length, formulas: wb.formulaCount() };
}
