import { activationTable } from '../nn/activation-table';
import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

const rule = activationTable.relu;

export const reluInfo: OpInfo = {
  name: 'relu',
  forward: `a = ${rule.text}`,
  backward: `∂L/∂z = ∂L/∂a · (${rule.derivativeText})`,
  kind: 'primitive',
};

export function relu(z: Tensor, label = ''): Tensor {
  return unary('relu', z, rule.forward, rule.derivative, label);
}
