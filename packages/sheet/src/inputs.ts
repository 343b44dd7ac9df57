import type { Context } from './context';
import { type Sheet, cellRef, sheetPrefix } from './xlsx';

/** Where the Training sheet finds each input: every reference is absolute and carries the sheet name. */
export interface InputsLayout {
  /** Initial value of a parameter element (flat row-major index k, as the engine stores it). */
  paramCell(name: string, k: number): string;
  /** Input i of training example r (normalized when the experiment normalizes). */
  xCell(r: number, i: number): string;
  /** Target o of training example r. */
  yCell(r: number, o: number): string;
  /** The learning-rate cell, for the "how to read" text. */
  learningRate: string;
}

/** Defined names of the optimizer's constants, used in the Training formulas. */
export const NAMES = {
  lr: 'learning_rate',
  momentum: 'momentum',
  beta1: 'beta1',
  beta2: 'beta2',
  eps: 'epsilon',
  l2: 'l2_lambda',
} as const;

/**
 * The Inputs sheet: constants, initial parameters (each layer as a matrix, one row per unit) and the
 * training data. Every number here is a plain value the learner may edit (yellow), except the
 * normalization statistics, which are formulas over the data.
 */
export function writeInputs(ctx: Context, title: string): InputsLayout {
  const { wb, msg, trace, st } = ctx;
  const m = msg.inputs;
  const sheet = wb.addSheet(msg.sheets.inputs);
  const prefix = sheetPrefix(sheet.name);
  const abs = (r: number, c: number): string => prefix + cellRef(r, c, 'both');
  const exp = trace.experiment;
  const opt = exp.optimizer;
  sheet.width(0, 30);
  for (let c = 1; c < 12; c++) sheet.width(c, 13);
  sheet.width(2, 16);

  sheet.text(0, 0, title, st.title);
  sheet.text(1, 0, m.editHint, st.note);
  let row = 3;
  sheet.text(row, 0, m.constants, st.section);
  row++;
  sheet.text(row, 0, m.name, st.header);
  sheet.text(row, 1, m.value, st.header);
  sheet.text(row, 2, m.meaning, st.header);
  row++;
  const constant = (label: string, value: number, name: string, meaning: string): string => {
    sheet.text(row, 0, label, st.label);
    sheet.set(row, 1, { value, style: st.input });
    sheet.text(row, 2, `${name}: ${meaning}`, st.note);
    const ref = abs(row, 1);
    wb.define(name, ref);
    row++;
    return ref;
  };
  const learningRate = constant(m.learningRate, opt.lr, NAMES.lr, m.learningRateMeaning);
  if (opt.name === 'sgd' && (opt.momentum ?? 0) > 0)
    constant(m.momentum, opt.momentum!, NAMES.momentum, m.momentumMeaning);
  if (opt.name === 'adam') {
    constant(m.beta1, opt.beta1 ?? 0.9, NAMES.beta1, m.beta1Meaning);
    constant(m.beta2, opt.beta2 ?? 0.999, NAMES.beta2, m.beta2Meaning);
    constant(m.eps, opt.eps ?? 1e-8, NAMES.eps, m.epsMeaning);
  }
  if ((exp.l2 ?? 0) > 0) constant(m.l2, exp.l2!, NAMES.l2, m.l2Meaning);

  // Initial parameters: W as a matrix (units × inputs) with the bias in the column after it.
  row++;
  sheet.text(row, 0, m.params, st.section);
  row++;
  const params = trace.initial.params;
  const cells = new Map<string, string[]>();
  exp.model.layers.forEach((layer, idx) => {
    const l = idx + 1;
    const fanIn = ctx.fanIn(l);
    sheet.text(row, 0, m.layer(l, layer.units, fanIn, m.activationName[layer.activation]), st.note);
    row++;
    sheet.text(row, 0, ctx.sym.layerWeights(l), st.header);
    for (let i = 0; i < fanIn; i++) sheet.text(row, 1 + i, ctx.sym.input(l, i), st.header);
    sheet.text(row, 1 + fanIn, ctx.sym.layerBias(l), st.header);
    row++;
    const w = params[`W${l}`] as number[][];
    const b = params[`b${l}`] as number[];
    const wCells: string[] = [];
    const bCells: string[] = [];
    for (let j = 0; j < layer.units; j++) {
      sheet.text(row, 0, m.unit(j + 1), st.label);
      for (let i = 0; i < fanIn; i++) {
        sheet.set(row, 1 + i, { value: w[j][i], style: st.input });
        wCells.push(abs(row, 1 + i));
      }
      sheet.set(row, 1 + fanIn, { value: b[j], style: st.input });
      bCells.push(abs(row, 1 + fanIn));
      row++;
    }
    cells.set(`W${l}`, wCells);
    cells.set(`b${l}`, bCells);
    const first = row - layer.units;
    wb.define(`initial_W${l}`, `${prefix}${cellRef(first, 1, 'both')}:${cellRef(row - 1, fanIn, 'both')}`);
    wb.define(
      `initial_b${l}`,
      `${prefix}${cellRef(first, 1 + fanIn, 'both')}:${cellRef(row - 1, 1 + fanIn, 'both')}`,
    );
    row++;
  });

  const data = writeData(ctx, sheet, row + 1, abs);
  return {
    paramCell: (name, k) => cells.get(name)![k],
    xCell: data.xCell,
    yCell: data.yCell,
    learningRate,
  };
}

