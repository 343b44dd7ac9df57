import { add } from '../ops/add';
import { mean } from '../ops/mean';
import { scale } from '../ops/scale';
import { square } from '../ops/square';
import { sub } from '../ops/sub';
import { sum } from '../ops/sum';
import type { Tensor } from '../tensor';

/**
 * Mean squared error, the seed's convention: L = mean over examples and outputs of (ŷ − y)², no ½.
 * Built from primitives so that each factor of the chain rule is a node: err, sq, mse.
 */
export function mse(yhat: Tensor, y: Tensor): { err: Tensor; sq: Tensor; mse: Tensor } {
  const err = sub(yhat, y, 'err');
  const sq = square(err, 'sq');
  return { err, sq, mse: mean(sq, 'mse') };
}

/** L2 penalty λ·Σ W² over the weights only (biases are not penalised). */
export function l2Penalty(weights: Tensor[], lambda: number): Tensor {
  let total: Tensor | null = null;
  for (const w of weights) {
    const s = sum(square(w, `${w.label}²`), `Σ${w.label}²`);
    total = total ? add(total, s, 'ΣW²') : s;
  }
  return scale(total!, lambda, 'l2');
}
