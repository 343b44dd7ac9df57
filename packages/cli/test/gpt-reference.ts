/**
 * A GPT forward pass written out plainly from nanoGPT's model.py, for the CLI's tests: nested arrays,
 * loops, no engine code. Parameters by nanoGPT's state_dict names, linear weights [out][in], the head
 * tied to transformer.wte.weight, LayerNorm eps 1e-5, GELU with erf, causal attention.
 */
export type Params = Record<string, number[] | number[][]>;
export interface Spec {
  layers: number;
  heads: number;
  width: number;
  block: number;
}

/** erf to about 1e-15: its Taylor series near 0, the continued fraction of erfc further out. */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-18) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(a) = e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))), evaluated from the tail.
  let f = a;
  for (let k = 200; k >= 1; k--) f = a + k / 2 / f;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

const gelu = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));

function layerNorm(x: number[], w: number[], b: number[]): number[] {
  const C = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / C;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / C;
  const r = 1 / Math.sqrt(variance + 1e-5);
  return x.map((v, i) => (v - mean) * r * w[i] + b[i]);
}

/** y = W·x + b, W [out][in]. */
function linear(x: number[], W: number[][], b?: number[]): number[] {
  return W.map((row, o) => row.reduce((s, wv, i) => s + wv * x[i], b ? b[o] : 0));
}

/** The logits [T][V] of one sequence of token ids. */
export function logits(p: Params, spec: Spec, tokens: number[]): number[][] {
  const { layers, heads, width: C } = spec;
  const d = C / heads;
  const g = (name: string): number[][] => p[name] as number[][];
  const v = (name: string): number[] => p[name] as number[];
  const wte = g('transformer.wte.weight');
  const wpe = g('transformer.wpe.weight');
  let x = tokens.map((t, i) => wte[t].map((e, c) => e + wpe[i][c]));
  for (let l = 0; l < layers; l++) {
    const h = `transformer.h.${l}.`;
    const a = x.map((row) => layerNorm(row, v(`${h}ln_1.weight`), v(`${h}ln_1.bias`)));
    const qkv = a.map((row) => linear(row, g(`${h}attn.c_attn.weight`), v(`${h}attn.c_attn.bias`)));
    const y = x.map(() => new Array<number>(C).fill(0));
    for (let hd = 0; hd < heads; hd++) {
      const q = (t: number, i: number): number => qkv[t][hd * d + i];
      const k = (t: number, i: number): number => qkv[t][C + hd * d + i];
      const val = (t: number, i: number): number => qkv[t][2 * C + hd * d + i];
      for (let t = 0; t < x.length; t++) {
        const scores: number[] = [];
        for (let j = 0; j <= t; j++) {
          let s = 0;
          for (let i = 0; i < d; i++) s += q(t, i) * k(j, i);
          scores.push(s / Math.sqrt(d));
        }
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const sum = e.reduce((s2, z) => s2 + z, 0);
        for (let j = 0; j <= t; j++) for (let i = 0; i < d; i++) y[t][hd * d + i] += (e[j] / sum) * val(j, i);
      }
    }
    const attn = y.map((row) => linear(row, g(`${h}attn.c_proj.weight`), v(`${h}attn.c_proj.bias`)));
    x = x.map((row, t) => row.map((z, c) => z + attn[t][c]));
    const b = x.map((row) => layerNorm(row, v(`${h}ln_2.weight`), v(`${h}ln_2.bias`)));
    const mlp = b.map((row) =>
      linear(
        linear(row, g(`${h}mlp.c_fc.weight`), v(`${h}mlp.c_fc.bias`)).map(gelu),
        g(`${h}mlp.c_proj.weight`),
        v(`${h}mlp.c_proj.bias`),
      ),
    );
    x = x.map((row, t) => row.map((z, c) => z + mlp[t][c]));
  }
  const f = x.map((row) => layerNorm(row, v('transformer.ln_f.weight'), v('transformer.ln_f.bias')));
  return f.map((row) => linear(row, wte));
}

/** Mean cross-entropy over every position of every window: inputs [s, s+T), targets [s+1, s+T+1). */
export function meanLoss(p: Params, spec: Spec, tokens: number[], starts: number[], T: number): number {
  let sum = 0;
  for (const s of starts) {
    const z = logits(p, spec, tokens.slice(s, s + T));
    z.forEach((row, t) => {
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((acc, u) => acc + Math.exp(u - m), 0));
      sum += lse - row[tokens[s + t + 1]];
    });
  }
  return sum / (starts.length * T);
}

/** Every parameter's gradient by central differences of meanLoss (h = 1e-6). */
export function numericGrad(p: Params, loss: (q: Params) => number, h = 1e-6): Params {
  const out: Params = {};
  for (const [name, value] of Object.entries(p)) {
    const rows = (Array.isArray(value[0]) ? value : [value]) as number[][];
    const grad = rows.map((row, r) =>
      row.map((_, c) => {
        const at = (delta: number): number => {
          const saved = rows[r][c];
          rows[r][c] = saved + delta;
          const l = loss(p);
          rows[r][c] = saved;
          return l;
        };
        return (at(h) - at(-h)) / (2 * h);
      }),
    );
    out[name] = Array.isArray(value[0]) ? grad : grad[0];
  }
  return out;
}
