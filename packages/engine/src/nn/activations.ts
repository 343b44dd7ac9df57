import type { Activation } from '../experiment';
import { relu } from '../ops/relu';
import { sigmoid } from '../ops/sigmoid';
import { tanh } from '../ops/tanh';
import type { Tensor } from '../tensor';
import { activationTable } from './activation-table';

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

/** The activation's derivative ∂a/∂z for one number, from its table (renderers that show the arithmetic). */
export function activationDerivative(name: Activation, z: number, a: number): number {
  return activationTable[name].derivative(z, a);
}
