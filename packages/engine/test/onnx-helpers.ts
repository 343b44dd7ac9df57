import { expect } from 'vitest';
import * as ort from 'onnxruntime-node';

/**
 * onnxruntime (its bundled CPU build) is the independent reader of our ONNX files: it parses the
 * protobuf, checks the graph against opset 17 and runs it in float32. The engine's own forward pass
 * is the reference it is compared with.
 */

/** Runs a model on one named input and returns its one output's values and shape. */
export async function runOnnx(
  bytes: Uint8Array,
  input: { name: string; type: 'int64' | 'float32'; values: ArrayLike<number>; dims: number[] },
  opts: { optimize?: boolean; quiet?: boolean } = {},
): Promise<{ data: Float32Array; dims: readonly number[]; session: ort.InferenceSession }> {
  // Unoptimised by default: the graph as written runs, node by node (no fused kernels).
  const session = await ort.InferenceSession.create(bytes, {
    graphOptimizationLevel: opts.optimize ? 'all' : 'disabled',
    // A run expected to fail logs its error at severity 3; quiet keeps only fatal ones (4).
    ...(opts.quiet && { logSeverityLevel: 4 as const }),
  });
  const data =
    input.type === 'int64'
      ? BigInt64Array.from(Array.from(input.values), (v) => BigInt(v))
      : Float32Array.from(input.values);
  const feeds = { [input.name]: new ort.Tensor(input.type, data, input.dims) };
  const out = await session.run(feeds, opts.quiet ? { logSeverityLevel: 4 } : {});
  const t = out[session.outputNames[0]];
  return { data: t.data as Float32Array, dims: t.dims, session };
}

/** The largest |a − b| / max(1, |b|) over the values (b the engine's). */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    // ln 0 = −∞ in both (a counting model without smoothing): the same value.
    if (a[i] === b[i]) continue;
    const e = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i]));
    // A NaN must fail, not vanish in Math.max.
    m = Number.isNaN(e) ? Infinity : Math.max(m, e);
  }
  return m;
}

/**
 * onnxruntime's float32 values against the engine's to 1e-5, relative to the value (absolute below
 * 1): the same numbers up to float32's rounding of the weights and of each operation.
 */
export function expectOnnxClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
): number {
  expect(actual.length, `${what}: number of values`).toBe(expected.length);
  const err = maxRelError(actual, expected);
  expect(err, `${what}: largest relative difference`).toBeLessThanOrEqual(1e-5);
  return err;
}
