import type { GptExperiment } from '@unha/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGptWorkbook, gptRunForSheet } from '../src/index';
import type { GptSheet } from '../src/gpt/workbook';
import type { GptSheetRun } from '../src/gpt/run';
import { compareGptCells, expectGptRun } from './helpers/gpt-compare';
import { gptAdamCoupled, gptAdamw, gptAtRate, gptSgdTwoHeads, gptTinyLesson } from './helpers/gpt-cases';
import { LibreOffice, findSoffice } from './helpers/libreoffice';
import { type ReadWorkbook, namedValue, readXlsx, setCellNumber } from './helpers/read-xlsx';
import { runsWith } from './helpers/tool';

/**
 * The GPT workbook is live: a real LibreOffice (fresh profile, always recalculate on load)
 * recomputes every formula — forward, backward of every op, the optimizer — and every number must
 * equal, to 1e-9, the cached value written beside it and the engine's run: each step's loss and
 * every parameter after each step. Then learning_rate is edited in the file and the recomputed
 * sheet must equal the engine's run at that rate.
 */

const soffice = findSoffice();
const runs = runsWith(
  soffice !== null,
  'LibreOffice (soffice) not found: the live GPT spreadsheet tests are SKIPPED.',
  'Install libreoffice-calc (or set SOFFICE) to run them',
);

interface Case {
  name: string;
  exp: GptExperiment;
  locale: 'pt-BR' | 'en';
  lr: number;
  /** The steps the sheet holds (default all). */
  steps?: number;
}

const cases: Case[] = [
  { name: 'adamw, 1 layer, 1 head, width 4, block 4, batch 2', exp: gptAdamw, locale: 'en', lr: 0.01 },
  { name: 'sgd, 2 heads, random batches', exp: gptSgdTwoHeads, locale: 'pt-BR', lr: 1.5 },
  { name: 'adam with coupled decay, 2 layers', exp: gptAdamCoupled, locale: 'en', lr: 0.05 },
  {
    name: 'gpt-tiny (width 8, batch 4), 3 of its 300 steps',
    exp: gptTinyLesson,
    locale: 'pt-BR',
    lr: 0.1,
    steps: 3,
  },
];

interface Book {
  run: GptSheetRun;
  book: GptSheet;
  bytes: Uint8Array;
  read?: ReadWorkbook;
}

describe.skipIf(!runs)('the GPT workbook recomputed by LibreOffice', () => {
  let lo: LibreOffice;
  const base: Book[] = [];
  const edited: Book[] = [];

  beforeAll(async () => {
    if (!soffice)
      throw new Error('CI=true but LibreOffice (soffice) is not installed: these tests must run in CI');
    lo = new LibreOffice(soffice);
    const t0 = performance.now();
    for (const c of cases) {
      const run = gptRunForSheet(c.exp, { steps: c.steps });
      const book = buildGptWorkbook(run, { locale: c.locale });
      const bytes = book.wb.toXlsx();
      base.push({ run, book, bytes });
      const run2 = gptRunForSheet(gptAtRate(c.exp, c.lr), { steps: c.steps });
      edited.push({
        run: run2,
        book: buildGptWorkbook(run2, { locale: c.locale }),
        bytes: setCellNumber(bytes, 'learning_rate', c.lr),
      });
    }
    const start = performance.now();
    const { files, ms } = await lo.recalc([...base.map((b) => b.bytes), ...edited.map((e) => e.bytes)]);
    if (process.env.UNHA_SHEET_STATS)
      console.log(
        `soffice ${ms.toFixed(0)} ms for ${files.length} files; build ${(start - t0).toFixed(0)} ms`,
      );
    base.forEach((b, i) => (b.read = readXlsx(files[i])));
    edited.forEach((e, i) => (e.read = readXlsx(files[base.length + i])));
  }, 300_000);

  afterAll(() => lo?.dispose());

  cases.forEach((c, i) => {
    it(`${c.name}: every recomputed cell equals its cached number and the engine's run (1e-9)`, () => {
      const { book, run, read } = base[i];
      const cmp = compareGptCells(book, read!);
      if (process.env.UNHA_SHEET_STATS) console.log(c.name, cmp.formulas, cmp.worst, [...cmp.normOnly]);
      expect(cmp.formulas).toBeGreaterThan(1000);
      expect(cmp.mismatches.slice(0, 5)).toEqual([]);
      // Only the c_attn bias (its key part: a zero gradient up to rounding) and its optimizer state
      // need the tensor's scale; every other number agrees to 1e-9 of itself.
      for (const key of cmp.normOnly) expect(key).toMatch(/:transformer\.h\.\d\.attn\.c_attn\.bias$/);
      expectGptRun(read!, run);
    });

    it(`${c.name}: after editing learning_rate to ${c.lr}, the sheet equals the engine's run at that rate`, () => {
      const { book, run, read } = edited[i];
      expect(namedValue(read!, 'learning_rate')).toBe(c.lr);
      const cmp = compareGptCells(book, read!);
      expect(cmp.mismatches.slice(0, 5)).toEqual([]);
      for (const key of cmp.normOnly) expect(key).toMatch(/:transformer\.h\.\d\.attn\.c_attn\.bias$/);
      expectGptRun(read!, run);
      expect(namedValue(read!, 'final_loss')).not.toBe(base[i].run.steps.at(-1).loss);
    });
  });
});
