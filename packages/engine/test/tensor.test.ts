/**
 * nest() turns a row-major buffer into rows. Every epoch nests its parameters, so it must read each
 * value once: copying the whole buffer once per row made a 512×512 matrix take seconds.
 */
import { describe, expect, test } from 'vitest';
import { add } from '../src/ops/index';
import { constant, fromNested, nest, parameter } from '../src/tensor';
import { tokens } from '../src/tokens';

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

describe('nest and fromNested in any number of dimensions', () => {
  test('a [2, 3, 2] buffer becomes two blocks of three rows of two, and back', () => {
    const data = Float64Array.from({ length: 12 }, (_, k) => k);
    const nested = [
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      [
        [6, 7],
        [8, 9],
        [10, 11],
      ],
    ];
    expect(nest(data, [2, 3, 2])).toEqual(nested);
    const back = fromNested(nested);
    expect(back.shape).toEqual([2, 3, 2]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    // Four dimensions: [1, 2, 1, 2].
    expect(nest(Float64Array.of(1, 2, 3, 4), [1, 2, 1, 2])).toEqual([[[[1, 2]], [[3, 4]]]]);
    expect(fromNested([[[[1, 2]], [[3, 4]]]]).shape).toEqual([1, 2, 1, 2]);
  });

  test('reads each value of a 16×16×16 block exactly once', () => {
    const values = Array.from({ length: 16 ** 3 }, (_, k) => k);
    const { data, reads } = counted(values);
    const t = nest(data, [16, 16, 16]) as number[][][];
    expect(t[3][4][5]).toBe(3 * 256 + 4 * 16 + 5);
    expect(reads()).toBe(16 ** 3);
  });

  test('a ragged array is refused, naming the row', () => {
    expect(() =>
      fromNested([
        [1, 2, 3],
        [4, 5],
      ]),
    ).toThrow(/^fromNested: row \[1\] has 2 values, expected 3$/);
    expect(() =>
      fromNested([
        [[1], [2]],
        [[3], [4, 5]],
      ]),
    ).toThrow(/row \[1, 1\] has 2 values, expected 1/);
    expect(() => fromNested([[1, 2], 3] as never)).toThrow(/value \[1\] is a number, expected a list of 2/);
    expect(() => fromNested([1, [2]] as never)).toThrow(/value \[1\] is a list, expected a number/);
  });
});

describe('dtype', () => {
  test('float64 is the default and keeps every number as given', () => {
    const t = constant([0.1, 1 / 3]);
    expect(t.dtype).toBe('float64');
    expect(Array.from(t.data)).toEqual([0.1, 1 / 3]);
    expect(add(t, t).dtype).toBe('float64');
  });

  test('a float32 tensor holds float32 numbers, and so does an op on float32 tensors only', () => {
    // 0,1 is not a float32 number: the nearest one is 0,100000001490116119384765625.
    const a = parameter([0.1, 1 / 3], 'a', 'float32');
    expect(a.dtype).toBe('float32');
    expect(a.data[0]).toBe(0.10000000149011612);
    const b = parameter([0.2, 1], 'b', 'float32');
    const c = add(a, b);
    expect(c.dtype).toBe('float32');
    expect(c.data[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    // float32 with float64 gives float64 (PyTorch's promotion).
    expect(add(a, constant([1, 1])).dtype).toBe('float64');
  });
});

describe('tokens', () => {
  test('whole indices with a shape, checked against the vocabulary', () => {
    const t = tokens([0, 5, 2, 1, 0, 3], [2, 3], 6);
    expect(Array.from(t.data)).toEqual([0, 5, 2, 1, 0, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(() => tokens([0, 6], [2], 6)).toThrow(
      /^tokens: index 1 is 6, expected a whole number from 0 to 5$/,
    );
    expect(() => tokens([1.5])).toThrow(/index 0 is 1.5, expected a whole number ≥ 0/);
    expect(() => tokens([1, 2, 3], [2, 2])).toThrow(/3 indices but shape \[2, 2\] needs 4/);
  });
});
