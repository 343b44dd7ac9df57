import { type LmExperiment, LmTrainer } from '@unha/engine';
import { describe, expect, it } from 'vitest';
import {
  SHEET_LIMITS,
  SheetError,
  checkLmTrainer,
  exportLmXlsx,
  lmRunForSheet,
  sheetErrorMessage,
} from '../src/index';
import { close } from './helpers/compare';
import {
  bigramTable,
  engineBigramGiven,
  engineMlpAdamw,
  lmExperiment,
  manyWords,
} from './helpers/lm-engine-cases';
import { hasOpenpyxl, readWithOpenpyxl } from './helpers/openpyxl';
import { type ReadWorkbook, namedValue, namedValues, readXlsx } from './helpers/read-xlsx';
import { xlsxXmlErrors } from './helpers/strict-xml';
import { runsWith } from './helpers/tool';

/** The cell under a column label (header row 2) of a Training sheet, on a sheet row (1-based). */
function at(
  wb: ReadWorkbook,
  sheet: string,
  label: string,
  row: number,
): { formula?: string; value: unknown } {
  const cells = wb.sheets.get(sheet)!;
  const header = [...cells.values()].find((c) => /^[A-Z]+2$/.test(c.ref) && c.value === label);
  if (!header) throw new Error(`no column ${label}`);
  return cells.get(header.ref.replace(/\d+$/, String(row)))!;
}

const CHARS = ['.', 'a', 'b', 'c', 'd', 'e', 'i', 'n', 'o', 'r', 'u', 'v'];

describe('the neural bigram’s workbook, step 1 redone by hand', () => {
  const run = lmRunForSheet(engineBigramGiven);
  const en = readXlsx(exportLmXlsx(run, { locale: 'en' }));
  const pt = readXlsx(exportLmXlsx(run, { locale: 'pt-BR' }));

  it('has the sheets in reading order, in the chosen language', () => {
    expect([...en.sheets.keys()]).toEqual(['Read me', 'Inputs', 'Training']);
    expect([...pt.sheets.keys()]).toEqual(['Leia-me', 'Entradas', 'Treino']);
    expect(run.chars).toEqual(CHARS);
  });

  // Example 1 is ". → a": its logits are row "." of E, as given in the experiment.
  const z = bigramTable[0];
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  const p = e.map((v) => v / sum);

  it('looks up row "." of E, then softmax: max, e^(z − max), Σ, p, and −ln p[a]', () => {
    const row = 4;
    expect(at(en, 'Training', 'c1', row).value).toBe(0);
    expect(at(en, 'Training', 'y', row).value).toBe(1);
    expect(at(en, 'Training', 'z[b]', row).formula).toBe('INDEX(C$4:EP$4,1,EQ4*12+3)');
    CHARS.forEach((ch, k) => expect(at(en, 'Training', `z[${ch}]`, row).value).toBe(z[k]));
    expect(at(en, 'Training', 'max', row).value).toBe(max);
    CHARS.forEach((ch, k) =>
      expect(close(at(en, 'Training', `e[${ch}]`, row).value as number, e[k], 1e-14)).toBe(true),
    );
    expect(close(at(en, 'Training', 'Σe', row).value as number, sum, 1e-14)).toBe(true);
    CHARS.forEach((ch, k) =>
      expect(close(at(en, 'Training', `p[${ch}]`, row).value as number, p[k], 1e-14)).toBe(true),
    );
    const nll = at(en, 'Training', '−ln p[y]', row);
    expect(nll.formula).toMatch(/^-LN\(INDEX\([A-Z]+4:[A-Z]+4,1,[A-Z]+4\+1\)\)$/);
    expect(close(nll.value as number, -Math.log(p[1]), 1e-14)).toBe(true);
    // ∂L/∂z = (p − onehot)/B with B = 8 examples in the batch.
    expect(close(at(en, 'Training', '∂L/∂z[a]', row).value as number, (p[1] - 1) / 8, 1e-13)).toBe(true);
    expect(close(at(en, 'Training', '∂L/∂z[v]', row).value as number, p[11] / 8, 1e-13)).toBe(true);
  });

  it('row "." is used by two examples of batch 1 (". → a" of ana, ". → b" of bia): its gradient has both', () => {
    // Batch 1 = examples 1–8: ana (.→a a→n n→a a→.), bia (.→b b→i i→a a→.). Both ". →" rows have the logits of row ".".
    const grad = p.map((pk, k) => (2 * pk - (k === 1 ? 1 : 0) - (k === 2 ? 1 : 0)) / 8);
    CHARS.forEach((ch, k) => {
      const g = at(en, 'Training', `∂L/∂E[.,${ch}]`, 4);
      expect(g.formula).toMatch(/^SUMIF\([A-Z]+4:[A-Z]+11,0,[A-Z]+4:[A-Z]+11\)$/);
      expect(close(g.value as number, grad[k], 1e-13), `∂L/∂E[.,${ch}]`).toBe(true);
      const next = at(en, 'Training', `new E[.,${ch}]`, 4);
      expect(next.formula).toMatch(/^[A-Z]+4-learning_rate\*[A-Z]+4$/);
      expect(close(next.value as number, z[k] - 10 * grad[k], 1e-13)).toBe(true);
    });
    expect(at(pt, 'Treino', `E[.,a] novo`, 4).formula).toBe(at(en, 'Training', `new E[.,a]`, 4).formula);
  });

  it('names the inputs and the results', () => {
    expect(namedValue(en, 'learning_rate')).toBe(10);
    expect(namedValues(en, 'initial_E')).toEqual(bigramTable.flat());
    expect(namedValues(en, 'losses').filter((v) => typeof v === 'number')).toEqual(
      run.steps.map((s) => s.loss),
    );
    expect(namedValue(en, 'final_loss')).toBe(run.steps[2].loss);
    expect(namedValues(en, 'final_E')).toEqual(Array.from(run.steps[2].updates[0].after));
  });
});

