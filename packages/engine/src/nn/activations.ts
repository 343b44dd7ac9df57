import type { Activation } from '../experiment';
import { relu } from '../ops/relu';
import { sigmoid } from '../ops/sigmoid';
import { tanh } from '../ops/tanh';
import type { Tensor } from '../tensor';

/** Applies the named activation; identity returns z itself (no node: a = z). */
export function activate(name: Activation, z: Tensor, label: string): Tensor {
  switch (name) {
    case 'identity':
      return z;
    case 'relu':
      return relu(z, label);
    case 'tanh':
      return tanh(z, label);
    case 'sigmoid':
      return sigmoid(z, label);
  }
}

/** The activation's value and derivative for one number, for renderers that show the arithmetic. */
export function activationDerivative(name: Activation, z: number, a: number): number {
  switch (name) {
    case 'identity':
      return 1;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'tanh':
      return 1 - a * a;
    case 'sigmoid':
      return a * (1 - a);
  }
}
