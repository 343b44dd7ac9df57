import { activationTable } from '../nn/activation-table';
import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

const rule = activationTable.tanh;

export const tanhInfo: OpInfo = {
  name: 'tanh',
  forward: `a = ${rule.text}`,
  backward: `∂L/∂z = ∂L/∂a · (${rule.derivativeText})`,
  kind: 'primitive',
};

export function tanh(z: Tensor, label = ''): Tensor {
  return unary('tanh', z, rule.forward, rule.derivative, label);
}
