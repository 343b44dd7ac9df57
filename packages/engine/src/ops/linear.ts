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
  const bd = b.data;
  const data = new Float64Array(n * units);
  // Offsets hoisted out of the inner loop; the order of the additions is the formula's (b first, then
  // each W·x in turn), so every number is the same as the plain loop's.
  for (let r = 0; r < n; r++) {
    const xo = r * inputs;
    for (let j = 0; j < units; j++) {
      const wo = j * inputs;
      let s = bd[j];
      for (let i = 0; i < inputs; i++) s += wd[wo + i] * xd[xo + i];
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
        const xo = r * inputs;
        for (let j = 0; j < units; j++) {
          const gz = g[r * units + j];
          if (gz === 0) continue;
          if (gb) gb[j] += gz;
          const wo = j * inputs;
          // Two loops instead of one with two branches inside: the same additions in the same order.
          if (gw) for (let i = 0; i < inputs; i++) gw[wo + i] += gz * xd[xo + i];
          if (gx) for (let i = 0; i < inputs; i++) gx[xo + i] += gz * wd[wo + i];
        }
      }
    };
  }
  return out;
}
