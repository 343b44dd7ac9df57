import type { Issue, PathPart } from './errors';

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

type Result = { ok: true; value: Experiment } | { ok: false; issues: Issue[] };

function show(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * Checks an experiment read from JSON (or built in code) and reports every problem with its path.
 * Only a valid experiment comes out: downstream code never re-checks shapes.
 */
export function validateExperiment(raw: unknown): Result {
  const issues: Issue[] = [];
  const bad = (path: PathPart[], code: Issue['code'], expected?: string, received?: unknown): void => {
    // Sizes and counts arrive as ready text ('3 values'); values from the file are shown as JSON.
    const text =
      received === undefined
        ? undefined
        : (code === 'ragged' || code === 'shape') &&
            (typeof received === 'string' || typeof received === 'number')
          ? String(received)
          : show(received);
    issues.push({ code, path, expected, ...(text !== undefined && { received: text }) });
  };
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);

  const num = (
    v: unknown,
    path: PathPart[],
    opts: { int?: boolean; min?: number; max?: number; exclusiveMin?: boolean } = {},
  ): number | undefined => {
    if (v === undefined) return void bad(path, 'missing', opts.int ? 'integer' : 'number');
    if (typeof v !== 'number') return void bad(path, 'wrong_type', opts.int ? 'integer' : 'number', v);
    if (!Number.isFinite(v)) return void bad(path, 'not_finite', 'finite number', v);
    if (opts.int && !Number.isInteger(v)) return void bad(path, 'not_integer', 'integer', v);
    if (opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min))
      return void bad(path, 'out_of_range', `${opts.exclusiveMin ? '>' : '≥'} ${opts.min}`, v);
    if (opts.max !== undefined && v > opts.max) return void bad(path, 'out_of_range', `≤ ${opts.max}`, v);
    return v;
  };

  const matrix = (v: unknown, path: PathPart[]): Matrix | undefined => {
    if (v === undefined) return void bad(path, 'missing', 'array of rows of numbers');
    if (!Array.isArray(v)) return void bad(path, 'wrong_type', 'array of rows of numbers', v);
    if (v.length === 0) return void bad(path, 'empty', 'at least one row');
    let ok = true;
    let width = -1;
    v.forEach((row: unknown, i) => {
      if (!Array.isArray(row)) {
        ok = false;
        return bad([...path, i], 'wrong_type', 'array of numbers', row);
      }
      if (row.length === 0) {
        ok = false;
        return bad([...path, i], 'empty', 'at least one number');
      }
      if (width === -1) width = row.length;
      else if (row.length !== width) {
        ok = false;
        bad([...path, i], 'ragged', `${width} values`, `${row.length} values`);
      }
      row.forEach((x: unknown, j) => {
        if (typeof x !== 'number') {
          ok = false;
          bad([...path, i, j], 'wrong_type', 'number', x);
        } else if (!Number.isFinite(x)) {
          ok = false;
          bad([...path, i, j], 'not_finite', 'finite number', x);
        }
      });
    });
    return ok ? (v as Matrix) : undefined;
  };

  const dataSpec = (v: unknown, path: PathPart[]): DataSpec | undefined => {
    if (v === undefined) return void bad(path, 'missing', 'object with inputs and targets');
    if (!isObj(v)) return void bad(path, 'wrong_type', 'object with inputs and targets', v);
    for (const k of Object.keys(v))
      if (!DATA_FIELDS.includes(k)) bad([...path, k], 'unknown_field', DATA_FIELDS.join(', '));
    const inputs = matrix(v.inputs, [...path, 'inputs']);
    const targets = matrix(v.targets, [...path, 'targets']);
    if (inputs && targets && inputs.length !== targets.length) {
      bad(
        [...path, 'targets'],
        'shape',
        `${inputs.length} rows (one per input row)`,
        `${targets.length} rows`,
      );
      return undefined;
    }
    const names = (key: 'inputNames' | 'targetNames', width: number | undefined): string[] | undefined => {
      const n = v[key];
      if (n === undefined) return undefined;
      if (!Array.isArray(n) || !n.every((s) => typeof s === 'string'))
        return void bad([...path, key], 'wrong_type', 'array of strings', n);
      if (width !== undefined && n.length !== width)
        return void bad([...path, key], 'shape', `${width} names`, `${n.length} names`);
      return n;
    };
    const inputNames = names('inputNames', inputs?.[0]?.length);
    const targetNames = names('targetNames', targets?.[0]?.length);
    if (!inputs || !targets) return undefined;
    return { inputs, targets, ...(inputNames && { inputNames }), ...(targetNames && { targetNames }) };
  };

  if (!isObj(raw)) {
    bad([], 'wrong_type', 'object', raw);
    return { ok: false, issues };
  }
  for (const k of Object.keys(raw))
    if (!TOP_FIELDS.has(k))
      bad([k], 'unknown_field', [...TOP_FIELDS].filter((f) => f !== '$schema').join(', '));

  const data = dataSpec(raw.data, ['data']);
  const nIn = data?.inputs[0].length;
  const nOut = data?.targets[0].length;

  // model
  let layers: LayerSpec[] | undefined;
  let init: InitSpec | undefined;
  const model = raw.model;
  if (model === undefined) bad(['model'], 'missing', 'object with layers and init');
  else if (!isObj(model)) bad(['model'], 'wrong_type', 'object with layers and init', model);
  else {
    for (const k of Object.keys(model))
      if (k !== 'layers' && k !== 'init') bad(['model', k], 'unknown_field', 'layers, init');
    const ls = model.layers;
    if (ls === undefined) bad(['model', 'layers'], 'missing', 'array of layers');
    else if (!Array.isArray(ls)) bad(['model', 'layers'], 'wrong_type', 'array of layers', ls);
    else if (ls.length === 0) bad(['model', 'layers'], 'empty', 'at least one layer');
    else {
      const out: LayerSpec[] = [];
      ls.forEach((l: unknown, i) => {
        const p: PathPart[] = ['model', 'layers', i];
        if (!isObj(l)) return bad(p, 'wrong_type', 'object with units and activation', l);
        const units = num(l.units, [...p, 'units'], { int: true, min: 1 });
        let activation: Activation = 'identity';
        if (l.activation !== undefined) {
          if (typeof l.activation !== 'string')
            bad([...p, 'activation'], 'wrong_type', `one of: ${ACTIVATIONS.join(', ')}`, l.activation);
          else if (!(ACTIVATIONS as readonly string[]).includes(l.activation))
            bad([...p, 'activation'], 'unknown_value', `one of: ${ACTIVATIONS.join(', ')}`, l.activation);
          else activation = l.activation as Activation;
        }
        let dropout: number | undefined;
        if (l.dropout !== undefined) {
          dropout = num(l.dropout, [...p, 'dropout'], { min: 0, max: 0.95 });
          if (dropout !== undefined && dropout > 0 && i === ls.length - 1)
            bad([...p, 'dropout'], 'out_of_range', 'no dropout on the output layer', l.dropout);
        }
        for (const k of Object.keys(l))
          if (!['units', 'activation', 'dropout'].includes(k))
            bad([...p, k], 'unknown_field', 'units, activation, dropout');
        if (units !== undefined)
          out.push({ units, activation, ...(dropout !== undefined && dropout > 0 && { dropout }) });
      });
      if (out.length === ls.length) layers = out;
      if (layers && nOut !== undefined && layers[layers.length - 1].units !== nOut) {
        bad(
          ['model', 'layers', layers.length - 1, 'units'],
          'shape',
          `${nOut} (one per target column)`,
          layers[layers.length - 1].units,
        );
        layers = undefined;
      }
    }
    const ini = model.init;
    if (ini === undefined) bad(['model', 'init'], 'missing', '{"seed": n} or the initial W1, b1, ...');
    else if (!isObj(ini)) bad(['model', 'init'], 'wrong_type', '{"seed": n} or the initial W1, b1, ...', ini);
    else if ('seed' in ini) {
      const seed = num(ini.seed, ['model', 'init', 'seed'], { int: true, min: 0 });
      // Initial values beside a seed would be silently ignored: say so.
      for (const k of Object.keys(ini))
        if (k !== 'seed') bad(['model', 'init', k], 'unknown_field', 'W1, b1, W2, b2, ... or seed');
      if (seed !== undefined) init = { seed };
    } else if (layers && nIn !== undefined) {
      const params: ParamValues = {};
      let ok = true;
      let fanIn = nIn;
      layers.forEach((layer, i) => {
        const l = i + 1;
        const wPath: PathPart[] = ['model', 'init', `W${l}`];
        const bPath: PathPart[] = ['model', 'init', `b${l}`];
        const w = matrix(ini[`W${l}`], wPath);
        if (w && (w.length !== layer.units || w[0].length !== fanIn)) {
          ok = false;
          bad(
            wPath,
            'shape',
            `[${layer.units}][${fanIn}] (units × inputs of layer ${l})`,
            `[${w.length}][${w[0].length}]`,
          );
        } else if (!w) ok = false;
        else params[`W${l}`] = w;
        const b = ini[`b${l}`];
        if (b === undefined) {
          ok = false;
          bad(bPath, 'missing', `${layer.units} numbers`);
        } else if (!Array.isArray(b)) {
          ok = false;
          bad(bPath, 'wrong_type', `array of ${layer.units} numbers`, b);
        } else {
          b.forEach((x: unknown, j) => {
            if (typeof x !== 'number') {
              ok = false;
              bad([...bPath, j], 'wrong_type', 'number', x);
            } else if (!Number.isFinite(x)) {
              ok = false;
              bad([...bPath, j], 'not_finite', 'finite number', x);
            }
          });
          if (b.length !== layer.units) {
            ok = false;
            bad(bPath, 'shape', `${layer.units} numbers (one per unit)`, `${b.length} numbers`);
          } else params[`b${l}`] = b as Vector;
        }
        fanIn = layer.units;
      });
      for (const k of Object.keys(ini)) {
        if (!(k in params) && !/^[Wb][1-9][0-9]*$/.test(k))
          bad(['model', 'init', k], 'unknown_field', 'W1, b1, W2, b2, ... or seed');
        else if (/^[Wb][1-9][0-9]*$/.test(k) && Number(k.slice(1)) > layers.length)
          bad(['model', 'init', k], 'unknown_field', `parameters of ${layers.length} layer(s)`);
      }
      if (ok) init = params;
    }
  }

  let loss: LossName = 'mse';
  if (raw.loss !== undefined) {
    if (typeof raw.loss !== 'string' || !(LOSSES as readonly string[]).includes(raw.loss))
      bad(
        ['loss'],
        typeof raw.loss === 'string' ? 'unknown_value' : 'wrong_type',
        `one of: ${LOSSES.join(', ')}`,
        raw.loss,
      );
    else loss = raw.loss as LossName;
  }

  let optimizer: OptimizerSpec | undefined;
  const o = raw.optimizer;
  if (o === undefined) bad(['optimizer'], 'missing', 'object with name and lr');
  else if (!isObj(o)) bad(['optimizer'], 'wrong_type', 'object with name and lr', o);
  else {
    let name: OptimizerName | undefined;
    if (o.name === undefined) bad(['optimizer', 'name'], 'missing', `one of: ${OPTIMIZERS.join(', ')}`);
    else if (typeof o.name !== 'string')
      bad(['optimizer', 'name'], 'wrong_type', `one of: ${OPTIMIZERS.join(', ')}`, o.name);
    else if (!(OPTIMIZERS as readonly string[]).includes(o.name))
      bad(['optimizer', 'name'], 'unknown_value', `one of: ${OPTIMIZERS.join(', ')}`, o.name);
    else name = o.name as OptimizerName;
    const lr = num(o.lr, ['optimizer', 'lr'], { min: 0, exclusiveMin: true });
    const extra: Partial<OptimizerSpec> = {};
    const allowed = name === 'adam' ? ['beta1', 'beta2', 'eps'] : name === 'sgd' ? ['momentum'] : [];
    for (const k of Object.keys(o)) {
      if (k === 'name' || k === 'lr') continue;
      if (!allowed.includes(k)) {
        bad(['optimizer', k], 'unknown_field', ['name', 'lr', ...allowed].join(', '));
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
  const seed = opt('seed', (v) => num(v, ['seed'], { int: true, min: 0 }));
  const l2 = opt('l2', (v) => num(v, ['l2'], { min: 0 }));
  const bool = (key: string) => (v: unknown) =>
    typeof v === 'boolean' ? v : void bad([key], 'wrong_type', 'true or false', v);
  const shuffle = opt('shuffle', bool('shuffle'));
  const normalize = opt('normalize', bool('normalize'));
  const validation = opt('validation', (v): number | DataSpec | undefined => {
    if (typeof v === 'number') {
      const f = num(v, ['validation'], { min: 0, max: 0.9 });
      // A single example cannot be split: the held-out part would be empty (and the trainer would fail).
      if (f !== undefined && f > 0 && data && data.inputs.length < 2)
        return void bad(['validation'], 'out_of_range', '0', v);
      return f;
    }
    const d = dataSpec(v, ['validation']);
    if (d && nIn !== undefined && d.inputs[0].length !== nIn)
      return void bad(['validation', 'inputs'], 'shape', `${nIn} values per row`, `${d.inputs[0].length}`);
    if (d && nOut !== undefined && d.targets[0].length !== nOut)
      return void bad(['validation', 'targets'], 'shape', `${nOut} values per row`, `${d.targets[0].length}`);
    return d;
  });
  const text = (key: string) => (v: unknown) =>
    typeof v === 'string' || (isObj(v) && Object.values(v).every((s) => typeof s === 'string'))
      ? (v as LocalText)
      : void bad([key], 'wrong_type', 'text', v);
  const title = opt('title', text('title'));
  const notes = opt('notes', text('notes'));

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