describe('the tiny MLP’s workbook', () => {
  const run = lmRunForSheet(engineMlpAdamw);
  const bytes = exportLmXlsx(run, { locale: 'en' });
  const wb = readXlsx(bytes);

  it('adds every use of a row of E: context ". ." uses row "." twice in one example', () => {
    // ∂L/∂E[.,1] = Σ over the batch's rows of ∂L/∂E[c1,1]·[c1 = 0] + ∂L/∂E[c2,1]·[c2 = 0].
    const rows = run.steps[0].batch.map((_, n) => 4 + n);
    let sum = 0;
    for (const r of rows) {
      if (at(wb, 'Training', 'c1', r).value === 0)
        sum += at(wb, 'Training', '∂L/∂E[c1,1]', r).value as number;
      if (at(wb, 'Training', 'c2', r).value === 0)
        sum += at(wb, 'Training', '∂L/∂E[c2,1]', r).value as number;
    }
    expect(rows.filter((r) => at(wb, 'Training', 'c2', r).value === 0).length).toBeGreaterThan(0);
    const g = at(wb, 'Training', '∂L/∂E[.,1]', 4);
    expect(g.formula!.match(/SUMIF/g)!.length).toBe(2);
    expect(close(g.value as number, sum, 1e-12)).toBe(true);
  });

  it('writes AdamW as PyTorch: the decay on E and W, never on the biases', () => {
    expect(at(wb, 'Training', 'new E[a,1]', 4).formula).toMatch(
      /^[A-Z]+4\*\(1-learning_rate\*weight_decay\)-learning_rate\*/,
    );
    expect(at(wb, 'Training', 'new W2[a,1]', 4).formula).toContain('weight_decay');
    expect(at(wb, 'Training', 'new b1[1]', 4).formula).not.toContain('weight_decay');
    expect(namedValue(wb, 'weight_decay')).toBe(0.1);
  });

  it('every XML part is well-formed for a strict parser, in both languages', () => {
    for (const b of [
      bytes,
      exportLmXlsx(run, { locale: 'pt-BR' }),
      exportLmXlsx(lmRunForSheet(engineBigramGiven)),
    ]) {
      const { parts, errors } = xlsxXmlErrors(b);
      expect(parts).toBeGreaterThanOrEqual(8);
      expect(errors).toEqual([]);
    }
  });

  const openpyxl = hasOpenpyxl();
  it.skipIf(
    !runsWith(
      openpyxl,
      'openpyxl not found: reading the LM workbook back with it is SKIPPED.',
      'apt-get install python3-openpyxl',
    ),
  )('openpyxl reads it back: the same formulas, names and cached values', () => {
    if (!openpyxl) throw new Error('CI=true but openpyxl is not installed: this test must run in CI');
    const [book] = readWithOpenpyxl([bytes]);
    expect(book.sheets).toEqual(['Read me', 'Inputs', 'Training']);
    let formulas = 0;
    for (const [ref, [f, v]] of Object.entries(book.cells.Training)) {
      const ours = wb.sheets.get('Training')!.get(ref)!;
      if (f === null) continue;
      formulas++;
      expect(f, ref).toBe(`=${ours.formula}`);
      expect(v, ref).toBe(ours.value);
    }
    expect(formulas).toBe([...wb.sheets.get('Training')!.values()].filter((c) => c.formula).length);
    expect(book.names.final_W2.cells.map(([, v]) => v)).toEqual(
      Array.from(run.steps.at(-1).updates.find((u) => u.name === 'W2')!.after),
    );
    expect(book.names.learning_rate.cells).toEqual([[null, 0.05]]);
  });
});

