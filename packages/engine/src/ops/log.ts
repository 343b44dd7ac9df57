import type { Tensor } from '../tensor';
import { unary, type OpInfo } from './op';
import { log as libmLog } from '../nn/libm';

export const logInfo: OpInfo = {
  name: 'log',
  forward: 'c = ln a',
  backward: '∂L/∂a = ∂L/∂c / a',
  kind: 'primitive',
};

export function log(a: Tensor, label = ''): Tensor {
  return unary('log', a, libmLog, (v) => 1 / v, label);
}
