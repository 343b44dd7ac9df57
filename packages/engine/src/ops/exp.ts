import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';
import { exp as libmExp } from '../nn/libm';

export const expInfo: OpInfo = {
  name: 'exp',
  forward: 'c = eᵃ',
  backward: '∂L/∂a = ∂L/∂c · eᵃ',
  kind: 'primitive',
};

export function exp(a: Tensor, label = ''): Tensor {
  return unary('exp', a, libmExp, (_v, out) => out, label);
}
