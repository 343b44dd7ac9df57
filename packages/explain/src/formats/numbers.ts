import { type FloatParts, fromParts } from '@unha/engine';
import type { Locale } from '../format';

/**
 * Numbers as the inside-the-file lesson writes them: bytes in hexadecimal, bits grouped as sign,
 * exponent and mantissa, byte counts with the locale's grouping, and a float's value both as the
 * shortest decimal that reads back to it and as the exact decimal it stands for (every binary float
 * is a finite decimal: M × 2^E with E < 0 is M × 5^−E / 10^−E).
 */

/** A JavaScript numeral ("-1.5e-7") in the locale's writing: decimal comma in pt-BR, the true minus sign. */
export function numeral(s: string, locale: Locale): string {
  const t = s.replace(/-/g, '−');
  return locale === 'pt-BR' ? t.replace('.', ',') : t;
}

/** A whole number with the locale's grouping: 1,000,000 in en, 1.000.000 in pt-BR. */
export function whole(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', { maximumFractionDigits: 0 }).format(
    n,
  );
}

/** "71 E2 05 40": each byte as two hexadecimal digits. */
export function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** The bits split into sign, exponent and mantissa: "0 10000000 00001011110001001110001". */
export function fieldBits(p: FloatParts): { sign: string; exponent: string; mantissa: string } {
  const e = p.bits.length - 1 - p.mantissaBits;
  return { sign: p.bits[0], exponent: p.bits.slice(1, 1 + e), mantissa: p.bits.slice(1 + e) };
}

/** The exact decimal value of the parts (finite, normal or subnormal), in JavaScript's writing. */
export function exactDecimal(p: FloatParts): string {
  if (p.kind !== 'normal' && p.kind !== 'subnormal' && p.kind !== 'zero') return String(fromParts(p));
  if (p.kind === 'zero') return p.sign ? '-0' : '0';
  const m = BigInt(p.kind === 'normal' ? 2 ** p.mantissaBits + p.mantissa : p.mantissa);
  const e = (p.kind === 'normal' ? p.exponent : 1) - p.bias - p.mantissaBits;
  const sign = p.sign ? '-' : '';
  if (e >= 0) return `${sign}${(m << BigInt(e)).toString()}`;
  const digits = (m * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
  const int = digits.slice(0, digits.length + e);
  const frac = digits.slice(digits.length + e).replace(/0+$/, '');
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

/**
 * The shortest decimal that reads back to the same float: what Python and numpy print. A float32 is
 * tried at 1 to 9 significant digits (9 always suffice); a float64 is JavaScript's own String().
 * The 16-bit types are shown exactly (they have at most a few digits that matter).
 */
export function shortestDecimal(p: FloatParts): string {
  const v = fromParts(p);
  if (!Number.isFinite(v) || v === 0) return String(v);
  if (p.mantissaBits === 52) return String(v);
  if (p.mantissaBits !== 23) return exactDecimal(p);
  for (let digits = 1; digits <= 9; digits++) {
    const s = v.toPrecision(digits);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

/** A size for people: "624 bytes", "4 MB", "4 TB" (decimal units, as disks and file managers count). */
export function sizeText(bytes: number, locale: Locale): string {
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  if (bytes < 1000) return `${whole(bytes, locale)} bytes`;
  let i = -1;
  let v = bytes;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const f = new Intl.NumberFormat(locale === 'pt-BR' ? 'pt-BR' : 'en-US', { maximumFractionDigits: 1 });
  return `${f.format(v)} ${units[i]}`;
}
