import { beforeEach, describe, expect, it } from 'vitest';
import { geluDerivative, geluValue } from '../src/nn/erf';
import { dotAbs, get, k, near, put, putInts, rand, randInts, resetArena } from './fast-kernels-helpers';

// The GPT's other float32 kernels (asm/attention.ts, nn.ts, optim.ts) against float64 loops written
// from the formulas (PyTorch's definitions), at sizes that leave remainders after the four-lane loops,
// and cut at odd points to check that two threads would give the bits of one.

beforeEach(resetArena);

const softmax = (z: number[]): number[] => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe('float32 attention against float64 loops', () => {
  for (const [B, T, C, H] of [
    [2, 7, 12, 2],
    [1, 9, 40, 2],
  ]) {
    it(`attention forward and backward at B ${B}, T ${T}, C ${C}, H ${H} (d = ${C / H})`, () => {
      const d = C / H;
      const sc = 1 / Math.sqrt(d);
      const qkv = rand(B * T * 3 * C),
        dout = rand(B * T * C);
      const pq = put(qkv),
        pout = put(B * T * C),
        patt = put(B * H * T * T);
      k.attentionFwd(0, B * H, pout, patt, pq, T, C, H);
      const at = (b: number, t: number, j: number, h: number, i: number): number =>
        qkv[(b * T + t) * 3 * C + j * C + h * d + i];
      const wantAtt: number[] = [],
        wantOut = new Array<number>(B * T * C).fill(0),
        probs: number[][][] = [];
      const wantD = new Array<number>(B * T * 3 * C).fill(0);
      for (let b = 0; b < B; b++)
        for (let h = 0; h < H; h++) {
          const P: number[][] = [];
          for (let t = 0; t < T; t++) {
            const z = Array.from(
              { length: t + 1 },
              (_, s) =>
                dotAbs(
                  d,
                  (i) => at(b, t, 0, h, i),
                  (i) => at(b, s, 1, h, i),
                )[0] * sc,
            );
            const p = softmax(z);
            P.push(p);
            wantAtt.push(...p, ...new Array<number>(T - t - 1).fill(0));
            for (let i = 0; i < d; i++)
              wantOut[(b * T + t) * C + h * d + i] = p.reduce((a, w, s) => a + w * at(b, s, 2, h, i), 0);
          }
          probs.push(P);
          // backward: ∂p = ∂out·v, ∂z = p(∂p − Σ p∂p)/√d, ∂q = Σ ∂z k, ∂k = Σ ∂z q, ∂v = Σ p ∂out
          const go = (t: number, i: number): number => dout[(b * T + t) * C + h * d + i];
          const g = (t: number, j: number, i: number): number => (b * T + t) * 3 * C + j * C + h * d + i;
          for (let t = 0; t < T; t++) {
            const dp = P[t].map(
              (_, s) =>
                dotAbs(
                  d,
                  (i) => go(t, i),
                  (i) => at(b, s, 2, h, i),
                )[0],
            );
            const mean = P[t].reduce((a, p, s) => a + p * dp[s], 0);
            P[t].forEach((p, s) => {
              const dz = p * (dp[s] - mean) * sc;
              for (let i = 0; i < d; i++) {
                wantD[g(t, 0, i)] += dz * at(b, s, 1, h, i);
                wantD[g(s, 1, i)] += dz * at(b, t, 0, h, i);
                wantD[g(s, 2, i)] += p * go(t, i);
              }
            });
          }
        }
      near(get(patt, B * H * T * T), wantAtt, 2e-6, undefined, 'att');
      near(get(pout, B * T * C), wantOut, 4e-6, undefined, 'out');
      const pd = put(B * T * 3 * C),
        pd2 = put(B * T * 3 * C),
        scratch = put(B * H * T * T),
        pgo = put(dout);
      k.attentionBwd(0, B * H, pd, pgo, pq, patt, scratch, T, C, H);
      near(get(pd, B * T * 3 * C), wantD, 1e-5, undefined, '∂qkv');
      for (const [lo, hi] of [
        [0, 1],
        [1, B * H],
      ])
        k.attentionBwd(lo, hi, pd2, pgo, pq, patt, scratch, T, C, H);
      expect(get(pd2, B * T * 3 * C)).toEqual(get(pd, B * T * 3 * C));
    });
  }
});

