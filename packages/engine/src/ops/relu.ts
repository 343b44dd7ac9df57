import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

export const reluInfo: OpInfo = {
  name: 'relu',
  forward: 'a = max(0, z)',
  backward: '∂L/∂z = ∂L/∂a · (1 if z > 0, else 0)',
  kind: 'primitive',
};

export function relu(z: Tensor, label = ''): Tensor {
  // NOTE: at exactly z = 0 the derivative is undefined; we take 0, as PyTorch does.
  return unary(
    'relu',
    z,
    (v) => (v > 0 ? v : 0),
    (v) => (v > 0 ? 1 : 0),
    label,
  );
}
