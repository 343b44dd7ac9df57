import { describe, expect, it } from 'vitest';
import { baseRange, reachOf, stableRange } from '../src/views/stable-axis';

// Targets 0 … 10: the base is 0 … 10 with 8 % on each side, −0,8 … 10,8 (span 11,6).
describe('the data chart’s stable value axis', () => {
  const base = baseRange([0, 5, 10]);
  it('starts from the targets with a margin', () => {
    expect(base[0]).toBeCloseTo(-0.8);
    expect(base[1]).toBeCloseTo(10.8);
  });
  it('keeps its range while the values stay inside it', () => {
    const first = stableRange(undefined, base, [2, 3]);
    expect(first).toEqual(base);
    expect(stableRange(first, base, [9, 1])).toBe(first);
  });
  it('widens only on the side a value left, with a quarter of the span to spare, then holds', () => {
    // 20 is above 10,8: the need is −0,8 … 20 (span 20,8), so the top goes to 20 + 5,2 = 25,2.
    const wide = stableRange(base, base, [20]);
    expect(wide[0]).toBeCloseTo(-0.8);
    expect(wide[1]).toBeCloseTo(25.2);
    // The next epoch at 22 fits: no rescaling.
    expect(stableRange(wide, base, [22])).toBe(wide);
    // Back near the targets: the need (11,6) is still over a third of 26 → held; below a third it shrinks.
    expect(stableRange(wide, base, [11])).toBe(wide);
    const far = stableRange(base, base, [60]);
    expect(stableRange(far, base, [5])).toEqual(base);
  });
  it('does not stretch for values beyond a few times the targets’ size (they are drawn off-scale)', () => {
    const [, hi] = reachOf(base);
    expect(stableRange(base, base, [hi * 10, -1e9])).toEqual(base);
  });
});
