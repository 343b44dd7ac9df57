import { Checker, type NumOptions, has, isObj } from './check';
import { type Expected, type Issue, type PathPart, UnhaInputError } from './errors';
import { LIMITS, depthIssue } from './limits';
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
const TRAINED_FIELDS = ['epochs', 'loss', 'valLoss', 'divergedAtEpoch'];

/** The issues of the stand-in experiment, with their paths renamed to this file's fields. */
function renamed(issues: Issue[]): Issue[] {
  return issues.map((i) => {
    const [a, b, ...rest] = i.path;
    const path: PathPart[] =
      a === 'model' && b === 'layers'
        ? ['layers', ...rest]
        : a === 'model' && b === 'init'
          ? ['params', ...rest]
          : i.path;
    return { ...i, path };
  });
}

/** How the parameters were reached: every field a number of its kind, nothing else. */
function trainedInfo(c: Checker, t: unknown): ModelFile['trained'] {
  const path: PathPart[] = ['trained'];
  if (!isObj(t)) return void c.bad(path, 'wrong_type', { key: 'objectWith', fields: ['epochs'] }, t);
  for (const k of Object.keys(t))
    if (!TRAINED_FIELDS.includes(k))
      c.bad([...path, k], 'unknown_field', { key: 'fields', values: TRAINED_FIELDS });
  const epochs = c.num(has(t, 'epochs') ? t.epochs : undefined, [...path, 'epochs'], { int: true, min: 0 });
  const opt = (key: string, opts: NumOptions): number | undefined =>
    has(t, key) && t[key] !== undefined ? c.num(t[key], [...path, key], opts) : undefined;
  const loss = opt('loss', { min: 0 });
  const valLoss = opt('valLoss', { min: 0 });
  const divergedAtEpoch = opt('divergedAtEpoch', { int: true, min: 1 });
  if (epochs === undefined) return undefined;
  return {
    epochs,
    ...(loss !== undefined && { loss }),
    ...(valLoss !== undefined && { valLoss }),
    ...(divergedAtEpoch !== undefined && { divergedAtEpoch }),
  };
}

/**
 * Checks a model file read from JSON and reports every problem with its path, like an experiment
 * file. The layers and parameters are checked by the experiment's own validator (same rules, same
 * words, same size limits), with the paths renamed to this file's fields.
 */
