import { type Band, type Cell, type Mat, type Page, type X, dot, sumproduct } from './cells';
import { erf } from '@unha/engine';

/**
 * The forward pass of one step as formulas, band by band (rows: the B·T positions of the batch),
 * exactly nanoGPT's model: wte and wpe rows added, then per block pre-LayerNorm → causal
 * self-attention → residual → LayerNorm → MLP with GELU (erf) → residual, ln_f, logits with the
 * head tied to wte, softmax, −ln p of the target and the mean loss.
 */

export const LN_EPS = 1e-5;

export interface Shape {
  B: number;
  T: number;
  C: number;
  H: number;
  V: number;
  layers: number;
  /** A vocabulary index with its character, for the column labels: 3 'c'. */
  token: (v: number) => string;
}

export interface LnOut {
  mean: Mat;
  rstd: Mat;
  xhat: Mat;
  out: Mat;
}

export interface HeadOut {
  /** Band of one (row, head): T query rows. */
  weights: Mat;
  scores: Mat;
}

export interface BlockOut {
  x: Mat;
  ln1: LnOut;
  qkv: Mat;
  heads: HeadOut[];
  merged: Mat;
  xAttn: Mat;
  ln2: LnOut;
  fc: Mat;
  gelu: Mat;
  xOut: Mat;
}

export interface ForwardOut {
  tokens: Mat;
  x: Mat;
  blocks: BlockOut[];
  lnf: LnOut;
  probs: Mat;
  loss: Mat;
}

/** The words the page shows (section titles, row labels), from the locale tables. */
export interface ForwardWords {
  embedding: string;
  block: (i: number) => string;
  attention: (i: number, b: number, h: number) => string;
  mlp: (i: number) => string;
  lnf: string;
  head: string;
  loss: string;
  query: (t: number) => string;
  position: (b: number, t: number) => string;
}

const range = (n: number, f: (k: number) => string = (k) => String(k + 1)): string[] =>
  Array.from({ length: n }, (_, k) => f(k));

/** A cell of a matrix as seen from this page. */
export type Ref = (m: Mat, i: number, j: number) => X;

export class Builder {
  readonly r: Ref;
  constructor(
    readonly page: Page,
    readonly s: Shape,
  ) {
    this.r = (m, i, j) => m.x(i, j, page.name);
  }
  get name(): string {
    return this.page.name;
  }
  positions(w: ForwardWords): string[] {
    const { B, T } = this.s;
    return range(B * T, (n) => w.position(Math.floor(n / T), n % T));
  }
  /** SUMPRODUCT of row i of a and row k of b (same length). */
  rowDot(a: Mat, i: number, b: Mat, k: number, a0 = 0, b0 = 0, len = a.cols): X {
    const va = range(len).map((_, e) => a.v(i, a0 + e));
    const vb = range(len).map((_, e) => b.v(k, b0 + e));
    return sumproduct(a.row(i, this.name, a0, a0 + len - 1), va, b.row(k, this.name, b0, b0 + len - 1), vb);
  }
  /** SUMPRODUCT of column j of a and column k of b (same rows). */
  colDot(a: Mat, j: number, b: Mat, k: number): X {
    const va = range(a.rows).map((_, i) => a.v(i, j));
    const vb = range(b.rows).map((_, i) => b.v(i, k));
    return sumproduct(a.col(j, this.name), va, b.col(k, this.name), vb);
  }
  rowSumOf(m: Mat, i: number): X {
    let v = 0;
    for (let j = 0; j < m.cols; j++) v += m.v(i, j);
    return { f: `SUM(${m.row(i, this.name)})`, v };
  }
  colSum(a: Mat, j: number): X {
    let v = 0;
    for (let i = 0; i < a.rows; i++) v += a.v(i, j);
    return { f: `SUM(${a.col(j, this.name)})`, v };
  }
}

/** LayerNorm of each row of x: μ, σ² (VARP: the mean of the squared deviations), 1/√(σ²+ε), x̂, x̂·w + b. */
export function layerNorm(bd: Builder, band: Band, key: string, x: Mat, w: Mat, b: Mat): LnOut {
  const { r, name } = bd;
  const C = x.cols;
  const mean = band.mat(`${key}.mean`, 'μ', ['μ'], (i) => {
    let v = 0;
    for (let c = 0; c < C; c++) v += x.v(i, c);
    return { f: `AVERAGE(${x.row(i, name)})`, v: v / C };
  });
  const variance = band.mat(`${key}.var`, 'σ²', ['σ²'], (i) => {
    const mu = mean.v(i, 0);
    let v = 0;
    for (let c = 0; c < C; c++) v += (x.v(i, c) - mu) ** 2;
    return { f: `VARP(${x.row(i, name)})`, v: v / C };
  });
  const rstd = band.mat(`${key}.rstd`, '1/√(σ²+ε)', ['1/σ'], (i) => {
    const s = r(variance, i, 0);
    return { f: `1/SQRT(${s.f}+${LN_EPS})`, v: 1 / Math.sqrt(s.v + LN_EPS) };
  });
  const xhat = band.mat(`${key}.xhat`, 'x̂ = (x − μ)/σ', range(C), (i, c) => {
    const a = r(x, i, c);
    const m = r(mean, i, 0);
    const s = r(rstd, i, 0);
    return { f: `(${a.f}-${m.f})*${s.f}`, v: (a.v - m.v) * s.v };
  });
  const out = band.mat(key, `${key} = x̂·w + b`, range(C), (i, c) => {
    const a = r(xhat, i, c);
    const ww = r(w, 0, c);
    const bb = r(b, 0, c);
    return { f: `${a.f}*${ww.f}+${bb.f}`, v: a.v * ww.v + bb.v };
  });
  return { mean, rstd, xhat, out };
}

