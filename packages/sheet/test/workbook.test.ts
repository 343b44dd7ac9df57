import { type Trace, train } from '@unha/engine';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  SHEET_LIMITS,
  SheetError,
  exportExperiment,
  exportXlsx,
  sheetErrorMessage,
  sheetSize,
} from '../src/index';
import {
  deepAdam,
  dropout,
  experiment,
  fourPairs,
  miniBatches,
  momentumL2Normalized,
  seedNeuron,
  tanhSigmoidSgd,
  twoInputs,
} from './helpers/experiments';
import { type ReadWorkbook, namedValue, readXlsx, splitRef } from './helpers/read-xlsx';

const read = (trace: Trace, locale: 'pt-BR' | 'en' = 'en', extra = {}): ReadWorkbook =>
  readXlsx(exportXlsx(trace, { locale, ...extra }));

/** The cell of the Training sheet under a column label (header row 2) on a sheet row. */
function at(wb: ReadWorkbook, sheet: string, label: string, row: number): unknown {
  const cells = wb.sheets.get(sheet)!;
  const header = [...cells.values()].find((c) => /^[A-Z]+2$/.test(c.ref) && c.value === label);
  if (!header) throw new Error(`no column ${label}`);
  return cells.get(header.ref.replace(/\d+$/, String(row)))?.value;
}

describe('the workbook of the seed’s neuron', () => {
  const trace = train(seedNeuron(0.1));
  const pt = read(trace, 'pt-BR');
  const en = read(trace, 'en');

  it('has the sheets in reading order, in the chosen language', () => {
    expect([...pt.sheets.keys()]).toEqual(['Leia-me', 'Entradas', 'Treino', 'Época 1 explicada']);
    expect([...en.sheets.keys()]).toEqual(['Read me', 'Inputs', 'Training', 'Epoch 1 explained']);
  });

  it('shows epoch 1 of the seed as cached values: ŷ = 1,5, L = 30,25, ∂L/∂W = −33, W = 3,8, B = 1,1', () => {
    expect(at(pt, 'Treino', 'ŷ', 4)).toBe(1.5);
    expect(at(pt, 'Treino', 'L', 4)).toBe(30.25);
    expect(at(pt, 'Treino', '∂L/∂W', 4)).toBe(-33);
    expect(at(pt, 'Treino', '∂L/∂B', 4)).toBe(-11);
    expect(at(pt, 'Treino', 'W novo', 4)).toBeCloseTo(3.8, 12);
    expect(at(pt, 'Treino', 'B novo', 4)).toBeCloseTo(1.1, 12);
    expect(at(en, 'Training', 'new W', 5)).toBeCloseTo(0.5, 12);
    expect(at(en, 'Training', 'ŷ', 5)).toBeCloseTo(12.5, 12);
  });

  it('names the inputs and results', () => {
    expect(namedValue(pt, 'learning_rate')).toBe(0.1);
    expect(namedValue(pt, 'final_loss')).toBe(trace.epochs[14].loss);
    expect(pt.names.get('losses')).toBe('Treino!$J$4:$J$18');
    expect(pt.names.get('final_W1')).toBe('Treino!$N$18:$N$18');
    expect(pt.names.get('final_b1')).toBe('Treino!$O$18:$O$18');
    expect(pt.names.get('initial_W1')).toMatch(/^Entradas!\$B\$\d+:\$B\$\d+$/);
    const { sheet, ref } = splitRef(pt.names.get('losses')!.split(':')[0]);
    expect(pt.sheets.get(sheet)!.get(ref)!.formula).toBe('AVERAGE(I4)');
  });

  it('makes every computed cell a formula with the engine’s number cached', () => {
    const training = pt.sheets.get('Treino')!;
    const formulas = [...training.values()].filter((c) => c.formula !== undefined);
    expect(formulas.length).toBe(sheetSize(trace.experiment).cells);
    for (const c of formulas) expect(typeof c.value, c.ref).toBe('number');
    expect(training.get('F4')!.formula).toBe('C$4*E4+D$4');
    expect(training.get('N4')!.formula).toBe('C4-learning_rate*L4');
    expect(training.get('C5')!.formula).toBe('N4');
    for (let e = 0; e < 15; e++) expect(training.get(`J${4 + e}`)!.value).toBe(trace.epochs[e].loss);
  });

  it('freezes the headers, colours the loss column and asks for a full recalculation', () => {
    const files = unzipSync(exportXlsx(trace, { locale: 'en' }));
    const sheet = strFromU8(files['xl/worksheets/sheet3.xml']);
    expect(sheet).toContain('ySplit="3"');
    expect(sheet).toContain('xSplit="2"');
    expect(sheet).toMatch(/<conditionalFormatting sqref="J4:J18"><cfRule type="colorScale"/);
    expect(strFromU8(files['xl/workbook.xml'])).toContain('fullCalcOnLoad="1"');
  });

  it('writes the explanation of epoch 1 in words, or the lines it is given', () => {
    const lines = [...pt.sheets.get('Época 1 explicada')!.values()].map((c) => String(c.value));
    expect(lines.join('\n')).toContain('30,25');
    const given = read(trace, 'en', { explanationLines: ['=2+2', 'line two'] });
    const cells = given.sheets.get('Epoch 1 explained')!;
    expect([...cells.values()].map((c) => c.value)).toEqual(['Epoch 1, step by step', '=2+2', 'line two']);
    expect([...cells.values()].every((c) => c.formula === undefined && c.type === 's')).toBe(true);
  });
});

