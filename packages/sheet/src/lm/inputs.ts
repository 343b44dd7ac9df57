import { NAMES } from '../inputs';
import { cellRef, sheetPrefix } from '../xlsx';
import type { LmContext } from './context';

/** Defined name of AdamW's weight decay (the other constants keep the regression sheet's names). */
export const WEIGHT_DECAY = 'weight_decay';
/** Defined names of the learning-rate schedule (nanoGPT's warm-up and cosine decay). */
export const SCHEDULE = { warmup: 'warmup_steps', decaySteps: 'decay_steps', minLr: 'min_lr' } as const;

/** Where the Training sheet finds each input: absolute references that carry the sheet's name. */
export interface LmInputsLayout {
  /** Initial value of parameter element k (flat row-major) of E, W1, b1, … */
  paramCell(name: string, k: number): string;
  /** Context token t of training example n, and its target. */
  contextCell(n: number, t: number): string;
  targetCell(n: number): string;
  learningRate: string;
}

/**
 * The Inputs sheet of a language model: the constants, the vocabulary, the initial parameters (E as
 * a table, one row per character; each dense layer one row per unit with its bias last) and the
 * training examples as token indices. Every number is a yellow input.
 */
export function writeLmInputs(ctx: LmContext, title: string): LmInputsLayout {
  const { wb, msg, lm, run, st } = ctx;
  const m = lm.inputs;
  const sheet = wb.addSheet(msg.sheets.inputs);
  const prefix = sheetPrefix(sheet.name);
  const abs = (r: number, c: number): string => prefix + cellRef(r, c, 'both');
  const opt = run.experiment.optimizer!;
  sheet.width(0, 30);
  for (let c = 1; c < 16; c++) sheet.width(c, 11);

  sheet.text(0, 0, title, st.title);
  sheet.text(1, 0, m.editHint, st.note);
  let row = 3;
  sheet.text(row++, 0, msg.inputs.constants, st.section);
  sheet.text(row, 0, msg.inputs.name, st.header);
  sheet.text(row, 1, msg.inputs.value, st.header);
  sheet.text(row, 2, msg.inputs.meaning, st.header);
  row++;
  const constant = (label: string, value: number, name: string, meaning: string): string => {
    sheet.text(row, 0, label, st.label);
    sheet.set(row, 1, { value, style: st.input });
    sheet.text(row, 2, `${name}: ${meaning}`, st.note);
    wb.define(name, abs(row, 1));
    return abs(row++, 1);
  };
  const i = msg.inputs;
  const learningRate = constant(i.learningRate, opt.lr, NAMES.lr, i.learningRateMeaning);
  if (opt.name === 'sgd' && (opt.momentum ?? 0) > 0)
    constant(i.momentum, opt.momentum!, NAMES.momentum, i.momentumMeaning);
  if (opt.name !== 'sgd') {
    constant(i.beta1, opt.beta1 ?? 0.9, NAMES.beta1, i.beta1Meaning);
    constant(i.beta2, opt.beta2 ?? 0.999, NAMES.beta2, i.beta2Meaning);
    constant(i.eps, opt.eps ?? 1e-8, NAMES.eps, i.epsMeaning);
  }
  const sched = run.experiment.schedule;
  if (sched) {
    constant(m.warmup, sched.warmup, SCHEDULE.warmup, m.warmupMeaning);
    constant(
      m.decaySteps,
      sched.decaySteps ?? run.experiment.steps,
      SCHEDULE.decaySteps,
      m.decayStepsMeaning,
    );
    if (sched.minLr !== undefined) constant(m.minLr, sched.minLr, SCHEDULE.minLr, m.minLrMeaning);
    else {
      // The engine's default follows the rate: a formula, so that editing learning_rate moves it too.
      sheet.text(row, 0, m.minLr, st.label);
      sheet.set(row, 1, { formula: `${NAMES.lr}/10`, value: opt.lr / 10, style: st.num });
      sheet.text(row, 2, `${SCHEDULE.minLr}: ${m.minLrMeaning}`, st.note);
      wb.define(SCHEDULE.minLr, abs(row++, 1));
    }
  }
  if (opt.name === 'adamw')
    constant(m.weightDecay, opt.weightDecay ?? 0.01, WEIGHT_DECAY, m.weightDecayMeaning);
  else if ((opt.weightDecay ?? 0) > 0)
    constant(m.weightDecay, opt.weightDecay!, WEIGHT_DECAY, m.coupledDecayMeaning);

  // The vocabulary: index and character, one per row.
  const V = run.chars.length;
  row++;
  sheet.text(row++, 0, m.vocab, st.section);
  sheet.text(row++, 0, m.vocabNote(V), st.note);
  sheet.text(row, 0, m.char, st.header);
  sheet.text(row, 1, m.index, st.header);
  row++;
  run.chars.forEach((ch, v) => {
    sheet.text(row, 0, ch, st.label);
    sheet.set(row++, 1, { value: v, style: st.id });
  });

  // Initial parameters: each tensor as a matrix, one row per character or per unit.
  row++;
  sheet.text(row++, 0, msg.inputs.params, st.section);
  const cells = new Map<string, string[]>();
  const D = run.dim;
  const bigram = run.dense.length === 0;
  sheet.text(row++, 0, m.embedding(V, D, bigram), st.note);
  sheet.text(row, 0, 'E', st.header);
  for (let d = 0; d < D; d++) sheet.text(row, 1 + d, bigram ? run.chars[d] : String(d + 1), st.header);
  row++;
  const E = run.initial.get('E')!.data;
  const eCells: string[] = [];
  const eFirst = row;
  for (let v = 0; v < V; v++, row++) {
    sheet.text(row, 0, run.chars[v], st.label);
    for (let d = 0; d < D; d++) {
      sheet.set(row, 1 + d, { value: E[v * D + d], style: st.input });
      eCells.push(abs(row, 1 + d));
    }
  }
  cells.set('E', eCells);
  wb.define('initial_E', `${prefix}${cellRef(eFirst, 1, 'both')}:${cellRef(row - 1, D, 'both')}`);
  run.dense.forEach((layer, idx) => {
    const l = idx + 1;
    const fanIn = ctx.fanIn(l);
    row++;
    sheet.text(row++, 0, m.layer(l, layer.units, fanIn, m.activationName[layer.activation]), st.note);
    sheet.text(row, 0, `W${l}`, st.header);
    for (let k = 0; k < fanIn; k++) sheet.text(row, 1 + k, ctx.inputName(l, k), st.header);
    sheet.text(row, 1 + fanIn, `b${l}`, st.header);
    row++;
    const w = run.initial.get(`W${l}`)!.data;
    const b = run.initial.get(`b${l}`)!.data;
    const wCells: string[] = [];
    const bCells: string[] = [];
    const first = row;
    for (let j = 0; j < layer.units; j++, row++) {
      sheet.text(row, 0, ctx.unitName(l, j), st.label);
      for (let k = 0; k < fanIn; k++) {
        sheet.set(row, 1 + k, { value: w[j * fanIn + k], style: st.input });
        wCells.push(abs(row, 1 + k));
      }
      sheet.set(row, 1 + fanIn, { value: b[j], style: st.input });
      bCells.push(abs(row, 1 + fanIn));
    }
    cells.set(`W${l}`, wCells);
    cells.set(`b${l}`, bCells);
    wb.define(`initial_W${l}`, `${prefix}${cellRef(first, 1, 'both')}:${cellRef(row - 1, fanIn, 'both')}`);
    wb.define(
      `initial_b${l}`,
      `${prefix}${cellRef(first, 1 + fanIn, 'both')}:${cellRef(row - 1, 1 + fanIn, 'both')}`,
    );
  });

  // The training examples: the word, the context and the target as characters and as indices.
  const C = run.context;
  row++;
  sheet.text(row, 0, m.examples, st.section);
  if (run.valWords > 0) sheet.text(row, 3, m.heldOut(run.valWords), st.note);
  row++;
  sheet.text(row++, 0, m.examplesNote(C), st.note);
  sheet.text(row, 0, m.word, st.header);
  sheet.text(row, 1, m.example, st.header);
  sheet.text(row, 2, m.context, st.header);
  sheet.text(row, 3, m.target, st.header);
  for (let t = 0; t < C; t++) sheet.text(row, 4 + t, `c${t + 1}`, st.header);
  sheet.text(row, 4 + C, 'y', st.header);
  row++;
  const exFirst = row;
  run.targets.forEach((y, n) => {
    const r = exFirst + n;
    sheet.text(r, 0, run.trainWords[run.word[n]] ?? '', st.label);
    sheet.set(r, 1, { value: n + 1, style: st.id });
    sheet.text(r, 2, run.contexts[n].map((c) => run.chars[c]).join(''), st.label);
    sheet.text(r, 3, run.chars[y], st.label);
    run.contexts[n].forEach((c, t) => sheet.set(r, 4 + t, { value: c, style: st.input }));
    sheet.set(r, 4 + C, { value: y, style: st.input });
  });
  return {
    paramCell: (name, k) => cells.get(name)![k],
    contextCell: (n, t) => abs(exFirst + n, 4 + t),
    targetCell: (n) => abs(exFirst + n, 4 + C),
    learningRate,
  };
}
