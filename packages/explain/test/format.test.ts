import { describe, expect, it } from 'vitest';
import {
  add,
  d,
  formatNumber,
  frac,
  localeFrom,
  mul,
  num,
  parseLocale,
  pow,
  sub,
  sym,
  toPlain,
  toTex,
} from '../src/index';

const pt = { locale: 'pt-BR' as const, decimals: 4 };
const en = { locale: 'en' as const, decimals: 4 };

describe('numbers as a person writes them', () => {
  it('uses the locale separator, the true minus sign, and drops trailing zeros', () => {
    expect(formatNumber(3.8000000000000003, pt)).toBe('3,8');
    expect(formatNumber(3.8000000000000003, en)).toBe('3.8');
    expect(formatNumber(-33, pt)).toBe('−33');
    expect(formatNumber(1.30520000001, pt)).toBe('1,3052');
    expect(formatNumber(0, pt)).toBe('0');
    expect(formatNumber(-0.00001, { locale: 'en', decimals: 2 })).toBe('−1e−5');
    expect(formatNumber(2.5e-7, pt)).toBe('2,5e−7');
    expect(formatNumber(Infinity, en)).toBe('∞');
    expect(formatNumber(NaN, en)).toBe('NaN');
    expect(formatNumber(1234567, en)).toBe('1234567');
  });
  it('reads the locale from LANG-like strings', () => {
    expect(localeFrom('pt_BR.UTF-8')).toBe('pt-BR');
    expect(localeFrom('en_US.UTF-8')).toBe('en');
    expect(localeFrom(undefined)).toBe('en');
    expect(parseLocale('PT-br')).toBe('pt-BR');
    expect(parseLocale('fr')).toBeUndefined();
  });
});

describe('formulas in plain text and TeX', () => {
  const update = sub(num(0.5), mul(num(0.1), num(-33)));
  it('puts negative numbers in parentheses where a person would', () => {
    expect(toPlain(update, pt)).toBe('0,5 − 0,1·(−33)');
    expect(toPlain(pow(num(-5.5), 2), pt)).toBe('(−5,5)²');
    expect(toPlain(add(mul(sym('W'), sym('x')), sym('B')), pt)).toBe('W·x + B');
    expect(toPlain(d(sym('L'), sym('W', 2, [1, 3])), pt)).toBe('∂L/∂W2[1,3]');
    expect(toPlain(frac(add(num(1), num(2)), num(4)), en)).toBe('(1 + 2)/4');
  });
  it('writes TeX that keeps the decimal comma tight', () => {
    expect(toTex(update, pt)).toBe('0{,}5 - 0{,}1 \\cdot \\left(-33\\right)');
    expect(toTex(sym('ŷ'), pt)).toBe('\\hat{y}');
    expect(toTex(d(sym('L'), sym('W')), en)).toBe('\\frac{\\partial L}{\\partial W}');
  });
});
