import { expect } from 'vitest';
import { Rng } from '../src/rng';
import { type NestedInput, type Tensor, parameter } from '../src/tensor';
import { mul } from '../src/ops/mul';
import { sum } from '../src/ops/sum';
import { constant } from '../src/tensor';

export type Nested = number | readonly Nested[];

/** Flattens nested arrays (and typed arrays) into one list of numbers, row-major. */
export function flat(v: Nested | ArrayLike<number>): number[] {
  if (typeof v === 'number') return [v];
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) out.push(...flat(v[i]));
  return out;
}

/** |actual − expected| ≤ tol for every value, with a message naming the index. */
export function expectClose(
  actual: Nested | ArrayLike<number>,
  expected: Nested | ArrayLike<number>,
  tol = 1e-12,
  what = '',
): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length, `${what}: number of values`).toBe(e.length);
  a.forEach((x, i) => {
    const ok = Math.abs(x - e[i]) <= tol;
    expect(ok, `${what}[${i}]: got ${x}, expected ${e[i]} (±${tol})`).toBe(true);
  });
}

/**
 * Relative comparison with an absolute floor: |a − e| ≤ max(rel·|e|, abs). Used against PyTorch, whose
 * float64 sums run in a different order, so the last bits may differ.
 */
export function expectRelClose(
  actual: Nested | ArrayLike<number>,
  expected: Nested | ArrayLike<number>,
  what: string,
  rel = 1e-9,
  abs = 1e-12,
): void {
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length, `${what}: number of values`).toBe(e.length);
  a.forEach((x, i) => {
    const tol = Math.max(rel * Math.abs(e[i]), abs);
    const ok = Math.abs(x - e[i]) <= tol;
    expect(ok, `${what}[${i}]: got ${x}, expected ${e[i]} (diff ${Math.abs(x - e[i])}, tol ${tol})`).toBe(
      true,
    );
  });
}

/** A learnable tensor of the given shape, values uniform in [lo, hi) from a seeded generator. */
export function randomParam(rng: Rng, shape: number[], lo = -2, hi = 2, label = 'p'): Tensor {
  const values = (): number => rng.uniform(lo, hi);
  // Any number of dimensions: nested lists built axis by axis, values drawn in row-major order.
  const build = (d: number): NestedInput =>
    d === shape.length ? values() : Array.from({ length: shape[d] }, () => build(d + 1));
  return parameter(build(0), label);
}

/** Σ c·t for a fixed weight tensor c: a scalar whose gradient with respect to t is exactly c. */
export function weighted(t: Tensor, c: NestedInput): Tensor {
  return sum(mul(t, constant(c)));
}

export { Rng };
