/**
 * nest() turns a row-major buffer into rows. Every epoch nests its parameters, so it must read each
 * value once: copying the whole buffer once per row made a 512×512 matrix take seconds.
 */
import { describe, expect, test } from 'vitest';
import { nest } from '../src/tensor';

/** An array-like that counts how many values are read from it. */
function counted(values: number[]): { data: ArrayLike<number>; reads: () => number } {
  let reads = 0;
  const data = new Proxy(values, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { data, reads: () => reads };
}

describe('nest', () => {
  test('rows of a 2-D buffer, by hand', () => {
    expect(nest(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3])).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(nest(Float64Array.of(7, 8), [2])).toEqual([7, 8]);
    expect(nest(Float64Array.of(9), [])).toBe(9);
    expect(nest(new Float64Array(0), [0, 3])).toEqual([]);
  });

  test('reads each value of a 64×64 matrix exactly once (linear, not quadratic, in the rows)', () => {
    const values = Array.from({ length: 64 * 64 }, (_, k) => k);
    const { data, reads } = counted(values);
    const rows = nest(data, [64, 64]) as number[][];
    expect(rows[63][63]).toBe(64 * 64 - 1);
    expect(rows[10][5]).toBe(10 * 64 + 5);
    expect(reads()).toBe(64 * 64);
  });
});
