import type { Tensor } from '../tensor';
import { result, type OpInfo } from './op';

export const meanInfo: OpInfo = {
  name: 'mean',
  forward: 'c = (1/n) Σᵢ aᵢ',
  backward: '∂L/∂aᵢ = ∂L/∂c · 1/n',
  kind: 'primitive',
};

/** Mean of every value, a scalar. */
export function mean(a: Tensor, label = ''): Tensor {
  const n = a.size;
  let s = 0;
  for (let k = 0; k < n; k++) s += a.data[k];
  const out = result(Float64Array.of(s / n), [], 'mean', [a], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad![0] / n;
      const ga = a.gradBuffer();
      for (let k = 0; k < n; k++) ga[k] += g;
    };
  }
  return out;
}
