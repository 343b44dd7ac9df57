import { writeFileSync } from 'node:fs';
import type { GptExperiment } from '@unha/engine';
import type { Locale } from '@unha/explain';
import { SheetError, buildGptWorkbook, gptMessages, gptRunForSheet, sheetErrorMessage } from '@unha/sheet';
import { UserError } from '../errors';
import { progressBar } from '../view';
import { words } from '../words';

/** The steps a GPT's workbook holds: one full step and a few after it (the lesson may train for hundreds). */
export const GPT_SHEET_STEPS = 3;

/** The GPT's workbook: size checked before any step, then the first steps traced and written. */
export function exportGpt(g: { experiment: GptExperiment; text: string }, out: string, locale: Locale): void {
  const steps = Math.min(g.experiment.steps, GPT_SHEET_STEPS);
  let bytes: Uint8Array;
  let formulas: number;
  let written: number;
  try {
    const bar = progressBar(steps);
    const run = gptRunForSheet(g.experiment, { text: g.text, steps, onStep: (s) => bar.tick(s) });
    bar.done();
    const book = buildGptWorkbook(run, { locale });
    bytes = book.wb.toXlsx();
    formulas = book.wb.formulaCount();
    written = run.steps.length;
  } catch (e) {
    if (e instanceof SheetError) throw new UserError([sheetErrorMessage(e, locale)]);
    throw e;
  }
  try {
    writeFileSync(out, bytes);
  } catch (e) {
    throw new UserError([
      words(locale).fileUnwritable(out, (e as NodeJS.ErrnoException).code ?? (e as Error).message),
    ]);
  }
  for (const l of gptMessages(locale).written(out, written, g.experiment.steps, formulas)) console.log(l);
}
