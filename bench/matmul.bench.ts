/**
 * Matmul GFLOP/s at the moby-dick recipe's shapes (issue 11): ours (float32 WebAssembly SIMD kernels,
 * one thread; two threads through a hook), tfjs-wasm and the engine's plain JavaScript loop, measured
 * in the same run, interleaved, after V8 has tiered the WebAssembly up; and this CPU's practical SIMD
 * peak, so that the figures say how far from it the kernels are.
 *
 * V8 first runs WebAssembly in its baseline compiler (Liftoff, several times slower for SIMD loops)
 * and swaps in the optimised code later, on a background thread: every contestant is warmed up until
 * its best time stops improving before anything is timed.
 */
import { loadavg } from 'node:os';
import { flops, matmulCases, relativeError, type Contestant, type MatmulShape } from './matmul-cases';
import { table } from './measure';
import { peakKernel } from './simd-peak';
import { tfjsWasmSimd } from './tfjs-gpt';

const R = 64 * 12; // batch 12 × block 64: the rows of every activation

/** The recipe's products (width 128: c_attn 128→384, mlp c_proj 512→128) in a linear layer's three passes. */
export const MATMUL_SHAPES: readonly MatmulShape[] = [
  { label: 'attn fwd x·Wᵀ', op: 'NT', M: R, K: 128, N: 384 },
  { label: 'attn ∂x = dy·W', op: 'NN', M: R, K: 384, N: 128 },
  { label: 'attn ∂W = dyᵀ·x', op: 'TN', M: 384, K: R, N: 128 },
  { label: 'mlp fwd x·Wᵀ', op: 'NT', M: R, K: 512, N: 128 },
  { label: 'mlp ∂x = dy·W', op: 'NN', M: R, K: 128, N: 512 },
  { label: 'mlp ∂W = dyᵀ·x', op: 'TN', M: 128, K: R, N: 512 },
  { label: '256³ x·Wᵀ', op: 'NT', M: 256, K: 256, N: 256 },
];

/** A contestant's timed batches: enough calls per batch to last ~`batchMs`. */
interface Timer {
  c: Contestant;
  calls: number;
  perCall: number[];
}

