import { assertShape, shapeStr, type Tensor } from '../tensor';
import { result, type OpInfo } from './op';
import { softmaxRow } from './softmax';
import { exp, log } from '../nn/libm';

export const crossEntropyInfo: OpInfo = {
  name: 'cross-entropy',
  forward: 'L = (1/N) Σₙ −ln pₙ[tₙ],  pₙ[v] = exp(zₙ[v] − mₙ) / Σᵤ exp(zₙ[u] − mₙ),  mₙ = maxᵤ zₙ[u]',
  backward: '∂L/∂zₙ[v] = (pₙ[v] − [v = tₙ]) / N   (softmax minus the one-hot of the target)',
  kind: 'fused',
};

/** Softmax of each row of logits [N][V], row by row with the softmax op's own stable kernel. */
export function softmaxRows(z: Float64Array, n: number, v: number): Float64Array {
  const p = new Float64Array(n * v);
  for (let r = 0; r < n; r++) softmaxRow(z, p, r * v, v);
  return p;
}

/** −ln softmax(z)[t] of one row, computed as ln Σ exp(z − m) − (z[t] − m): no ln of a rounded 0. */
export function rowNll(z: Float64Array, o: number, v: number, t: number): number {
  let m = -Infinity;
  for (let j = 0; j < v; j++) if (z[o + j] > m) m = z[o + j];
  let s = 0;
  for (let j = 0; j < v; j++) s += exp(z[o + j] - m);
  return log(s) - (z[o + t] - m);
}

/**
 * The mean over the batch of −ln softmax(logits)[target]: log-softmax and the negative log-likelihood
 * in one op, so that the backward is the short p − onehot instead of a chain through exp, sum, div and
 * log (and so that a probability rounded to 0 never meets ln). `probs` keeps p for the explanation.
 */
export function crossEntropy(
  logits: Tensor,
  targets: Int32Array,
  label = '',
): { loss: Tensor; probs: Float64Array } {
  assertShape(
    logits.shape.length === 2,
    'cross-entropy',
    `argument 'logits' must be (examples, vocab), got ${shapeStr(logits.shape)}`,
  );
  const [n, v] = logits.shape;
  assertShape(targets.length === n, 'cross-entropy', `expected ${n} targets, got ${targets.length}`);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const t = targets[r];
    assertShape(Number.isInteger(t) && t >= 0 && t < v, 'cross-entropy', `target ${t} is outside 0…${v - 1}`);
    total += rowNll(logits.data, r * v, v, t);
  }
  const probs = softmaxRows(logits.data, n, v);
  const loss = result(Float64Array.of(total / n), [], 'cross-entropy', [logits], label);
  if (loss.requiresGrad) {
    loss.backwardFn = () => {
      const g = loss.grad![0] / n;
      const gz = logits.gradBuffer();
      for (let r = 0; r < n; r++) {
        const o = r * v;
        for (let j = 0; j < v; j++) gz[o + j] += g * probs[o + j];
        gz[o + targets[r]] -= g;
      }
    };
  }
  return { loss, probs };
}
