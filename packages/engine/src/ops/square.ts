import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

export const squareInfo: OpInfo = {
  name: 'square',
  forward: 'c = a²',
  backward: '∂L/∂a = ∂L/∂c · 2a',
  kind: 'primitive',
};

export function square(a: Tensor, label = ''): Tensor {
  return unary(
    'square',
    a,
    (v) => v * v,
    (v) => 2 * v,
    label,
  );
}
