import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

export const sigmoidInfo: OpInfo = {
  name: 'sigmoid',
  forward: 'a = σ(z) = 1 / (1 + e^(−z))',
  backward: '∂L/∂z = ∂L/∂a · a·(1 − a)',
  kind: 'primitive',
};

/** σ(z), computed so that large |z| neither overflows nor loses precision. */
export function sigmoidValue(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function sigmoid(z: Tensor, label = ''): Tensor {
  return unary('sigmoid', z, sigmoidValue, (_v, a) => a * (1 - a), label);
}
