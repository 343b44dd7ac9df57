import type { Tensor } from '../tensor';
import { result, splitAxis, type OpInfo } from './op';

export const meanAxisInfo: OpInfo = {
  name: 'mean-axis',
  forward: 'c[…, …] = (1/n) Σₖ a[…, k, …]  (n values along the axis; keepdims leaves it with size 1)',
  backward: '∂L/∂a[…, k, …] = ∂L/∂c[…, …] · 1/n  for every k',
  kind: 'primitive',
};

/** Mean over one axis (−1: the last), with the axis kept as size 1 when `keepdims`. */
export function meanAxis(a: Tensor, axis: number, keepdims = false, label = ''): Tensor {
  const { outer, n, inner, outShape } = splitAxis('mean-axis', a.shape, axis, keepdims);
  const data = new Float64Array(outer * inner);
  // Sum first, divide once: the same arithmetic as the scalar `mean` (Σ then /n).
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++) {
      const base = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) data[o * inner + i] += a.data[base + i];
    }
  for (let q = 0; q < data.length; q++) data[q] /= n;
  const out = result(data, outShape, 'mean-axis', [a], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const ga = a.gradBuffer();
      for (let o = 0; o < outer; o++)
        for (let k = 0; k < n; k++) {
          const base = (o * n + k) * inner;
          for (let i = 0; i < inner; i++) ga[base + i] += g[o * inner + i] / n;
        }
    };
  }
  return out;
}
