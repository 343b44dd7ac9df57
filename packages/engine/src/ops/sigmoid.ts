import { activationTable, sigmoidValue } from '../nn/activation-table';
import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

const rule = activationTable.sigmoid;

export const sigmoidInfo: OpInfo = {
  name: 'sigmoid',
  forward: `a = ${rule.text}`,
  backward: `∂L/∂z = ∂L/∂a · ${rule.derivativeText}`,
  kind: 'primitive',
};

/** σ(z) for one number (kept here too: it was exported from this file first). */
export { sigmoidValue };

export function sigmoid(z: Tensor, label = ''): Tensor {
  return unary('sigmoid', z, rule.forward, rule.derivative, label);
}
