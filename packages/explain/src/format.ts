export type Locale = 'pt-BR' | 'en';
export const LOCALES: readonly Locale[] = ['pt-BR', 'en'];

export interface NumberFormat {
  locale: Locale;
  /** Most digits after the decimal separator; trailing zeros are dropped (3,8 not 3,8000). */
  decimals: number;
}

const MINUS = '−';

/**
 * A number the way a person writes it in that locale: 3,8 in pt-BR, 3.8 in en, the true minus sign,
 * no grouping (so it can be typed back), and scientific notation for very large or very small values
 * that the decimals would otherwise round to 0.
 */
export function formatNumber(v: number, fmt: NumberFormat): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  const sep = fmt.locale === 'pt-BR' ? ',' : '.';
  const abs = Math.abs(v);
  const tiny = abs !== 0 && abs < 0.5 * 10 ** -fmt.decimals;
  if (tiny || abs >= 1e15) {
    const [m, e] = v.toExponential(Math.max(fmt.decimals - 1, 2)).split('e');
    const mant = m
      .replace(/\.?0+$/, '')
      .replace('.', sep)
      .replace('-', MINUS);
    return `${mant}e${e.replace('+', '').replace('-', MINUS)}`;
  }
  let s = v.toFixed(fmt.decimals);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (/^-0$/.test(s)) s = '0';
  return s.replace('.', sep).replace('-', MINUS);
}

/** The locale from an environment string such as LANG=pt_BR.UTF-8 or navigator.language = 'pt-BR'. */
export function localeFrom(tag: string | undefined): Locale {
  return tag && /^pt/i.test(tag) ? 'pt-BR' : 'en';
}

/** Parses a locale flag value; undefined when it is not one we have. */
export function parseLocale(s: string): Locale | undefined {
  const t = s.toLowerCase();
  if (t === 'pt-br' || t === 'pt' || t === 'pt_br') return 'pt-BR';
  if (t === 'en' || t.startsWith('en-') || t.startsWith('en_')) return 'en';
  return undefined;
}

/**
 * A number for a small space (a table cell, a chart's label): the same writing as formatNumber, with
 * at most `digits` significant digits (and at most `fmt.decimals` after the separator), switching to
 * scientific notation from a million up, so 2881231143,7664 reads 2,8812e9 and 277569519987083 reads
 * 2,7757e14. Numbers with few digits are untouched: 3,8, 30,25, 0,0585.
 */
export function formatCompact(v: number, fmt: NumberFormat, digits = 5): string {
  if (!Number.isFinite(v) || v === 0) return formatNumber(v, fmt);
  const abs = Math.abs(v);
  // The exponent after rounding to `digits` (9,99996 rounds up to 10,000).
  const e = Math.floor(Math.log10(Number(abs.toPrecision(digits))));
  if (e >= 6) return scientific(v, fmt.locale, digits);
  return formatNumber(v, { ...fmt, decimals: Math.max(0, Math.min(fmt.decimals, digits - 1 - e)) });
}

function scientific(v: number, locale: Locale, digits: number): string {
  const [m, e] = v.toExponential(digits - 1).split('e');
  const mant = (m.includes('.') ? m.replace(/\.?0+$/, '') : m)
    .replace('.', locale === 'pt-BR' ? ',' : '.')
    .replace('-', MINUS);
  return `${mant}e${e.replace('+', '').replace('-', MINUS)}`;
}

/**
 * The singular or the plural form for n, by the locale's own rule (Intl.PluralRules, CLDR): "1 value",
 * "2 values"; in pt-BR 0 and 1 take the singular ("0 época", "1 época", "2 épocas").
 */
export function plural(locale: Locale, n: number, one: string, other: string): string {
  return new Intl.PluralRules(locale).select(n) === 'one' ? one : other;
}
