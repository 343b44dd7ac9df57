import { registerStyles } from '../context';
import { SheetError } from '../errors';
import { type GptMessages, type SheetLocale, gptMessages } from '../locales/index';
import { Workbook, cellRef, sheetPrefix } from '../xlsx';
import { backward } from './backward';
import { type Mat, type MatInfo, Page } from './cells';
import { Builder, type Params, forward } from './forward';
import { type GptSheetRun, shortName } from './run';
import { OPT_NAMES, type OptimizerState, writeUpdates } from './update';

export interface GptSheetOptions {
  locale?: SheetLocale;
  title?: string;
}

/**
 * The largest GPT the sheet writes. Past these a step's sheet grows past a few thousand rows and a
 * few hundred thousand characters of formulas, which stops being something to read by hand.
 */
export const GPT_SHEET_LIMITS = { width: 16, block: 16, vocab: 64, batch: 4, layers: 2, heads: 4, steps: 10 };

export interface GptSheetShape {
  width: number;
  block: number;
  vocab: number;
  batchSize: number;
  layers: number;
  heads: number;
  steps: number;
}

/** Too large to write: a SheetError naming the field and the limit, before anything is trained or written. */
export function checkGptSheet(s: GptSheetShape): void {
  const L = GPT_SHEET_LIMITS;
  const over = (field: string, value: number, limit: number): void => {
    if (value > limit) throw new SheetError({ code: 'sheet_gpt_too_large', field, value, limit });
  };
  over('model.width', s.width, L.width);
  over('model.block', s.block, L.block);
  over('vocabulary', s.vocab, L.vocab);
  over('batchSize', s.batchSize, L.batch);
  over('model.layers', s.layers, L.layers);
  over('model.heads', s.heads, L.heads);
  over('steps', s.steps, L.steps);
}

export function gptUnsupported(run: GptSheetRun): void {
  checkGptSheet({ ...run, vocab: run.chars.length, steps: run.steps.length });
}

/** The workbook and where its numbers are (the tests compare them tensor by tensor). */
export interface GptSheet {
  wb: Workbook;
  /** Every matrix written, by step (index 0: the Inputs sheet). */
  mats: MatInfo[][];
}

export function buildGptWorkbook(run: GptSheetRun, opts: GptSheetOptions = {}): GptSheet {
  gptUnsupported(run);
  const locale = opts.locale ?? 'en';
  const g = gptMessages(locale);
  const wb = new Workbook();
  const st = registerStyles(wb);
  const styles = {
    group: wb.style({ bold: true, fill: 'FFDDEBF7' }),
    label: wb.style({ bold: true, fill: 'FFDDEBF7', align: 'center' }),
    masked: wb.style({ color: 'FF808080', align: 'center' }),
  };
  const t = run.title;
  const title = opts.title ?? (typeof t === 'string' ? t : (t?.[locale] ?? t?.en)) ?? g.defaultTitle;
  const readme = wb.addSheet(g.sheets.readme);
  const inputs = new Page(wb.addSheet(g.sheets.inputs), st, styles);
  const { initial, batches } = writeInputs(wb, inputs, run, g, title);
  const token = (v: number): string => `${v} ${JSON.stringify(run.chars[v])}`;
  const shape = {
    B: run.batchSize,
    T: run.block,
    C: run.width,
    H: run.heads,
    V: run.chars.length,
    layers: run.layers,
    token,
  };
  const mats: MatInfo[][] = [inputs.mats];
  const rowLabels = (name: string, rows: number): string[] =>
    Array.from({ length: rows }, (_, i) => (name === 'transformer.wte.weight' ? token(i) : String(i)));
  let P: Params = initial;
  let state: Map<string, OptimizerState> | undefined;
  run.steps.forEach((step, k) => {
    const page = new Page(wb.addSheet(g.sheets.step(step.step)), st, styles);
    const bd = new Builder(page, shape);
    // The parameters this step starts from: the Inputs' (step 1) or the previous step's results.
    page.sheet.text(page.row++, 0, `${title}: ${g.sheets.step(step.step)}`, st.title);
    page.title(g.step.params);
    const used: Params = new Map();
    for (const [name, src] of P) {
      const band = page.band(rowLabels(name, src.rows));
      used.set(
        name,
        band.mat(
          `p:${name}`,
          name,
          Array.from({ length: src.cols }, (_, j) => String(j)),
          (i, j) => bd.r(src, i, j),
        ),
      );
      band.end();
    }
    const s = g.step;
    const fw = forward(bd, used, { ...batches, row: k * run.batchSize }, s);
    const grads = backward(bd, used, fw, {
      backward: s.backward,
      block: s.backBlock,
      attention: s.backAttention,
      query: s.query,
      position: s.position,
    });
    const up = writeUpdates(bd, step.step, run.optimizer, used, grads, run.decays, state, {
      ...s,
      rows: rowLabels,
    });
    wb.define(`step${step.step}_loss`, fw.loss.abs());
    for (const [name, m] of up.next) wb.define(`after${step.step}_${shortName(name)}`, m.abs());
    if (k === run.steps.length - 1) {
      wb.define('final_loss', fw.loss.abs());
      for (const [name, m] of up.next) wb.define(`final_${shortName(name)}`, m.abs());
    }
    P = up.next;
    state = up.state;
    mats.push(page.mats);
  });
  writeReadme(readme, st, run, g, title);
  return { wb, mats };
}

