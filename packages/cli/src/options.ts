import {
  ACTIVATIONS,
  OVERRIDE_FIELDS,
  OVERRIDE_KEYS,
  type OverrideKey,
  type OverrideKind,
  type Overrides,
  parseDecimal,
  parseOverride,
  readLayers,
} from '@unha/engine';
import { type Locale, localeFrom, parseLocale } from '@unha/explain';
import { UserError } from './errors';
import { type Words, words } from './words';

/** What commander gives a training flag: its text, or true/false for `--shuffle` / `--no-shuffle`. */
type FlagTexts = {
  [K in OverrideKey]?: (typeof OVERRIDE_FIELDS)[K]['kind'] extends 'boolean' ? boolean : string;
};

/** Options every training command shares: the overrides' flags (named as their keys) and the rest. */
export interface CommonOptions extends FlagTexts {
  locale?: string;
  decimals?: string;
  json?: boolean;
  debug?: boolean;
  data?: string;
  inputs?: string;
  targets?: string;
  /** --init w.safetensors: the run starts from these weights. */
  init?: string;
}

/** Where the data comes from when it is not the experiment's own: a CSV file and its columns. */
export interface DataOptions {
  data?: string;
  inputs?: string[];
  targets?: string[];
  /** --init: a safetensors file of initial values. */
  init?: string;
}

/** The locale: --locale, else LC_ALL / LC_MESSAGES / LANG, else English. */
export function resolveLocale(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  const fromEnv = localeFrom(env.LC_ALL || env.LC_MESSAGES || env.LANG);
  if (flag === undefined) return fromEnv;
  const l = parseLocale(flag);
  if (!l) throw new UserError([words(fromEnv).badFlag('--locale', flag, words(fromEnv).localeNames)]);
  return l;
}

export function integer(flag: string, v: string, locale: Locale, min = 1): number {
  const n = parseDecimal(v);
  if (n === undefined || !Number.isInteger(n) || n < min)
    throw new UserError([
      words(locale).badFlag(flag, v, min >= 1 ? words(locale).positiveInteger : words(locale).wholeNumber),
    ]);
  return n;
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
    return o.init === undefined ? {} : { init: o.init };
  }
  return {
    ...(o.init !== undefined && { init: o.init }),
    data: o.data,
    ...(o.inputs !== undefined && { inputs: parseColumns(o.inputs) }),
    ...(o.targets !== undefined && { targets: parseColumns(o.targets) }),
  };
}

/** What a flag of each kind expects, in words (a boolean flag takes no text: commander reads a switch). */
const EXPECTED: { [K in Exclude<OverrideKind, 'boolean'>]: (w: Words) => string } = {
  positiveNumber: (w) => w.positiveNumber,
  positiveInteger: (w) => w.positiveInteger,
  wholeNumber: (w) => w.wholeNumber,
  nonNegativeNumber: (w) => w.nonNegativeNumber,
  optimizer: (w) => w.optimizerNames,
  layers: (w) => w.layersFormat,
};

/** The words for a flag whose text does not read as its kind, or is out of the kind's bound. */
function badValue(key: OverrideKey, text: string, locale: Locale): string {
  const w = words(locale);
  const { flag, kind } = OVERRIDE_FIELDS[key];
  if (kind === 'boolean') throw new Error(`${flag} is a switch; it has no text to read`);
  const r = kind === 'layers' ? readLayers(text) : undefined;
  // An activation that does not exist is named alone, beside the ones that do.
  if (r && !r.ok && r.activation !== undefined) return w.badFlag(flag, r.activation, ACTIVATIONS.join(', '));
  return w.badFlag(flag, text, EXPECTED[kind](w));
}

/** The training flags given, each read as its kind in OVERRIDE_FIELDS; the first bad one stops with words. */
export function overridesFrom(o: CommonOptions, locale: Locale): Overrides {
  const out: Record<string, unknown> = {};
  for (const key of OVERRIDE_KEYS) {
    const given = o[key];
    if (given === undefined) continue;
    if (typeof given === 'boolean') {
      out[key] = given;
      continue;
    }
    const v = parseOverride(key, given);
    if (v === undefined) throw new UserError([badValue(key, given, locale)]);
    out[key] = v;
  }
  return out;
}

/**
 * The most digits `--decimals` shows: a float64 carries 15 to 17 significant decimal digits, so
 * past 15 decimals the digits shown are the binary rounding, not the number (0.1 is
 * 0.1000000000000000055511151231257827...).
 */
export const MAX_DECIMALS = 15;

export function decimalsFrom(o: { decimals?: string }, locale: Locale): number {
  if (o.decimals === undefined) return 4;
  const n = parseDecimal(o.decimals);
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > MAX_DECIMALS)
    throw new UserError([
      words(locale).badFlag('--decimals', o.decimals, words(locale).decimalsRange(MAX_DECIMALS)),
    ]);
  return n;
}
