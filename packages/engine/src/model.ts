import type { Issue, PathPart } from './errors';
import { type Experiment, type LayerSpec, type ParamValues, validateExperiment } from './experiment';
import { Network } from './nn/network';
import { constant } from './tensor';
import type { EpochTrace, Normalization, Trace } from './trace';
import { applyNormalization } from './train';

/**
 * A trained model as a file (`unha run --save model.json`): everything the forward pass needs, and
 * where it came from. Plain JSON, readable by hand:
 *
 *   { "format": "unha-model", "version": 1, "inputs": 1, "layers": [{"units": 1, "activation": "identity"}],
 *     "params": {"W1": [[2.0919]], "b1": [0.5306]}, "normalization"?: {"mean": [..], "std": [..]},
 *     "inputNames"?: ["x"], "targetNames"?: ["y"], "trained"?: {"epochs": 15, "loss": 0.0584},
 *     "experiment"?: { ...the experiment file it was trained from... } }
 *
 * `normalization` is kept with the model because the network learned on z-scored inputs: a new input
 * must be z-scored with the training data's mean and standard deviation before the forward pass.
 */
export interface ModelFile {
  format: 'unha-model';
  version: 1;
  /** How many numbers one example has. */
  inputs: number;
  inputNames?: string[];
  targetNames?: string[];
  layers: LayerSpec[];
  params: ParamValues;
  normalization?: Normalization;
  /** How the parameters were reached (for the reader; the forward pass does not use it). */
  trained?: { epochs: number; loss?: number; valLoss?: number; divergedAtEpoch?: number };
  /** The experiment the model was trained from, so the run can be reproduced. */
  experiment?: Experiment;
}

export const MODEL_FORMAT = 'unha-model';

/**
 * The model at the end of a run (the last completed epoch; the initial parameters if none ran). A run
 * that kept no epoch records (Trainer's keep 'none') passes how many ran and the last one.
 */
