import type { Tensor } from '../tensor';
import { binary, type OpInfo } from './op';

export const addInfo: OpInfo = {
  name: 'add',
  forward: 'c = a + b',
  backward: '∂L/∂a = ∂L/∂c · 1,  ∂L/∂b = ∂L/∂c · 1',
  kind: 'primitive',
};

export function add(a: Tensor, b: Tensor, label = ''): Tensor {
  return binary(
    'add',
    a,
    b,
    (x, y) => x + y,
    () => 1,
    () => 1,
    label,
  );
}
