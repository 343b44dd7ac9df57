import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

export const expInfo: OpInfo = {
  name: 'exp',
  forward: 'c = eᵃ',
  backward: '∂L/∂a = ∂L/∂c · eᵃ',
  kind: 'primitive',
};

export function exp(a: Tensor, label = ''): Tensor {
  return unary('exp', a, Math.exp, (_v, out) => out, label);
}
