import { describe, expect, it } from 'vitest';
import { formatCompact } from '../src/format';

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