describe('float32 LayerNorm, embeddings and residuals against float64 loops', () => {
  for (const C of [13, 8]) {
    it(`LayerNorm forward and backward over rows of ${C}`, () => {
      const R = 5,
        x = rand(R * C, 2),
        w = rand(C),
        b = rand(C),
        dout = rand(R * C),
        dx0 = rand(R * C);
      const px = put(x),
        pw = put(w),
        pb = put(b),
        po = put(R * C),
        pm = put(R),
        pr = put(R);
      k.layerNormFwd(0, R, po, pm, pr, px, pw, pb, C);
      const rows = Array.from({ length: R }, (_, r) => x.slice(r * C, (r + 1) * C));
      const mu = rows.map((v) => v.reduce((a, c) => a + c, 0) / C);
      const rs = rows.map((v, r) => 1 / Math.sqrt(v.reduce((a, c) => a + (c - mu[r]) ** 2, 0) / C + 1e-5));
      const nh = x.map((v, i) => (v - mu[Math.floor(i / C)]) * rs[Math.floor(i / C)]);
      near(get(pm, R), mu, 1e-6, undefined, 'mean');
      near(get(pr, R), rs, 2e-6, rs, 'rstd');
      near(
        get(po, R * C),
        nh.map((n, i) => n * w[i % C] + b[i % C]),
        4e-6,
        undefined,
        'out',
      );
      // the backward from the kernel's own mean and rstd (float32 values both sides use)
      const m32 = get(pm, R),
        r32 = get(pr, R);
      const n32 = x.map((v, i) => (v - m32[Math.floor(i / C)]) * r32[Math.floor(i / C)]);
      const pdo = put(dout),
        pdx = put(dx0),
        pdw = put(w),
        pdb = put(b);
      k.layerNormBwdX(0, R, pdx, pdo, px, pm, pr, pw, C);
      const wantDx = dx0.map((v, i) => {
        const r = Math.floor(i / C);
        const g = (c: number): number => dout[r * C + c] * w[c];
        let mg = 0,
          mgn = 0;
        for (let c = 0; c < C; c++) {
          mg += g(c) / C;
          mgn += (g(c) * n32[r * C + c]) / C;
        }
        return v + r32[r] * (g(i % C) - mg - n32[i] * mgn);
      });
      near(get(pdx, R * C), wantDx, 1e-5, undefined, '∂x');
      const cut = 3;
      for (const [lo, hi] of [
        [0, cut],
        [cut, C],
      ])
        k.layerNormBwdParams(lo, hi, pdw, pdb, pdo, px, pm, pr, R, C);
      const wantDw = w.map(
        (v, c) =>
          v +
          dotAbs(
            R,
            (r) => dout[r * C + c],
            (r) => n32[r * C + c],
          )[0],
      );
      const wantDb = b.map(
        (v, c) =>
          v +
          dotAbs(
            R,
            (r) => dout[r * C + c],
            () => 1,
          )[0],
      );
      near(get(pdw, C), wantDw, 4e-6, undefined, '∂w');
      near(get(pdb, C), wantDb, 2e-6, undefined, '∂b');
    });
  }

  it('encoder forward (token + position) and backward (sums per token and position), split by columns', () => {
    const R = 6,
      T = 3,
      C = 10,
      V = 5;
    const tokens = randInts(R, V),
      wte = rand(V * C),
      wpe = rand(T * C),
      dout = rand(R * C);
    const ptok = putInts(tokens),
      pte = put(wte),
      ppe = put(wpe),
      pout = put(R * C);
    k.encoderFwd(0, R, pout, ptok, pte, ppe, T, C);
    near(
      get(pout, R * C),
      Array.from(
        { length: R * C },
        (_, i) => wte[tokens[Math.floor(i / C)] * C + (i % C)] + wpe[(Math.floor(i / C) % T) * C + (i % C)],
      ),
      2e-7,
    );
    const pdte = put(V * C),
      pdpe = put(T * C),
      pdo = put(dout);
    for (const [lo, hi] of [
      [0, 5],
      [5, C],
    ])
      k.encoderBwd(lo, hi, pdte, pdpe, pdo, ptok, R, T, C);
    const dte = new Array<number>(V * C).fill(0),
      dpe = new Array<number>(T * C).fill(0);
    for (let r = 0; r < R; r++)
      for (let c = 0; c < C; c++) {
        dte[tokens[r] * C + c] += dout[r * C + c];
        dpe[(r % T) * C + c] += dout[r * C + c];
      }
    near(get(pdte, V * C), dte, 1e-6, undefined, '∂wte');
    near(get(pdpe, T * C), dpe, 1e-6, undefined, '∂wpe');
  });

  it('addTo, zero, scaleBy, coupledDecay and sumSquares over a range that starts and ends off the lanes', () => {
    const n = 23,
      a = rand(n),
      b = rand(n),
      lo = 3,
      hi = 22;
    const pa = put(a),
      pb = put(b),
      po = put(n);
    k.addTo(lo, hi, po, pa, pb);
    near(
      get(po, n),
      a.map((v, i) => (i >= lo && i < hi ? v + b[i] : 0)),
      1e-7,
    );
    expect(k.sumSquares(lo, hi, pa)).toBeCloseTo(
      a.slice(lo, hi).reduce((s, v) => s + v * v, 0),
      12,
    );
    k.scaleBy(lo, hi, pa, 0.5);
    near(
      get(pa, n),
      a.map((v, i) => (i >= lo && i < hi ? v * 0.5 : v)),
      0,
    );
    k.coupledDecay(lo, hi, pb, pa, 0.1);
    near(
      get(pb, n),
      b.map((v, i) => (i >= lo && i < hi ? v + 0.1 * 0.5 * a[i] : v)),
      1e-7,
    );
    k.zero(lo, hi, po);
    expect(get(po, n).every((v) => v === 0)).toBe(true);
  });
});

