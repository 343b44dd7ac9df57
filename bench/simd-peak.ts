/**
 * This CPU's practical peak for WebAssembly SIMD float32 arithmetic on one thread: a loop of f32x4
 * multiply-then-add over 12 independent register chains (standard wasm SIMD has no fused multiply-add,
 * so a mul and an add are two instructions), no memory traffic. A matmul can at best approach it.
 * Compiled at bench time with the repository's pinned AssemblyScript (nothing is committed).
 */
import { compileString } from 'assemblyscript/asc';

const CHAINS = 12;

// x ← x·a + b converges to b/(1 − a): the values stay finite and far from subnormals.
const SOURCE = `
export function peak(n: i32, seed: f32): f32 {
  const a = f32x4.splat(0.999);
  const b = f32x4.splat(seed * 0.001);
${Array.from({ length: CHAINS }, (_, i) => `  let c${i} = f32x4.splat(seed + ${i}.0);`).join('\n')}
  for (let i = 0; i < n; i++) {
${Array.from({ length: CHAINS }, (_, i) => `    c${i} = f32x4.add(f32x4.mul(c${i}, a), b);`).join('\n')}
  }
  let s = c0;
${Array.from({ length: CHAINS - 1 }, (_, i) => `  s = f32x4.add(s, c${i + 1});`).join('\n')}
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}
`;

export interface PeakKernel {
  /** Runs n iterations; 8 · CHAINS floating-point operations each. */
  peak(n: number, seed: number): number;
  flopsPerIteration: number;
}

export async function peakKernel(): Promise<PeakKernel> {
  const out = await compileString(SOURCE, {
    optimizeLevel: 3,
    runtime: 'stub',
    enable: ['simd'],
    noAssert: true,
  });
  if (out.error || !out.binary) throw new Error(`simd peak: asc failed: ${String(out.error)}`);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(out.binary)), {
    env: { abort() {} },
  });
  const peak = instance.exports.peak as (n: number, seed: number) => number;
  return { peak, flopsPerIteration: 8 * CHAINS };
}
