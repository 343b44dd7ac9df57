import { type Experiment, type Trace, initialParams, train } from '@unha/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportXlsx } from '../src/index';
import { compareFormulaCells, close } from './helpers/compare';
import {
  deepAdam,
  dropout,
  fourPairs,
  miniBatches,
  momentumL2Normalized,
  seedNeuron,
  tanhSigmoidSgd,
  twoInputs,
} from './helpers/experiments';
import { LibreOffice, findSoffice } from './helpers/libreoffice';
import { runsWith } from './helpers/tool';
import {
  type ReadWorkbook,
  namedValue,
  namedValues,
  readXlsx,
  setCellNumber,
  splitRef,
} from './helpers/read-xlsx';

/**
 * Proof that the spreadsheet is live: a real LibreOffice opens each exported workbook, recomputes
 * every formula (a fresh profile set to always recalculate on load) and every recomputed value must
 * match the engine's trace to 1e-9 relative. Then the learning rate and one initial weight are changed
 * in the file, LibreOffice recomputes, and the result must match the engine run at those values.
 */

const soffice = findSoffice();
const runs = runsWith(
  soffice !== null,
  'LibreOffice (soffice) not found: the live-spreadsheet tests are SKIPPED.',
  'Install libreoffice-calc (or set SOFFICE) to run them',
);

interface Case {
  name: string;
  exp: Experiment;
  locale: 'pt-BR' | 'en';
  /** The learner's edits: a new learning rate and a new W1[0][0]. */
  lr: number;
  w00: number;
}

const cases: Case[] = [
  { name: 'seed neuron, LR 0.1 (oscillates)', exp: seedNeuron(0.1), locale: 'pt-BR', lr: 0.01, w00: 1 },
  { name: 'seed neuron, LR 0.01 (converges)', exp: seedNeuron(0.01), locale: 'en', lr: 0.1, w00: 0.25 },
  { name: 'four pairs of y = 2x + 1', exp: fourPairs, locale: 'pt-BR', lr: 0.02, w00: 1.5 },
  { name: 'one neuron, two inputs', exp: twoInputs, locale: 'en', lr: 0.1, w00: 1 },
  { name: '2-3-1 tanh/sigmoid, sgd', exp: tanhSigmoidSgd, locale: 'en', lr: 1.5, w00: -0.7 },
  { name: '2-3-2-1 sigmoid/tanh, adam', exp: deepAdam, locale: 'pt-BR', lr: 0.01, w00: 0.9 },
  {
    name: 'relu, momentum, L2, normalized, 2 outputs',
    exp: momentumL2Normalized,
    locale: 'en',
    lr: 0.02,
    w00: 0.3,
  },
  {
    name: 'shuffled mini-batches, validation split, adam',
    exp: miniBatches,
    locale: 'pt-BR',
    lr: 0.3,
    w00: -1,
  },
  { name: 'dropout on two hidden layers, adam', exp: dropout, locale: 'en', lr: 0.05, w00: 0.5 },
];

/** The experiment a learner gets by editing learning_rate and W1[0][0] in the Inputs sheet. */
function edited(c: Case): Experiment {
  const copy = structuredClone(c.exp);
  const init = initialParams(c.exp);
  (init.W1 as number[][])[0][0] = c.w00;
  copy.model.init = init;
  copy.optimizer.lr = c.lr;
  return copy;
}

function firstCell(wb: ReadWorkbook, name: string): string {
  const { sheet, ref } = splitRef(wb.names.get(name)!.split(':')[0]);
  return `${sheet}!${ref}`;
}

/** The recomputed losses, final loss and final parameters must be the engine's. */
function expectTraceNumbers(wb: ReadWorkbook, trace: Trace): void {
  const last = trace.epochs.at(-1);
  const finalLoss = namedValue(wb, 'final_loss') as number;
  expect(close(finalLoss, last.loss), `final_loss ${finalLoss} vs ${last.loss}`).toBe(true);
  for (const [name, value] of Object.entries(last.params)) {
    const got = namedValues(wb, `final_${name}`) as number[];
    const want = value.flat();
    expect(got.length).toBe(want.length);
    got.forEach((g, k) => expect(close(g, want[k]), `${name}[${k}] ${g} vs ${want[k]}`).toBe(true));
  }
  // The loss column holds one loss per update: with full batches, one per epoch.
  const losses = namedValues(wb, 'losses').filter((v): v is number => typeof v === 'number');
  const steps = trace.epochs.flatMap((e) => e.steps.map((s) => s.loss));
  expect(losses.length).toBe(steps.length);
  losses.forEach((l, k) => expect(close(l, steps[k]), `loss ${k}: ${l} vs ${steps[k]}`).toBe(true));
}

describe.skipIf(!runs)('the exported workbook recomputed by LibreOffice', () => {
  let lo: LibreOffice;
  const base: { trace: Trace; bytes: Uint8Array; recomputed?: ReadWorkbook }[] = [];
  const changed: { trace: Trace; expected: Uint8Array; bytes: Uint8Array; recomputed?: ReadWorkbook }[] = [];

  beforeAll(async () => {
    if (!soffice)
      throw new Error('CI=true but LibreOffice (soffice) is not installed: these tests must run in CI');
    lo = new LibreOffice(soffice);
    for (const c of cases) {
      const trace = train(c.exp);
      const bytes = exportXlsx(trace, { locale: c.locale });
      base.push({ trace, bytes });
      // The learner's edits, written into the file's cells (not a new export).
      const wb = readXlsx(bytes);
      const edits = setCellNumber(
        setCellNumber(bytes, 'learning_rate', c.lr),
        firstCell(wb, 'initial_W1'),
        c.w00,
      );
      const trace2 = train(edited(c));
      changed.push({ trace: trace2, expected: exportXlsx(trace2, { locale: c.locale }), bytes: edits });
    }
    // One soffice start for every file: start-up dominates the time.
    const { files } = await lo.recalc([...base.map((b) => b.bytes), ...changed.map((c) => c.bytes)]);
    base.forEach((b, i) => (b.recomputed = readXlsx(files[i])));
    changed.forEach((c, i) => (c.recomputed = readXlsx(files[base.length + i])));
  }, 180_000);

  afterAll(() => lo?.dispose());

  cases.forEach((c, i) => {
    it(`${c.name}: every recomputed cell equals the engine's number`, () => {
      const { bytes, trace, recomputed } = base[i];
      const cmp = compareFormulaCells(bytes, recomputed!);
      expect(cmp.formulas).toBeGreaterThan(10);
      expect(cmp.mismatches.slice(0, 5)).toEqual([]);
      expectTraceNumbers(recomputed!, trace);
    });

    it(`${c.name}: after editing learning_rate and W1 in the file, the sheet matches the engine at those values`, () => {
      const { expected, trace, recomputed } = changed[i];
      expect(namedValue(recomputed!, 'learning_rate')).toBe(c.lr);
      const cmp = compareFormulaCells(expected, recomputed!);
      expect(cmp.mismatches.slice(0, 5)).toEqual([]);
      expectTraceNumbers(recomputed!, trace);
      expect(namedValue(recomputed!, 'final_loss')).not.toBe(base[i].trace.epochs.at(-1).loss);
    });
  });
});
