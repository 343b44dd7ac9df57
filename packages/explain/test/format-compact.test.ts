import { describe, expect, it } from 'vitest';
import { formatCompact, plural } from '../src/format';
import { messages } from '../src/locales/index';

const pt = { locale: 'pt-BR' as const, decimals: 4 };
const en = { locale: 'en' as const, decimals: 4 };

// Expected strings written by hand: five significant digits at most, four decimals at most.
describe('formatCompact: one rule for numbers in small spaces', () => {
  it('leaves the seed’s short numbers as they are', () => {
    expect(formatCompact(30.25, pt)).toBe('30,25');
    expect(formatCompact(3.8, pt)).toBe('3,8');
    expect(formatCompact(0.0585, en)).toBe('0.0585');
    expect(formatCompact(-1.1, en)).toBe('−1.1');
    expect(formatCompact(0, en)).toBe('0');
  });
  it('bounds the significant digits of large numbers', () => {
    expect(formatCompact(29912.9073, en)).toBe('29913');
    expect(formatCompact(-4986.8734, pt)).toBe('−4986,9');
    expect(formatCompact(964.8583, en)).toBe('964.86');
    expect(formatCompact(999999.7, en)).toBe('1e6');
  });
  it('writes a million and up, and tiny numbers, in scientific notation with the true minus', () => {
    expect(formatCompact(2881231143.7664, pt)).toBe('2,8812e9');
    expect(formatCompact(277569519987083, en)).toBe('2.7757e14');
    expect(formatCompact(-25_000_000, pt)).toBe('−2,5e7');
    expect(formatCompact(3e9, en)).toBe('3e9');
    expect(formatCompact(7.95e-20, pt)).toBe('7,95e−20');
  });
});

describe('plural: each locale’s own rule, never “value(s)”', () => {
  it('en: one for 1 only; pt-BR: one for 0 and 1 (CLDR)', () => {
    expect([0, 1, 2].map((n) => plural('en', n, 'value', 'values'))).toEqual(['values', 'value', 'values']);
    expect([0, 1, 2].map((n) => plural('pt-BR', n, 'valor', 'valores'))).toEqual([
      'valor',
      'valor',
      'valores',
    ]);
  });
  it('the explanation’s words use it', () => {
    expect(messages('en').mse(1)).toMatch(/^mean squared error over 1 value \(/);
    expect(messages('pt-BR').mse(8)).toMatch(/^erro quadrático médio sobre 8 valores \(/);
    expect(messages('pt-BR').moreUnits(1)).toBe(
      '… e mais 1 neurônio nesta camada, calculado do mesmo jeito.',
    );
    expect(messages('en').tryHeader(200)).toBe(
      'Each of these was trained again for 200 epochs without diverging:',
    );
  });
});
