import { type Block, type ColumnSet, type Group, type Page, planColumns } from './columns';
import type { Context } from './context';
import { SHEET_LIMITS } from './errors';
import type { InputsLayout } from './inputs';
import { schedule } from './size';
import { StepView } from './step-view';
import { type Sheet, cellRef, sheetPrefix } from './xlsx';

/** Header colours of the column groups, so the eye can follow the computation left to right. */
const GROUP_FILL: Record<Group, string> = {
  id: 'FFD9D9D9',
  params: 'FFE2EFDA',
  input: 'FFDDEBF7',
  forward: 'FFDDEBF7',
  error: 'FFFCE4D6',
  loss: 'FFF8CBAD',
  backward: 'FFE4DFEC',
  grads: 'FFD9D2E9',
  optimizer: 'FFEDEDED',
  update: 'FFC6E0B4',
};

/** Green (small) → yellow → red (large), the spreadsheet's usual scale. */
const LOSS_COLORS: [string, string, string] = ['FF63BE7B', 'FFFFEB84', 'FFF8696B'];

export const HEADER_ROWS = 3;

export interface TrainingLayout {
  /** The Training sheets: one, or more when the columns are wider than a sheet (pages.ts). */
  sheets: Sheet[];
  blocks: Block[];
}

/**
 * The Training sheet: three header rows (group, label, formula in words), then one block of rows
 * per update. Every computed cell is a formula over the cells it depends on, with the engine's
 * number as its cached value. When the columns do not fit in one sheet, the per-parameter columns
 * continue on "Training (2)", ..., with the same rows.
 */
export function writeTraining(ctx: Context, inputs: InputsLayout): TrainingLayout {
  const { wb, msg, trace } = ctx;
  const plan = schedule(trace.experiment, trace.train.rows.length, trace.epochs.length);
  const set = planColumns(ctx, inputs, plan.miniBatch);
  const pages = set.paginate(SHEET_LIMITS.columns, (p) =>
    p === 0 ? msg.sheets.training : `${msg.sheets.training} (${p + 1})`,
  );
  const blocks = makeBlocks(ctx, plan);
  const groupStyle = new Map<Group, { group: number; label: number; hint: number }>();
  for (const g of Object.keys(GROUP_FILL) as Group[])
    groupStyle.set(g, {
      group: wb.style({ bold: true, fill: GROUP_FILL[g] }),
      label: wb.style({ bold: true, fill: GROUP_FILL[g], align: 'center' }),
      hint: wb.style({ italic: true, color: 'FF595959', fill: GROUP_FILL[g], align: 'center', size: 9 }),
    });
  const sheets = pages.map((page, p) => writePage(ctx, page, p, blocks, groupStyle));
  const first = sheets[0];
  if (blocks.length > 0) nameAndFormat(ctx, sheets, set, blocks, plan.miniBatch);
  // A shuffled or dropout run that diverged in its first epoch: its draws are unknown, no block to write.
  else if (trace.diverged) first.text(HEADER_ROWS, 0, msg.readme.noEpochs(trace.diverged.epoch), ctx.st.note);
  return { sheets, blocks };
}

