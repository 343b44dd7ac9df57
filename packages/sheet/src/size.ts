import type { Experiment } from '@unha/engine';
import { SHEET_LIMITS, SheetError } from './errors';
import { type Chunk, paginate } from './pages';

/** How the run is cut into blocks of rows: one block per update. */
export interface Schedule {
  nTrain: number;
  batchSize: number;
  stepsPerEpoch: number;
  /** Epochs in the sheet. */
  epochs: number;
  /** More than one update per epoch: the sheet gets a step column and an epoch-loss column. */
  miniBatch: boolean;
}

export interface SheetSize {
  rows: number;
  /** Columns of the widest Training sheet (see pages.ts). */
  columns: number;
  /** How many sheets the Training columns take (1 unless they are wider than SHEET_LIMITS.columns). */
  sheets: number;
  /** Formula cells of the Training sheet. */
  cells: number;
}

/** Training rows after the validation split, the way the engine splits (train.ts, splitData). */
export function trainingRows(exp: Experiment): number {
  const n = exp.data.inputs.length;
  const v = exp.validation;
  if (typeof v !== 'number' || v === 0) return n;
  return n - Math.min(n - 1, Math.max(1, Math.round(v * n)));
}

/** Does some layer drop units out during training? */
export const hasDropout = (exp: Experiment): boolean => exp.model.layers.some((l) => (l.dropout ?? 0) > 0);

/**
 * With shuffling or dropout, which examples go into each update and which units are dropped are
 * random draws only known for the epochs the engine ran, so the sheet stops there; otherwise it has
 * every epoch, even after a divergence.
 */
export function schedule(exp: Experiment, nTrain: number, epochsRun?: number): Schedule {
  const batchSize = Math.min(exp.batchSize ?? nTrain, nTrain);
  const stepsPerEpoch = Math.ceil(nTrain / batchSize);
  const drawn = exp.shuffle === true || hasDropout(exp);
  const epochs = drawn && epochsRun !== undefined ? epochsRun : exp.epochs;
  return { nTrain, batchSize, stepsPerEpoch, epochs, miniBatch: stepsPerEpoch > 1 };
}

/** The size of the Training sheet, counted from the experiment alone (before training). */
export function sheetSize(exp: Experiment, nTrain = trainingRows(exp)): SheetSize {
  const plan = schedule(exp, nTrain);
  const { chunks, ids, perExample, perStep, perEpoch } = columnCounts(exp, plan);
  const { widths } = paginate(chunks, ids, SHEET_LIMITS.columns);
  return {
    rows: 3 + plan.epochs * nTrain,
    columns: Math.max(...widths),
    sheets: widths.length,
    cells: plan.epochs * cellsPerEpoch(plan, perExample, perStep, perEpoch),
  };
}

const cellsPerEpoch = (plan: Schedule, perExample: number, perStep: number, perEpoch: number): number =>
  plan.nTrain * perExample + plan.stepsPerEpoch * perStep + perEpoch;

/**
 * The columns of the Training sheet by kind, in the order the layout writes them (columns.ts): the
 * chunks (see pages.ts) and the formula cells per example, per update and per epoch.
 */
function columnCounts(
  exp: Experiment,
  plan: Schedule,
): { chunks: Chunk[]; ids: number; perExample: number; perStep: number; perEpoch: number } {
  const layers = exp.model.layers;
  const L = layers.length;
  const nIn = exp.data.inputs[0].length;
  const O = exp.data.targets[0].length;
  const tensors: number[] = [];
  let masks = 0;
  let perExample = nIn + 4 * O; // x; y, e, e², ∂L/∂ŷ
  layers.forEach((layer, i) => {
    const fanIn = i === 0 ? nIn : layers[i - 1].units;
    const nonLinear = layer.activation !== 'identity';
    tensors.push(layer.units * fanIn, layer.units);
    perExample += layer.units * (nonLinear ? 4 : 1); // z (a, ∂a/∂z, ∂L/∂z)
    if (i + 1 < L) perExample += layer.units; // ∂L/∂a of a hidden layer
    if ((layer.dropout ?? 0) > 0) {
      perExample += 2 * layer.units; // d = a·mask and ∂L/∂a = ∂L/∂d·mask
      masks += layer.units; // the drawn mask: numbers, not formulas
    }
  });
  const P = tensors.reduce((a, b) => a + b, 0);
  const momentum = exp.optimizer.name === 'sgd' && (exp.optimizer.momentum ?? 0) > 0;
  const state = exp.optimizer.name === 'adam' ? 4 : momentum ? 1 : 0;
  const lossCols = (exp.l2 ?? 0) > 0 ? 3 : 1; // (MSE, L2,) L
  const perEpoch = plan.miniBatch ? 1 : 0;
  const byTensor = tensors.map((width) => ({ width, main: false }));
  const chunks: Chunk[] = [
    ...byTensor, // the parameters used
    { width: masks + perExample + lossCols + perEpoch, main: true },
    ...byTensor, // the gradients
    ...Array.from({ length: state > 0 ? P : 0 }, () => ({ width: state, main: false })),
    ...byTensor, // the new parameters
  ];
  return {
    chunks,
    ids: plan.miniBatch ? 3 : 2,
    perExample,
    perStep: P * (3 + state) + lossCols,
    perEpoch,
  };
}

/** The most epochs that fit in the cell and row limits (0 when not even one does). */
export function maxEpochs(exp: Experiment, nTrain = trainingRows(exp)): number {
  const plan = schedule(exp, nTrain);
  const { perExample, perStep, perEpoch } = columnCounts(exp, plan);
  return Math.min(
    Math.floor(SHEET_LIMITS.cells / cellsPerEpoch(plan, perExample, perStep, perEpoch)),
    Math.floor((SHEET_LIMITS.rows - 3) / nTrain),
  );
}

/** Throws a SheetError when the experiment cannot become a usable spreadsheet. */
export function checkSheet(exp: Experiment, nTrain = trainingRows(exp)): SheetSize {
  // The formulas are those of the mean squared error: any other loss must be written first.
  if (exp.loss !== 'mse')
    throw new SheetError({ code: 'sheet_unsupported', feature: `loss: ${String(exp.loss)}` });
  const size = sheetSize(exp, nTrain);
  for (const quantity of ['columns', 'rows', 'cells'] as const)
    if (size[quantity] > SHEET_LIMITS[quantity])
      throw new SheetError({
        code: 'sheet_too_large',
        quantity,
        value: size[quantity],
        limit: SHEET_LIMITS[quantity],
        // Too many rows or cells: say how many epochs fit; too many columns: epochs do not help.
        ...(quantity !== 'columns' && { maxEpochs: maxEpochs(exp, nTrain) }),
      });
  return size;
}
