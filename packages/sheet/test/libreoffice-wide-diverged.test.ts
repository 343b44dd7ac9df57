import { type Experiment, type Trace, train } from '@unha/engine';
import { explainDivergence } from '@unha/explain';
import { findLesson } from '@unha/lessons';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportXlsx } from '../src/index';
import { close, compareFormulaCells } from './helpers/compare';
import { deepAdam, dropout, miniBatches, seedNeuron } from './helpers/experiments';
import { LibreOffice, findSoffice } from './helpers/libreoffice';
import { runsWith } from './helpers/tool';
import { type ReadWorkbook, namedValue, namedValues, readXlsx } from './helpers/read-xlsx';

/**
 * The workbooks that once could not be written, recomputed by a real LibreOffice (one soffice call
 * for all of them): the wide lessons, whose parameter columns continue on more Training sheets, and
 * runs that diverged, for every kind of training. Every cell with the engine's number must come
 * back from LibreOffice's own computation to 1e-9 relative.
 */

const soffice = findSoffice();
const runs = runsWith(
  soffice !== null,
  'LibreOffice (soffice) not found: the wide and diverged workbook tests are SKIPPED.',
  'Install libreoffice-calc (or set SOFFICE) to run them',
);

const lesson = (id: string, epochs: number): Experiment => ({
  ...structuredClone(findLesson(id)!.experiment),
  epochs,
});
const withOptimizer = (exp: Experiment, optimizer: Experiment['optimizer']): Experiment => ({
  ...structuredClone(exp),
  optimizer,
});

/** `unha export nonlinear-hidden --dropout 0.5 --lr 1e200`: W1 explodes in the first update. */
function nonlinearDropout(): Experiment {
  const exp = lesson('nonlinear-hidden', 300);
  exp.model.layers[0].dropout = 0.5;
  exp.optimizer.lr = 1e200;
  return exp;
}

interface Case {
  name: string;
  exp: Experiment;
  locale: 'pt-BR' | 'en';
  /** Training sheets expected (the wide lessons are split). */
  sheets?: number;
  /** Complete epochs the engine ran before diverging, when it diverges. */
  diverges?: number;
}

const cases: Case[] = [
  { name: 'two-inputs-network, 20 epochs', exp: lesson('two-inputs-network', 20), locale: 'en', sheets: 1 },
  { name: 'overfitting, 5 epochs', exp: lesson('overfitting', 5), locale: 'pt-BR', sheets: 4 },
  { name: 'overfitting-l2, 5 epochs', exp: lesson('overfitting-l2', 5), locale: 'en', sheets: 4 },
  { name: 'overfitting-dropout, 5 epochs', exp: lesson('overfitting-dropout', 5), locale: 'en', sheets: 4 },
  { name: 'full batch diverges (seed, LR 1)', exp: seedNeuron(1), locale: 'pt-BR', diverges: 3 },
  {
    name: 'shuffled mini-batches diverge in epoch 2 (sgd, LR 0.5)',
    exp: withOptimizer(miniBatches, { name: 'sgd', lr: 0.5 }),
    locale: 'en',
    diverges: 1,
  },
  {
    name: 'shuffled mini-batches with Adam diverge in epoch 1 (LR 1e5)',
    exp: withOptimizer(miniBatches, { name: 'adam', lr: 1e5 }),
    locale: 'pt-BR',
    diverges: 0,
  },
  {
    name: 'dropout diverges in epoch 4 (sgd, LR 20)',
    exp: withOptimizer(dropout, { name: 'sgd', lr: 20 }),
    locale: 'en',
    diverges: 3,
  },
  {
    name: 'dropout diverges in epoch 1 (nonlinear-hidden)',
    exp: nonlinearDropout(),
    locale: 'en',
    diverges: 0,
  },
  {
    name: 'Adam diverges in epoch 2 (full batch, LR 1000)',
    exp: withOptimizer(deepAdam, { name: 'adam', lr: 1000 }),
    locale: 'pt-BR',
    diverges: 1,
  },
];

describe.skipIf(!runs)('wide and diverged workbooks recomputed by LibreOffice', () => {
  let lo: LibreOffice;
  const runs: { trace: Trace; bytes: Uint8Array; recomputed?: ReadWorkbook }[] = [];

  beforeAll(async () => {
    if (!soffice)
      throw new Error('CI=true but LibreOffice (soffice) is not installed: these tests must run in CI');
    lo = new LibreOffice(soffice);
    for (const c of cases) {
      const trace = train(c.exp);
      runs.push({ trace, bytes: exportXlsx(trace, { locale: c.locale }) });
    }
    const { files } = await lo.recalc(runs.map((r) => r.bytes));
    runs.forEach((r, i) => (r.recomputed = readXlsx(files[i])));
  }, 240_000);

  afterAll(() => lo?.dispose());

  cases.forEach((c, i) =>
    it(c.name, () => {
      const { trace, bytes, recomputed } = runs[i];
      const wb = recomputed!;
      const training = [...wb.sheets.keys()].filter((s) => /^(Training|Treino)/.test(s));
      if (c.sheets !== undefined) expect(training.length).toBe(c.sheets);
      expect(trace.epochs.length).toBe(c.diverges ?? c.exp.epochs);
      expect(Boolean(trace.diverged)).toBe(c.diverges !== undefined);
      // Every cell that holds an engine number is recomputed by LibreOffice to that number.
      const cmp = compareFormulaCells(bytes, wb, 1e-9, true);
      expect(cmp.mismatches.slice(0, 5)).toEqual([]);
      const steps = trace.epochs.flatMap((e) => e.steps.map((s) => s.loss));
      if (c.diverges === 0) {
        // Nothing complete to show: no formulas, and the Read me says what happened.
        expect(cmp.formulas).toBe(0);
        expect(wb.names.has('losses')).toBe(false);
        const dv = explainDivergence(trace, [], { locale: c.locale, decimals: 4 })!;
        const readme = [...[...wb.sheets.values()][0].values()].map((x) => x.value);
        expect(readme).toContain(`${dv.title}. ${dv.what}`);
        return;
      }
      expect(cmp.formulas).toBeGreaterThan(10);
      const losses = namedValues(wb, 'losses').filter((v): v is number => typeof v === 'number');
      steps.forEach((l, k) => expect(close(losses[k], l), `loss ${k}: ${losses[k]} vs ${l}`).toBe(true));
      if (!trace.diverged) {
        const last = trace.epochs.at(-1);
        expect(close(namedValue(wb, 'final_loss') as number, last.loss)).toBe(true);
        for (const [name, value] of Object.entries(last.params))
          (namedValues(wb, `final_${name}`) as number[]).forEach((g, k) =>
            expect(close(g, value.flat()[k]), `${name}[${k}]`).toBe(true),
          );
        return;
      }
      // Past the engine's last step the sheet goes on: with full batches its next loss is the one
      // at which the engine stopped (recomputed by LibreOffice from the formulas alone).
      if (
        trace.epochs.length < c.exp.epochs &&
        c.exp.shuffle !== true &&
        !c.exp.model.layers.some((l) => l.dropout)
      )
        expect(close(losses[steps.length], trace.diverged.value, 1e-6)).toBe(true);
      else expect(losses.length).toBe(steps.length);
    }),
  );
});
