import { type Cell, type Mat, type X, dot } from './cells';
import type { Builder, ForwardOut, LnOut, Params } from './forward';
import { erf } from '@unha/engine';

/**
 * The backward pass of one step as formulas (rows: the B·T positions): ∂L/∂logits = (p − onehot)/(B·T),
 * the tied head, LayerNorm's three-term backward, the MLP with GELU's derivative, the attention (the
 * softmax's backward row by row, masked cells exactly 0, ∂q, ∂k, ∂v) and the c_attn split. The
 * parameters' gradients are formulas too, written beside their update (update.ts): `grads` gives
 * each one's cell.
 */

export interface BackwardWords {
  backward: string;
  block: (i: number) => string;
  attention: (i: number, b: number, h: number) => string;
  query: (t: number) => string;
  position: (b: number, t: number) => string;
}

/** The gradient of parameter `name` at (i, j), as a formula of this page. */
export type Grads = Map<string, (i: number, j: number) => X>;

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);
const labels = (n: number): string[] => range(n).map((k) => String(k + 1));

function geluGrad(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2)) + (z * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI);
}

/**
 * LayerNorm's backward for each row: ∂x̂ = ∂out·w, then
 * ∂x = (1/σ)·(∂x̂ − mean(∂x̂) − x̂·mean(∂x̂·x̂)) (llm.c's layernorm.md). Gradients of w and b: Σ over rows.
 */
function lnBackward(
  bd: Builder,
  key: string,
  pos: string[],
  dout: Mat,
  ln: LnOut,
  w: Mat,
  grads: Grads,
  wName: string,
  bName: string,
): Mat {
  const { page, r, name } = bd;
  const C = dout.cols;
  const band = page.band(pos);
  const dxhat = band.mat(`d${key}.xhat`, `∂x̂ = ∂${key}·w`, labels(C), (i, c) => {
    const a = r(dout, i, c);
    const ww = r(w, 0, c);
    return { f: `${a.f}*${ww.f}`, v: a.v * ww.v };
  });
  const m1 = band.mat(`d${key}.m1`, 'mean(∂x̂)', ['m₁'], (i) => {
    let v = 0;
    for (let c = 0; c < C; c++) v += dxhat.v(i, c);
    return { f: `AVERAGE(${dxhat.row(i, name)})`, v: v / C };
  });
  const m2 = band.mat(`d${key}.m2`, 'mean(∂x̂·x̂)', ['m₂'], (i) => {
    const p = bd.rowDot(dxhat, i, ln.xhat, i);
    return { f: `${p.f}/${C}`, v: p.v / C };
  });
  const dx = band.mat(`d${key}.x`, '∂x = (∂x̂ − m₁ − x̂·m₂)/σ', labels(C), (i, c) => {
    const s = r(ln.rstd, i, 0);
    const g = r(dxhat, i, c);
    const a = r(m1, i, 0);
    const xh = r(ln.xhat, i, c);
    const b = r(m2, i, 0);
    return { f: `${s.f}*(${g.f}-${a.f}-${xh.f}*${b.f})`, v: s.v * (g.v - a.v - xh.v * b.v) };
  });
  band.end();
  grads.set(wName, (_, c) => bd.colDot(dout, c, ln.xhat, c));
  grads.set(bName, (_, c) => bd.colSum(dout, c));
  return dx;
}

/** x·Wᵀ's input gradient: ∂in[n][c] = Σₖ ∂out[n][k]·W[k][c] (a row times a column: written out). */
function linearBack(bd: Builder, dout: Mat, W: Mat, n: number, c: number): X {
  return dot(
    range(W.rows).map((k) => bd.r(dout, n, k)),
    range(W.rows).map((k) => bd.r(W, k, c)),
  );
}

function addMats(
  bd: Builder,
  band: ReturnType<Builder['page']['band']>,
  key: string,
  title: string,
  a: Mat,
  b: Mat,
): Mat {
  return band.mat(key, title, labels(a.cols), (i, c) => {
    const x = bd.r(a, i, c);
    const y = bd.r(b, i, c);
    return { f: `${x.f}+${y.f}`, v: x.v + y.v };
  });
}

