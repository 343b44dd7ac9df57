import { SHEET_LIMITS } from '../errors';
import type { Sheet } from '../xlsx';
import { cellRef, sheetPrefix } from '../xlsx';
import { LmColumns, addLmForward } from './columns';
import { addLmBackward, addLmUpdates } from './columns-backward';
import type { LmContext } from './context';
import type { LmBlock, LmGroup, LmPage } from './grid';
import type { LmInputsLayout } from './inputs';
import { paramOrder } from './run';
import { LmStepView } from './step-view';

/** Header colours of the column groups, so the eye can follow the computation left to right. */
const GROUP_FILL: Record<LmGroup, string> = {
  id: 'FFD9D9D9',
  params: 'FFE2EFDA',
  context: 'FFDDEBF7',
  embedding: 'FFDDEBF7',
  forward: 'FFDDEBF7',
  logits: 'FFBDD7EE',
  softmax: 'FFFFF2CC',
  loss: 'FFF8CBAD',
  backward: 'FFE4DFEC',
  grads: 'FFD9D2E9',
  optimizer: 'FFEDEDED',
  update: 'FFC6E0B4',
};

const LOSS_COLORS: [string, string, string] = ['FF63BE7B', 'FFFFEB84', 'FFF8696B'];

export const LM_HEADER_ROWS = 3;

/** Every column of the layout, planned (the size check counts them without writing anything). */
export function planLmColumns(ctx: LmContext, inputs: LmInputsLayout): LmColumns {
  const set = new LmColumns(ctx, inputs);
  addLmForward(set);
  addLmBackward(set);
  addLmUpdates(set);
  return set;
}

/**
 * The Training sheet(s): three header rows (group, label, formula in words), then one block per
 * optimizer step, one row per example of its batch. Every computed cell is a formula over the cells
 * it depends on, with the engine's number as its cached value.
 */
export function writeLmTraining(ctx: LmContext, inputs: LmInputsLayout): Sheet[] {
  const { msg, run } = ctx;
  const set = planLmColumns(ctx, inputs);
  const pages = set.paginate(SHEET_LIMITS.columns, (p) =>
    p === 0 ? msg.sheets.training : `${msg.sheets.training} (${p + 1})`,
  );
  const activations = run.dense.map((d) => d.activation);
  let row = LM_HEADER_ROWS;
  const blocks: LmBlock[] = run.steps.map((step) => {
    const b = { step: step.step, firstRow: row, batch: step.batch, view: new LmStepView(step, activations) };
    row += step.batch.length;
    return b;
  });
  const sheets = pages.map((page, p) => writePage(ctx, page, p, blocks));
  if (blocks.length > 0) nameAndFormat(ctx, set, sheets, blocks);
  return sheets;
}

function writePage(ctx: LmContext, page: LmPage, p: number, blocks: LmBlock[]): Sheet {
  const { wb, lm, st } = ctx;
  const sheet = wb.addSheet(page.name);
  const cols = page.columns;
  const styles = new Map<LmGroup, { group: number; label: number; hint: number }>();
  for (const g of Object.keys(GROUP_FILL) as LmGroup[])
    styles.set(g, {
      group: wb.style({ bold: true, fill: GROUP_FILL[g] }),
      label: wb.style({ bold: true, fill: GROUP_FILL[g], align: 'center' }),
      hint: wb.style({ italic: true, color: 'FF595959', fill: GROUP_FILL[g], align: 'center', size: 9 }),
    });
  cols.forEach((c, ci) => {
    const s = styles.get(c.group)!;
    const starts = ci === 0 || cols[ci - 1].group !== c.group;
    sheet.set(0, ci, starts ? { value: lm.groups[c.group], style: s.group } : { style: s.group });
    sheet.text(1, ci, c.label, s.label);
    sheet.set(2, ci, c.hint ? { value: c.hint, style: s.hint } : { style: s.hint });
    sheet.width(ci, c.id ? 8 : Math.max(11, Math.min(18, c.label.length + 3)));
  });
  blocks.forEach((b, bi) => {
    const prev = bi > 0 ? blocks[bi - 1] : undefined;
    const last = b.firstRow + b.batch.length - 1;
    cols.forEach((c, ci) => {
      const rows = c.scope === 'example' ? b.batch.length : 1;
      for (let n = 0; n < rows; n++) {
        const row = b.firstRow + n;
        const at = { b, prev, n, row, page: p };
        const end = row === last;
        if (c.id) sheet.set(row, ci, { value: c.value(at) ?? null, style: end ? st.idEnd : st.id });
        else
          sheet.set(row, ci, {
            formula: c.formula(at),
            value: c.value(at) ?? null,
            style: end ? st.numEnd : st.num,
          });
      }
      // Keep the line under the block continuous across the columns only filled on its first row.
      if (rows < b.batch.length) sheet.set(last, ci, { style: st.numEnd });
    });
  });
  sheet.freeze = { rows: LM_HEADER_ROWS, cols: cols.filter((c) => c.id).length };
  return sheet;
}

/** Defined names (losses, final_loss, final_E, final_W1, …) and the colour scale of the loss column. */
function nameAndFormat(ctx: LmContext, set: LmColumns, sheets: Sheet[], blocks: LmBlock[]): void {
  const { wb, run } = ctx;
  const lastBlock = blocks[blocks.length - 1];
  const lastRow = lastBlock.firstRow + lastBlock.batch.length - 1;
  const r = lastBlock.firstRow;
  const at = (key: string): { prefix: string; col: number; sheet: Sheet } => {
    const { page, col } = set.where(key);
    return { prefix: sheetPrefix(sheets[page].name), col, sheet: sheets[page] };
  };
  const loss = at('loss');
  const span = `${cellRef(LM_HEADER_ROWS, loss.col, 'both')}:${cellRef(lastRow, loss.col, 'both')}`;
  wb.define('losses', loss.prefix + span);
  loss.sheet.colorScales.push({ ref: span.replace(/\$/g, ''), colors: LOSS_COLORS });
  wb.define('final_loss', loss.prefix + cellRef(r, loss.col, 'both'));
  for (const name of paramOrder(run)) {
    const size = run.initial.get(name)!.data.length;
    const a = at(`new:${name}:0`);
    wb.define(
      `final_${name}`,
      `${a.prefix}${cellRef(r, a.col, 'both')}:${cellRef(r, at(`new:${name}:${size - 1}`).col, 'both')}`,
    );
  }
}
