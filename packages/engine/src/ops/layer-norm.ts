import { type Tensor, assertShape, shapeStr } from '../tensor';
import { result, type OpInfo } from './op';

export const layerNormInfo: OpInfo = {
  name: 'layer-norm',
  forward:
    'μ = (1/C) Σᵢ xᵢ,  σ² = (1/C) Σᵢ (xᵢ − μ)²,  r = 1/√(σ² + ε),  x̂ᵢ = (xᵢ − μ)·r,  outᵢ = wᵢ·x̂ᵢ + bᵢ  (over the last axis)',
  backward:
    'd̂ᵢ = wᵢ·∂L/∂outᵢ,  ∂L/∂xᵢ = r·(d̂ᵢ − mean(d̂) − x̂ᵢ·mean(d̂·x̂)),  ∂L/∂wᵢ = Σ ∂L/∂outᵢ·x̂ᵢ,  ∂L/∂bᵢ = Σ ∂L/∂outᵢ',
  kind: 'fused',
};

export interface LayerNormResult {
  out: Tensor;
  /** μ of each row. */
  mean: Float64Array;
  /** r = 1/√(σ² + ε) of each row (the variance is the biased one, divided by C, as PyTorch's). */
  rstd: Float64Array;
}

/**
 * Layer normalisation over the last axis, as torch.nn.LayerNorm: each row is shifted to mean 0 and
 * scaled to variance 1, then multiplied by w and shifted by b (both of the row's width). Fused because
 * its backward in three terms (the gradient, minus its mean, minus its projection on x̂, as llm.c's
 * layernorm.md derives it) is the formula the lesson writes; tested against finite differences.
 */
export function layerNorm(x: Tensor, w: Tensor, b: Tensor, eps = 1e-5, label = ''): LayerNormResult {
  assertShape(x.shape.length >= 1, 'layer-norm', `argument 'x' needs an axis, got ${shapeStr(x.shape)}`);
  const c = x.shape[x.shape.length - 1];
  assertShape(
    w.shape.length === 1 && w.shape[0] === c && b.shape.length === 1 && b.shape[0] === c,
    'layer-norm',
    `weight and bias must have shape [${c}], got ${shapeStr(w.shape)} and ${shapeStr(b.shape)}`,
  );
  const rows = c === 0 ? 0 : x.size / c;
  const xd = x.data;
  const data = new Float64Array(x.size);
  const norm = new Float64Array(x.size);
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * c;
    let s = 0;
    for (let i = 0; i < c; i++) s += xd[o + i];
    const m = s / c;
    let v = 0;
    for (let i = 0; i < c; i++) {
      const d = xd[o + i] - m;
      v += d * d;
    }
    const rs = 1 / Math.sqrt(v / c + eps);
    mean[r] = m;
    rstd[r] = rs;
    for (let i = 0; i < c; i++) {
      const n = (xd[o + i] - m) * rs;
      norm[o + i] = n;
      data[o + i] = n * w.data[i] + b.data[i];
    }
  }
  const out = result(data, x.shape, 'layer-norm', [x, w, b], label);
  if (out.requiresGrad) {
    out.backwardFn = () => {
      const g = out.grad!;
      const gx = x.requiresGrad ? x.gradBuffer() : null;
      const gw = w.requiresGrad ? w.gradBuffer() : null;
      const gb = b.requiresGrad ? b.gradBuffer() : null;
      for (let r = 0; r < rows; r++) {
        const o = r * c;
        let meanD = 0;
        let meanDN = 0;
        for (let i = 0; i < c; i++) {
          const d = w.data[i] * g[o + i];
          meanD += d;
          meanDN += d * norm[o + i];
          if (gw) gw[i] += g[o + i] * norm[o + i];
          if (gb) gb[i] += g[o + i];
        }
        meanD /= c;
        meanDN /= c;
        if (gx)
          for (let i = 0; i < c; i++)
            gx[o + i] += rstd[r] * (w.data[i] * g[o + i] - meanD - norm[o + i] * meanDN);
      }
    };
  }
  return { out, mean, rstd };
}