function writeInputs(
  wb: Workbook,
  page: Page,
  run: GptSheetRun,
  g: GptMessages,
  title: string,
): { initial: Params; batches: { input: Mat; target: Mat } } {
  const { sheet, st } = page;
  const m = g.inputs;
  sheet.width(0, 30);
  sheet.text(page.row++, 0, title, st.title);
  sheet.text(page.row++, 0, m.editHint, st.note);
  page.title(m.constants);
  const constant = (label: string, value: number, name: string): void => {
    sheet.text(page.row, 0, label, st.label);
    sheet.set(page.row, 1, { value, style: st.input });
    sheet.text(page.row, 2, name, st.note);
    wb.define(name, sheetPrefix(sheet.name) + cellRef(page.row++, 1, 'both'));
  };
  const o = run.optimizer;
  constant(m.learningRate, o.lr, OPT_NAMES.lr);
  if (o.name !== 'sgd') {
    constant(m.beta1, o.beta1, OPT_NAMES.beta1);
    constant(m.beta2, o.beta2, OPT_NAMES.beta2);
    constant(m.eps, o.eps, OPT_NAMES.eps);
  }
  if (o.weightDecay > 0) constant(m.weightDecay, o.weightDecay, OPT_NAMES.decay);

  page.title(m.vocab);
  run.chars.forEach((ch, v) => {
    sheet.set(page.row, 0, { value: v, style: st.id });
    sheet.text(page.row++, 1, JSON.stringify(ch), st.label);
  });

  page.title(m.params);
  const initial: Params = new Map();
  for (const [name, t] of run.initial) {
    const rows = t.shape.length === 2 ? t.shape[0] : 1;
    const cols = t.shape.length === 2 ? t.shape[1] : t.shape[0];
    const band = page.band(Array.from({ length: rows }, (_, i) => String(i)));
    const mat = band.mat(
      `init:${name}`,
      name,
      Array.from({ length: cols }, (_, j) => String(j)),
      (i, j) => ({
        input: t.data[i * cols + j],
      }),
    );
    band.end();
    wb.define(`initial_${shortName(name)}`, mat.abs());
    initial.set(name, mat);
  }

  page.title(m.batches);
  const B = run.batchSize;
  const rows = run.steps.flatMap((s) =>
    Array.from({ length: B }, (_, b) => `${g.sheets.step(s.step)}, ${m.row(b)}`),
  );
  const band = page.band(rows);
  const T = run.block;
  const cols = Array.from({ length: T }, (_, t) => `t${t + 1}`);
  const at = (which: 'inputs' | 'targets') => (i: number, t: number) => ({
    input: run.steps[Math.floor(i / B)][which][i % B][t],
  });
  const input = band.mat('inputs', m.inputsTitle, cols, at('inputs'));
  const target = band.mat('targets', m.targetsTitle, cols, at('targets'));
  band.end();
  return { initial, batches: { input, target } };
}

function writeReadme(
  sheet: ReturnType<Workbook['addSheet']>,
  st: ReturnType<typeof registerStyles>,
  run: GptSheetRun,
  g: GptMessages,
  title: string,
): void {
  sheet.width(0, 140);
  let row = 0;
  const line = (text: string, style = st.para): void => sheet.text(row++, 0, text, style);
  line(title, st.title);
  for (const p of g.readme.intro) line(p);
  row++;
  line(g.readme.tryTitle, st.section);
  for (const t of g.readme.tryLines(OPT_NAMES.lr)) line(`• ${t}`);
  row++;
  line(g.readme.names);
  line(g.readme.limits);
  line(g.readme.engine(run.steps.length, run.steps.map((s) => s.loss.toFixed(6)).join(', ')));
}

/** The .xlsx bytes of a GPT run. */
export function exportGptXlsx(run: GptSheetRun, opts: GptSheetOptions = {}): Uint8Array {
  return buildGptWorkbook(run, opts).wb.toXlsx();
}