/** x·Wᵀ + b for each row: SUMPRODUCT of the input row and the weight's row (PyTorch's [out][in]). */
function linear(bd: Builder, band: Band, key: string, title: string, x: Mat, W: Mat, b: Mat): Mat {
  return band.mat(key, title, range(W.rows), (i, k) => {
    const p = bd.rowDot(x, i, W, k);
    const bb = bd.r(b, 0, k);
    return { f: `${p.f}+${bb.f}`, v: p.v + bb.v };
  });
}

function addMats(bd: Builder, band: Band, key: string, title: string, a: Mat, b: Mat): Mat {
  return band.mat(key, title, range(a.cols), (i, c) => {
    const x = bd.r(a, i, c);
    const y = bd.r(b, i, c);
    return { f: `${x.f}+${y.f}`, v: x.v + y.v };
  });
}

export function gelu(x: number): number {
  return x * 0.5 * (1 + erf(x / Math.SQRT2));
}

/** Softmax of the cells of a row that are visible (j ≤ last): max, e^(s − max), Σ, each e/Σ; the rest 0. */
function softmaxRows(
  bd: Builder,
  band: Band,
  key: string,
  src: Mat,
  visible: (i: number) => number,
  labels: string[],
): { max: Mat; e: Mat; sum: Mat; p: Mat } {
  const { r, name } = bd;
  const max = band.mat(`${key}.max`, 'max', ['max'], (i) => {
    let v = -Infinity;
    for (let j = 0; j <= visible(i); j++) v = Math.max(v, src.v(i, j));
    return { f: `MAX(${src.row(i, name, 0, visible(i))})`, v };
  });
  const e = band.mat(`${key}.exp`, 'e^(z − max)', labels, (i, j): Cell => {
    if (j > visible(i)) return { n: 0 };
    const z = r(src, i, j);
    const m = r(max, i, 0);
    return { f: `EXP(${z.f}-${m.f})`, v: Math.exp(z.v - m.v) };
  });
  const sum = band.mat(`${key}.sum`, 'Σ', ['Σ'], (i) => bd.rowSumOf(e, i));
  const p = band.mat(key, 'p = e/Σ', labels, (i, j): Cell => {
    if (j > visible(i)) return { n: 0 };
    const a = r(e, i, j);
    const s = r(sum, i, 0);
    return { f: `${a.f}/${s.f}`, v: a.v / s.v };
  });
  return { max, e, sum, p };
}

/** The parameters of a step by nanoGPT's name. */
export type Params = Map<string, Mat>;

