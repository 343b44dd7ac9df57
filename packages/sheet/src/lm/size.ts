import { SHEET_LIMITS, SheetError } from '../errors';
import { type Chunk, paginate } from '../pages';
import type { LmDenseSheetLayer, LmSheetRun } from './run';

/** What sets the size of a language model's workbook, known before training. */
export interface LmShape {
  V: number;
  context: number;
  dim: number;
  dense: LmDenseSheetLayer[];
  optimizer: 'sgd' | 'sgd-momentum' | 'adam';
  steps: number;
  batchSize: number;
  examples: number;
  words: number;
}

export interface LmSheetSize {
  rows: number;
  columns: number;
  sheets: number;
  cells: number;
  examples: number;
  params: number;
}

export function lmShapeOf(run: LmSheetRun): LmShape {
  const o = run.experiment.optimizer!;
  return {
    V: run.chars.length,
    context: run.context,
    dim: run.dim,
    dense: run.dense,
    optimizer: o.name === 'sgd' ? ((o.momentum ?? 0) > 0 ? 'sgd-momentum' : 'sgd') : 'adam',
    steps: run.experiment.steps,
    batchSize: run.experiment.batchSize,
    examples: run.targets.length,
    words: run.trainWords.length,
  };
}

/**
 * The columns by kind, in the order the layout writes them (columns.ts, columns-backward.ts): formula
 * cells per example row and per step, and the chunks that must stay on one sheet.
 */
function counts(s: LmShape): { perExample: number; perStep: number; params: number[]; state: number } {
  const { V, context: C, dim: D, dense } = s;
  const L = dense.length;
  let perExample = C + 1 + C * D; // c, y, the looked-up numbers
  const params = [V * D];
  dense.forEach((layer, i) => {
    const fanIn = i === 0 ? C * D : dense[i - 1].units;
    params.push(layer.units * fanIn, layer.units);
    perExample += layer.units; // z (the last layer's: the logits)
    if (i + 1 < L && layer.activation !== 'identity') perExample += 3 * layer.units; // a, ∂a/∂z, ∂L/∂z
    if (i + 1 < L) perExample += layer.units; // ∂L/∂a
  });
  perExample += 1 + V + 1 + V + 1 + V; // max, e, Σe, p, −ln p, ∂L/∂logit
  if (L > 0) perExample += C * D; // ∂L/∂ of the looked-up numbers
  const state = s.optimizer === 'adam' ? 4 : s.optimizer === 'sgd-momentum' ? 1 : 0;
  const P = params.reduce((a, b) => a + b, 0);
  return { perExample, perStep: P * (3 + state) + 1, params, state };
}

export function lmSheetSize(s: LmShape, steps = s.steps): LmSheetSize {
  const { perExample, perStep, params, state } = counts(s);
  const P = params.reduce((a, b) => a + b, 0);
  const byTensor = params.map((width) => ({ width, main: false }));
  const chunks: Chunk[] = [
    ...byTensor,
    { width: perExample + 1, main: true },
    ...byTensor,
    ...Array.from({ length: state > 0 ? P : 0 }, () => ({ width: state, main: false })),
    ...byTensor,
  ];
  const { widths } = paginate(chunks, 2, SHEET_LIMITS.columns);
  return {
    rows: 3 + steps * s.batchSize,
    columns: Math.max(...widths),
    sheets: widths.length,
    cells: steps * (s.batchSize * perExample + perStep),
    examples: s.examples,
    params: P,
  };
}

/** Throws a SheetError (what is too large and what would fit) when the run cannot be a usable sheet. */
export function checkLmSheet(s: LmShape): LmSheetSize {
  const size = lmSheetSize(s);
  if (size.examples > SHEET_LIMITS.examples)
    throw new SheetError({
      code: 'sheet_lm_too_large',
      quantity: 'examples',
      value: size.examples,
      limit: SHEET_LIMITS.examples,
      // Each word gives (its length + 1) examples: keep the same share of the words.
      maxWords: Math.floor((s.words * SHEET_LIMITS.examples) / size.examples),
    });
  if (size.columns > SHEET_LIMITS.columns)
    throw new SheetError({
      code: 'sheet_lm_too_large',
      quantity: 'columns',
      value: size.columns,
      limit: SHEET_LIMITS.columns,
      params: size.params,
    });
  const { perExample, perStep } = counts(s);
  const maxSteps = Math.min(
    Math.floor(SHEET_LIMITS.cells / (s.batchSize * perExample + perStep)),
    Math.floor((SHEET_LIMITS.rows - 3) / s.batchSize),
  );
  for (const quantity of ['rows', 'cells'] as const)
    if (size[quantity] > SHEET_LIMITS[quantity])
      throw new SheetError({
        code: 'sheet_lm_too_large',
        quantity,
        value: size[quantity],
        limit: SHEET_LIMITS[quantity],
        maxSteps,
      });
  return size;
}
