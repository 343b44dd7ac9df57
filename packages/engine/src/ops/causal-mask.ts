import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const causalMaskInfo: OpInfo = {
  name: 'causal-mask',
  forward: 'out[…][i][j] = x[…][i][j] if j ≤ i, −∞ if j > i   (no position sees the future)',
  backward: '∂L/∂x[…][i][j] = ∂L/∂out[…][i][j] if j ≤ i, 0 if j > i',
  kind: 'primitive',
};

/**
 * The causal mask of self-attention: in each T×T matrix of scores, position i may look at positions
 * j ≤ i only. The future's scores become −∞, so the softmax after gives them weight e^(−∞) = 0 exactly,
 * and no gradient flows back into them.
 */
export function causalMask(x: Tensor, label = ''): Tensor {
  const nd = x.shape.length;
  assertShape(
    nd >= 2 && x.shape[nd - 1] === x.shape[nd - 2],
    'causal-mask',
    `argument 'x' must end in a square T×T, got ${shapeStr(x.shape)}`,
  );
  const t = x.shape[nd - 1];
  const stack = t === 0 ? 0 : x.size / (t * t);
  const data = new Float64Array(x.size);
  for (let s = 0; s < stack; s++)
    for (let i = 0; i < t; i++)
      for (let j = 0; j < t; j++) {
        const k = (s * t + i) * t + j;
        data[k] = j > i ? -Infinity : x.data[k];
      }
  const out = result(data, x.shape, 'causal-mask', [x], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.gradBuffer();
      for (let s = 0; s < stack; s++)
        for (let i = 0; i < t; i++)
          for (let j = 0; j <= i; j++) {
            const k = (s * t + i) * t + j;
            gx[k] += g[k];
          }
    };
  }
  return out;
}
