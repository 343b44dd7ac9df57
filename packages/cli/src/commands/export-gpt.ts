import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type GptExperiment, isGptExperiment, validateGptExperiment } from '@unha/engine';
import { type Locale, renderIssue } from '@unha/explain';
import * as lessonsPkg from '@unha/lessons';
import { SheetError, buildGptWorkbook, gptMessages, gptRunForSheet, sheetErrorMessage } from '@unha/sheet';
import { UserError } from '../errors';
import { LIMITS, parseJson, readText } from '../read';
import { progressBar } from '../view';
import { words } from '../words';

/** The steps a GPT's workbook holds: one full step and a few after it (the lesson may train for hundreds). */
export const GPT_SHEET_STEPS = 3;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A GPT lesson or experiment file, checked, with its text (inline, a file beside the experiment, or
 * a built-in corpus); undefined when the source is not a GPT. --lr and --batch-size apply.
 */
export function loadGpt(
  source: string,
  ov: { lr?: number; batchSize?: number },
  locale: Locale,
): { experiment: GptExperiment; text: string } | undefined {
  const lesson = lessonsPkg.findLesson(source) as { experiment: unknown } | undefined;
  const isFile = !lesson && /\.json$/i.test(source) && existsSync(source);
  const raw: unknown = lesson
    ? lesson.experiment
    : isFile
      ? parseJson(source, readText(source, locale, LIMITS.json), locale)
      : undefined;
  if (!isObj(raw) || !isGptExperiment(raw)) return undefined;
  const edited: Raw = { ...raw };
  if (ov.lr !== undefined && isObj(raw.optimizer)) edited.optimizer = { ...raw.optimizer, lr: ov.lr };
  if (ov.batchSize !== undefined) edited.batchSize = ov.batchSize;
  const r = validateGptExperiment(edited);
  if (!r.ok) throw new UserError(r.issues.map((i) => renderIssue(i, source, locale)));
  const data = r.value.data;
  if (data.text !== undefined) return { experiment: r.value, text: data.text };
  if (data.file !== undefined) {
    const path = isFile ? resolve(dirname(source), data.file) : data.file;
    return { experiment: r.value, text: readText(path, locale, LIMITS.csv) };
  }
  // The built-in corpora live in @unha/lessons, read only when an experiment names one.
  const corpusText = (lessonsPkg as { corpusText?: (id: string) => string | undefined }).corpusText;
  let text: string | undefined;
  try {
    text = data.corpus !== undefined ? corpusText?.(data.corpus) : undefined;
  } catch {
    // An unknown id: said below, in the learner's words.
  }
  if (text === undefined)
    throw new UserError([gptMessages(locale).unknownCorpus(source, String(data.corpus))]);
  return { experiment: r.value, text };
}

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
