import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';
import { exp, log } from '../nn/libm';

export const logSoftmaxInfo: OpInfo = {
  name: 'log-softmax',
  forward: 'cᵢ = xᵢ − m − ln Σⱼ e^(xⱼ − m)  over the last axis, m = maxⱼ xⱼ',
  backward: '∂L/∂xᵢ = ∂L/∂cᵢ − pᵢ · Σⱼ ∂L/∂cⱼ,  pᵢ = e^(cᵢ)',
  kind: 'primitive',
};

/**
 * ln softmax(x) over the last axis, computed as x − m − ln Σ e^(x − m) with m the row's maximum: never
 * ln of an underflowed 0 (ln softmax of [0, −1000] is [0, −1000], not [0, −∞]) and no overflow.
 */
export function logSoftmax(x: Tensor, label = ''): Tensor {
  assertShape(
    x.shape.length >= 1,
    'log-softmax',
    `argument 'x' needs an axis to normalise, got shape ${shapeStr(x.shape)}`,
  );
  const n = x.shape[x.shape.length - 1];
  const rows = n === 0 ? 0 : x.size / n;
  const data = new Float64Array(x.size);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let m = -Infinity;
    for (let j = 0; j < n; j++) if (x.data[o + j] > m) m = x.data[o + j];
    let s = 0;
    for (let j = 0; j < n; j++) s += exp(x.data[o + j] - m);
    const lse = log(s);
    for (let j = 0; j < n; j++) data[o + j] = x.data[o + j] - m - lse;
  }
  const out = result(data, x.shape, 'log-softmax', [x], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.gradBuffer();
      for (let r = 0; r < rows; r++) {
        const o = r * n;
        let total = 0;
        for (let j = 0; j < n; j++) total += g[o + j];
        for (let i = 0; i < n; i++) gx[o + i] += g[o + i] - exp(data[o + i]) * total;
      }
    };
  }
  return out;
}
