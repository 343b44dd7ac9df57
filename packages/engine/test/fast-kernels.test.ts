import { beforeEach, describe, expect, it } from 'vitest';
import { RESERVED_BYTES, instantiateKernels, kernelMemory, kernelsModule } from '../src/fast/wasm';
import { geluDerivative, geluValue } from '../src/nn/erf';
import { Rng } from '../src/rng';

// Each float32 kernel (asm/*.ts) against a plain float64 loop over the same float32 inputs. Shapes are
// chosen so that no dimension is a multiple of the kernels' tiles (2 × 4 and 4 × 8 of f32x4 vectors,
// chunks of 128 in the outer product's reduction): every remainder path runs. A second check runs each
// split kernel in two parts at an odd cut and asks for the same bits as one call (what two threads do).

const mem = kernelMemory(8 << 20, false);
const k = instantiateKernels(kernelsModule(false), mem);
const f32 = new Float32Array(mem.buffer);
let next = RESERVED_BYTES;
const rng = new Rng(11);

/** Room for n floats, filled with `values` (rounded to float32) or zeros; returns the byte offset. */
function put(values: ArrayLike<number> | number): number {
  const n = typeof values === 'number' ? values : values.length;
  const at = next;
  next += Math.ceil((n * 4) / 16) * 16 + 16;
  f32.fill(0, at / 4, at / 4 + n);
  if (typeof values !== 'number') f32.set(values, at / 4);
  return at;
}
const get = (at: number, n: number): number[] => Array.from(f32.subarray(at / 4, at / 4 + n));
/** n uniform values in [−s, s), exactly representable in float32. */
const rand = (n: number, s = 1): number[] => Array.from({ length: n }, () => Math.fround(rng.uniform(-s, s)));

/** |got − want| ≤ tol·scale[i] (scale: the sum of |terms| behind each value, or 1). */
function near(got: number[], want: number[], tol: number, scale?: number[], what = ''): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  let at = -1;
  got.forEach((g, i) => {
    const e = Math.abs(g - want[i]) / (scale ? Math.max(scale[i], 1e-30) : 1);
    if (!(e <= worst)) [worst, at] = [e, i];
  });
  expect(worst, `${what}: worst at ${at}: ${got[at]} vs ${want[at]}`).toBeLessThanOrEqual(tol);
}

beforeEach(() => {
  next = RESERVED_BYTES;
});

// float32's unit roundoff is 6e-8; a sum of n terms in order may lose about n·6e-8 of Σ|terms| at worst.
const SUM_TOL = 4e-6;

describe('float32 matmul kernels against float64 loops', () => {
  const shapes = [
    [7, 13, 11],
    [9, 131, 6],
    [3, 5, 21],
    [1, 4, 8],
  ];
  for (const [M, K, N] of shapes) {
    it(`matmulNT: y = x·wᵀ + b at ${M}×${K}·(${N}×${K})ᵀ, with and without bias, split anywhere`, () => {
      const x = rand(M * K), w = rand(N * K), b = rand(N);
      for (const bias of [true, false]) {
        const px = put(x), pw = put(w), pb = bias ? put(b) : 0, py = put(M * N), py2 = put(M * N);
        k.matmulNT(0, M, py, px, pw, pb, K, N);
        const want: number[] = [], scale: number[] = [];
        for (let m = 0; m < M; m++)
          for (let n = 0; n < N; n++) {
            let s = bias ? b[n] : 0, a = bias ? Math.abs(b[n]) : 0;
            for (let q = 0; q < K; q++) (s += x[m * K + q] * w[n * K + q]), (a += Math.abs(x[m * K + q] * w[n * K + q]));
            want.push(s), scale.push(a);
          }
        near(get(py, M * N), want, SUM_TOL, scale, 'matmulNT');
        const cut = Math.min(M, 3);
        k.matmulNT(0, cut, py2, px, pw, pb, K, N);
        k.matmulNT(cut, M, py2, px, pw, pb, K, N);
        expect(get(py2, M * N)).toEqual(get(py, M * N));
      }
    });

    it(`matmulNN: dx (+)= dy·w at ${M}×${N}·${N}×${K}, overwriting and accumulating, split anywhere`, () => {
      const dy = rand(M * N), w = rand(N * K), dx0 = rand(M * K);
      for (const acc of [0, 1]) {
        const pdy = put(dy), pw = put(w), pdx = put(dx0), pdx2 = put(dx0);
        k.matmulNN(0, M, pdx, pdy, pw, N, K, acc);
        const want: number[] = [], scale: number[] = [];
        for (let m = 0; m < M; m++)
          for (let q = 0; q < K; q++) {
            let s = acc ? dx0[m * K + q] : 0, a = Math.abs(s);
            for (let n = 0; n < N; n++) (s += dy[m * N + n] * w[n * K + q]), (a += Math.abs(dy[m * N + n] * w[n * K + q]));
            want.push(s), scale.push(a);
          }
        near(get(pdx, M * K), want, SUM_TOL, scale, 'matmulNN');
        const cut = Math.min(M, 5);
        k.matmulNN(0, cut, pdx2, pdy, pw, N, K, acc);
        k.matmulNN(cut, M, pdx2, pdy, pw, N, K, acc);
        expect(get(pdx2, M * K)).toEqual(get(pdx, M * K));
      }
    });

    it(`matmulTN: dw += dyᵀ·x at (${K}×${M})ᵀ·${K}×${N}, split anywhere`, () => {
      // Rows of the product are dy's columns (M of them), the reduction runs over dy's K rows.
      const dy = rand(K * M), x = rand(K * N), dw0 = rand(M * N);
      const pdy = put(dy), px = put(x), pdw = put(dw0), pdw2 = put(dw0);
      k.matmulTN(0, M, pdw, pdy, px, K, M, N);
      const want: number[] = [], scale: number[] = [];
      for (let m = 0; m < M; m++)
        for (let n = 0; n < N; n++) {
          let s = dw0[m * N + n], a = Math.abs(s);
          for (let r = 0; r < K; r++) (s += dy[r * M + m] * x[r * N + n]), (a += Math.abs(dy[r * M + m] * x[r * N + n]));
          want.push(s), scale.push(a);
        }
      near(get(pdw, M * N), want, SUM_TOL, scale, 'matmulTN');
      const cut = Math.min(M, 5);
      k.matmulTN(0, cut, pdw2, pdy, px, K, M, N);
      k.matmulTN(cut, M, pdw2, pdy, px, K, M, N);
      expect(get(pdw2, M * N)).toEqual(get(pdw, M * N));
    });
  }

  it('colSum: db += Σ_m dy[m] over 13 columns', () => {
    const M = 10, N = 13, dy = rand(M * N), db0 = rand(N);
    const pdb = put(db0);
    k.colSum(0, N, pdb, put(dy), M, N);
    const want = db0.map((v, n) => v + Array.from({ length: M }, (_, m) => dy[m * N + n]).reduce((a, b) => a + b));
    near(get(pdb, N), want, 1e-6);
  });
});
