import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const embeddingInfo: OpInfo = {
  name: 'embedding',
  forward: 'x[n][c·D + d] = E[t[n][c]][d]   (the row of each context token, side by side)',
  backward:
    '∂L/∂E[v][d] = Σ over (n, c) with t[n][c] = v of ∂L/∂x[n][c·D + d]   (a row used twice gets both)',
  kind: 'fused',
};

/**
 * Looks up each token's row of the table E [V][D] and lays the rows of one example's context side by
 * side: tokens (n × context, row-major) → x of shape [n, context·D]. Fused (a gather and a concatenation)
 * because "take row t of E" is the step the lesson writes.
 *
 * The backward ADDS into the looked-up rows: a character that appears twice in the batch (or twice in
 * one context) receives the sum of both gradients, as PyTorch's embedding does.
 */
export function embedding(e: Tensor, tokens: Int32Array, n: number, context: number, label = ''): Tensor {
  assertShape(
    e.shape.length === 2,
    'embedding',
    `argument 'E' must be (vocab, dim), got ${shapeStr(e.shape)}`,
  );
  assertShape(
    tokens.length === n * context,
    'embedding',
    `expected ${n}×${context} tokens, got ${tokens.length}`,
  );
  const [v, d] = e.shape;
  const width = context * d;
  const data = new Float64Array(n * width);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    assertShape(Number.isInteger(t) && t >= 0 && t < v, 'embedding', `token ${t} is outside 0…${v - 1}`);
    data.set(e.data.subarray(t * d, t * d + d), k * d);
  }
  const out = result(data, [n, width], 'embedding', [e], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const ge = e.gradBuffer();
      for (let k = 0; k < tokens.length; k++) {
        const row = tokens[k] * d;
        for (let j = 0; j < d; j++) ge[row + j] += g[k * d + j];
      }
    };
  }
  return out;
}

/** For tests and explanations: the same numbers as a plain tensor (no graph). */
export function embeddingValues(e: Tensor, tokens: readonly number[]): number[][] {
  const d = e.shape[1];
  return tokens.map((t) => Array.from(e.data.subarray(t * d, t * d + d)));
}
