import type { Experiment } from '@unha/engine';
import { SHEET_LIMITS, SheetError } from './errors';

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
  columns: number;
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
  const layers = exp.model.layers;
  const L = layers.length;
  const nIn = exp.data.inputs[0].length;
  const O = exp.data.targets[0].length;
  let P = 0;
  let masks = 0;
  let perExample = nIn + 4 * O; // x; y, e, e², ∂L/∂ŷ
  layers.forEach((layer, i) => {
    const fanIn = i === 0 ? nIn : layers[i - 1].units;
    const nonLinear = layer.activation !== 'identity';
    P += layer.units * (fanIn + 1);
    perExample += layer.units * (nonLinear ? 4 : 1); // z (a, ∂a/∂z, ∂L/∂z)
    if (i + 1 < L) perExample += layer.units; // ∂L/∂a of a hidden layer
    if ((layer.dropout ?? 0) > 0) {
      perExample += 2 * layer.units; // d = a·mask and ∂L/∂a = ∂L/∂d·mask
      masks += layer.units; // the drawn mask: numbers, not formulas
    }
  });
  const momentum = exp.optimizer.name === 'sgd' && (exp.optimizer.momentum ?? 0) > 0;
  const state = exp.optimizer.name === 'adam' ? 4 : momentum ? 1 : 0;
  const perStep = P * (3 + state) + ((exp.l2 ?? 0) > 0 ? 3 : 1);
  const perEpoch = plan.miniBatch ? 1 : 0;
  const ids = plan.miniBatch ? 3 : 2;
  return {
    rows: 3 + plan.epochs * nTrain,
    columns: ids + masks + perExample + perStep + perEpoch,
    cells: plan.epochs * (nTrain * perExample + plan.stepsPerEpoch * perStep + perEpoch),
  };
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
      });
  return size;
}
