import { type Tensor, assertShape, shapeStr } from '../tensor';
import { matmulInto } from './matmul';
import { result, type OpInfo } from './op';

export const bmmInfo: OpInfo = {
  name: 'bmm',
  forward: 'C[b][i][j] = Σₖ A[b][i][k] · B[b][k][j]  (a side without the batch axis is the same for every b)',
  backward:
    '∂L/∂A[b] = ∂L/∂C[b] · B[b]ᵀ,  ∂L/∂B[b] = A[b]ᵀ · ∂L/∂C[b]  (summed over b for a side without the batch axis)',
  kind: 'primitive',
};

/**
 * Batched matrix product: A (B, n, k) · B (B, k, m) → C (B, n, m), one matmul per batch entry b. One
 * side may be a plain matrix (n, k) or (k, m): it is used for every b (broadcast), and its gradient is
 * the sum of every b's share — as x·Wᵀ shares W across the examples of a batch.
 */
export function bmm(a: Tensor, b: Tensor, label = ''): Tensor {
  const ra = a.shape.length;
  const rb = b.shape.length;
  assertShape(
    ra === 2 || ra === 3,
    'bmm',
    `argument 'a' must be (B, n, k) or (n, k), got ${shapeStr(a.shape)}`,
  );
  assertShape(
    rb === 2 || rb === 3,
    'bmm',
    `argument 'b' must be (B, k, m) or (k, m), got ${shapeStr(b.shape)}`,
  );
  assertShape(
    ra === 3 || rb === 3,
    'bmm',
    `one argument must have the batch axis; for two matrices use matmul`,
  );
  const batch = ra === 3 ? a.shape[0] : b.shape[0];
  assertShape(
    ra === 2 || rb === 2 || a.shape[0] === b.shape[0],
    'bmm',
    `batch sizes differ: a is ${shapeStr(a.shape)}, b is ${shapeStr(b.shape)}`,
  );
  const [n, k] = a.shape.slice(ra - 2);
  const [k2, m] = b.shape.slice(rb - 2);
  assertShape(k === k2, 'bmm', `inner sizes differ: a is ${shapeStr(a.shape)}, b is ${shapeStr(b.shape)}`);
  // Offsets of batch entry t in each buffer (0 for a side shared by every entry).
  const aStep = ra === 3 ? n * k : 0;
  const bStep = rb === 3 ? k * m : 0;
  const data = new Float64Array(batch * n * m);
  for (let t = 0; t < batch; t++) {
    matmulInto(
      a.data.subarray(t * aStep, t * aStep + n * k),
      b.data.subarray(t * bStep, t * bStep + k * m),
      data.subarray(t * n * m, (t + 1) * n * m),
      n,
      k,
      m,
    );
  }
  const out = result(data, [batch, n, m], 'bmm', [a, b], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!; // (B, n, m)
      const ga = a.requiresGrad ? a.gradBuffer() : null;
      const gb = b.requiresGrad ? b.gradBuffer() : null;
      for (let t = 0; t < batch; t++) {
        const go = t * n * m;
        const ao = t * aStep;
        const bo = t * bStep;
        for (let i = 0; i < n; i++)
          for (let p = 0; p < k; p++) {
            // ∂L/∂A[i][p] += Σⱼ g[i][j] · B[p][j];  ∂L/∂B[p][j] += A[i][p] · g[i][j]
            const aip = a.data[ao + i * k + p];
            let s = 0;
            for (let j = 0; j < m; j++) {
              const gij = g[go + i * m + j];
              s += gij * b.data[bo + p * m + j];
              if (gb) gb[bo + p * m + j] += aip * gij;
            }
            if (ga) ga[ao + i * k + p] += s;
          }
      }
    };
  }
  return out;
}
