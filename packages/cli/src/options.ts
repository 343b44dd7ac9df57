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
}

export interface Overrides {
  lr?: number;
  epochs?: number;
  optimizer?: 'sgd' | 'adam';
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
  return out;
}

export function decimalsFrom(o: CommonOptions, locale: Locale): number {
  return o.decimals === undefined ? 4 : integer('--decimals', o.decimals, locale, 0);
}
