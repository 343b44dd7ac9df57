import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';
import { exp } from '../nn/libm';

export const softmaxInfo: OpInfo = {
  name: 'softmax',
  forward: 'pᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)  over the last axis, m = maxⱼ xⱼ',
  backward: '∂L/∂xᵢ = pᵢ · (∂L/∂pᵢ − Σⱼ ∂L/∂pⱼ · pⱼ)',
  kind: 'primitive',
};

/**
 * Softmax over the last axis: each row becomes probabilities (positive, summing to 1). The row's
 * maximum m is subtracted first: e^(x − m)/Σ e^(x − m) is the same number as e^x/Σ e^x, but no
 * exponential can overflow (the largest is e⁰ = 1), so logits of 1000 still work.
 */
export function softmax(x: Tensor, label = ''): Tensor {
  assertShape(
    x.shape.length >= 1,
    'softmax',
    `argument 'x' needs an axis to normalise, got shape ${shapeStr(x.shape)}`,
  );
  const n = x.shape[x.shape.length - 1];
  const rows = n === 0 ? 0 : x.size / n;
  const data = new Float64Array(x.size);
  for (let r = 0; r < rows; r++) softmaxRow(x.data, data, r * n, n);
  const out = result(data, x.shape, 'softmax', [x], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.gradBuffer();
      for (let r = 0; r < rows; r++) {
        const o = r * n;
        // The Jacobian of softmax is diag(p) − p·pᵀ, so ∂L/∂x = p ⊙ (g − g·p).
        let dot = 0;
        for (let j = 0; j < n; j++) dot += g[o + j] * data[o + j];
        for (let i = 0; i < n; i++) gx[o + i] += data[o + i] * (g[o + i] - dot);
      }
    };
  }
  return out;
}

/** One row: out[o … o+n) = softmax(x[o … o+n)), by subtracting the maximum first. */
export function softmaxRow(x: ArrayLike<number>, out: Float64Array, o: number, n: number): void {
  let m = -Infinity;
  for (let j = 0; j < n; j++) if (x[o + j] > m) m = x[o + j];
  let s = 0;
  for (let j = 0; j < n; j++) {
    const e = exp(x[o + j] - m);
    out[o + j] = e;
    s += e;
  }
  for (let j = 0; j < n; j++) out[o + j] /= s;
}
