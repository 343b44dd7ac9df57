import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const transposeInfo: OpInfo = {
  name: 'transpose',
  forward: 'C[j][i] = A[i][j]',
  backward: '∂L/∂A = (∂L/∂C)ᵀ',
  kind: 'primitive',
};

export function transpose(a: Tensor, label = ''): Tensor {
  assertShape(
    a.shape.length === 2,
    'transpose',
    `argument 'a' must be a matrix, got shape ${shapeStr(a.shape)}`,
  );
  const [r, c] = a.shape;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[j * r + i] = a.data[i * c + j];
  const out = result(data, [c, r], 'transpose', [a], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const ga = a.gradBuffer();
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) ga[i * c + j] += g[j * r + i];
    };
  }
  return out;
}
