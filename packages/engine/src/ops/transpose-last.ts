import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const transposeLastInfo: OpInfo = {
  name: 'transpose-last',
  forward: 'out[…][j][i] = x[…][i][j]   (the last two axes swapped)',
  backward: '∂L/∂x[…][i][j] = ∂L/∂out[…][j][i]',
  kind: 'primitive',
};

/** Swaps the last two axes of each matrix of a stack: kᵀ for every head at once in q·kᵀ. */
export function transposeLast(x: Tensor, label = ''): Tensor {
  const nd = x.shape.length;
  assertShape(nd >= 2, 'transpose-last', `argument 'x' needs two axes, got ${shapeStr(x.shape)}`);
  const n = x.shape[nd - 2];
  const m = x.shape[nd - 1];
  const stack = n * m === 0 ? 0 : x.size / (n * m);
  const data = new Float64Array(x.size);
  for (let s = 0; s < stack; s++) {
    const o = s * n * m;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) data[o + j * n + i] = x.data[o + i * m + j];
  }
  const shape = [...x.shape.slice(0, nd - 2), m, n];
  const out = result(data, shape, 'transpose-last', [x], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.gradBuffer();
      for (let s = 0; s < stack; s++) {
        const o = s * n * m;
        for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) gx[o + i * m + j] += g[o + j * n + i];
      }
    };
  }
  return out;
}
