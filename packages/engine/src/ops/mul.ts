import type { Tensor } from '../tensor';
import { binary, type OpInfo } from './op';

export const mulInfo: OpInfo = {
  name: 'mul',
  forward: 'c = a · b',
  backward: '∂L/∂a = ∂L/∂c · b,  ∂L/∂b = ∂L/∂c · a',
  kind: 'primitive',
};

export function mul(a: Tensor, b: Tensor, label = ''): Tensor {
  return binary(
    'mul',
    a,
    b,
    (x, y) => x * y,
    (_x, y) => y,
    (x) => x,
    label,
  );
}