/** The training rows: raw inputs and targets as values, then (when normalizing) the z-scored inputs as formulas. */
function writeData(
  ctx: Context,
  sheet: Sheet,
  start: number,
  abs: (r: number, c: number) => string,
): Pick<InputsLayout, 'xCell' | 'yCell'> {
  const { msg, trace, st } = ctx;
  const m = msg.inputs;
  const exp = trace.experiment;
  const nIn = ctx.nIn;
  const nOut = ctx.nOut;
  const rows = trace.train.rows;
  // trace.train.rows are the rows of the original data the network trained on (after any split).
  const raw = (r: number): number[] => exp.data.inputs[rows[r]];
  const norm = trace.normalization;
  let row = start;
  sheet.text(row, 0, m.data, st.section);
  if (trace.validation && trace.validation.rows.length > 0)
    sheet.text(row, 1 + nIn + nOut, m.heldOut(trace.validation.rows.length), st.note);
  row++;
  // Column headers come from the data's own names when it has them: user text, written as text.
  const inName = (i: number): string => exp.data.inputNames?.[i] ?? ctx.sym.input(1, i);
  const outName = (o: number): string => exp.data.targetNames?.[o] ?? ctx.sym.y(o);
  sheet.text(row, 0, m.row, st.header);
  for (let i = 0; i < nIn; i++) sheet.text(row, 1 + i, inName(i), st.header);
  for (let o = 0; o < nOut; o++) sheet.text(row, 1 + nIn + o, outName(o), st.header);
  const normCol = 1 + nIn + nOut;
  if (norm) for (let i = 0; i < nIn; i++) sheet.text(row, normCol + i, m.normalized(inName(i)), st.header);
  row++;
  const first = row;
  const n = rows.length;
  const statsRow = first + n;
  for (let r = 0; r < n; r++, row++) {
    sheet.set(row, 0, { value: rows[r] + 1, style: st.id });
    const x = raw(r);
    for (let i = 0; i < nIn; i++) sheet.set(row, 1 + i, { value: x[i], style: st.input });
    for (let o = 0; o < nOut; o++)
      sheet.set(row, 1 + nIn + o, { value: trace.train.targets[r][o], style: st.input });
    if (norm)
      for (let i = 0; i < nIn; i++) {
        const x0 = cellRef(row, 1 + i);
        const mean = cellRef(statsRow, 1 + i, 'row');
        const std = cellRef(statsRow + 1, 1 + i, 'row');
        sheet.set(row, normCol + i, {
          formula: `(${x0}-${mean})/${std}`,
          value: trace.train.inputs[r][i],
          style: st.num,
        });
      }
  }
  if (norm) {
    // Population statistics of the training rows; a constant column keeps std 1 (as the engine does).
    sheet.text(statsRow, 0, m.mean, st.label);
    sheet.text(statsRow + 1, 0, m.std, st.label);
    for (let i = 0; i < nIn; i++) {
      const range = `${cellRef(first, 1 + i)}:${cellRef(first + n - 1, 1 + i)}`;
      sheet.set(statsRow, 1 + i, { formula: `AVERAGE(${range})`, value: norm.mean[i], style: st.num });
      sheet.set(statsRow + 1, 1 + i, {
        formula: `IF(STDEVP(${range})>0,STDEVP(${range}),1)`,
        value: norm.std[i],
        style: st.num,
      });
    }
  }
  return {
    xCell: (r, i) => (norm ? abs(first + r, normCol + i) : abs(first + r, 1 + i)),
    yCell: (r, o) => abs(first + r, 1 + nIn + o),
  };
}
