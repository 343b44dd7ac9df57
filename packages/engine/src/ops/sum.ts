import type { Tensor } from '../tensor';
import { result, type OpInfo } from './op';

export const sumInfo: OpInfo = {
  name: 'sum',
  forward: 'c = Σᵢ aᵢ',
  backward: '∂L/∂aᵢ = ∂L/∂c',
  kind: 'primitive',
};

/** Sum of every value, a scalar. */
export function sum(a: Tensor, label = ''): Tensor {
  let s = 0;
  for (let k = 0; k < a.size; k++) s += a.data[k];
  const out = result(Float64Array.of(s), [], 'sum', [a], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad![0];
      const ga = a.gradBuffer();
      for (let k = 0; k < a.size; k++) ga[k] += g;
    };
  }
  return out;
}
