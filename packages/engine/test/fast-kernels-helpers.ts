import { expect } from 'vitest';
import { RESERVED_BYTES, instantiateKernels, kernelMemory, kernelsModule } from '../src/fast/wasm';
import { Rng } from '../src/rng';

// A small harness for the float32 kernels' tests: one memory, a bump allocator reset before each test,
// float32 inputs from a seeded Rng, and comparisons scaled by the size of the terms behind each value.

const mem = kernelMemory(8 << 20, false);
export const k = instantiateKernels(kernelsModule(false), mem);
const f32 = new Float32Array(mem.buffer);
const i32 = new Int32Array(mem.buffer);
let next = RESERVED_BYTES;
const rng = new Rng(11);

export function resetArena(): void {
  next = RESERVED_BYTES;
}

/** Room for n floats, filled with `values` (rounded to float32) or zeros; returns the byte offset. */
export function put(values: ArrayLike<number> | number): number {
  const n = typeof values === 'number' ? values : values.length;
  const at = next;
  next += Math.ceil((n * 4) / 16) * 16 + 16;
  f32.fill(0, at / 4, at / 4 + n);
  if (typeof values !== 'number') f32.set(values, at / 4);
  return at;
}

/** Room for int32 values (tokens, targets). */
export function putInts(values: readonly number[]): number {
  const at = put(values.length);
  i32.set(values, at / 4);
  return at;
}

export const get = (at: number, n: number): number[] => Array.from(f32.subarray(at / 4, at / 4 + n));

/** n uniform values in [−s, s), exactly representable in float32. */
export const rand = (n: number, s = 1): number[] =>
  Array.from({ length: n }, () => Math.fround(rng.uniform(-s, s)));

/** n integers in [0, m). */
export const randInts = (n: number, m: number): number[] =>
  Array.from({ length: n }, () => Math.floor(rng.next() * m));

/** Σ aᵢ·bᵢ and Σ |aᵢ·bᵢ| (the scale of the sum's rounding). */
export function dotAbs(
  n: number,
  a: (i: number) => number,
  b: (i: number) => number,
  start = 0,
): [number, number] {
  let s = start;
  let abs = Math.abs(start);
  for (let i = 0; i < n; i++) {
    const p = a(i) * b(i);
    s += p;
    abs += Math.abs(p);
  }
  return [s, abs];
}

/** |got − want| ≤ tol·scale[i] for every value (scale: the sum of |terms| behind each value, or 1). */
export function near(
  got: readonly number[],
  want: readonly number[],
  tol: number,
  scale?: readonly number[],
  what = '',
): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let at = -1;
  got.forEach((g, i) => {
    const e = Math.abs(g - want[i]) / (scale ? Math.max(scale[i], 1e-30) : 1);
    if (!(e <= worst)) [worst, at] = [e, i];
  });
  expect(worst, `${what}: worst at ${at}: ${got[at]} vs ${want[at]}`).toBeLessThanOrEqual(tol);
}

// float32's unit roundoff is 6e-8; a sum of n terms in order may lose about n·6e-8 of Σ|terms| at worst.
export const SUM_TOL = 4e-6;
