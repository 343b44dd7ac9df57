import type { Tensor } from '../tensor';
import { binary, type OpInfo } from './op';

export const subInfo: OpInfo = {
  name: 'sub',
  forward: 'c = a − b',
  backward: '∂L/∂a = ∂L/∂c · 1,  ∂L/∂b = ∂L/∂c · (−1)',
  kind: 'primitive',
};

export function sub(a: Tensor, b: Tensor, label = ''): Tensor {
  return binary(
    'sub',
    a,
    b,
    (x, y) => x - y,
    () => 1,
    () => -1,
    label,
  );
}