describe('user text never becomes a formula', () => {
  it('keeps a title and column names starting with = + - @ as text', () => {
    const exp = experiment({
      title: '=1+1',
      data: { inputs: [[1], [2]], targets: [[3], [5]], inputNames: ['=SUM(A1)'], targetNames: ['@y'] },
      model: { layers: [{ units: 1 }], init: { W1: [[0]], b1: [0] } },
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 2,
    });
    const wb = read(train(exp));
    for (const [name, cells] of wb.sheets)
      for (const c of cells.values())
        if (typeof c.value === 'string' && /^[=@+-]/.test(c.value)) {
          expect(c.formula, `${name}!${c.ref}`).toBeUndefined();
          expect(c.type).toBe('s');
        }
    const texts = [...wb.sheets.get('Inputs')!.values()].map((c) => c.value);
    expect(texts).toContain('=1+1');
    expect(texts).toContain('=SUM(A1)');
    expect(texts).toContain('@y');
  });
});

describe('the layout for the whole engine', () => {
  const cases = {
    fourPairs,
    twoInputs,
    tanhSigmoidSgd,
    deepAdam,
    momentumL2Normalized,
    miniBatches,
    dropout,
  };
  for (const [name, exp] of Object.entries(cases))
    it(`${name}: the size is known before training and every formula has its cached number`, () => {
      const trace = train(exp);
      const wb = read(trace);
      const training = wb.sheets.get('Training')!;
      const formulas = [...training.values()].filter((c) => c.formula !== undefined);
      const size = sheetSize(exp);
      expect(formulas.length).toBe(size.cells);
      expect(Math.max(...[...training.keys()].map((r) => Number(r.replace(/^[A-Z]+/, ''))))).toBe(size.rows);
      for (const c of formulas) expect(typeof c.value, c.ref).toBe('number');
      expect(namedValue(wb, 'final_loss')).toBe(trace.epochs.at(-1).loss);
    });

  it('labels a network with layer numbers and one chain-rule factor per column', () => {
    const wb = read(train(tanhSigmoidSgd));
    const labels = [...wb.sheets.get('Training')!.values()]
      .filter((c) => /^[A-Z]+2$/.test(c.ref))
      .map((c) => c.value);
    for (const l of ['z1[1]', 'a1[3]', '∂L/∂a1[2]', '∂a1[2]/∂z1[2]', '∂L/∂z1[2]', '∂L/∂W2[1,3]', 'new b1[3]'])
      expect(labels).toContain(l);
    expect(wb.names.has('final_W2')).toBe(true);
  });

  it('uses the optimizer’s constants by name', () => {
    const adam = read(train(deepAdam));
    expect(namedValue(adam, 'beta1')).toBe(0.9);
    expect(namedValue(adam, 'beta2')).toBe(0.999);
    expect(namedValue(adam, 'epsilon')).toBe(1e-8);
    const formulas = [...adam.sheets.get('Training')!.values()].map((c) => c.formula ?? '');
    expect(formulas.some((f) => f.includes('SQRT(') && f.includes('+epsilon'))).toBe(true);
    const mom = read(train(momentumL2Normalized));
    expect(namedValue(mom, 'momentum')).toBe(0.9);
    expect(namedValue(mom, 'l2_lambda')).toBe(0.01);
    const inputs = [...mom.sheets.get('Inputs')!.values()].map((c) => c.formula ?? '');
    expect(inputs.some((f) => f.startsWith('IF(STDEVP('))).toBe(true);
  });

  it('writes dropout masks as drawn numbers and multiplies by them both ways', () => {
    const trace = train(dropout);
    const wb = read(trace);
    const cells = wb.sheets.get('Training')!;
    const header = (label: string): string =>
      [...cells.values()].find((c) => /^[A-Z]+2$/.test(c.ref) && c.value === label)!.ref.replace(/\d+$/, '');
    const mask = cells.get(`${header('mask1[2]')}4`)!;
    expect(mask.formula).toBeUndefined();
    expect([0, 1 / 0.7]).toContain(mask.value);
    expect(cells.get(`${header('d1[2]')}4`)!.formula).toBe(`${header('a1[2]')}4*${header('mask1[2]')}4`);
    expect(cells.get(`${header('∂L/∂a1[2]')}4`)!.formula).toBe(
      `${header('∂L/∂d1[2]')}4*${header('mask1[2]')}4`,
    );
    expect(namedValue(wb, 'final_loss')).toBe(trace.epochs.at(-1).loss);
  });

  it('keeps every epoch after a divergence, with formulas and no cached numbers', () => {
    const exp = structuredClone(seedNeuron(0.5));
    exp.epochs = 40;
    const trace = train(exp);
    expect(trace.diverged).toBeDefined();
    const training = read(trace).sheets.get('Training')!;
    expect(training.get('J43')!.formula).toBe('AVERAGE(I43)');
    expect(training.get('J43')!.value).toBeNull();
    expect(training.get('J4')!.value).toBe(trace.epochs[0].loss);
  });
});

