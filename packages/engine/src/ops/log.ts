import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';

export const logInfo: OpInfo = {
  name: 'log',
  forward: 'c = ln a',
  backward: '∂L/∂a = ∂L/∂c / a',
  kind: 'primitive',
};

export function log(a: Tensor, label = ''): Tensor {
  return unary('log', a, Math.log, (v) => 1 / v, label);
}
