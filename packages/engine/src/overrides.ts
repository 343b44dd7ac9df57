import { depthIssue } from './limits';
import { ACTIVATIONS, type Activation, type LayerSpec, OPTIMIZERS, type OptimizerName } from './experiment';

/**
 * Hyperparameters set over an experiment without editing it: the CLI's training flags and the web
 * lab's link. Both are read from OVERRIDE_FIELDS below, so a value has one name per interface, one
 * reading and one effect on the experiment.
 */
export interface Overrides {
  lr?: number;
  epochs?: number;
  optimizer?: OptimizerName;
  momentum?: number;
  batchSize?: number;
  normalize?: boolean;
  shuffle?: boolean;
  l2?: number;
  /** Dropout probability for every hidden layer (never the output layer). */
  dropout?: number;
  validation?: number;
  seed?: number;
  layers?: LayerSpec[];
}

export type OverrideKey = keyof Overrides;

/** The values a kind reads to; the number kinds are named by their bound (words.ts has the same names). */
interface KindValues {
  positiveNumber: number;
  positiveInteger: number;
  wholeNumber: number;
  nonNegativeNumber: number;
  boolean: boolean;
  optimizer: OptimizerName;
  layers: LayerSpec[];
}
export type OverrideKind = keyof KindValues;

/** The kinds whose values have the type V: a row's kind must read to its key's type. */
type KindsOf<V> = { [K in OverrideKind]: [KindValues[K]] extends [V] ? K : never }[OverrideKind];

export interface OverrideField<K extends OverrideKey = OverrideKey> {
  /** The CLI flag (a boolean also has its `--no-` form). */
  flag: `--${string}`;
  /** The key in the web lab's query string. */
  query: string;
  /** The experiment field it sets (documentation; applyOverrides does it). */
  field: string;
  kind: KindsOf<NonNullable<Overrides[K]>>;
}

/**
 * One row per override. The order is the order of the keys in a link (kept stable so links compare).
 * A key added to Overrides without a row here does not compile.
 */
export const OVERRIDE_FIELDS = {
  lr: { flag: '--lr', query: 'lr', field: 'optimizer.lr', kind: 'positiveNumber' },
  optimizer: { flag: '--optimizer', query: 'opt', field: 'optimizer.name', kind: 'optimizer' },
  momentum: { flag: '--momentum', query: 'momentum', field: 'optimizer.momentum', kind: 'nonNegativeNumber' },
  epochs: { flag: '--epochs', query: 'epochs', field: 'epochs', kind: 'positiveInteger' },
  batchSize: { flag: '--batch-size', query: 'batch', field: 'batchSize', kind: 'positiveInteger' },
  normalize: { flag: '--normalize', query: 'normalize', field: 'normalize', kind: 'boolean' },
  shuffle: { flag: '--shuffle', query: 'shuffle', field: 'shuffle', kind: 'boolean' },
  l2: { flag: '--l2', query: 'l2', field: 'l2', kind: 'nonNegativeNumber' },
  dropout: {
    flag: '--dropout',
    query: 'dropout',
    field: 'model.layers[].dropout',
    kind: 'nonNegativeNumber',
  },
  validation: { flag: '--validation', query: 'val', field: 'validation', kind: 'nonNegativeNumber' },
  seed: { flag: '--seed', query: 'seed', field: 'seed', kind: 'wholeNumber' },
  layers: { flag: '--layers', query: 'layers', field: 'model.layers', kind: 'layers' },
} as const satisfies { [K in OverrideKey]: OverrideField<K> };

export const OVERRIDE_KEYS = Object.keys(OVERRIDE_FIELDS) as OverrideKey[];

/** A plain decimal number once its comma is a point: sign, digits, optional exponent; no grouping. */
export const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** A number as a person types it: "0.01", "0,01", " 1e-3 ", "−2" (the true minus sign). Else undefined. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim().replace(',', '.').replace('−', '-');
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * `4:tanh,1`: comma-separated UNITS[:ACTIVATION], the last one the output layer; the activation is
 * the identity when left out. When it does not read, the first part at fault says why: a bad format,
 * or (as written) an activation that does not exist.
 */
export function readLayers(
  text: string,
): { ok: true; value: LayerSpec[] } | { ok: false; activation?: string } {
  const value: LayerSpec[] = [];
  for (const part of text.split(',')) {
    const [u, act, ...rest] = part.trim().split(':');
    const units = parseDecimal(u ?? '');
    const activation = (act ?? 'identity').trim().toLowerCase();
    if (units === undefined || !Number.isInteger(units) || units < 1 || rest.length > 0) return { ok: false };
    if (!(ACTIVATIONS as readonly string[]).includes(activation)) return { ok: false, activation: act };
    value.push({ units, activation: activation as Activation });
  }
  return { ok: true, value };
}

const integer = (t: string): number | undefined => {
  const v = parseDecimal(t);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
};

