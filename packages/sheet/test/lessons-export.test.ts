import { type Experiment, type Trace, train } from '@unha/engine';
import { lessons } from '@unha/lessons';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { SHEET_LIMITS, SheetError, checkSheet, exportXlsx, sheetErrorMessage } from '../src/index';
import { close } from './helpers/compare';
import { type OpenpyxlBook, hasOpenpyxl, namedValues, readWithOpenpyxl } from './helpers/openpyxl';
import { runsWith } from './helpers/tool';
import { xlsxXmlErrors } from './helpers/strict-xml';

/**
 * Every lesson's export, checked by code that is not ours: each XML part parsed by a strict parser
 * (saxes), and the workbook read back by openpyxl, whose formulas, defined names and cached values
 * must be the engine's run. A lesson too long for a sheet must name the most epochs that fit (and
 * one more must not fit). Each lesson is written with at most PARSED_EPOCHS epochs: the parts are
 * the same markup whatever the epochs, and 100,000 cells took over a minute to write while the whole
 * suite loaded this machine.
 */

/** The most epochs of a lesson's export in the strict-parse test. */
const PARSED_EPOCHS = 20;

const withEpochs = (exp: Experiment, epochs: number): Experiment => ({ ...structuredClone(exp), epochs });

/** The lesson's experiment at a few epochs, and how many fit when its default epochs do not. */
function exportable(exp: Experiment): { exp: Experiment; maxEpochs?: number; message?: string } {
  try {
    checkSheet(exp);
    return { exp: withEpochs(exp, Math.min(exp.epochs, PARSED_EPOCHS)) };
  } catch (e) {
    if (!(e instanceof SheetError) || e.info.code !== 'sheet_too_large' || !e.info.maxEpochs) throw e;
    return {
      exp: withEpochs(exp, Math.min(e.info.maxEpochs, PARSED_EPOCHS)),
      maxEpochs: e.info.maxEpochs,
      message: sheetErrorMessage(e, 'en'),
    };
  }
}

describe('every lesson exports, and a strict XML parser accepts every part', () => {
  for (const lesson of lessons)
    it(`${lesson.id}`, () => {
      const { exp, maxEpochs, message } = exportable(lesson.experiment);
      if (maxEpochs !== undefined) {
        // The advice is exact: that many epochs fit, one more does not.
        expect(message).toContain(`--epochs ${maxEpochs}`);
        expect(() => checkSheet(withEpochs(lesson.experiment, maxEpochs + 1))).toThrow(SheetError);
      }
      const size = checkSheet(exp);
      const bytes = exportXlsx(train(exp), { locale: 'pt-BR' });
      const { parts, errors } = xlsxXmlErrors(bytes);
      expect(errors).toEqual([]);
      expect(parts).toBe(6 + 3 + size.sheets); // package parts; Read me, Inputs, explanation; Training sheet(s)
      // The size counted before training is the written one: widest sheet, sheets, formula cells.
      const files = unzipSync(bytes);
      const sheetXml = Object.keys(files).filter((p) => p.startsWith('xl/worksheets/'));
      expect(sheetXml.length).toBe(3 + size.sheets);
      const widest = Math.max(
        ...sheetXml.map((p) => [...strFromU8(files[p]).matchAll(/<col min="(\d+)"/g)].length),
      );
      expect(widest).toBe(size.columns);
      expect(size.columns).toBeLessThanOrEqual(SHEET_LIMITS.columns);
    });
});

/** The lessons that once could not be exported at all (too many columns or cells). */
const WIDE = ['two-inputs-network', 'overfitting', 'overfitting-l2', 'overfitting-dropout'];

const openpyxl = hasOpenpyxl();
const runs = runsWith(
  openpyxl,
  'openpyxl (Debian python3-openpyxl) not found: reading the workbooks back with it is SKIPPED.',
  'apt-get install python3-openpyxl to run it',
);

describe.skipIf(!runs)('every lesson’s workbook read back by openpyxl', () => {
  // A few epochs each keep the Python side quick; the wide lessons are the point of the split sheets.
  const runs = lessons.map((l) => {
    const exp = withEpochs(l.experiment, Math.min(l.experiment.epochs, WIDE.includes(l.id) ? 4 : 12));
    const trace = train(exp);
    return { id: l.id, trace, bytes: exportXlsx(trace, { locale: 'en' }) };
  });
  let books: OpenpyxlBook[] = [];
  it('openpyxl opens every file', () => {
    if (!openpyxl) throw new Error('CI=true but openpyxl is not installed: this test must run in CI');
    books = readWithOpenpyxl(runs.map((r) => r.bytes));
    expect(books.length).toBe(runs.length);
  }, 120_000);

  runs.forEach((r, i) =>
    it(`${r.id}: formulas, defined names and cached values are the engine’s run`, () => {
      const book = books[i];
      expect(book, 'openpyxl did not read the file').toBeDefined();
      expectEngineNumbers(book, r.trace);
      const training = book.sheets.filter((s) => s.startsWith('Training'));
      expect(training[0]).toBe('Training');
      if (WIDE.includes(r.id) && r.id !== 'two-inputs-network') expect(training.length).toBeGreaterThan(1);
      // Every computed cell is a formula with a numeric cached value, wherever the sheets were split
      // (after a divergence, the epochs the engine did not run have formulas and no value).
      let formulas = 0;
      let cached = 0;
      for (const s of training)
        for (const [ref, [f, v]] of Object.entries(book.cells[s])) {
          if (f === null) continue;
          formulas++;
          if (v !== null) cached++;
          if (!r.trace.diverged) expect(typeof v, `${s}!${ref} ${f}`).toBe('number');
        }
      expect(formulas).toBe(checkSheet(r.trace.experiment).cells);
      if (r.trace.diverged) expect(cached).toBeLessThan(formulas);
    }),
  );
});

/** learning_rate, losses, final_loss and final_W/b as openpyxl reads them, against the trace. */
function expectEngineNumbers(book: OpenpyxlBook, trace: Trace): void {
  expect(namedValues(book, 'learning_rate')).toEqual([trace.experiment.optimizer.lr]);
  const steps = trace.epochs.flatMap((e) => e.steps.map((s) => s.loss));
  const losses = namedValues(book, 'losses').filter((v) => v !== null) as number[];
  expect(losses.length).toBe(steps.length);
  losses.forEach((l, k) => expect(close(l, steps[k]), `loss ${k}: ${l} vs ${steps[k]}`).toBe(true));
  const last = trace.epochs.at(-1);
  // A run that diverged has its last epoch (a formula) uncomputed; the engine stopped before it.
  if (trace.diverged) {
    expect(namedValues(book, 'final_loss')).toEqual([null]);
    return;
  }
  expect(namedValues(book, 'final_loss')).toEqual([last.loss]);
  expect(book.names.final_loss.cells[0][0]).toMatch(/^=AVERAGE\(|^=[A-Z]+\d+\+[A-Z]+\d+$/);
  for (const [name, value] of Object.entries(last.params))
    expect(namedValues(book, `final_${name}`), name).toEqual(value.flat());
}
