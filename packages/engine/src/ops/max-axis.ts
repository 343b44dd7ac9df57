import type { Tensor } from '../tensor';
import { result, splitAxis, type OpInfo } from './op';

export const maxAxisInfo: OpInfo = {
  name: 'max-axis',
  forward: 'c[…, …] = maxₖ a[…, k, …]  (over one axis; keepdims leaves it with size 1)',
  backward: '∂L/∂a[…, k, …] = ∂L/∂c[…, …] for the first k holding the maximum, 0 for the others',
  kind: 'primitive',
};

/**
 * Maximum over one axis (−1: the last). The gradient goes to ONE value, the first maximum along the
 * axis: a tie (max(2, 2)) does not split it. A NaN along the axis is the maximum (it spreads, as in
 * PyTorch), so a diverged run shows NaN rather than hiding it.
 */
export function maxAxis(a: Tensor, axis: number, keepdims = false, label = ''): Tensor {
  const { outer, n, inner, outShape } = splitAxis('max-axis', a.shape, axis, keepdims);
  assertNonEmpty(n);
  const data = new Float64Array(outer * inner);
  // Where each maximum came from (an index into a.data), for the backward pass.
  const from = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let at = o * n * inner + i;
      let best = a.data[at];
      for (let k = 1; k < n && !Number.isNaN(best); k++) {
        const q = (o * n + k) * inner + i;
        const v = a.data[q];
        if (v > best || Number.isNaN(v)) {
          best = v;
          at = q;
        }
      }
      data[o * inner + i] = best;
      from[o * inner + i] = at;
    }
  const out = result(data, outShape, 'max-axis', [a], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const ga = a.gradBuffer();
      for (let q = 0; q < g.length; q++) ga[from[q]] += g[q];
    };
  }
  return out;
}

function assertNonEmpty(n: number): void {
  if (n === 0) throw new Error(`max-axis: the axis is empty (size 0): there is no maximum`);
}