describe('float32 GELU, cross-entropy and optimizers against float64 loops', () => {
  it('GELU forward and backward (erf form) across the range where it bends, NaN kept', () => {
    const x = [...rand(37, 6), -12, 12, 0, NaN];
    const n = x.length,
      g = rand(n);
    const px = put(x),
      py = put(n),
      pg = put(g),
      pd = put(n);
    for (const [lo, hi] of [
      [0, 5],
      [5, n],
    ])
      k.geluFwd(lo, hi, py, px);
    for (const [lo, hi] of [
      [0, 6],
      [6, n],
    ])
      k.geluBwd(lo, hi, pd, px, pg);
    const scale = x.map((v) => Math.max(1, Math.abs(v)));
    const y = get(py, n),
      d = get(pd, n);
    near(y.slice(0, n - 1), x.slice(0, n - 1).map(geluValue), 1e-6, scale, 'gelu');
    near(
      d.slice(0, n - 1),
      x.slice(0, n - 1).map((v, i) => geluDerivative(v) * g[i]),
      1e-6,
      scale,
      '∂gelu',
    );
    expect(Number.isNaN(y[n - 1]) && Number.isNaN(d[n - 1])).toBe(true);
    // one call over the whole range gives the same bits as the two parts
    const py2 = put(n);
    k.geluFwd(0, n, py2, px);
    expect(get(py2, n)).toEqual(y);
  });

  it('softmax cross-entropy: losses, and ∂z = (p − onehot)·scale in place or apart', () => {
    const R = 3,
      V = 11,
      z = rand(R * V, 4),
      targets = randInts(R, V),
      scale = 1 / R;
    const want = Array.from({ length: R }, (_, r) => softmax(z.slice(r * V, (r + 1) * V)));
    const pz = put(z),
      pt = putInts(targets),
      pl = put(R),
      pdz = put(R * V);
    k.crossEntropy(0, R, pl, 0, pz, pt, V, 0);
    near(
      get(pl, R),
      want.map((p, r) => -Math.log(p[targets[r]])),
      1e-6,
      undefined,
      'loss',
    );
    k.crossEntropy(0, 1, pl, pdz, pz, pt, V, scale);
    k.crossEntropy(1, R, pl, pdz, pz, pt, V, scale);
    const wantDz = want.flatMap((p, r) => p.map((v, i) => (v - (i === targets[r] ? 1 : 0)) * scale));
    near(get(pdz, R * V), wantDz, 1e-7, undefined, '∂z');
    k.crossEntropy(0, R, pl, pz, pz, pt, V, scale);
    expect(get(pz, R * V)).toEqual(get(pdz, R * V));
  });

  it("adam (PyTorch's order, decoupled decay) and sgd with momentum, split at an odd index", () => {
    const n = 19,
      p = rand(n),
      g = rand(n, 0.1),
      m0 = rand(n, 0.01),
      v0 = rand(n, 0.01).map(Math.abs);
    const [lr, b1, b2, eps, decay, bc1, bc2] = [0.01, 0.9, 0.99, 1e-8, 0.999, 0.19, 0.0199];
    const pp = put(p),
      pg = put(g),
      pm = put(m0),
      pv = put(v0);
    for (const [lo, hi] of [
      [0, 7],
      [7, n],
    ])
      k.adam(lo, hi, pp, pg, pm, pv, lr, b1, b2, eps, decay, bc1, bc2);
    const m = m0.map((v, i) => b1 * v + (1 - b1) * g[i]);
    const v = v0.map((x, i) => b2 * x + (1 - b2) * g[i] * g[i]);
    // scaled by the terms: 1 − β in float32 is itself off by a few 1e-8
    near(
      get(pm, n),
      m,
      1e-6,
      m0.map((x, i) => Math.abs(b1 * x) + Math.abs((1 - b1) * g[i])),
      'm',
    );
    near(
      get(pv, n),
      v,
      1e-6,
      v0.map((x, i) => b2 * x + (1 - b2) * g[i] * g[i]),
      'v',
    );
    near(
      get(pp, n),
      p.map((x, i) => x * decay - (lr * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + eps)),
      2e-7,
      undefined,
      'p',
    );
    const q = rand(n),
      pq = put(q),
      pbuf = put(n);
    k.sgd(0, n, pq, pg, pbuf, 0.1, 0.9, 1);
    k.sgd(0, n, pq, pg, pbuf, 0.1, 0.9, 0);
    near(
      get(pbuf, n),
      g.map((x) => 0.9 * x + x),
      1e-7,
      undefined,
      'momentum',
    );
    near(
      get(pq, n),
      q.map((x, i) => x - 0.1 * g[i] - 0.1 * 1.9 * g[i]),
      1e-7,
      undefined,
      'sgd',
    );
  });
});
