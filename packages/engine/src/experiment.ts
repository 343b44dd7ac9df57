import { Checker, has, isObj } from './check';
import type { Expected, Issue, PathPart } from './errors';
import { LIMITS, depthIssue, parameterCount, sizeLimits } from './limits';

export const ACTIVATIONS = ['identity', 'relu', 'tanh', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
export const OPTIMIZERS = ['sgd', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
export const LOSSES = ['mse'] as const;
export type LossName = (typeof LOSSES)[number];

export type Matrix = number[][];
export type Vector = number[];
export type ParamValue = Matrix | Vector;
export type ParamValues = Record<string, ParamValue>;

export interface LayerSpec {
  units: number;
  activation: Activation;
  /** Inverted dropout on this layer's output during training: probability of zeroing each value. */
  dropout?: number;
}

export type InitSpec = { seed: number } | ParamValues;

export interface OptimizerSpec {
  name: OptimizerName;
  lr: number;
  /** sgd only: v ← momentum·v + g; p ← p − lr·v (PyTorch's form). */
  momentum?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export interface DataSpec {
  inputs: Matrix;
  targets: Matrix;
  inputNames?: string[];
  targetNames?: string[];
}

/** Localized text: either one string for every language or one per locale. */
export type LocalText = string | { en?: string; 'pt-BR'?: string };

export interface Experiment {
  title?: LocalText;
  notes?: LocalText;
  data: DataSpec;
  model: { layers: LayerSpec[]; init: InitSpec };
  loss: LossName;
  optimizer: OptimizerSpec;
  epochs: number;
  /** Examples per update; absent = every example (full batch). */
  batchSize?: number;
  /** Reshuffle the examples before each epoch with the seeded generator (mini-batches). */
  shuffle?: boolean;
  /** Seed for shuffling, dropout masks and the validation split (defaults to 0). */
  seed?: number;
  /** λ of the L2 penalty λ·Σ W² over weights only (not biases), added to the loss. */
  l2?: number;
  /** z-score the inputs with the training data's mean and standard deviation. */
  normalize?: boolean;
  /** Held-out data: a fraction of the examples (taken after a seeded shuffle) or an explicit set. */
  validation?: number | DataSpec;
}

export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, eps: 1e-8 } as const;

const TOP_FIELDS = new Set([
  'title',
  'notes',
  'data',
  'model',
  'loss',
  'optimizer',
  'epochs',
  'batchSize',
  'shuffle',
  'seed',
  'l2',
  'normalize',
  'validation',
  'description',
  'story',
  'name',
  '$schema',
]);

const DATA_FIELDS = ['inputs', 'targets', 'inputNames', 'targetNames'];
const LAYER_FIELDS = ['units', 'activation', 'dropout'];
/** Seeds are 32-bit: the generator keeps seed mod 2³², so a larger seed would repeat a smaller one's run. */
export const MAX_SEED = 2 ** 32 - 1;
const PARAM_NAME = /^[Wb][1-9][0-9]*$/;

type Result = { ok: true; value: Experiment } | { ok: false; issues: Issue[] };

const oneOf = (values: readonly string[]): Expected => ({ key: 'oneOf', values: [...values] });

/** Names of the columns, one per column of a matrix of `width`. */
function names(
  c: Checker,
  v: Record<string, unknown>,
  key: 'inputNames' | 'targetNames',
  path: PathPart[],
  width: number | undefined,
): string[] | undefined {
  const n = v[key];
  if (n === undefined) return undefined;
  if (!Array.isArray(n) || !n.every((s) => typeof s === 'string'))
    return void c.bad([...path, key], 'wrong_type', { key: 'stringArray' }, n);
  if (width !== undefined && n.length !== width)
    return void c.size(
      [...path, key],
      'shape',
      { key: 'count', n: width, of: 'names' },
      { key: 'count', n: n.length, of: 'names' },
    );
  return n;
}

function dataSpec(c: Checker, v: unknown, path: PathPart[]): DataSpec | undefined {
  const expected: Expected = { key: 'objectWith', fields: ['inputs', 'targets'] };
  if (v === undefined) return void c.bad(path, 'missing', expected);
  if (!isObj(v)) return void c.bad(path, 'wrong_type', expected, v);
  for (const k of Object.keys(v))
    if (!DATA_FIELDS.includes(k))
      c.bad([...path, k], 'unknown_field', { key: 'fields', values: DATA_FIELDS });
  const inputs = c.matrix(v.inputs, [...path, 'inputs']);
  const targets = c.matrix(v.targets, [...path, 'targets']);
  if (inputs && targets && inputs.length !== targets.length) {
    c.size(
      [...path, 'targets'],
      'shape',
      { key: 'count', n: inputs.length, of: 'rowsPerInput' },
      { key: 'count', n: targets.length, of: 'rows' },
    );
    return undefined;
  }
  const inputNames = names(c, v, 'inputNames', path, inputs?.[0]?.length);
  const targetNames = names(c, v, 'targetNames', path, targets?.[0]?.length);
  if (!inputs || !targets) return undefined;
  return { inputs, targets, ...(inputNames && { inputNames }), ...(targetNames && { targetNames }) };
}

function layerSpecs(c: Checker, ls: unknown): LayerSpec[] | undefined {
  const path: PathPart[] = ['model', 'layers'];
  if (ls === undefined) return void c.bad(path, 'missing', { key: 'layerArray' });
  if (!Array.isArray(ls)) return void c.bad(path, 'wrong_type', { key: 'layerArray' }, ls);
  if (ls.length === 0) return void c.bad(path, 'empty', { key: 'atLeastOne', what: 'layer' });
  const out: LayerSpec[] = [];
  ls.forEach((l: unknown, i) => {
    const p: PathPart[] = [...path, i];
    if (!isObj(l)) return c.bad(p, 'wrong_type', { key: 'objectWith', fields: ['units', 'activation'] }, l);
    const units = c.num(l.units, [...p, 'units'], { int: true, min: 1 });
    let activation: Activation = 'identity';
    if (l.activation !== undefined) {
      if (typeof l.activation !== 'string')
        c.bad([...p, 'activation'], 'wrong_type', oneOf(ACTIVATIONS), l.activation);
      else if (!(ACTIVATIONS as readonly string[]).includes(l.activation))
        c.bad([...p, 'activation'], 'unknown_value', oneOf(ACTIVATIONS), l.activation);
      else activation = l.activation as Activation;
    }
    let dropout: number | undefined;
    if (l.dropout !== undefined) {
      dropout = c.num(l.dropout, [...p, 'dropout'], { min: 0, max: 0.95 });
      if (dropout !== undefined && dropout > 0 && i === ls.length - 1)
        c.bad([...p, 'dropout'], 'out_of_range', { key: 'noOutputDropout' }, l.dropout);
    }
    for (const k of Object.keys(l))
      if (!LAYER_FIELDS.includes(k))
        c.bad([...p, k], 'unknown_field', { key: 'fields', values: LAYER_FIELDS });
    if (units !== undefined)
      out.push({ units, activation, ...(dropout !== undefined && dropout > 0 && { dropout }) });
  });
  return out.length === ls.length ? out : undefined;
}

/** Initial values of every layer's W and b, each of its layer's shape. */
function initialParams(
  c: Checker,
  ini: Record<string, unknown>,
  layers: LayerSpec[],
  nIn: number,
): ParamValues | undefined {
  const params: ParamValues = {};
  let ok = true;
  let fanIn = nIn;
  layers.forEach((layer, i) => {
    const l = i + 1;
    const wPath: PathPart[] = ['model', 'init', `W${l}`];
    const bPath: PathPart[] = ['model', 'init', `b${l}`];
    const w = c.matrix(has(ini, `W${l}`) ? ini[`W${l}`] : undefined, wPath);
    if (w && (w.length !== layer.units || w[0].length !== fanIn)) {
      ok = false;
      c.size(
        wPath,
        'shape',
        { key: 'weightShape', rows: layer.units, cols: fanIn, layer: l },
        { key: 'weightShape', rows: w.length, cols: w[0].length },
      );
    } else if (!w) ok = false;
    else params[`W${l}`] = w;
    const b = has(ini, `b${l}`) ? ini[`b${l}`] : undefined;
    if (b === undefined) {
      ok = false;
      c.bad(bPath, 'missing', { key: 'numberArray', n: layer.units });
    } else if (!Array.isArray(b)) {
      ok = false;
      c.bad(bPath, 'wrong_type', { key: 'numberArray', n: layer.units }, b);
    } else {
      if (!c.numbers(b, bPath)) ok = false;
      if (b.length !== layer.units) {
        ok = false;
        c.size(
          bPath,
          'shape',
          { key: 'count', n: layer.units, of: 'numbersPerUnit' },
          { key: 'count', n: b.length, of: 'numbers' },
        );
      } else params[`b${l}`] = b as Vector;
    }
    fanIn = layer.units;
  });
  for (const k of Object.keys(ini)) {
    if (!PARAM_NAME.test(k)) c.bad(['model', 'init', k], 'unknown_field', { key: 'paramNames', seed: true });
    else if (Number(k.slice(1)) > layers.length)
      c.bad(['model', 'init', k], 'unknown_field', { key: 'layerParams', layers: layers.length });
  }
  return ok ? params : undefined;
}

/**
 * Checks an experiment read from JSON (or built in code) and reports every problem with its path.
 * Only a valid experiment comes out: downstream code never re-checks shapes, and nothing it will
 * allocate is beyond LIMITS.
 */
export function validateExperiment(raw: unknown): Result {
  // Depth first, without recursion: everything below (JSON.stringify of a bad value included) recurses.
  const deep = depthIssue(raw);
  if (deep) return { ok: false, issues: [deep] };
  const c = new Checker();
  const { issues } = c;
  const bad = c.bad.bind(c);
  const num = c.num.bind(c);

  if (!isObj(raw)) {
    bad([], 'wrong_type', { key: 'object' }, raw);
    return { ok: false, issues };
  }
  for (const k of Object.keys(raw))
    if (!TOP_FIELDS.has(k))
      bad([k], 'unknown_field', { key: 'fields', values: [...TOP_FIELDS].filter((f) => f !== '$schema') });

  const data = dataSpec(c, raw.data, ['data']);
  const nIn = data?.inputs[0].length;
  const nOut = data?.targets[0].length;

  // model
  let layers: LayerSpec[] | undefined;
  let outputMismatch = false;
  let init: InitSpec | undefined;
  const model = raw.model;
  const modelExpected: Expected = { key: 'objectWith', fields: ['layers', 'init'] };
  const initExpected: Expected = { key: 'seedOrInitial' };
  if (model === undefined) bad(['model'], 'missing', modelExpected);
  else if (!isObj(model)) bad(['model'], 'wrong_type', modelExpected, model);
  else {
    for (const k of Object.keys(model))
      if (k !== 'layers' && k !== 'init')
        bad(['model', k], 'unknown_field', { key: 'fields', values: ['layers', 'init'] });
    layers = layerSpecs(c, has(model, 'layers') ? model.layers : undefined);
    // Reported after the sizes: an output layer of 10⁹ units is first of all too large.
    outputMismatch = !!layers && nOut !== undefined && layers[layers.length - 1].units !== nOut;
    const ini = has(model, 'init') ? model.init : undefined;
    if (ini === undefined) bad(['model', 'init'], 'missing', initExpected);
    else if (!isObj(ini)) bad(['model', 'init'], 'wrong_type', initExpected, ini);
    else if (has(ini, 'seed')) {
      const seed = num(ini.seed, ['model', 'init', 'seed'], { int: true, min: 0, max: MAX_SEED });
      // Initial values beside a seed would be silently ignored: say so.
      for (const k of Object.keys(ini))
        if (k !== 'seed') bad(['model', 'init', k], 'unknown_field', { key: 'paramNames', seed: true });
      if (seed !== undefined) init = { seed };
    } else if (layers && nIn !== undefined && !outputMismatch) {
      // Sizes before values: a layer of 10⁸ units is refused before its W is even looked for.
      if (parameterCount(nIn, layers) <= LIMITS.parameters) init = initialParams(c, ini, layers, nIn);
    }
  }

  let loss: LossName = 'mse';
  if (raw.loss !== undefined) {
    if (typeof raw.loss !== 'string' || !(LOSSES as readonly string[]).includes(raw.loss))
      bad(['loss'], typeof raw.loss === 'string' ? 'unknown_value' : 'wrong_type', oneOf(LOSSES), raw.loss);
    else loss = raw.loss as LossName;
  }

  let optimizer: OptimizerSpec | undefined;
  const o = raw.optimizer;
  const optExpected: Expected = { key: 'objectWith', fields: ['name', 'lr'] };
  if (o === undefined) bad(['optimizer'], 'missing', optExpected);
  else if (!isObj(o)) bad(['optimizer'], 'wrong_type', optExpected, o);
  else {
    let name: OptimizerName | undefined;
    if (o.name === undefined) bad(['optimizer', 'name'], 'missing', oneOf(OPTIMIZERS));
    else if (typeof o.name !== 'string') bad(['optimizer', 'name'], 'wrong_type', oneOf(OPTIMIZERS), o.name);
    else if (!(OPTIMIZERS as readonly string[]).includes(o.name))
      bad(['optimizer', 'name'], 'unknown_value', oneOf(OPTIMIZERS), o.name);
    else name = o.name as OptimizerName;
    const lr = num(o.lr, ['optimizer', 'lr'], { min: 0, exclusiveMin: true });
    const extra: Partial<OptimizerSpec> = {};
    const allowed = name === 'adam' ? ['beta1', 'beta2', 'eps'] : name === 'sgd' ? ['momentum'] : [];
    for (const k of Object.keys(o)) {
      if (k === 'name' || k === 'lr') continue;
      if (!allowed.includes(k)) {
        bad(['optimizer', k], 'unknown_field', { key: 'fields', values: ['name', 'lr', ...allowed] });
        continue;
      }
      const v = num(
        o[k],
        ['optimizer', k],
        k === 'eps' ? { min: 0, exclusiveMin: true } : { min: 0, max: k === 'momentum' ? 1 : 0.999999999 },
      );
      if (v !== undefined) (extra as Record<string, number>)[k] = v;
    }
    if (name && lr !== undefined) optimizer = { name, lr, ...extra };
  }

  const epochs = num(raw.epochs, ['epochs'], { int: true, min: 1, max: 1_000_000 });
  const opt = <T>(key: string, f: (v: unknown) => T | undefined): T | undefined =>
    raw[key] === undefined ? undefined : f(raw[key]);
  const batchSize = opt('batchSize', (v) => num(v, ['batchSize'], { int: true, min: 1 }));
  const seed = opt('seed', (v) => num(v, ['seed'], { int: true, min: 0, max: MAX_SEED }));
  const l2 = opt('l2', (v) => num(v, ['l2'], { min: 0 }));
  const bool = (key: string) => (v: unknown) =>
    typeof v === 'boolean' ? v : void bad([key], 'wrong_type', { key: 'boolean' }, v);
  const shuffle = opt('shuffle', bool('shuffle'));
  const normalize = opt('normalize', bool('normalize'));
  const validation = opt('validation', (v): number | DataSpec | undefined => {
    if (typeof v === 'number') {
      const f = num(v, ['validation'], { min: 0, max: 0.9 });
      // A single example cannot be split: the held-out part would be empty (and the trainer would fail).
      if (f !== undefined && f > 0 && data && data.inputs.length < 2)
        return void bad(['validation'], 'out_of_range', { key: 'literal', value: '0' }, v);
      return f;
    }
    const d = dataSpec(c, v, ['validation']);
    const perRow = (n: number): Expected => ({ key: 'count', n, of: 'valuesPerRow' });
    if (d && nIn !== undefined && d.inputs[0].length !== nIn)
      return void c.size(['validation', 'inputs'], 'shape', perRow(nIn), perRow(d.inputs[0].length));
    if (d && nOut !== undefined && d.targets[0].length !== nOut)
      return void c.size(['validation', 'targets'], 'shape', perRow(nOut), perRow(d.targets[0].length));
    return d;
  });
  const text = (key: string) => (v: unknown) =>
    typeof v === 'string' || (isObj(v) && Object.values(v).every((s) => typeof s === 'string'))
      ? (v as LocalText)
      : void bad([key], 'wrong_type', { key: 'text' }, v);
  const title = opt('title', text('title'));
  const notes = opt('notes', text('notes'));

  if (layers && nIn !== undefined && data) {
    const perStep = Math.min(batchSize ?? data.inputs.length, data.inputs.length);
    const held = typeof validation === 'object' ? validation.inputs.length : 0;
    if (!sizeLimits(c, layers, nIn, { perStep, validation: held }, epochs)) layers = undefined;
  }
  if (layers && outputMismatch) {
    bad(
      ['model', 'layers', layers.length - 1, 'units'],
      'shape',
      { key: 'count', n: nOut!, of: 'unitsPerTarget' },
      layers[layers.length - 1].units,
    );
    layers = undefined;
  }

  if (issues.length > 0 || !data || !layers || !init || !optimizer || epochs === undefined) {
    return { ok: false, issues };
  }
  const value: Experiment = {
    ...(title !== undefined && { title }),
    ...(notes !== undefined && { notes }),
    data,
    model: { layers, init },
    loss,
    optimizer,
    epochs,
    ...(batchSize !== undefined && { batchSize }),
    ...(shuffle !== undefined && { shuffle }),
    ...(seed !== undefined && { seed }),
    ...(l2 !== undefined && { l2 }),
    ...(normalize !== undefined && { normalize }),
    ...(validation !== undefined && { validation }),
  };
  return { ok: true, value };
}
