import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const linearInfo: OpInfo = {
  name: 'linear',
  forward: 'z[n][j] = Σᵢ W[j][i] · x[n][i] + b[j]',
  backward:
    '∂L/∂W[j][i] = Σₙ ∂L/∂z[n][j] · x[n][i],  ∂L/∂b[j] = Σₙ ∂L/∂z[n][j],  ∂L/∂x[n][i] = Σⱼ ∂L/∂z[n][j] · W[j][i]',
  kind: 'fused',
};

/**
 * The weighted sum of a dense layer, z = x·Wᵀ + b, for a batch x of shape (N, inputs), W of shape
 * (units, inputs) and b of shape (units). Fused because "W·x + B" is the formula the lesson writes;
 * tested against the composite add(matmul(x, transpose(W)), b).
 */
export function linear(x: Tensor, w: Tensor, b: Tensor, label = ''): Tensor {
  assertShape(
    x.shape.length === 2,
    'linear',
    `argument 'x' must be (examples, inputs), got ${shapeStr(x.shape)}`,
  );
  assertShape(
    w.shape.length === 2,
    'linear',
    `argument 'W' must be (units, inputs), got ${shapeStr(w.shape)}`,
  );
  const [n, inputs] = x.shape;
  const [units, inputsW] = w.shape;
  assertShape(inputs === inputsW, 'linear', `x has ${inputs} inputs per example but W expects ${inputsW}`);
  assertShape(
    b.shape.length === 1 && b.shape[0] === units,
    'linear',
    `argument 'b' must have shape [${units}], got ${shapeStr(b.shape)}`,
  );
  const xd = x.data;
  const wd = w.data;
  const data = new Float64Array(n * units);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < units; j++) {
      let s = b.data[j];
      for (let i = 0; i < inputs; i++) s += wd[j * inputs + i] * xd[r * inputs + i];
      data[r * units + j] = s;
    }
  }
  const out = result(data, [n, units], 'linear', [x, w, b], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.requiresGrad ? x.gradBuffer() : null;
      const gw = w.requiresGrad ? w.gradBuffer() : null;
      const gb = b.requiresGrad ? b.gradBuffer() : null;
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < units; j++) {
          const gz = g[r * units + j];
          if (gz === 0) continue;
          if (gb) gb[j] += gz;
          for (let i = 0; i < inputs; i++) {
            if (gw) gw[j * inputs + i] += gz * xd[r * inputs + i];
            if (gx) gx[r * inputs + i] += gz * wd[j * inputs + i];
          }
        }
      }
    };
  }
  return out;
}
