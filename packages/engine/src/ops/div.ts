import type { Tensor } from '../tensor';
import { binary, type OpInfo } from './op';

export const divInfo: OpInfo = {
  name: 'div',
  forward: 'c = a / b',
  backward: '∂L/∂a = ∂L/∂c / b,  ∂L/∂b = −∂L/∂c · a / b²',
  kind: 'primitive',
};

export function div(a: Tensor, b: Tensor, label = ''): Tensor {
  return binary(
    'div',
    a,
    b,
    (x, y) => x / y,
    (_x, y) => 1 / y,
    (x, y) => -x / (y * y),
    label,
  );
}