export function toModelFile(
  trace: Trace,
  end: { epochs: number; last?: EpochTrace } = { epochs: trace.epochs.length, last: trace.epochs.at(-1) },
): ModelFile {
  const exp = trace.experiment;
  const last = end.last;
  const trained: NonNullable<ModelFile['trained']> = { epochs: end.epochs };
  if (last) {
    trained.loss = last.loss;
    if (last.valLoss !== undefined) trained.valLoss = last.valLoss;
  }
  if (trace.diverged) trained.divergedAtEpoch = trace.diverged.epoch;
  return {
    format: MODEL_FORMAT,
    version: 1,
    inputs: exp.data.inputs[0].length,
    ...(exp.data.inputNames && { inputNames: exp.data.inputNames }),
    ...(exp.data.targetNames && { targetNames: exp.data.targetNames }),
    layers: exp.model.layers,
    params: structuredClone(last ? last.params : trace.initial.params),
    ...(trace.normalization && { normalization: trace.normalization }),
    trained,
    experiment: exp,
  };
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const FIELDS = [
  'format',
  'version',
  'inputs',
  'inputNames',
  'targetNames',
  'layers',
  'params',
  'normalization',
  'trained',
  'experiment',
];

/**
 * Checks a model file read from JSON and reports every problem with its path, like an experiment
 * file. The layers and parameters are checked by the experiment's own validator (same rules, same
 * words), with the paths renamed to this file's fields.
 */
export function fromModelFile(raw: unknown): { ok: true; value: ModelFile } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const bad = (path: PathPart[], code: Issue['code'], expected?: string, received?: unknown): void => {
    issues.push({
      code,
      path,
      ...(expected !== undefined && { expected }),
      ...(received !== undefined && { received: (JSON.stringify(received) ?? 'undefined').slice(0, 40) }),
    });
  };
  if (!isObj(raw)) {
    bad([], 'wrong_type', 'object', raw);
    return { ok: false, issues };
  }
  for (const k of Object.keys(raw)) if (!FIELDS.includes(k)) bad([k], 'unknown_field', FIELDS.join(', '));
  if (raw.format === undefined) bad(['format'], 'missing', `"${MODEL_FORMAT}"`);
  else if (raw.format !== MODEL_FORMAT) bad(['format'], 'unknown_value', `"${MODEL_FORMAT}"`, raw.format);
  if (raw.version === undefined) bad(['version'], 'missing', '1');
  else if (raw.version !== 1) bad(['version'], 'unknown_value', '1', raw.version);
  const n = raw.inputs;
  let nIn: number | undefined;
  if (n === undefined) bad(['inputs'], 'missing', 'integer');
  else if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    bad(['inputs'], 'wrong_type', 'integer', n);
  else nIn = n;

  if (raw.params === undefined) bad(['params'], 'missing', 'object with W1, b1, ...');
  else if (!isObj(raw.params)) bad(['params'], 'wrong_type', 'object with W1, b1, ...', raw.params);
  else if ('seed' in raw.params) bad(['params', 'seed'], 'unknown_field', 'W1, b1, W2, b2, ...');

  // Layers and parameters: the experiment validator, on a stand-in experiment with this shape.
  let layers: LayerSpec[] | undefined;
  let params: ParamValues | undefined;
  if (nIn !== undefined && isObj(raw.params) && !('seed' in raw.params)) {
    const ls = raw.layers;
    const last: unknown = Array.isArray(ls) ? ls[ls.length - 1] : undefined;
    const nOut = isObj(last) && typeof last.units === 'number' && last.units >= 1 ? last.units : 1;
    const r = validateExperiment({
      data: { inputs: [new Array<number>(nIn).fill(0)], targets: [new Array<number>(nOut).fill(0)] },
      model: { layers: ls, init: raw.params },
      optimizer: { name: 'sgd', lr: 1 },
      epochs: 1,
    });
    if (r.ok) {
      layers = r.value.model.layers;
      params = r.value.model.init as ParamValues;
    } else
      for (const i of r.issues) {
        const [a, b, ...rest] = i.path;
        const path: PathPart[] =
          a === 'model' && b === 'layers'
            ? ['layers', ...rest]
            : a === 'model' && b === 'init'
              ? ['params', ...rest]
              : i.path;
        issues.push({ ...i, path });
      }
  } else if (raw.layers === undefined) bad(['layers'], 'missing', 'array of layers');

  const names = (key: 'inputNames' | 'targetNames', width: number | undefined): string[] | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
      return void bad([key], 'wrong_type', 'array of strings', v);
    if (width !== undefined && v.length !== width)
      return void bad([key], 'shape', `${width} names`, v.length);
    return v;
  };
  const inputNames = names('inputNames', nIn);
  const targetNames = names('targetNames', layers?.[layers.length - 1].units);

  let normalization: Normalization | undefined;
  const nz = raw.normalization;
  if (nz !== undefined) {
    if (!isObj(nz)) bad(['normalization'], 'wrong_type', 'object with mean and std', nz);
    else {
      const vec = (key: 'mean' | 'std'): number[] | undefined => {
        const v = nz[key];
        const expected = `array of ${nIn ?? 'n'} numbers`;
        if (v === undefined) return void bad(['normalization', key], 'missing', expected);
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
          return void bad(['normalization', key], 'wrong_type', expected, v);
        if (nIn !== undefined && v.length !== nIn)
          return void bad(['normalization', key], 'shape', `${nIn} numbers`, v.length);
        if (key === 'std') {
          const k = v.findIndex((x: number) => x <= 0);
          if (k >= 0) return void bad(['normalization', key, k], 'out_of_range', '> 0', v[k]);
        }
        return v as number[];
      };
      const mean = vec('mean');
      const std = vec('std');
      if (mean && std) normalization = { mean, std };
    }
  }

  let experiment: Experiment | undefined;
  if (raw.experiment !== undefined) {
    const r = validateExperiment(raw.experiment);
    if (r.ok) experiment = r.value;
    else for (const i of r.issues) issues.push({ ...i, path: ['experiment', ...i.path] });
  }
  let trained: ModelFile['trained'];
  if (raw.trained !== undefined) {
    const t = raw.trained;
    if (!isObj(t) || typeof t.epochs !== 'number') bad(['trained'], 'wrong_type', 'object with epochs', t);
    else trained = t as ModelFile['trained'];
  }

  if (issues.length > 0 || !layers || !params || nIn === undefined) return { ok: false, issues };
  return {
    ok: true,
    value: {
      format: MODEL_FORMAT,
      version: 1,
      inputs: nIn,
      ...(inputNames && { inputNames }),
      ...(targetNames && { targetNames }),
      layers,
      params,
      ...(normalization && { normalization }),
      ...(trained && { trained }),
      ...(experiment && { experiment }),
    },
  };
}

/** Every value of one forward pass for prediction, layer by layer, as plain numbers. */
export interface Inference {
  /** The inputs as given, (examples, inputs). */
  inputs: number[][];
  /** The inputs after z-scoring with the model's normalization, when it has one. */
  normalized?: number[][];
  /** Per layer l (index l−1): the weighted sums z and the activations a, (examples, units). */
  layers: { z: number[][]; a: number[][] }[];
  /** The network's output ŷ, (examples, outputs). */
  outputs: number[][];
}

/**
 * Inference: the forward pass only, with the trained parameters and no dropout (inverted dropout
 * already scaled the kept values during training, so nothing changes at prediction time).
 */
export function infer(model: ModelFile, inputs: number[][]): Inference {
  const normalized = model.normalization ? applyNormalization(inputs, model.normalization) : undefined;
  const net = new Network(model.layers, model.inputs, model.params);
  const fwd = net.forward(constant(normalized ?? inputs, 'x'));
  const nested = (t: { toNested(): unknown }): number[][] => t.toNested() as number[][];
  return {
    inputs,
    ...(normalized && { normalized }),
    layers: fwd.layers.map((l) => ({ z: nested(l.z), a: nested(l.a) })),
    outputs: nested(fwd.output),
  };
}

/** A model as an experiment (for renderers that name symbols from an experiment): the data is a stand-in. */
export function modelExperiment(model: ModelFile): Experiment {
  const nOut = model.layers[model.layers.length - 1].units;
  return {
    data: {
      inputs: [new Array<number>(model.inputs).fill(0)],
      targets: [new Array<number>(nOut).fill(0)],
      ...(model.inputNames && { inputNames: model.inputNames }),
      ...(model.targetNames && { targetNames: model.targetNames }),
    },
    model: { layers: model.layers, init: model.params },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.01 },
    epochs: 1,
  };
}