export function backward(bd: Builder, P: Params, fw: ForwardOut, w: BackwardWords): Grads {
  const { page, r, s } = bd;
  const { B, T, C, H, V } = s;
  const N = B * T;
  const d = C / H;
  const pos = range(N).map((n) => w.position(Math.floor(n / T), n % T));
  const grads: Grads = new Map();
  const wte = P.get('transformer.wte.weight')!;

  page.title(w.backward);
  let band = page.band(pos);
  const dlogits = band.mat('dlogits', '∂z = (p − onehot)/(B·T)', range(V).map(s.token), (n, v) => {
    const p = r(fw.probs, n, v);
    const y = r(fw.tokens, n, 1);
    return { f: `(${p.f}-IF(${y.f}=${v},1,0))/${N}`, v: (p.v - (y.v === v ? 1 : 0)) / N };
  });
  const dlnf = band.mat('dln_f', '∂ln_f = Σ ∂z·wte[v]', labels(C), (n, c) =>
    linearBack(bd, dlogits, wte, n, c),
  );
  band.end();
  let dres = lnBackward(
    bd,
    'ln_f',
    pos,
    dlnf,
    fw.lnf,
    P.get('transformer.ln_f.weight')!,
    grads,
    'transformer.ln_f.weight',
    'transformer.ln_f.bias',
  );

  for (let l = s.layers - 1; l >= 0; l--) {
    const blk = fw.blocks[l];
    const pn = (k: string): string => `transformer.h.${l}.${k}`;
    const p = (k: string): Mat => P.get(pn(k))!;
    const hk = `h.${l}`;
    page.title(w.block(l));
    // MLP: ∂gelu = ∂x_out·W_proj (its columns), ∂fc = ∂gelu·GELU′(fc).
    band = page.band(pos);
    const Wmp = p('mlp.c_proj.weight');
    const dg = band.mat(`d${hk}.mlp.gelu`, '∂gelu', labels(4 * C), (n, k) => linearBack(bd, dres, Wmp, n, k));
    const dfc = band.mat(`d${hk}.mlp.fc`, '∂fc = ∂gelu·(Φ(z) + z·φ(z))', labels(4 * C), (n, k) => {
      const g = r(dg, n, k);
      const z = r(blk.fc, n, k);
      return {
        f: `${g.f}*(0.5*(1+ERF(${z.f}/SQRT(2)))+${z.f}*EXP(-${z.f}*${z.f}/2)/SQRT(2*PI()))`,
        v: g.v * geluGrad(z.v),
      };
    });
    const dmres = dres;
    grads.set(pn('mlp.c_proj.weight'), (c, k) => bd.colDot(dmres, c, blk.gelu, k));
    grads.set(pn('mlp.c_proj.bias'), (_, c) => bd.colSum(dmres, c));
    grads.set(pn('mlp.c_fc.weight'), (k, c) => bd.colDot(dfc, k, blk.ln2.out, c));
    grads.set(pn('mlp.c_fc.bias'), (_, k) => bd.colSum(dfc, k));
    const Wfc = p('mlp.c_fc.weight');
    const dln2 = band.mat(`d${hk}.ln_2`, '∂ln_2', labels(C), (n, c) => linearBack(bd, dfc, Wfc, n, c));
    band.end();
    const dxa2 = lnBackward(
      bd,
      `${hk}.ln_2`,
      pos,
      dln2,
      blk.ln2,
      p('ln_2.weight'),
      grads,
      pn('ln_2.weight'),
      pn('ln_2.bias'),
    );
    band = page.band(pos);
    const dxAttn = addMats(bd, band, `d${hk}.x_attn`, '∂x_attn = ∂x_out + ∂(ln_2)', dres, dxa2);
    const Wcp = p('attn.c_proj.weight');
    const dmerged = band.mat(`d${hk}.attn.merged`, '∂y', labels(C), (n, c) =>
      linearBack(bd, dxAttn, Wcp, n, c),
    );
    band.end();
    grads.set(pn('attn.c_proj.weight'), (c2, c) => bd.colDot(dxAttn, c2, blk.merged, c));
    grads.set(pn('attn.c_proj.bias'), (_, c) => bd.colSum(dxAttn, c));

    // Attention, per row of the batch and head: T query rows.
    const dq: Mat[][] = [];
    const dk: Mat[][] = [];
    const dv: Mat[][] = [];
    for (let b = 0; b < B; b++) {
      dq.push([]);
      dk.push([]);
      dv.push([]);
      for (let h = 0; h < H; h++) {
        const hd = blk.heads[b * H + h];
        const a = hd.weights;
        const q0 = h * d;
        const k0 = C + h * d;
        const v0 = 2 * C + h * d;
        const row0 = b * T;
        const key = `d${hk}.attn.b${b}.h${h}`;
        page.title(w.attention(l, b, h));
        band = page.band(range(T).map(w.query));
        const dA = band.mat(`${key}.weights`, '∂a = ∂y·v', labels(T), (i, j): Cell => {
          if (j > i) return { text: '·' };
          return bd.rowDot(dmerged, row0 + i, blk.qkv, row0 + j, q0, v0, d);
        });
        const sa = band.mat(`${key}.sum`, 'Σ a·∂a', ['Σ'], (i) => {
          const va = range(i + 1).map((j) => a.v(i, j));
          const vg = range(i + 1).map((j) => dA.v(i, j));
          let v = 0;
          va.forEach((x, k) => (v += x * vg[k]));
          return { f: `SUMPRODUCT(${a.row(i, page.name, 0, i)},${dA.row(i, page.name, 0, i)})`, v };
        });
        const dS = band.mat(`${key}.scores`, '∂s = a·(∂a − Σ)', labels(T), (i, j): Cell => {
          if (j > i) return { n: 0 };
          const aa = r(a, i, j);
          const g = r(dA, i, j);
          const sm = r(sa, i, 0);
          return { f: `${aa.f}*(${g.f}-${sm.f})`, v: aa.v * (g.v - sm.v) };
        });
        const scaled = (x: X): X => ({ f: `(${x.f})/SQRT(${d})`, v: x.v / Math.sqrt(d) });
        dq[b].push(
          band.mat(`${key}.q`, '∂q = Σⱼ ∂s·k/√d', labels(d), (i, e) =>
            scaled(
              dot(
                range(i + 1).map((j) => r(dS, i, j)),
                range(i + 1).map((j) => r(blk.qkv, row0 + j, k0 + e)),
              ),
            ),
          ),
        );
        const later = (j: number): number[] => range(T - j).map((k) => j + k);
        dk[b].push(
          band.mat(`${key}.k`, '∂k = Σᵢ ∂s·q/√d', labels(d), (j, e) =>
            scaled(
              dot(
                later(j).map((i) => r(dS, i, j)),
                later(j).map((i) => r(blk.qkv, row0 + i, q0 + e)),
              ),
            ),
          ),
        );
        dv[b].push(
          band.mat(`${key}.v`, '∂v = Σᵢ a·∂y', labels(d), (j, e) =>
            dot(
              later(j).map((i) => r(a, i, j)),
              later(j).map((i) => r(dmerged, row0 + i, q0 + e)),
            ),
          ),
        );
        band.end();
      }
    }
    page.title(w.block(l));
    band = page.band(pos);
    const dqkv = band.mat(`d${hk}.attn.qkv`, '∂q | ∂k | ∂v', labels(3 * C), (n, k) => {
      const part = Math.floor(k / C);
      const h = Math.floor((k % C) / d);
      const src = [dq, dk, dv][part][Math.floor(n / T)][h];
      return r(src, n % T, k % d);
    });
    grads.set(pn('attn.c_attn.weight'), (k, c) => bd.colDot(dqkv, k, blk.ln1.out, c));
    grads.set(pn('attn.c_attn.bias'), (_, k) => bd.colSum(dqkv, k));
    const Wat = p('attn.c_attn.weight');
    const dln1 = band.mat(`d${hk}.ln_1`, '∂ln_1', labels(C), (n, c) => linearBack(bd, dqkv, Wat, n, c));
    band.end();
    const dx1 = lnBackward(
      bd,
      `${hk}.ln_1`,
      pos,
      dln1,
      blk.ln1,
      p('ln_1.weight'),
      grads,
      pn('ln_1.weight'),
      pn('ln_1.bias'),
    );
    band = page.band(pos);
    dres = addMats(bd, band, `d${hk}.x`, '∂x = ∂x_attn + ∂(ln_1)', dxAttn, dx1);
    band.end();
  }

  // The embeddings: wte gets the head's part and the lookup's part (tied), wpe the sum over the batch.
  const dx = dres;
  const dl = dlogits;
  grads.set('transformer.wte.weight', (v, c) => {
    const head = bd.colDot(dl, v, fw.lnf.out, c);
    let e = 0;
    for (let n = 0; n < N; n++) if (fw.tokens.v(n, 0) === v) e += dx.v(n, c);
    const f = `${head.f}+SUMIF(${fw.tokens.col(0, page.name)},${v},${dx.col(c, page.name)})`;
    return { f, v: head.v + e };
  });
  grads.set('transformer.wpe.weight', (t, c) => {
    const xs = range(B).map((b) => r(dx, b * T + t, c));
    let v = 0;
    for (const x of xs) v += x.v;
    return { f: xs.map((x) => x.f).join('+'), v };
  });
  return grads;
}
