import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const matmulInfo: OpInfo = {
  name: 'matmul',
  forward: 'C[i][j] = Σₖ A[i][k] · B[k][j]',
  backward: '∂L/∂A = ∂L/∂C · Bᵀ,  ∂L/∂B = Aᵀ · ∂L/∂C',
  kind: 'primitive',
};

/** Plain product of two matrices A (n, k) and B (k, m) into C (n, m), in i-k-j order (row-friendly). */
export function matmulInto(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  n: number,
  k: number,
  m: number,
): void {
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const bp = p * m;
      for (let j = 0; j < m; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

export function matmul(a: Tensor, b: Tensor, label = ''): Tensor {
  assertShape(
    a.shape.length === 2,
    'matmul',
    `argument 'a' must be a matrix, got shape ${shapeStr(a.shape)}`,
  );
  assertShape(
    b.shape.length === 2,
    'matmul',
    `argument 'b' must be a matrix, got shape ${shapeStr(b.shape)}`,
  );
  const [n, k] = a.shape;
  const [k2, m] = b.shape;
  assertShape(k === k2, 'matmul', `inner sizes differ: a is ${shapeStr(a.shape)}, b is ${shapeStr(b.shape)}`);
  const data = new Float64Array(n * m);
  matmulInto(a.data, b.data, data, n, k, m);
  const out = result(data, [n, m], 'matmul', [a, b], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!; // (n, m)
      if (a.requiresGrad) {
        const ga = a.gradBuffer(); // (n, k) += g (n, m) · Bᵀ (m, k)
        for (let i = 0; i < n; i++)
          for (let p = 0; p < k; p++) {
            let s = 0;
            for (let j = 0; j < m; j++) s += g[i * m + j] * b.data[p * m + j];
            ga[i * k + p] += s;
          }
      }
      if (b.requiresGrad) {
        const gb = b.gradBuffer(); // (k, m) += Aᵀ (k, n) · g (n, m)
        for (let i = 0; i < n; i++)
          for (let p = 0; p < k; p++) {
            const aip = a.data[i * k + p];
            if (aip === 0) continue;
            for (let j = 0; j < m; j++) gb[p * m + j] += aip * g[i * m + j];
          }
      }
    };
  }
  return out;
}