function timeBatch(t: Timer): number {
  const t0 = performance.now();
  for (let i = 0; i < t.calls; i++) t.c.run();
  return (performance.now() - t0) / t.calls;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Median milliseconds per call of each contestant: warm-up rounds (all contestants in turn) until each
 * one's best time has not improved by more than 3 % for three rounds and at least `warmMs` have passed,
 * then `reps` timed rounds, interleaved so that a burst of load on the shared machine hits all alike.
 */
export function timeInterleaved(
  contestants: Contestant[],
  opts: { warmMs?: number; maxWarmMs?: number; reps?: number; batchMs?: number } = {},
): number[] {
  const { warmMs = 600, maxWarmMs = 8000, reps = 7, batchMs = 25 } = opts;
  const timers: Timer[] = contestants.map((c) => {
    const t0 = performance.now();
    c.run();
    const ms = performance.now() - t0;
    return { c, calls: Math.max(1, Math.round(batchMs / Math.max(ms, 1e-3))), perCall: [] };
  });
  const best = timers.map(() => Infinity);
  const still = timers.map(() => 0);
  const start = performance.now();
  for (;;) {
    timers.forEach((t, i) => {
      const ms = timeBatch(t);
      // Liftoff's first calls are slow: size batches by the latest speed.
      t.calls = Math.max(1, Math.round(batchMs / Math.max(ms, 1e-3)));
      if (ms < best[i] * 0.97) still[i] = 0;
      else still[i]++;
      best[i] = Math.min(best[i], ms);
    });
    const elapsed = performance.now() - start;
    if ((elapsed > warmMs && still.every((s) => s >= 3)) || elapsed > maxWarmMs) break;
  }
  for (let r = 0; r < reps; r++) for (const t of timers) t.perCall.push(timeBatch(t));
  return timers.map((t) => median(t.perCall));
}

/** The CPU's SIMD mul+add rate on one thread (best of the timed calls: a peak is a maximum). */
async function simdPeak(): Promise<number> {
  const k = await peakKernel();
  // Short calls: V8 swaps in the optimised code at a call's entry, and long Liftoff calls delay it.
  const n = 100_000;
  const c: Contestant = { name: 'peak', run: () => k.peak(n, 1), result: () => [] };
  timeInterleaved([c], { warmMs: 1000, reps: 0 });
  const t: Timer = { c, calls: 1, perCall: [] };
  const times = Array.from({ length: 15 }, () => timeBatch(t));
  return (n * k.flopsPerIteration) / Math.min(...times) / 1e6;
}

const gflops = (s: MatmulShape, ms: number): number => flops(s) / ms / 1e6;

/**
 * Prints the table. `twoThreads` is THE HOOK for ours on two threads (filled in by the two-thread
 * work of issue 11): given a shape, it returns the median milliseconds of one such product with the
 * kernel split by output rows between this thread and a helper, measured after its own warm-up.
 */
export async function matmulBench(opts: { twoThreads?: (shape: MatmulShape) => number } = {}): Promise<void> {
  console.log(
    "\n## Matmul at the moby-dick recipe's shapes (float32 unless said; GFLOP/s, × = vs tfjs-wasm's best)\n",
  );
  const simd = await tfjsWasmSimd();
  const rows: string[][] = [
    ['product (M×K·K×N)', 'ours 1T', 'ours 2T', 'tfjs plain', 'tfjs flag', 'JS i-k-j f64'],
  ];
  const cell = (g: number | undefined, ref: number): string =>
    g === undefined ? '—' : `${g.toFixed(2)} (${(g / ref).toFixed(2)}×)`;
  let worstErr = 0;
  for (const shape of MATMUL_SHAPES) {
    const cases = await matmulCases(shape);
    const reference = cases.js.result();
    const all = [cases.ours, cases.tfjsFlags, ...(cases.tfjsPlain ? [cases.tfjsPlain] : []), cases.js];
    for (const c of all) {
      const err = relativeError(c.result(), reference);
      if (!(err < 1e-5))
        throw new Error(`matmul bench: ${c.name} computes another product at ${shape.label} (${err})`);
      worstErr = Math.max(worstErr, err);
    }
    const ms = timeInterleaved(all);
    const g = ms.map((m) => gflops(shape, m));
    const [ours, flag] = g;
    const plain = cases.tfjsPlain ? g[2] : undefined;
    const js = g[g.length - 1];
    const ref = Math.max(flag, plain ?? 0);
    const two = opts.twoThreads ? gflops(shape, opts.twoThreads(shape)) : undefined;
    const dims = `${shape.M}×${shape.K}·${shape.K}×${shape.N}`;
    rows.push([
      `${shape.label}  ${dims} (${shape.op})`,
      cell(ours, ref),
      cell(two, ref),
      plain === undefined ? cell(flag, ref) : cell(plain, ref),
      plain === undefined ? '(same)' : cell(flag, ref),
      cell(js, ref),
    ]);
    cases.dispose();
  }
  console.log(table(rows));
  const peak = await simdPeak();
  console.log(
    `(median of 7 interleaved timed rounds after warm-up; tfjs-wasm ${simd ? 'with' : 'WITHOUT'} SIMD, one thread, ` +
      'its B operand packed once and reused across calls, its best case; "tfjs flag" passes transposeA/transposeB, ' +
      `"tfjs plain" gets the operand transposed beforehand; all agree with the float64 loop within ${worstErr.toExponential(1)})`,
  );
  const [load1] = loadavg();
  console.log(
    `Load average ${load1.toFixed(1)} on this machine while measuring` +
      (load1 > 1.5
        ? ': other work shares the cores, so every figure is depressed (the ratios less so).'
        : '.'),
  );
  console.log(
    `This CPU's practical WebAssembly SIMD peak on one thread (f32x4 mul + add, 12 register chains, best call): ` +
      `${peak.toFixed(1)} GFLOP/s${opts.twoThreads ? `, ${(2 * peak).toFixed(1)} on two` : ''}.` +
      (opts.twoThreads ? '' : ' Ours on two threads: hook not wired yet (matmulBench({ twoThreads })).'),
  );
}
