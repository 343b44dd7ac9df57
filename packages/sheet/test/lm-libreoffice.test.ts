import type { LmExperiment } from '@unha/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLmXlsx, lmRunForSheet } from '../src/index';
import type { LmSheetRun } from '../src/lm/run';
import { close, compareFormulaCells } from './helpers/compare';
import { LibreOffice, findSoffice } from './helpers/libreoffice';
import { bigramSgd, mlp } from './helpers/lm-cases';
import {
  atRate,
  engineBigram,
  engineBigramSchedule,
  engineMlpAdamw,
  engineMlpContext3,
  engineMlpCoupledAdam,
  engineMlpCoupledSgd,
  engineMlpRandom,
  engineMlpSchedule,
} from './helpers/lm-engine-cases';
import { type RefExperiment, referenceRun } from './helpers/lm-reference';
import { type ReadWorkbook, namedValue, namedValues, readXlsx, setCellNumber } from './helpers/read-xlsx';
import { runsWith } from './helpers/tool';

/**
 * The language-model workbook is live: a real LibreOffice recomputes every formula (fresh profile,
 * always recalculate) and every value must equal, to 1e-9 relative, the run it was written from: the
 * loss of each step and every parameter after each step. Then learning_rate is edited in the file and
 * the recomputed sheet must equal the run at that rate.
 *
 * The runs come from the engine's LmTrainer (the numbers every interface shows) and from an
 * independent float64 reading of the contract (helpers/lm-reference.ts), which checks the formulas
 * against a second computation that shares no code with the engine.
 */

const soffice = findSoffice();
const runs = runsWith(
  soffice !== null,
  'LibreOffice (soffice) not found: the live language-model spreadsheet tests are SKIPPED.',
  'Install libreoffice-calc (or set SOFFICE) to run them',
);

interface Case {
  name: string;
  /** The run at some learning rate (undefined: the experiment's own). */
  run: (lr?: number) => LmSheetRun;
  locale: 'pt-BR' | 'en';
  /** The learner's edit of learning_rate. */
  lr: number;
}

const reference = (exp: RefExperiment) => (lr?: number) =>
  referenceRun(lr === undefined ? exp : { ...exp, optimizer: { ...exp.optimizer, lr } });
const engine = (exp: LmExperiment) => (lr?: number) =>
  lmRunForSheet(lr === undefined ? exp : atRate(exp, lr));

const cases: Case[] = [
  { name: 'engine: neural bigram, sgd', run: engine(engineBigram), locale: 'pt-BR', lr: 3 },
  { name: 'engine: MLP context 2 dim 2, adamw', run: engine(engineMlpAdamw), locale: 'en', lr: 0.01 },
  { name: 'engine: MLP, random batches, momentum', run: engine(engineMlpRandom), locale: 'pt-BR', lr: 0.1 },
  { name: 'engine: MLP context 3, 5 units, adam', run: engine(engineMlpContext3), locale: 'en', lr: 0.02 },
  { name: 'engine: weight decay on sgd (coupled)', run: engine(engineMlpCoupledSgd), locale: 'en', lr: 0.2 },
  {
    name: 'engine: weight decay on adam (coupled)',
    run: engine(engineMlpCoupledAdam),
    locale: 'pt-BR',
    lr: 0.05,
  },
  {
    name: 'engine: warm-up and cosine schedule, adam',
    run: engine(engineMlpSchedule),
    locale: 'pt-BR',
    lr: 0.3,
  },
  {
    name: 'engine: schedule with min_lr given, bigram sgd',
    run: engine(engineBigramSchedule),
    locale: 'en',
    lr: 4,
  },
  { name: 'reference: neural bigram, sgd', run: reference(bigramSgd), locale: 'pt-BR', lr: 2 },
  { name: 'reference: MLP, sgd', run: reference(mlp({ name: 'sgd', lr: 0.5 })), locale: 'en', lr: 1.5 },
  { name: 'reference: MLP, adam', run: reference(mlp({ name: 'adam', lr: 0.05 })), locale: 'en', lr: 0.2 },
  {
    name: 'reference: MLP, adamw',
    run: reference(mlp({ name: 'adamw', lr: 0.05, weightDecay: 0.1 })),
    locale: 'pt-BR',
    lr: 0.01,
  },
];

/** Every step's loss and the parameters after every step, read from the recomputed sheet. */
export function expectRunNumbers(wb: ReadWorkbook, run: LmSheetRun): void {
  const losses = namedValues(wb, 'losses').filter((v): v is number => typeof v === 'number');
  expect(losses.length).toBe(run.steps.length);
  losses.forEach((l, k) =>
    expect(close(l, run.steps[k].loss), `loss of step ${k + 1}: ${l} vs ${run.steps[k].loss}`).toBe(true),
  );
  expect(namedValue(wb, 'final_loss')).toBeCloseTo(run.steps.at(-1).loss, 12);
  for (const u of run.steps.at(-1).updates) {
    const got = namedValues(wb, `final_${u.name}`) as number[];
    expect(got.length).toBe(u.after.length);
    got.forEach((g, k) => expect(close(g, u.after[k]), `${u.name}[${k}] ${g} vs ${u.after[k]}`).toBe(true));
  }
}

describe.skipIf(!runs)('the language-model workbook recomputed by LibreOffice', () => {
  let lo: LibreOffice;
  const base: { run: LmSheetRun; bytes: Uint8Array; recomputed?: ReadWorkbook }[] = [];
  const edited: { run: LmSheetRun; expected: Uint8Array; bytes: Uint8Array; recomputed?: ReadWorkbook }[] =
    [];

  beforeAll(async () => {
    if (!soffice)
      throw new Error('CI=true but LibreOffice (soffice) is not installed: these tests must run in CI');
    lo = new LibreOffice(soffice);
    for (const c of cases) {
      const run = c.run();
      const bytes = exportLmXlsx(run, { locale: c.locale });
      base.push({ run, bytes });
      const run2 = c.run(c.lr);
      edited.push({
        run: run2,
        expected: exportLmXlsx(run2, { locale: c.locale }),
        bytes: setCellNumber(bytes, 'learning_rate', c.lr),
      });
    }
    const { files } = await lo.recalc([...base.map((b) => b.bytes), ...edited.map((e) => e.bytes)]);
    base.forEach((b, i) => (b.recomputed = readXlsx(files[i])));
    edited.forEach((e, i) => (e.recomputed = readXlsx(files[base.length + i])));
  }, 180_000);

  afterAll(() => lo?.dispose());

  cases.forEach((c, i) => {
    it(`${c.name}: every recomputed cell equals the run's numbers (1e-9)`, () => {
      const { bytes, run, recomputed } = base[i];
      const cmp = compareFormulaCells(bytes, recomputed!);
      expect(cmp.formulas).toBeGreaterThan(500);
      expect(cmp.mismatches.slice(0, 5)).toEqual([]);
      expectRunNumbers(recomputed!, run);
    });

    it(`${c.name}: after editing learning_rate to ${c.lr}, the sheet equals the run at that rate`, () => {
      const { expected, run, recomputed } = edited[i];
      expect(namedValue(recomputed!, 'learning_rate')).toBe(c.lr);
      const cmp = compareFormulaCells(expected, recomputed!);
      expect(cmp.mismatches.slice(0, 5)).toEqual([]);
      expectRunNumbers(recomputed!, run);
      expect(namedValue(recomputed!, 'final_loss')).not.toBe(base[i].run.steps.at(-1).loss);
    });
  });
});