describe('a language model too large for a sheet says what fits', () => {
  const tooLarge = (exp: LmExperiment, words?: string[]): SheetError => {
    try {
      checkLmTrainer(new LmTrainer(exp, { ...(words && { words }) }));
    } catch (e) {
      if (e instanceof SheetError) return e;
      throw e;
    }
    throw new Error('expected a SheetError');
  };
  const withWords = (words: string[]): LmExperiment => ({
    ...structuredClone(engineMlpAdamw),
    data: { ...engineMlpAdamw.data, words, split: { train: 1, val: 0 } },
    model: { ...engineMlpAdamw.model, init: { seed: 1 } },
  });

  it('a corpus: too many examples, about how many words fit', () => {
    const words = manyWords(6000);
    const e = tooLarge(withWords(words));
    expect(e.info).toMatchObject({
      code: 'sheet_lm_too_large',
      quantity: 'examples',
      limit: SHEET_LIMITS.examples,
    });
    const maxWords = (e.info as { maxWords: number }).maxWords;
    expect(maxWords).toBeGreaterThan(1000);
    expect(maxWords).toBeLessThan(6000);
    expect(sheetErrorMessage(e, 'en')).toContain(`about the first ${maxWords.toLocaleString('en')} fit`);
    expect(sheetErrorMessage(e, 'pt-BR')).toContain(
      `cabem cerca das primeiras ${maxWords.toLocaleString('pt-BR')}`,
    );
    // The words that the message says fit, do.
    expect(() =>
      checkLmTrainer(new LmTrainer(withWords(words.slice(0, Math.floor(maxWords * 0.98))))),
    ).not.toThrow();
  });

  it('too many steps: the most that fit, and one more does not', () => {
    const exp = { ...structuredClone(engineMlpAdamw), steps: 5_000 };
    const e = tooLarge(exp);
    expect(e.info).toMatchObject({ code: 'sheet_lm_too_large', quantity: 'cells' });
    const maxSteps = (e.info as { maxSteps: number }).maxSteps;
    expect(sheetErrorMessage(e, 'en')).toContain(`At most ${maxSteps.toLocaleString('en')} step(s) fit`);
    expect(sheetErrorMessage(e, 'pt-BR')).toContain(
      `Cabem no máximo ${maxSteps.toLocaleString('pt-BR')} passo(s)`,
    );
    expect(() => checkLmTrainer(new LmTrainer({ ...exp, steps: maxSteps }))).not.toThrow();
    expect(() => checkLmTrainer(new LmTrainer({ ...exp, steps: maxSteps + 1 }))).toThrow(SheetError);
  });

  it('too wide a model: the columns, whatever the steps', () => {
    const exp = lmExperiment({
      ...engineMlpAdamw,
      model: {
        layers: [{ type: 'embedding', dim: 2 }, { units: 300, activation: 'tanh' }, { units: 'vocab' }],
        init: { seed: 1 },
      },
    });
    const e = tooLarge(exp);
    expect(e.info).toMatchObject({ code: 'sheet_lm_too_large', quantity: 'columns' });
    expect(sheetErrorMessage(e, 'en')).toMatch(/not with the steps/);
    expect(sheetErrorMessage(e, 'pt-BR')).toMatch(/não com os passos/);
  });

  it('what the sheet cannot write is named: logits through an activation, the counting model', () => {
    const squashed = structuredClone(engineMlpAdamw);
    squashed.model.layers[2] = { type: 'dense', units: 'vocab', activation: 'tanh' };
    expect(sheetErrorMessage(tooLarge(squashed), 'en')).toMatch(
      /does not support model\.layers\[2\]\.activation: tanh/,
    );
    expect(sheetErrorMessage(tooLarge(squashed), 'pt-BR')).toMatch(
      /não suporta model\.layers\[2\]\.activation: tanh/,
    );
    const counts = lmExperiment({
      data: { words: ['ana', 'bia'], context: 1, split: { train: 1, val: 0 } },
      model: { layers: [{ type: 'counts', smoothing: 1 }], init: { seed: 0 } },
      loss: 'cross-entropy',
      steps: 0,
    });
    expect(tooLarge(counts).info).toMatchObject({ code: 'sheet_unsupported' });
  });
});
