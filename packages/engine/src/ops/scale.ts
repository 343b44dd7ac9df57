import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

export const scaleInfo: OpInfo = {
  name: 'scale',
  forward: 'c = k · a  (k a fixed number)',
  backward: '∂L/∂a = ∂L/∂c · k',
  kind: 'primitive',
};

/** Multiplication by a fixed number that is not part of the graph (1/N of a mean, λ of L2). */
export function scale(a: Tensor, k: number, label = ''): Tensor {
  return unary(
    'scale',
    a,
    (v) => k * v,
    () => k,
    label,
  );
}