export function fromModelFile(raw: unknown): { ok: true; value: ModelFile } | { ok: false; issues: Issue[] } {
  const deep = depthIssue(raw);
  if (deep) return { ok: false, issues: [deep] };
  const c = new Checker();
  const { issues } = c;
  if (!isObj(raw)) {
    c.bad([], 'wrong_type', { key: 'object' }, raw);
    return { ok: false, issues };
  }
  const field = (k: string): unknown => (has(raw, k) ? raw[k] : undefined);
  for (const k of Object.keys(raw))
    if (!FIELDS.includes(k)) c.bad([k], 'unknown_field', { key: 'fields', values: FIELDS });
  const format: Expected = { key: 'literal', value: `"${MODEL_FORMAT}"` };
  if (raw.format === undefined) c.bad(['format'], 'missing', format);
  else if (raw.format !== MODEL_FORMAT) c.bad(['format'], 'unknown_value', format, raw.format);
  if (raw.version === undefined) c.bad(['version'], 'missing', { key: 'literal', value: '1' });
  else if (raw.version !== 1)
    c.bad(['version'], 'unknown_value', { key: 'literal', value: '1' }, raw.version);
  let nIn = c.num(field('inputs'), ['inputs'], { int: true, min: 1 });
  // Every input has at least one weight: more inputs than the parameter limit cannot fit, and the
  // stand-in row below would be allocated from this number.
  if (nIn !== undefined && nIn > LIMITS.parameters) {
    c.bad(['inputs'], 'too_large', {
      key: 'limit',
      what: 'parameters',
      limit: LIMITS.parameters,
      needed: nIn,
    });
    nIn = undefined;
  }

  const rawParams = field('params');
  const paramsExpected: Expected = { key: 'objectWith', fields: ['W1', 'b1'] };
  if (rawParams === undefined) c.bad(['params'], 'missing', paramsExpected);
  else if (!isObj(rawParams)) c.bad(['params'], 'wrong_type', paramsExpected, rawParams);
  else if (has(rawParams, 'seed'))
    c.bad(['params', 'seed'], 'unknown_field', { key: 'paramNames', seed: false });

  // Layers and parameters: the experiment validator, on a stand-in experiment with this shape.
  let layers: LayerSpec[] | undefined;
  let params: ParamValues | undefined;
  const ls = field('layers');
  if (nIn !== undefined && isObj(rawParams) && !has(rawParams, 'seed')) {
    const last: unknown = Array.isArray(ls) ? ls[ls.length - 1] : undefined;
    // The stand-in target row is as wide as the output layer, when that is a size we may allocate;
    // otherwise 1, and the validator names the bad units.
    const units = isObj(last) ? last.units : undefined;
    const nOut =
      typeof units === 'number' && Number.isInteger(units) && units >= 1 && units <= LIMITS.parameters
        ? units
        : 1;
    const r = validateExperiment({
      data: { inputs: [new Array<number>(nIn).fill(0)], targets: [new Array<number>(nOut).fill(0)] },
      model: { layers: ls, init: rawParams },
      optimizer: { name: 'sgd', lr: 1 },
      epochs: 1,
    });
    if (r.ok) {
      layers = r.value.model.layers;
      params = r.value.model.init as ParamValues;
    } else issues.push(...renamed(r.issues));
  } else if (ls === undefined) c.bad(['layers'], 'missing', { key: 'layerArray' });

  const names = (key: 'inputNames' | 'targetNames', width: number | undefined): string[] | undefined => {
    const v = field(key);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string'))
      return void c.bad([key], 'wrong_type', { key: 'stringArray' }, v);
    if (width !== undefined && v.length !== width)
      return void c.size(
        [key],
        'shape',
        { key: 'count', n: width, of: 'names' },
        { key: 'count', n: v.length, of: 'names' },
      );
    return v;
  };
  const inputNames = names('inputNames', nIn);
  const targetNames = names('targetNames', layers?.[layers.length - 1].units);

  let normalization: Normalization | undefined;
  const nz = field('normalization');
  if (nz !== undefined) {
    if (!isObj(nz))
      c.bad(['normalization'], 'wrong_type', { key: 'objectWith', fields: ['mean', 'std'] }, nz);
    else {
      for (const k of Object.keys(nz))
        if (k !== 'mean' && k !== 'std')
          c.bad(['normalization', k], 'unknown_field', { key: 'fields', values: ['mean', 'std'] });
      const vec = (key: 'mean' | 'std'): number[] | undefined => {
        const v = has(nz, key) ? nz[key] : undefined;
        const expected: Expected = { key: 'numberArray', n: nIn };
        const path: PathPart[] = ['normalization', key];
        if (v === undefined) return void c.bad(path, 'missing', expected);
        if (!Array.isArray(v)) return void c.bad(path, 'wrong_type', expected, v);
        if (!c.numbers(v, path)) return undefined;
        if (nIn !== undefined && v.length !== nIn)
          return void c.size(
            path,
            'shape',
            { key: 'count', n: nIn, of: 'numbers' },
            { key: 'count', n: v.length, of: 'numbers' },
          );
        if (key === 'std') {
          const k = v.findIndex((x: number) => x <= 0);
          if (k >= 0)
            return void c.bad([...path, k], 'out_of_range', { key: 'bound', op: '>', value: 0 }, v[k]);
        }
        return v as number[];
      };
      const mean = vec('mean');
      const std = vec('std');
      if (mean && std) normalization = { mean, std };
    }
  }

  let experiment: Experiment | undefined;
  const rawExperiment = field('experiment');
  if (rawExperiment !== undefined) {
    const r = validateExperiment(rawExperiment);
    if (r.ok) experiment = r.value;
    else for (const i of r.issues) issues.push({ ...i, path: ['experiment', ...i.path] });
  }
  const rawTrained = field('trained');
  const trained = rawTrained === undefined ? undefined : trainedInfo(c, rawTrained);

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
  // Every layer holds rows × units values: bounded like a training step, before anything is allocated.
  const widest = Math.max(model.inputs, ...model.layers.map((l) => l.units));
  if (inputs.length * widest > LIMITS.activations)
    throw new UnhaInputError('predict', [
      {
        code: 'too_large',
        path: ['inputs'],
        expected: {
          key: 'limit',
          what: 'activations',
          limit: LIMITS.activations,
          needed: inputs.length * widest,
        },
      },
    ]);
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
