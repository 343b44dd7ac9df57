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
  for (let r = 0; r < n; r++) forwardRow(xd, r * inputs, wd, bd, data, r * units, units, inputs);
  const out = result(data, [n, units], 'linear', [x, w, b], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.requiresGrad ? x.gradBuffer() : null;
      const gw = w.requiresGrad ? w.gradBuffer() : null;
      const gb = b.requiresGrad ? b.gradBuffer() : null;
      if (gb) for (let r = 0; r < n; r++) for (let j = 0; j < units; j++) gb[j] += g[r * units + j];
      if (gw) backwardW(g, xd, gw, n, units, inputs);
      if (gx) for (let r = 0; r < n; r++) backwardRowX(g, r * units, wd, gx, r * inputs, units, inputs);
    };
  }
  return out;
}

/**
 * One example's z[j] = b[j] + Σᵢ W[j][i]·x[i], four units at a time: four sums run side by side (the
 * processor overlaps their additions), but each unit's additions are still b first and then i = 0, 1, …
 * in order, so every number is the one the plain loop gives.
 */
function forwardRow(
  xd: Float64Array,
  xo: number,
  wd: Float64Array,
  bd: Float64Array,
  out: Float64Array,
  oo: number,
  units: number,
  inputs: number,
): void {
  let j = 0;
  for (; j + 4 <= units; j += 4) {
    const w0 = j * inputs;
    const w1 = w0 + inputs;
    const w2 = w1 + inputs;
    const w3 = w2 + inputs;
    let s0 = bd[j];
    let s1 = bd[j + 1];
    let s2 = bd[j + 2];
    let s3 = bd[j + 3];
    for (let i = 0; i < inputs; i++) {
      const xi = xd[xo + i];
      s0 += wd[w0 + i] * xi;
      s1 += wd[w1 + i] * xi;
      s2 += wd[w2 + i] * xi;
      s3 += wd[w3 + i] * xi;
    }
    out[oo + j] = s0;
    out[oo + j + 1] = s1;
    out[oo + j + 2] = s2;
    out[oo + j + 3] = s3;
  }
  for (; j < units; j++) {
    const wo = j * inputs;
    let s = bd[j];
    for (let i = 0; i < inputs; i++) s += wd[wo + i] * xd[xo + i];
    out[oo + j] = s;
  }
}

/**
 * One example's ∂L/∂x[i] += Σⱼ ∂L/∂z[j]·W[j][i], four units per pass over i: the four products are added
 * one after the other in the order j, j+1, j+2, j+3, as four separate passes would add them, so the
 * numbers are the same with a quarter of the loads and stores of ∂L/∂x. A unit whose gradient is 0 adds
 * nothing (0·W is ±0), as the plain loop that skipped it.
 */
function backwardRowX(
  g: Float64Array,
  go: number,
  wd: Float64Array,
  gx: Float64Array,
  xo: number,
  units: number,
  inputs: number,
): void {
  let j = 0;
  for (; j + 4 <= units; j += 4) {
    const g0 = g[go + j];
    const g1 = g[go + j + 1];
    const g2 = g[go + j + 2];
    const g3 = g[go + j + 3];
    if (g0 === 0 || g1 === 0 || g2 === 0 || g3 === 0) {
      // Keep the plain loop's skip exactly (a zero gradient with an infinite weight adds nothing).
      for (let q = 0; q < 4; q++) {
        const gz = g[go + j + q];
        if (gz === 0) continue;
        const wo = (j + q) * inputs;
        for (let i = 0; i < inputs; i++) gx[xo + i] += gz * wd[wo + i];
      }
      continue;
    }
    const w0 = j * inputs;
    const w1 = w0 + inputs;
    const w2 = w1 + inputs;
    const w3 = w2 + inputs;
    for (let i = 0; i < inputs; i++) {
      let t = gx[xo + i];
      t += g0 * wd[w0 + i];
      t += g1 * wd[w1 + i];
      t += g2 * wd[w2 + i];
      t += g3 * wd[w3 + i];
      gx[xo + i] = t;
    }
  }
  for (; j < units; j++) {
    const gz = g[go + j];
    if (gz === 0) continue;
    const wo = j * inputs;
    for (let i = 0; i < inputs; i++) gx[xo + i] += gz * wd[wo + i];
  }
}

/**
 * ∂L/∂W[j][i] += Σₙ ∂L/∂z[n][j]·x[n][i], four examples per pass over a row of W: each value still adds
 * the examples' products in the order n, n+1, n+2, n+3 (the plain loop's order), with a quarter of the
 * loads and stores of ∂L/∂W. A zero gradient adds nothing, as the plain loop that skipped it.
 */
function backwardW(
  g: Float64Array,
  xd: Float64Array,
  gw: Float64Array,
  n: number,
  units: number,
  inputs: number,
): void {
  for (let j = 0; j < units; j++) {
    const wo = j * inputs;
    let r = 0;
    for (; r + 4 <= n; r += 4) {
      const g0 = g[r * units + j];
      const g1 = g[(r + 1) * units + j];
      const g2 = g[(r + 2) * units + j];
      const g3 = g[(r + 3) * units + j];
      if (g0 === 0 || g1 === 0 || g2 === 0 || g3 === 0) {
        for (let q = 0; q < 4; q++) {
          const gz = g[(r + q) * units + j];
          if (gz === 0) continue;
          const xo = (r + q) * inputs;
          for (let i = 0; i < inputs; i++) gw[wo + i] += gz * xd[xo + i];
        }
        continue;
      }
      const x0 = r * inputs;
      const x1 = x0 + inputs;
      const x2 = x1 + inputs;
      const x3 = x2 + inputs;
      for (let i = 0; i < inputs; i++) {
        let t = gw[wo + i];
        t += g0 * xd[x0 + i];
        t += g1 * xd[x1 + i];
        t += g2 * xd[x2 + i];
        t += g3 * xd[x3 + i];
        gw[wo + i] = t;
      }
    }
    for (; r < n; r++) {
      const gz = g[r * units + j];
      if (gz === 0) continue;
      const xo = r * inputs;
      for (let i = 0; i < inputs; i++) gw[wo + i] += gz * xd[xo + i];
    }
  }
}
