/**
 * The plain baseline of the GPT benchmark: nanoGPT's forward pass (embeddings, pre-LayerNorm blocks
 * of causal self-attention and a GELU MLP, final LayerNorm, tied head, mean cross-entropy) written out
 * by hand over Float64Arrays, with no graph, no trace, no records, no backward. The bench checks that
 * its loss is the engine's on the same windows and parameters, so both sides do the same arithmetic.
 */
import { erf } from '@unha/engine';

export interface PlainGptShape {
  layers: number;
  heads: number;
  width: number;
  block: number;
}

/** Nested arrays by nanoGPT's state_dict names (what GptTrainer's params() gives). */
export type NamedParams = Record<string, unknown>;

const flat = (v: unknown): Float64Array =>
  Float64Array.from((v as number[]).flat<unknown[], 20>(20) as number[]);

export class PlainGpt {
  private readonly p = new Map<string, Float64Array>();
  readonly V: number;

  constructor(
    params: NamedParams,
    readonly shape: PlainGptShape,
  ) {
    for (const [name, value] of Object.entries(params)) this.p.set(name, flat(value));
    this.V = this.get('transformer.wte.weight').length / shape.width;
  }

  private get(name: string): Float64Array {
    const v = this.p.get(name);
    if (!v) throw new Error(`baseline: no parameter ${name}`);
    return v;
  }

  /** Mean cross-entropy of B windows of T tokens: inputs tokens[s, s+T), targets tokens[s+1, s+T+1). */
  loss(tokens: Int32Array, starts: number[], T: number): number {
    const { layers, heads: H, width: C } = this.shape;
    const B = starts.length;
    const N = B * T;
    const d = C / H;
    const wte = this.get('transformer.wte.weight');
    const wpe = this.get('transformer.wpe.weight');
    let x = new Float64Array(N * C);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) {
        const tok = tokens[starts[b] + t];
        for (let c = 0; c < C; c++) x[(b * T + t) * C + c] = wte[tok * C + c] + wpe[t * C + c];
      }
    const h = new Float64Array(N * C);
    const y = new Float64Array(N * C);
    const qkv = new Float64Array(N * 3 * C);
    const fc = new Float64Array(N * 4 * C);
    const att = new Float64Array(T);
    const scale = 1 / Math.sqrt(d);
    for (let l = 0; l < layers; l++) {
      const at = (s: string) => this.get(`transformer.h.${l}.${s}`);
      layerNorm(x, h, at('ln_1.weight'), at('ln_1.bias'), N, C);
      linear(h, at('attn.c_attn.weight'), at('attn.c_attn.bias'), qkv, N, C, 3 * C);
      for (let b = 0; b < B; b++)
        for (let hd = 0; hd < H; hd++)
          for (let t = 0; t < T; t++) {
            const q = (b * T + t) * 3 * C + hd * d;
            let max = -Infinity;
            for (let s = 0; s <= t; s++) {
              const k = (b * T + s) * 3 * C + C + hd * d;
              let dot = 0;
              for (let i = 0; i < d; i++) dot += qkv[q + i] * qkv[k + i];
              att[s] = dot * scale;
              if (att[s] > max) max = att[s];
            }
            let sum = 0;
            for (let s = 0; s <= t; s++) sum += att[s] = Math.exp(att[s] - max);
            const out = (b * T + t) * C + hd * d;
            for (let i = 0; i < d; i++) y[out + i] = 0;
            for (let s = 0; s <= t; s++) {
              const v = (b * T + s) * 3 * C + 2 * C + hd * d;
              const w = att[s] / sum;
              for (let i = 0; i < d; i++) y[out + i] += w * qkv[v + i];
            }
          }
      linear(y, at('attn.c_proj.weight'), at('attn.c_proj.bias'), h, N, C, C);
      for (let i = 0; i < N * C; i++) x[i] += h[i];
      layerNorm(x, h, at('ln_2.weight'), at('ln_2.bias'), N, C);
      linear(h, at('mlp.c_fc.weight'), at('mlp.c_fc.bias'), fc, N, C, 4 * C);
      for (let i = 0; i < fc.length; i++) fc[i] = 0.5 * fc[i] * (1 + erf(fc[i] / Math.SQRT2));
      linear(fc, at('mlp.c_proj.weight'), at('mlp.c_proj.bias'), h, N, 4 * C, C);
      for (let i = 0; i < N * C; i++) x[i] += h[i];
    }
    layerNorm(x, h, this.get('transformer.ln_f.weight'), this.get('transformer.ln_f.bias'), N, C);
    x = h;
    // Tied head: logits = x · wteᵀ, then the stable log-softmax of each row at its target.
    const V = this.V;
    const logits = new Float64Array(V);
    let total = 0;
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++) {
        const r = (b * T + t) * C;
        let max = -Infinity;
        for (let v = 0; v < V; v++) {
          let z = 0;
          for (let c = 0; c < C; c++) z += x[r + c] * wte[v * C + c];
          logits[v] = z;
          if (z > max) max = z;
        }
        let sum = 0;
        for (let v = 0; v < V; v++) sum += Math.exp(logits[v] - max);
        total += max + Math.log(sum) - logits[tokens[starts[b] + t + 1]];
      }
    return total / N;
  }
}

/** out[n][o] = b[o] + Σ_i x[n][i]·W[o][i] (PyTorch's [out][in] weight). */
function linear(
  x: Float64Array,
  W: Float64Array,
  bias: Float64Array,
  out: Float64Array,
  N: number,
  I: number,
  O: number,
): void {
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++) {
      let s = bias[o];
      for (let i = 0; i < I; i++) s += x[n * I + i] * W[o * I + i];
      out[n * O + o] = s;
    }
}

/** PyTorch's LayerNorm over the last C values of each row: biased variance, eps 1e-5. */
function layerNorm(
  x: Float64Array,
  out: Float64Array,
  w: Float64Array,
  b: Float64Array,
  N: number,
  C: number,
): void {
  for (let n = 0; n < N; n++) {
    let mean = 0;
    for (let c = 0; c < C; c++) mean += x[n * C + c];
    mean /= C;
    let v = 0;
    for (let c = 0; c < C; c++) v += (x[n * C + c] - mean) ** 2;
    const rstd = 1 / Math.sqrt(v / C + 1e-5);
    for (let c = 0; c < C; c++) out[n * C + c] = (x[n * C + c] - mean) * rstd * w[c] + b[c];
  }
}
