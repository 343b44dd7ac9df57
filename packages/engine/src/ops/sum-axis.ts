import type { Tensor } from '../tensor';
import { result, splitAxis, type OpInfo } from './op';

export const sumAxisInfo: OpInfo = {
  name: 'sum-axis',
  forward: 'c[…, …] = Σₖ a[…, k, …]  (over one axis; keepdims leaves it with size 1)',
  backward: '∂L/∂a[…, k, …] = ∂L/∂c[…, …]  for every k',
  kind: 'primitive',
};

/** Sum over one axis (−1: the last). [B, T, C] summed over axis 1 is [B, C] ([B, 1, C] with keepdims). */
export function sumAxis(a: Tensor, axis: number, keepdims = false, label = ''): Tensor {
  const { outer, n, inner, outShape } = splitAxis('sum-axis', a.shape, axis, keepdims);
  const data = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++) {
      const base = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) data[o * inner + i] += a.data[base + i];
    }
  const out = result(data, outShape, 'sum-axis', [a], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const ga = a.gradBuffer();
      for (let o = 0; o < outer; o++)
        for (let k = 0; k < n; k++) {
          const base = (o * n + k) * inner;
          for (let i = 0; i < inner; i++) ga[base + i] += g[o * inner + i];
        }
    };
  }
  return out;
}
