/**
 * A GPT's forward pass in plain JavaScript, written here from nanoGPT's model.py and PyTorch's
 * definitions (LayerNorm with the biased variance and eps 1e-5, GELU with erf, causal softmax
 * attention), reading the parameters by their state_dict names. It shares no code with the engine:
 * the browser tests hold the lab's numbers to it.
 */

type M = number[][];
export type Params = Record<string, unknown>;

/** erf by its everywhere-convergent series 2x/√π·e^(−x²)·Σ (2x²)ⁿ/(1·3·…·(2n+1)) (positive terms: no cancellation). */
export function erf(x: number): number {
  if (Math.abs(x) >= 6) return Math.sign(x);
  const x2 = x * x;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 400 && term > 1e-17 * sum; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return ((2 * x) / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

const gelu = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));

/** y = x·Wᵀ + b for each row, W as PyTorch's [out][in]. */
function linear(x: M, W: M, b: number[]): M {
  return x.map((row) => W.map((w, o) => row.reduce((t, v, i) => t + v * w[i], b[o])));
}

function layerNorm(x: M, w: number[], b: number[]): M {
  return x.map((row) => {
    const n = row.length;
    const mean = row.reduce((t, v) => t + v, 0) / n;
    const variance = row.reduce((t, v) => t + (v - mean) ** 2, 0) / n;
    const r = 1 / Math.sqrt(variance + 1e-5);
    return row.map((v, i) => (v - mean) * r * w[i] + b[i]);
  });
}

export function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export interface HeadNumbers {
  q: M;
  k: M;
  /** q·kᵀ/√d before the mask, [T][T]. */
  scores: M;
  /** The masked softmax, [T][T] (0 above the diagonal). */
  weights: M;
}

export interface Reference {
  /** [layer][head] */
  heads: HeadNumbers[][];
  /** Logits of the last position. */
  logits: number[];
  probs: number[];
}

export function referenceForward(p: Params, tokens: number[], layers: number, H: number): Reference {
  const get = (name: string): M => p[name] as M;
  const vec = (name: string): number[] => p[name] as number[];
  const wte = get('transformer.wte.weight');
  const wpe = get('transformer.wpe.weight');
  const T = tokens.length;
  const C = wte[0].length;
  const d = C / H;
  let x: M = tokens.map((t, i) => wte[t].map((v, c) => v + wpe[i][c]));
  const heads: HeadNumbers[][] = [];
  for (let l = 0; l < layers; l++) {
    const pre = `transformer.h.${l}.`;
    const a = layerNorm(x, vec(`${pre}ln_1.weight`), vec(`${pre}ln_1.bias`));
    const qkv = linear(a, get(`${pre}attn.c_attn.weight`), vec(`${pre}attn.c_attn.bias`));
    const merged: M = Array.from({ length: T }, () => new Array<number>(C).fill(0));
    const layerHeads: HeadNumbers[] = [];
    for (let h = 0; h < H; h++) {
      const q = qkv.map((r) => r.slice(h * d, (h + 1) * d));
      const k = qkv.map((r) => r.slice(C + h * d, C + (h + 1) * d));
      const v = qkv.map((r) => r.slice(2 * C + h * d, 2 * C + (h + 1) * d));
      const scores = q.map((qi) =>
        k.map((kj) => qi.reduce((t, val, m) => t + val * kj[m], 0) / Math.sqrt(d)),
      );
      const weights = scores.map((row, i) => {
        const visible = softmax(row.slice(0, i + 1));
        return row.map((_, j) => (j <= i ? visible[j] : 0));
      });
      for (let i = 0; i < T; i++)
        for (let m = 0; m < d; m++)
          merged[i][h * d + m] = weights[i].reduce((t, wij, j) => t + wij * v[j][m], 0);
      layerHeads.push({ q, k, scores, weights });
    }
    heads.push(layerHeads);
    const out = linear(merged, get(`${pre}attn.c_proj.weight`), vec(`${pre}attn.c_proj.bias`));
    x = x.map((row, i) => row.map((val, c) => val + out[i][c]));
    const b = layerNorm(x, vec(`${pre}ln_2.weight`), vec(`${pre}ln_2.bias`));
    const fc = linear(b, get(`${pre}mlp.c_fc.weight`), vec(`${pre}mlp.c_fc.bias`)).map((r) => r.map(gelu));
    const mlp = linear(fc, get(`${pre}mlp.c_proj.weight`), vec(`${pre}mlp.c_proj.bias`));
    x = x.map((row, i) => row.map((val, c) => val + mlp[i][c]));
  }
  const f = layerNorm(x, vec('transformer.ln_f.weight'), vec('transformer.ln_f.bias'));
  const last = f[T - 1];
  // The head is tied to the token embedding: logits = wte · x.
  const logits = wte.map((row) => row.reduce((t, v, c) => t + v * last[c], 0));
  return { heads, logits, probs: softmax(logits) };
}
