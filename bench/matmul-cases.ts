/**
 * The matmul benchmark's contestants for one shape, on the same inputs: our float32 WebAssembly kernels
 * (packages/engine/asm/matmul.ts, one thread), tfjs-wasm (with its transpose flags and with operands
 * transposed beforehand) and the engine's plain Float64Array i-k-j loop. Each product is
 * C [M][N] = A [M][K] · B [K][N], stored in the orientation a linear layer's pass has it:
 *   NT (forward y = x·Wᵀ):  A = x [M][K], B given as W [N][K]            → ours matmulNT
 *   NN (∂x = dy·W):          A = dy [M][K], B = W [K][N]                  → ours matmulNN
 *   TN (∂W = dyᵀ·x):         A given as dy [K][M], B = x [K][N]           → ours matmulTN (accumulates)
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@unha/engine';
import { matmulInto } from '../packages/engine/src/ops/matmul';
import {
  instantiateKernels,
  kernelMemory,
  kernelsModule,
  RESERVED_BYTES,
} from '../packages/engine/src/fast/wasm';
import { tfjsWasmReady } from './tfjs-gpt';

export type Orientation = 'NT' | 'NN' | 'TN';

export interface MatmulShape {
  label: string;
  op: Orientation;
  M: number;
  K: number;
  N: number;
}

export interface Contestant {
  name: string;
  /** One product (its result stays where the contestant keeps it). */
  run(): void;
  /** The last product's result as C [M][N] (for the check against the plain loop). */
  result(): ArrayLike<number>;
}

export interface MatmulCases {
  shape: MatmulShape;
  /** The logical operands, row-major: A [M][K], B [K][N]. */
  a: Float32Array;
  b: Float32Array;
  ours: Contestant;
  /** tfjs with A and B in the stored orientation above (transpose flags for NT and TN). */
  tfjsFlags: Contestant;
  /** tfjs with the operand transposed beforehand, so that its product needs no flag (NT, TN). */
  tfjsPlain?: Contestant;
  js: Contestant;
  dispose(): void;
}

export const flops = (s: MatmulShape): number => 2 * s.M * s.K * s.N;

/** The row-major transpose of a [rows][cols] matrix. */
function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

function random(n: number, rng: Rng): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-1, 1);
  return a;
}

/** Inputs for a shape and every contestant bound to them (tfjs's wasm backend must be ready). */
export async function matmulCases(shape: MatmulShape, seed = 1): Promise<MatmulCases> {
  await tfjsWasmReady();
  const { M, K, N, op } = shape;
  const rng = new Rng(seed);
  // The logical operands, row-major: A [M][K], B [K][N].
  const a = random(M * K, rng);
  const b = random(K * N, rng);
  const aT = transpose(a, M, K); // [K][M]
  const bT = transpose(b, K, N); // [N][K]

  // Ours: one memory with A, B and C in their stored orientation.
  const mem = kernelMemory(4 * (M * K + K * N + M * N), false);
  const k = instantiateKernels(kernelsModule(false), mem);
  const pa = RESERVED_BYTES;
  const pb = pa + 4 * M * K;
  const pc = pb + 4 * K * N;
  const f32 = new Float32Array(mem.buffer);
  f32.set(op === 'TN' ? aT : a, pa / 4);
  f32.set(op === 'NT' ? bT : b, pb / 4);
  const c = new Float32Array(mem.buffer, pc, M * N);
  const ourRun =
    op === 'NT'
      ? () => k.matmulNT(0, M, pc, pa, pb, 0, K, N)
      : op === 'NN'
        ? () => k.matmulNN(0, M, pc, pa, pb, K, N, 0)
        : () => {
            // ∂W accumulates (+=), as in a backward pass; the check starts it from zero.
            k.matmulTN(0, M, pc, pa, pb, K, M, N);
          };
  const ours: Contestant = {
    name: 'ours, 1 thread',
    run: ourRun,
    result: () => {
      c.fill(0);
      ourRun();
      return c;
    },
  };

  // tfjs: tensors made once; each product's output is disposed after the call (wasm runs synchronously).
  const ta = op === 'TN' ? tf.tensor2d(aT, [K, M]) : tf.tensor2d(a, [M, K]);
  const tb = op === 'NT' ? tf.tensor2d(bT, [N, K]) : tf.tensor2d(b, [K, N]);
  const tPlainA = tf.tensor2d(a, [M, K]);
  const tPlainB = tf.tensor2d(b, [K, N]);
  const tfjsContestant = (name: string, product: () => tf.Tensor): Contestant => ({
    name,
    run: () => product().dispose(),
    result: () => {
      const t = product();
      const out = t.dataSync().slice();
      t.dispose();
      return out;
    },
  });
  const tfjsFlags = tfjsContestant(
    op === 'NN' ? 'tfjs-wasm' : `tfjs-wasm, ${op === 'NT' ? 'transposeB' : 'transposeA'}`,
    () => tf.matMul(ta, tb, op === 'TN', op === 'NT'),
  );
  const tfjsPlain =
    op === 'NN' ? undefined : tfjsContestant('tfjs-wasm, pre-transposed', () => tf.matMul(tPlainA, tPlainB));

  // The engine's plain loop (float64, i-k-j, a fresh zeroed output as its matmul allocates).
  const a64 = Float64Array.from(a);
  const b64 = Float64Array.from(b);
  let c64 = new Float64Array(M * N);
  const js: Contestant = {
    name: 'plain JS i-k-j (Float64Array)',
    run: () => {
      c64 = new Float64Array(M * N);
      matmulInto(a64, b64, c64, M, K, N);
    },
    result: () => {
      js.run();
      return c64;
    },
  };

  return {
    shape,
    a,
    b,
    ours,
    tfjsFlags,
    tfjsPlain,
    js,
    dispose() {
      for (const t of [ta, tb, tPlainA, tPlainB]) t.dispose();
    },
  };
}

/** The largest |x − reference| relative to the largest |reference| (float32 against float64). */
export function relativeError(x: ArrayLike<number>, reference: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; i++) {
    err = Math.max(err, Math.abs(x[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return err / scale;
}
