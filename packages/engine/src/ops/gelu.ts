import type { Tensor } from '../tensor';
import { geluDerivative, geluValue } from '../nn/erf';
import { type OpInfo, unary } from './op';

export const geluInfo: OpInfo = {
  name: 'gelu',
  forward: 'gelu(x) = x · Φ(x),  Φ(x) = ½ · (1 + erf(x / √2))',
  backward: '∂L/∂x = ∂L/∂out · (Φ(x) + x · φ(x)),  φ(x) = e^(−x²/2) / √(2π)',
  kind: 'primitive',
};

/**
 * The GELU of a transformer's MLP, exactly as PyTorch's default nn.GELU() (with erf, not the tanh
 * approximation): each value is multiplied by the probability that a standard normal is below it, so
 * large positive values pass, large negative ones become 0, and the bend is smooth.
 */
export function gelu(x: Tensor, label = ''): Tensor {
  return unary('gelu', x, geluValue, (v) => geluDerivative(v), label);
}
