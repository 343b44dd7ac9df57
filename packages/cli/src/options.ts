import { ACTIVATIONS, type Activation, type LayerSpec } from '@unha/engine';
import { type Locale, localeFrom, parseLocale } from '@unha/explain';
import { UserError } from './errors';
import { words } from './words';

/** Options every training command shares; the same fields the experiment file has. */
export interface CommonOptions {
  lr?: string;
  epochs?: string;
  optimizer?: string;
  locale?: string;
  decimals?: string;
  json?: boolean;
  debug?: boolean;
  batchSize?: string;
  shuffle?: boolean;
  l2?: string;
  dropout?: string;
  normalize?: boolean;
  validation?: string;
  momentum?: string;
  seed?: string;
  layers?: string;
  data?: string;
  inputs?: string;
  targets?: string;
}

export interface Overrides {
  lr?: number;
  epochs?: number;
  optimizer?: 'sgd' | 'adam';
  batchSize?: number;
  shuffle?: boolean;
  l2?: number;
  /** Dropout probability for every hidden layer. */
  dropout?: number;
  normalize?: boolean;
  validation?: number;
  momentum?: number;
  seed?: number;
  layers?: LayerSpec[];
}

/** Where the data comes from when it is not the experiment's own: a CSV file and its columns. */
export interface DataOptions {
  data?: string;
  inputs?: string[];
  targets?: string[];
}

/** The locale: --locale, else LC_ALL / LC_MESSAGES / LANG, else English. */
export function resolveLocale(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  const fromEnv = localeFrom(env.LC_ALL || env.LC_MESSAGES || env.LANG);
  if (flag === undefined) return fromEnv;
  const l = parseLocale(flag);
  if (!l) throw new UserError([words(fromEnv).badFlag('--locale', flag, words(fromEnv).localeNames)]);
  return l;
}

/** A number as typed by a person: "0.01" or "0,01". */
export function parseNumber(s: string): number {
  const t = s.trim().replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : NaN;
}

export function positiveNumber(flag: string, v: string, locale: Locale): number {
  const n = parseNumber(v);
  if (!(n > 0) || !Number.isFinite(n))
    throw new UserError([words(locale).badFlag(flag, v, words(locale).positiveNumber)]);
  return n;
}

export function integer(flag: string, v: string, locale: Locale, min = 1): number {
  const n = parseNumber(v);
  if (!Number.isInteger(n) || n < min)
    throw new UserError([
      words(locale).badFlag(flag, v, min >= 1 ? words(locale).positiveInteger : words(locale).wholeNumber),
    ]);
  return n;
}

/** A number ≥ 0 (l2, dropout, validation, momentum; their upper limits are the experiment's). */
export function nonNegative(flag: string, v: string, locale: Locale): number {
  const n = parseNumber(v);
  if (!(n >= 0) || !Number.isFinite(n))
    throw new UserError([words(locale).badFlag(flag, v, words(locale).nonNegativeNumber)]);
  return n;
}

/**
 * `--layers 4:tanh,1`: comma-separated UNITS[:ACTIVATION], the last one the output layer; the
 * activation is the identity when left out.
 */
export function parseLayers(v: string, locale: Locale): LayerSpec[] {
  const w = words(locale);
  return v.split(',').map((part) => {
    const [u, act, ...rest] = part.trim().split(':');
    const units = parseNumber(u ?? '');
    const activation = (act ?? 'identity').trim().toLowerCase();
    if (!Number.isInteger(units) || units < 1 || rest.length > 0)
      throw new UserError([w.badFlag('--layers', v, w.layersFormat)]);
    if (!(ACTIVATIONS as readonly string[]).includes(activation))
      throw new UserError([w.badFlag('--layers', act ?? '', ACTIVATIONS.join(', '))]);
    return { units, activation: activation as Activation };
  });
}

/** `--inputs a,b`: column names. */
export function parseColumns(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function dataFrom(o: CommonOptions, locale: Locale): DataOptions {
  const w = words(locale);
  if (o.data === undefined) {
    if (o.inputs !== undefined) throw new UserError([w.needsData('--inputs')]);
    if (o.targets !== undefined) throw new UserError([w.needsData('--targets')]);
    return {};
  }
  return {
    data: o.data,
    ...(o.inputs !== undefined && { inputs: parseColumns(o.inputs) }),
    ...(o.targets !== undefined && { targets: parseColumns(o.targets) }),
  };
}

export function overridesFrom(o: CommonOptions, locale: Locale): Overrides {
  const out: Overrides = {};
  if (o.lr !== undefined) out.lr = positiveNumber('--lr', o.lr, locale);
  if (o.epochs !== undefined) out.epochs = integer('--epochs', o.epochs, locale);
  if (o.optimizer !== undefined) {
    const name = o.optimizer.toLowerCase();
    if (name !== 'sgd' && name !== 'adam')
      throw new UserError([words(locale).badFlag('--optimizer', o.optimizer, words(locale).optimizerNames)]);
    out.optimizer = name;
  }
  if (o.batchSize !== undefined) out.batchSize = integer('--batch-size', o.batchSize, locale);
  if (o.shuffle !== undefined) out.shuffle = o.shuffle;
  if (o.normalize !== undefined) out.normalize = o.normalize;
  if (o.l2 !== undefined) out.l2 = nonNegative('--l2', o.l2, locale);
  if (o.dropout !== undefined) out.dropout = nonNegative('--dropout', o.dropout, locale);
  if (o.validation !== undefined) out.validation = nonNegative('--validation', o.validation, locale);
  if (o.momentum !== undefined) out.momentum = nonNegative('--momentum', o.momentum, locale);
  if (o.seed !== undefined) out.seed = integer('--seed', o.seed, locale, 0);
  if (o.layers !== undefined) out.layers = parseLayers(o.layers, locale);
  return out;
}

export function decimalsFrom(o: CommonOptions, locale: Locale): number {
  return o.decimals === undefined ? 4 : integer('--decimals', o.decimals, locale, 0);
}
