import type { FloatParts } from '@unha/engine';
import type { Locale } from '../format';
import { exactDecimal, fieldBits, hex, numeral, shortestDecimal } from './numbers';
import type { FormatsWords } from './words';

/**
 * One float worked out by hand, as the lesson writes it on the board: the bytes turned around, the bits
 * split into their three fields, and (−1)^sign × (1 + mantissa / 2^bits) × 2^(exponent − bias) with
 * every intermediate number exact (a fraction over a power of two is a finite decimal).
 */

/** (2^bits + m) / 2^bits, or m / 2^bits for a subnormal, as its exact decimal: 1.04597294330596923828125. */
export function exactFraction(mantissa: number, bits: number, leadingOne: boolean): string {
  const m = BigInt(mantissa) + (leadingOne ? 1n << BigInt(bits) : 0n);
  const digits = (m * 5n ** BigInt(bits)).toString().padStart(bits + 1, '0');
  const frac = digits.slice(digits.length - bits).replace(/0+$/, '');
  return `${digits.slice(0, digits.length - bits)}${frac ? `.${frac}` : ''}`;
}

/** 2^k exactly, from whole numbers (no rounding): 2, 0.5, 0.0009765625. */
export function exactPower(k: number): string {
  if (k >= 0) return (1n << BigInt(k)).toString();
  return exactFraction(1, -k, false);
}

export interface WorkedNumbers {
  /** The exponent minus the bias (1 − bias for a subnormal). */
  power: number;
  /** 2^power, exact. */
  scale: string;
  /** 1.mantissa (0.mantissa for a subnormal), exact. */
  fraction: string;
  /** The value, exact, and the shortest decimal that reads back to it. */
  exact: string;
  shortest: string;
}

/** The numbers of the hand calculation (undefined for zero, infinity and NaN: nothing to multiply). */
export function workedNumbers(p: FloatParts): WorkedNumbers | undefined {
  if (p.kind !== 'normal' && p.kind !== 'subnormal') return undefined;
  const power = p.kind === 'normal' ? p.exponent - p.bias : 1 - p.bias;
  return {
    power,
    scale: exactPower(power),
    fraction: exactFraction(p.mantissa, p.mantissaBits, p.kind === 'normal'),
    exact: exactDecimal(p),
    shortest: shortestDecimal(p),
  };
}

/** The lines of the hand calculation; `original` is the float64 the value was rounded from, if known. */
export function workedLines(
  name: string,
  p: FloatParts,
  w: FormatsWords,
  locale: Locale,
  original?: number,
): string[] {
  const n = (s: string): string => numeral(s, locale);
  const f = fieldBits(p);
  const col = Math.max(w.signWord.length, w.exponentWord.length, w.mantissaWord.length, w.valueWord.length);
  const row = (label: string, text: string): string => `    ${label.padEnd(col)}  ${text}`;
  const out = [
    w.workedHead(name),
    `  ${w.inFile} ${hex(p.bytes)}`,
    `  ${w.highFirst} ${hex([...p.bytes].reverse())}`,
    `  ${w.bitsLabel(String(p.bits.length))} ${f.sign} ${f.exponent} ${f.mantissa}`,
    `  ${w.fieldsLegend(String(f.exponent.length), String(f.mantissa.length))}`,
    row(w.signWord, w.signMeaning(p.sign)),
  ];
  const wk = workedNumbers(p);
  if (!wk || p.kind === 'subnormal') out.push(`  ${w.special(p.kind as 'zero')}`);
  if (!wk) return out;
  const two = `2^${p.mantissaBits}`;
  const powerText = p.kind === 'normal' ? `${p.exponent} − ${p.bias}` : `1 − ${p.bias}`;
  out.push(
    row(
      w.exponentWord,
      `${f.exponent} = ${p.exponent} → 2^(${powerText}) = 2^${n(String(wk.power))} = ${n(wk.scale)}`,
    ),
    row(
      w.mantissaWord,
      `${f.mantissa} = ${p.mantissa} → ${p.kind === 'normal' ? '1' : '0'} + ${p.mantissa} / ${two} = ${n(wk.fraction)}`,
    ),
    row(
      w.valueWord,
      `${p.sign ? '−' : '+'}${n(wk.fraction)} × ${n(wk.scale)} = ${n(wk.shortest)}  (${w.exactly(n(wk.exact))})`,
    ),
  );
  if (original !== undefined && original !== p.value) {
    const diff = Math.abs(original - p.value).toPrecision(2);
    out.push(`  ${w.rounded(n(String(original)), n(wk.shortest), n(String(Number(diff))))}`);
  }
  return out;
}