/** Per kind: reading the text, the bound a flag checks at once, and the text of a value in a link. */
const KINDS: {
  [K in OverrideKind]: {
    read(text: string): KindValues[K] | undefined;
    allowed(v: KindValues[K]): boolean;
    format(v: KindValues[K]): string;
  };
} = {
  positiveNumber: { read: parseDecimal, allowed: (v) => v > 0, format: String },
  positiveInteger: { read: integer, allowed: (v) => v >= 1, format: String },
  wholeNumber: { read: integer, allowed: (v) => v >= 0, format: String },
  nonNegativeNumber: { read: parseDecimal, allowed: (v) => v >= 0, format: String },
  boolean: {
    read: (t) => (t === '1' ? true : t === '0' ? false : undefined),
    allowed: () => true,
    format: (v) => (v ? '1' : '0'),
  },
  optimizer: {
    read: (t) => {
      const name = t.trim().toLowerCase();
      return (OPTIMIZERS as readonly string[]).includes(name) ? (name as OptimizerName) : undefined;
    },
    allowed: () => true,
    format: (v) => v,
  },
  layers: {
    read: (t) => {
      const r = readLayers(t);
      return r.ok ? r.value : undefined;
    },
    allowed: () => true,
    format: (v) =>
      v.map((l) => (l.activation === 'identity' ? `${l.units}` : `${l.units}:${l.activation}`)).join(','),
  },
};

type AnyKind = {
  read(text: string): unknown;
  allowed(v: unknown): boolean;
  format(v: unknown): string;
};
const kindOf = (key: OverrideKey): AnyKind => KINDS[OVERRIDE_FIELDS[key].kind];

/**
 * The text of a link, read as the key's type only: a value of the right type but out of its range
 * (lr=-1) comes through, so that validateExperiment names it with its path.
 */
export function readOverride<K extends OverrideKey>(key: K, text: string): Overrides[K] | undefined {
  return kindOf(key).read(text) as Overrides[K] | undefined;
}

/** The text of a flag, read and held to its kind's bound (lr > 0, epochs ≥ 1, …); else undefined. */
export function parseOverride<K extends OverrideKey>(key: K, text: string): Overrides[K] | undefined {
  const v = readOverride(key, text);
  return v !== undefined && kindOf(key).allowed(v) ? v : undefined;
}

/** A value as it is written in a link; readOverride reads it back. */
export function formatOverride<K extends OverrideKey>(key: K, value: NonNullable<Overrides[K]>): string {
  return kindOf(key).format(value);
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The overrides over an experiment as read from its file (raw data in, raw data out), before
 * validation: validateExperiment then checks each value as if the file had it, and names a bad one
 * by its path (optimizer.lr, not --lr or lr=).
 */
export function applyOverrides(raw: object, o: Overrides): Raw {
  // structuredClone recurses: a value nested past the call stack is returned as it is, for
  // validateExperiment to name (its depth check comes first and does not recurse).
  if (depthIssue(raw)) return raw as Raw;
  const out = structuredClone(raw) as Raw;
  if (o.epochs !== undefined) out.epochs = o.epochs;
  if (o.lr !== undefined || o.optimizer !== undefined || o.momentum !== undefined) {
    const prev: Raw = isObj(out.optimizer) ? out.optimizer : {};
    const name = o.optimizer ?? prev.name;
    // Switching optimizer drops the other one's constants (momentum means nothing to Adam).
    const keep = name === prev.name ? prev : { name, lr: prev.lr };
    out.optimizer = {
      ...keep,
      name,
      ...(o.lr !== undefined && { lr: o.lr }),
      ...(o.momentum !== undefined && { momentum: o.momentum }),
    };
  }
  if (o.batchSize !== undefined) out.batchSize = o.batchSize;
  if (o.shuffle !== undefined) out.shuffle = o.shuffle;
  if (o.normalize !== undefined) out.normalize = o.normalize;
  if (o.l2 !== undefined) out.l2 = o.l2;
  if (o.validation !== undefined) out.validation = o.validation;
  if (o.seed !== undefined) out.seed = o.seed;
  const model: Raw = isObj(out.model) ? out.model : {};
  if (o.layers !== undefined) {
    // New layers do not fit the old initial values: draw them from a seed (the override's, else the old one).
    const init = model.init;
    const oldSeed = isObj(init) && typeof init.seed === 'number' ? init.seed : 0;
    out.model = { ...model, layers: o.layers, init: { seed: o.seed ?? oldSeed } };
  }
  if (o.dropout !== undefined) {
    const m: Raw = isObj(out.model) ? out.model : {};
    const ls = Array.isArray(m.layers) ? (m.layers as unknown[]) : [];
    out.model = {
      ...m,
      layers: ls.map((l, i) => {
        if (!isObj(l) || i === ls.length - 1) return l;
        const rest = { ...l };
        delete rest.dropout;
        return o.dropout! > 0 ? { ...rest, dropout: o.dropout } : rest;
      }),
    };
  }
  return out;
}
