import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

export const tanhInfo: OpInfo = {
  name: 'tanh',
  forward: 'a = tanh(z)',
  backward: '∂L/∂z = ∂L/∂a · (1 − a²)',
  kind: 'primitive',
};

export function tanh(z: Tensor, label = ''): Tensor {
  // The derivative is written with the OUTPUT a = tanh(z): 1 − a², the form a person computes by hand.
  return unary('tanh', z, Math.tanh, (_v, a) => 1 - a * a, label);
}