export function forward(
  bd: Builder,
  P: Params,
  tokens: { input: Mat; target: Mat; row: number },
  w: ForwardWords,
): ForwardOut {
  const { page, r, s } = bd;
  const { B, T, C, H, V } = s;
  const pos = bd.positions(w);
  const wte = P.get('transformer.wte.weight')!;
  const wpe = P.get('transformer.wpe.weight')!;

  page.title(w.embedding);
  let band = page.band(pos);
  // The batch's tokens, read from the Inputs sheet (editable there).
  const tok = band.mat('tokens', 'idx', ['token', 'target'], (n, j) => {
    const m = j === 0 ? tokens.input : tokens.target;
    return r(m, tokens.row + Math.floor(n / T), n % T);
  });
  const tokE = band.mat('tok', 'wte[token]', range(C), (n, c) => {
    const t = r(tok, n, 0);
    return { f: `INDEX(${wte.range(page.name)},${t.f}+1,${c + 1})`, v: wte.v(t.v, c) };
  });
  const posE = band.mat('pos', 'wpe[t]', range(C), (n, c) => r(wpe, n % T, c));
  let x = addMats(bd, band, 'x', 'x = tok + pos', tokE, posE);
  band.end();

  const blocks: BlockOut[] = [];
  const d = C / H;
  for (let l = 0; l < s.layers; l++) {
    const p = (k: string): Mat => P.get(`transformer.h.${l}.${k}`)!;
    const hk = `h.${l}`;
    page.title(w.block(l));
    band = page.band(pos);
    const ln1 = layerNorm(bd, band, `${hk}.ln_1`, x, p('ln_1.weight'), p('ln_1.bias'));
    band.end();
    band = page.band(pos);
    const qkv = linear(
      bd,
      band,
      `${hk}.attn.qkv`,
      'q | k | v',
      ln1.out,
      p('attn.c_attn.weight'),
      p('attn.c_attn.bias'),
    );
    band.end();
    const heads: HeadOut[] = [];
    const ys: Mat[][] = [];
    for (let b = 0; b < B; b++) {
      ys.push([]);
      for (let h = 0; h < H; h++) {
        page.title(w.attention(l, b, h));
        band = page.band(range(T, w.query));
        const q0 = h * d;
        const k0 = C + h * d;
        const v0 = 2 * C + h * d;
        const hk2 = `${hk}.attn.b${b}.h${h}`;
        const scores = band.mat(`${hk2}.scores`, 'q·k/√d', range(T), (i, j): Cell => {
          if (j > i) return { text: '−∞' };
          const p2 = bd.rowDot(qkv, b * T + i, qkv, b * T + j, q0, k0, d);
          return { f: `${p2.f}/SQRT(${d})`, v: p2.v / Math.sqrt(d) };
        });
        const sm = softmaxRows(bd, band, `${hk2}.weights`, scores, (i) => i, range(T));
        const y = band.mat(`${hk2}.y`, 'y = Σ a·v', range(d), (i, e) =>
          dot(
            range(i + 1).map((_, j) => r(sm.p, i, j)),
            range(i + 1).map((_, j) => r(qkv, b * T + j, v0 + e)),
          ),
        );
        band.end();
        heads.push({ weights: sm.p, scores });
        ys[b].push(y);
      }
    }
    page.title(w.block(l));
    band = page.band(pos);
    const merged = band.mat(`${hk}.attn.merged`, 'y', range(C), (n, c) =>
      r(ys[Math.floor(n / T)][Math.floor(c / d)], n % T, c % d),
    );
    const out = linear(
      bd,
      band,
      `${hk}.attn.out`,
      'c_proj',
      merged,
      p('attn.c_proj.weight'),
      p('attn.c_proj.bias'),
    );
    const xAttn = addMats(bd, band, `${hk}.x_attn`, 'x + attn', x, out);
    band.end();
    band = page.band(pos);
    const ln2 = layerNorm(bd, band, `${hk}.ln_2`, xAttn, p('ln_2.weight'), p('ln_2.bias'));
    band.end();
    page.title(w.mlp(l));
    band = page.band(pos);
    const fc = linear(bd, band, `${hk}.mlp.fc`, 'c_fc', ln2.out, p('mlp.c_fc.weight'), p('mlp.c_fc.bias'));
    const g = band.mat(`${hk}.mlp.gelu`, 'GELU = z·½(1 + erf(z/√2))', range(4 * C), (n, k) => {
      const z = r(fc, n, k);
      return { f: `${z.f}*0.5*(1+ERF(${z.f}/SQRT(2)))`, v: gelu(z.v) };
    });
    band.end();
    band = page.band(pos);
    const mo = linear(bd, band, `${hk}.mlp.out`, 'c_proj', g, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'));
    const xOut = addMats(bd, band, `${hk}.x_out`, 'x + mlp', xAttn, mo);
    band.end();
    blocks.push({ x, ln1, qkv, heads, merged, xAttn, ln2, fc, gelu: g, xOut });
    x = xOut;
  }

  page.title(w.lnf);
  band = page.band(pos);
  const lnf = layerNorm(
    bd,
    band,
    'ln_f',
    x,
    P.get('transformer.ln_f.weight')!,
    P.get('transformer.ln_f.bias')!,
  );
  band.end();
  page.title(w.head);
  band = page.band(pos);
  const logits = band.mat('logits', 'z = ln_f · wte[v]', range(V, s.token), (n, v) =>
    bd.rowDot(lnf.out, n, wte, v),
  );
  const sm = softmaxRows(bd, band, 'probs', logits, () => V - 1, range(V, s.token));
  const nll = band.mat('nll', '−ln p[target]', ['−ln p'], (n) => {
    const y = r(tok, n, 1);
    return { f: `-LN(INDEX(${sm.p.row(n, page.name)},1,${y.f}+1))`, v: -Math.log(sm.p.v(n, y.v)) };
  });
  band.end();
  band = page.band([w.loss]);
  const loss = band.mat('loss', 'L = mean(−ln p)', ['L'], () => {
    let v = 0;
    for (let n = 0; n < B * T; n++) v += nll.v(n, 0);
    return { f: `AVERAGE(${nll.col(0, page.name)})`, v: v / (B * T) };
  });
  band.end();
  return { tokens: tok, x: blocks[0]?.x ?? x, blocks, lnf, probs: sm.p, loss };
}
