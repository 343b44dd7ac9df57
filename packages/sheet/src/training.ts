import { type Block, type Column, type Group, planColumns } from './columns';
import type { Context } from './context';
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
  sheet: Sheet;
  blocks: Block[];
  columns: Column[];
}

/**
 * The Training sheet: three header rows (group, label, formula in words), then one block of rows
 * per update. Every computed cell is a formula over the cells it depends on, with the engine's
 * number as its cached value.
 */
export function writeTraining(ctx: Context, inputs: InputsLayout): TrainingLayout {
  const { wb, msg, trace } = ctx;
  const sheet = wb.addSheet(msg.sheets.training);
  const plan = schedule(trace.experiment, trace.train.rows.length, trace.epochs.length);
  const columns = planColumns(ctx, inputs, plan.miniBatch);
  const blocks = makeBlocks(ctx, plan);
  const st = ctx.st;

  const groupStyle = new Map<Group, { group: number; label: number; hint: number }>();
  for (const g of Object.keys(GROUP_FILL) as Group[])
    groupStyle.set(g, {
      group: wb.style({ bold: true, fill: GROUP_FILL[g] }),
      label: wb.style({ bold: true, fill: GROUP_FILL[g], align: 'center' }),
      hint: wb.style({ italic: true, color: 'FF595959', fill: GROUP_FILL[g], align: 'center', size: 9 }),
    });
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
        const at = { b, prev, n, row };
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

  if (blocks.length > 0) nameAndFormat(ctx, sheet, columns, blocks, plan.miniBatch);
  // A shuffled or dropout run that diverged in its first epoch: its draws are unknown, no block to write.
  else if (trace.diverged) sheet.text(HEADER_ROWS, 0, msg.readme.noEpochs(trace.diverged.epoch), st.note);
  sheet.freeze = { rows: HEADER_ROWS, cols: columns.filter((c) => c.id).length };
  return { sheet, blocks, columns };
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
  sheet: Sheet,
  columns: Column[],
  blocks: Block[],
  miniBatch: boolean,
): void {
  const { wb } = ctx;
  const p = sheetPrefix(sheet.name);
  const col = (key: string): number => columns.findIndex((c) => c.key === key);
  const lastBlock = blocks[blocks.length - 1];
  const lastRow = lastBlock.firstRow + lastBlock.batch.length - 1;
  const span = (c: number): string => `${cellRef(HEADER_ROWS, c, 'both')}:${cellRef(lastRow, c, 'both')}`;
  const lossCol = col('loss');
  wb.define('losses', p + span(lossCol));
  sheet.colorScales.push({ ref: span(lossCol).replace(/\$/g, ''), colors: LOSS_COLORS });
  const finalCol = miniBatch ? col('epochLoss') : lossCol;
  if (miniBatch) sheet.colorScales.push({ ref: span(finalCol).replace(/\$/g, ''), colors: LOSS_COLORS });
  wb.define('final_loss', p + cellRef(lastBlock.firstRow, finalCol, 'both'));
  const r = lastBlock.firstRow;
  ctx.layers.forEach((layer, idx) => {
    const l = idx + 1;
    const last = layer.units * ctx.fanIn(l) - 1;
    wb.define(
      `final_W${l}`,
      `${p}${cellRef(r, col(`new:W${l}:0`), 'both')}:${cellRef(r, col(`new:W${l}:${last}`), 'both')}`,
    );
    wb.define(
      `final_b${l}`,
      `${p}${cellRef(r, col(`new:b${l}:0`), 'both')}:${cellRef(r, col(`new:b${l}:${layer.units - 1}`), 'both')}`,
    );
  });
}