function sheetError(f: () => unknown): SheetError {
  try {
    f();
  } catch (e) {
    if (e instanceof SheetError) return e;
    throw e;
  }
  throw new Error('expected a SheetError');
}

describe('what the sheet cannot do', () => {
  it('refuses a run too large to stay usable, with a code and the limit, before training', () => {
    const exp = structuredClone(fourPairs);
    exp.epochs = 1_000_000;
    const t0 = performance.now();
    const err = sheetError(() => exportExperiment(exp));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(err.info).toEqual({
      code: 'sheet_too_large',
      quantity: 'rows',
      value: 4_000_003,
      limit: SHEET_LIMITS.rows,
      // Four rows and 31 formula cells an epoch (4 × 6 per example + 7 per update): the cells bind first.
      maxEpochs: Math.floor(SHEET_LIMITS.cells / 31),
    });
    expect(sheetErrorMessage(err, 'en')).toContain('At most 8,064 epoch(s) fit: --epochs 8064.');
    expect(sheetErrorMessage(err, 'pt-BR')).toContain('Cabem no máximo 8.064 época(s): --epochs 8064.');
    expect(sheetErrorMessage(err, 'en')).toContain(`the limit is ${SHEET_LIMITS.rows.toLocaleString('en')}`);
    expect(sheetErrorMessage(err, 'pt-BR')).toContain('grande demais');
  });

  it('counts formula cells and columns too', () => {
    const wide = structuredClone(tanhSigmoidSgd);
    wide.model.layers[0].units = 200;
    expect(sheetError(() => exportExperiment(wide)).info).toMatchObject({ quantity: 'columns' });
    const long = structuredClone(deepAdam);
    long.epochs = 3000;
    expect(sheetError(() => exportExperiment(long)).info).toMatchObject({ quantity: 'cells' });
  });

  it('refuses a loss it has no formulas for', () => {
    const exp = { ...fourPairs, loss: 'cross-entropy' as 'mse' };
    const err = sheetError(() => exportExperiment(exp));
    expect(err.info).toEqual({ code: 'sheet_unsupported', feature: 'loss: cross-entropy' });
    expect(sheetErrorMessage(err, 'pt-BR')).toContain('não suporta loss: cross-entropy');
    expect(sheetErrorMessage(err, 'en')).toContain('does not support loss: cross-entropy');
  });
});