function writePage(
  ctx: Context,
  page: Page,
  p: number,
  blocks: Block[],
  groupStyle: Map<Group, { group: number; label: number; hint: number }>,
): Sheet {
  const { wb, msg, st } = ctx;
  const sheet = wb.addSheet(page.name);
  const columns = page.columns;
  columns.forEach((c, ci) => {
    const s = groupStyle.get(c.group)!;
    const startsGroup = ci === 0 || columns[ci - 1].group !== c.group;
    sheet.set(0, ci, startsGroup ? { value: msg.groups[c.group], style: s.group } : { style: s.group });
    sheet.text(1, ci, c.label, s.label);
    sheet.set(2, ci, c.hint ? { value: c.hint, style: s.hint } : { style: s.hint });
    sheet.width(ci, c.id ? 8 : Math.max(11, Math.min(18, c.label.length + 3)));
  });

  blocks.forEach((b, bi) => {
    const prev = bi > 0 ? blocks[bi - 1] : undefined;
    const last = b.firstRow + b.batch.length - 1;
    columns.forEach((c, ci) => {
      const rows = c.scope === 'example' ? b.batch.length : c.scope === 'step' || b.lastInEpoch ? 1 : 0;
      for (let n = 0; n < rows; n++) {
        const row = b.firstRow + n;
        const at = { b, prev, n, row, page: p };
        const end = row === last;
        if (c.id) sheet.set(row, ci, { value: c.value(at) ?? null, style: end ? st.idEnd : st.id });
        else if (c.drawn)
          sheet.set(row, ci, { value: c.value(at) ?? null, style: end ? st.drawnEnd : st.drawn });
        else
          sheet.set(row, ci, {
            formula: c.formula(at),
            value: c.value(at) ?? null,
            style: end ? st.numEnd : st.num,
          });
      }
      // Keep the line under the block continuous across the columns only filled on its first row.
      if (rows < b.batch.length && !sheet.get(last, ci)) sheet.set(last, ci, { style: st.numEnd });
    });
  });
  sheet.freeze = { rows: HEADER_ROWS, cols: columns.filter((c) => c.id).length };
  return sheet;
}

function makeBlocks(ctx: Context, plan: ReturnType<typeof schedule>): Block[] {
  const { trace } = ctx;
  const blocks: Block[] = [];
  let row = HEADER_ROWS;
  let t = 0;
  for (let e = 1; e <= plan.epochs; e++) {
    const epochFirstRow = row;
    for (let s = 0; s < plan.stepsPerEpoch; s++) {
      const step = trace.epochs[e - 1]?.steps[s];
      const start = s * plan.batchSize;
      const batch =
        step?.batch ??
        Array.from({ length: Math.min(plan.batchSize, plan.nTrain - start) }, (_, i) => start + i);
      blocks.push({
        index: blocks.length,
        epoch: e,
        step: ++t,
        firstRow: row,
        batch,
        view: new StepView(step, ctx.layers),
        epochFirstRow,
        lastInEpoch: s === plan.stepsPerEpoch - 1,
      });
      row += batch.length;
    }
  }
  return blocks;
}

/** Defined names (losses, final_loss, final_W1, ...) and the colour scale of the loss column(s). */
function nameAndFormat(
  ctx: Context,
  sheets: Sheet[],
  set: ColumnSet,
  blocks: Block[],
  miniBatch: boolean,
): void {
  const { wb } = ctx;
  const lastBlock = blocks[blocks.length - 1];
  const lastRow = lastBlock.firstRow + lastBlock.batch.length - 1;
  const r = lastBlock.firstRow;
  const at = (key: string): { prefix: string; col: number; sheet: Sheet } => {
    const { page, col } = set.where(key);
    return { prefix: sheetPrefix(sheets[page].name), col, sheet: sheets[page] };
  };
  const span = (c: number): string => `${cellRef(HEADER_ROWS, c, 'both')}:${cellRef(lastRow, c, 'both')}`;
  const loss = at('loss');
  wb.define('losses', loss.prefix + span(loss.col));
  loss.sheet.colorScales.push({ ref: span(loss.col).replace(/\$/g, ''), colors: LOSS_COLORS });
  const final = at(miniBatch ? 'epochLoss' : 'loss');
  if (miniBatch)
    final.sheet.colorScales.push({ ref: span(final.col).replace(/\$/g, ''), colors: LOSS_COLORS });
  wb.define('final_loss', final.prefix + cellRef(r, final.col, 'both'));
  // A tensor's new values are one chunk: always on one sheet.
  const row = (k1: string, k2: string): string => {
    const a = at(k1);
    return `${a.prefix}${cellRef(r, a.col, 'both')}:${cellRef(r, at(k2).col, 'both')}`;
  };
  ctx.layers.forEach((layer, idx) => {
    const l = idx + 1;
    const last = layer.units * ctx.fanIn(l) - 1;
    wb.define(`final_W${l}`, row(`new:W${l}:0`, `new:W${l}:${last}`));
    wb.define(`final_b${l}`, row(`new:b${l}:0`, `new:b${l}:${layer.units - 1}`));
  });
}
