// Matrix products of a linear layer y = x·Wᵀ + b (W as PyTorch's [out][in]), forward and backward,
// without materialising a transpose: three orientations with register tiles of f32x4 vectors.
// Every path of a kernel (full tiles and the remainders) sums each output element in the same order,
// so where a range is cut between threads does not change a bit.
import { hsum, sum4 } from './vmath';

/** Σ_k a[k]·b[k] over K values: four lanes (summed as hsum does), then the tail in order. */
@inline function dot(a: usize, b: usize, K: i32): f32 {
  let acc = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= K; k += 4) {
    const o = <usize>k << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s = hsum(acc);
  for (; k < K; k++) s += load<f32>(a + (<usize>k << 2)) * load<f32>(b + (<usize>k << 2));
  return s;
}

/** [w0[k], w0[k+rb], w0[k+2rb], w0[k+3rb]]: one k of four rows of w. */
@inline function column4(w0: usize, rb: usize): v128 {
  let v = v128.load32_splat(w0);
  v = f32x4.replace_lane(v, 1, load<f32>(w0 + rb));
  v = f32x4.replace_lane(v, 2, load<f32>(w0 + 2 * rb));
  return f32x4.replace_lane(v, 3, load<f32>(w0 + 3 * rb));
}

/** Outputs n … n + 3 of one row xm (as dot() would give them, bias added last). */
@inline function nt1x4(xm: usize, w0: usize, b: usize, rb: usize, K: i32, K4: i32): v128 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  for (let k = 0; k < K4; k += 4) {
    const o = <usize>k << 2;
    const p = v128.load(xm + o);
    a0 = f32x4.add(a0, f32x4.mul(p, v128.load(w0 + o)));
    a1 = f32x4.add(a1, f32x4.mul(p, v128.load(w0 + rb + o)));
    a2 = f32x4.add(a2, f32x4.mul(p, v128.load(w0 + 2 * rb + o)));
    a3 = f32x4.add(a3, f32x4.mul(p, v128.load(w0 + 3 * rb + o)));
  }
  let r = sum4(a0, a1, a2, a3);
  for (let k = K4; k < K; k++) {
    const o = <usize>k << 2;
    r = f32x4.add(r, f32x4.mul(v128.load32_splat(xm + o), column4(w0 + o, rb)));
  }
  return b != 0 ? f32x4.add(r, v128.load(b)) : r;
}

/**
 * y[m][n] = b[n] + Σ_k x[m][k]·w[n][k] for rows m in [lo, hi): x [M][K], w [N][K], y [M][N]; b = 0 for
 * no bias. Tiles of 2 rows × 4 outputs, k four at a time (both operands are read along k); the four
 * lanes of each sum are added with shuffles, four outputs at once.
 */
export function matmulNT(lo: i32, hi: i32, y: usize, x: usize, w: usize, b: usize, K: i32, N: i32): void {
  const rb = <usize>K << 2;
  const ry = <usize>N << 2;
  const K4 = K & ~3;
  let m = lo;
  for (; m + 2 <= hi; m += 2) {
    const x0 = x + <usize>m * rb;
    const x1 = x0 + rb;
    const y0 = y + <usize>m * ry;
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const w0 = w + <usize>n * rb;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a02 = f32x4.splat(0), a03 = f32x4.splat(0);
      let a10 = f32x4.splat(0), a11 = f32x4.splat(0), a12 = f32x4.splat(0), a13 = f32x4.splat(0);
      for (let k = 0; k < K4; k += 4) {
        const o = <usize>k << 2;
        const p0 = v128.load(x0 + o), p1 = v128.load(x1 + o);
        let q = v128.load(w0 + o);
        a00 = f32x4.add(a00, f32x4.mul(p0, q)); a10 = f32x4.add(a10, f32x4.mul(p1, q));
        q = v128.load(w0 + rb + o);
        a01 = f32x4.add(a01, f32x4.mul(p0, q)); a11 = f32x4.add(a11, f32x4.mul(p1, q));
        q = v128.load(w0 + 2 * rb + o);
        a02 = f32x4.add(a02, f32x4.mul(p0, q)); a12 = f32x4.add(a12, f32x4.mul(p1, q));
        q = v128.load(w0 + 3 * rb + o);
        a03 = f32x4.add(a03, f32x4.mul(p0, q)); a13 = f32x4.add(a13, f32x4.mul(p1, q));
      }
      let r0 = sum4(a00, a01, a02, a03);
      let r1 = sum4(a10, a11, a12, a13);
      for (let k = K4; k < K; k++) {
        const o = <usize>k << 2;
        const q = column4(w0 + o, rb);
        r0 = f32x4.add(r0, f32x4.mul(v128.load32_splat(x0 + o), q));
        r1 = f32x4.add(r1, f32x4.mul(v128.load32_splat(x1 + o), q));
      }
      if (b != 0) {
        const bv = v128.load(b + (<usize>n << 2));
        r0 = f32x4.add(r0, bv);
        r1 = f32x4.add(r1, bv);
      }
      v128.store(y0 + (<usize>n << 2), r0);
      v128.store(y0 + ry + (<usize>n << 2), r1);
    }
    for (; n < N; n++) {
      const wn = w + <usize>n * rb;
      const bias: f32 = b != 0 ? load<f32>(b + (<usize>n << 2)) : 0;
      store<f32>(y0 + (<usize>n << 2), dot(x0, wn, K) + bias);
      store<f32>(y0 + ry + (<usize>n << 2), dot(x1, wn, K) + bias);
    }
  }
  for (; m < hi; m++) {
    const xm = x + <usize>m * rb;
    const ym = y + <usize>m * ry;
    let n = 0;
    for (; n + 4 <= N; n += 4)
      v128.store(ym + (<usize>n << 2), nt1x4(xm, w + <usize>n * rb, b != 0 ? b + (<usize>n << 2) : 0, rb, K, K4));
    for (; n < N; n++) {
      const bias: f32 = b != 0 ? load<f32>(b + (<usize>n << 2)) : 0;
      store<f32>(ym + (<usize>n << 2), dot(xm, w + <usize>n * rb, K) + bias);
    }
  }
}

/**
 * The reduction of `outer` runs in chunks of PB values of p, each chunk's sum added to c in turn: a
 * chunk of bm (PB rows) stays in the cache while every row tile of c passes over it.
 */
const PB = 128;

/**
 * c[i][j] (+)= Σ_p a(i, p)·bm[p][j] for rows i in [lo, hi) and j in [0, J): a(i, p) = a[i·sai + p·sap]
 * (so a may be read transposed), bm row-major with ldb, c with ldc. Tiles of 4 rows × 8 columns: each
 * p loads two vectors of bm and four scalars of a. acc = 0 overwrites c, 1 adds to it. Each element is
 * Σ over a chunk of p in order from 0, then added to c (or stored, for the first chunk when acc = 0).
 */
function outer(lo: i32, hi: i32, c: usize, a: usize, bm: usize, J: i32, P: i32, sai: i32, sap: i32, ldb: i32, ldc: i32, acc: i32): void {
  const dsa = <usize>sai << 2;
  const dsp = <usize>sap << 2;
  const dlb = <usize>ldb << 2;
  const dlc = <usize>ldc << 2;
  const J8 = J & ~7;
  for (let p0 = 0; p0 < P; p0 += PB) {
    const pn = min(PB, P - p0);
    const add = acc != 0 || p0 > 0;
    const ap = a + <usize>p0 * dsp;
    const bp = bm + <usize>p0 * dlb;
    let i = lo;
    for (; i + 4 <= hi; i += 4) {
      const c0 = c + <usize>i * dlc;
      for (let j = 0; j < J8; j += 8) {
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        let pa = ap + <usize>i * dsa;
        let pb = bp + (<usize>j << 2);
        for (let p = 0; p < pn; p++) {
          const b0 = v128.load(pb), b1 = v128.load(pb, 16);
          let s = v128.load32_splat(pa);
          c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
          s = v128.load32_splat(pa + dsa);
          c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
          s = v128.load32_splat(pa + 2 * dsa);
          c20 = f32x4.add(c20, f32x4.mul(s, b0)); c21 = f32x4.add(c21, f32x4.mul(s, b1));
          s = v128.load32_splat(pa + 3 * dsa);
          c30 = f32x4.add(c30, f32x4.mul(s, b0)); c31 = f32x4.add(c31, f32x4.mul(s, b1));
          pa += dsp;
          pb += dlb;
        }
        const q = c0 + (<usize>j << 2);
        if (add) {
          c00 = f32x4.add(v128.load(q), c00); c01 = f32x4.add(v128.load(q, 16), c01);
          c10 = f32x4.add(v128.load(q + dlc), c10); c11 = f32x4.add(v128.load(q + dlc, 16), c11);
          c20 = f32x4.add(v128.load(q + 2 * dlc), c20); c21 = f32x4.add(v128.load(q + 2 * dlc, 16), c21);
          c30 = f32x4.add(v128.load(q + 3 * dlc), c30); c31 = f32x4.add(v128.load(q + 3 * dlc, 16), c31);
        }
        v128.store(q, c00); v128.store(q, c01, 16);
        v128.store(q + dlc, c10); v128.store(q + dlc, c11, 16);
        v128.store(q + 2 * dlc, c20); v128.store(q + 2 * dlc, c21, 16);
        v128.store(q + 3 * dlc, c30); v128.store(q + 3 * dlc, c31, 16);
      }
      for (let r = i; r < i + 4; r++) outerRow(r, c, ap, bp, J8, J, pn, dsa, dsp, dlb, dlc, add);
    }
    for (; i < hi; i++) outerRow(i, c, ap, bp, 0, J, pn, dsa, dsp, dlb, dlc, add);
  }
}

/** One row i of one chunk of `outer` for columns [j0, J): eight, four, then one at a time. */
function outerRow(i: i32, c: usize, a: usize, bm: usize, j0: i32, J: i32, P: i32, dsa: usize, dsp: usize, dlb: usize, dlc: usize, add: bool): void {
  const ci = c + <usize>i * dlc;
  const ai = a + <usize>i * dsa;
  let j = j0;
  for (; j + 8 <= J; j += 8) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    let pa = ai;
    let pb = bm + (<usize>j << 2);
    for (let p = 0; p < P; p++) {
      const s = v128.load32_splat(pa);
      s0 = f32x4.add(s0, f32x4.mul(s, v128.load(pb)));
      s1 = f32x4.add(s1, f32x4.mul(s, v128.load(pb, 16)));
      pa += dsp;
      pb += dlb;
    }
    const q = ci + (<usize>j << 2);
    v128.store(q, add ? f32x4.add(v128.load(q), s0) : s0);
    v128.store(q, add ? f32x4.add(v128.load(q, 16), s1) : s1, 16);
  }
  for (; j + 4 <= J; j += 4) {
    let s4 = f32x4.splat(0);
    let pa = ai;
    let pb = bm + (<usize>j << 2);
    for (let p = 0; p < P; p++) {
      s4 = f32x4.add(s4, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
      pa += dsp;
      pb += dlb;
    }
    const q = ci + (<usize>j << 2);
    v128.store(q, add ? f32x4.add(v128.load(q), s4) : s4);
  }
  for (; j < J; j++) {
    let s: f32 = 0;
    let pa = ai;
    let pb = bm + (<usize>j << 2);
    for (let p = 0; p < P; p++) {
      s += load<f32>(pa) * load<f32>(pb);
      pa += dsp;
      pb += dlb;
    }
    const q = ci + (<usize>j << 2);
    store<f32>(q, add ? load<f32>(q) + s : s);
  }
}

/** ∂x[m][k] (+)= Σ_n dy[m][n]·w[n][k] for rows m in [lo, hi): dy [M][N], w [N][K]. */
export function matmulNN(lo: i32, hi: i32, dx: usize, dy: usize, w: usize, N: i32, K: i32, acc: i32): void {
  outer(lo, hi, dx, dy, w, K, N, N, 1, K, K, acc);
}

/** ∂w[n][k] += Σ_m dy[m][n]·x[m][k] for rows n in [lo, hi): dy [M][N], x [M][K] (dy read transposed). */
export function matmulTN(lo: i32, hi: i32, dw: usize, dy: usize, x: usize, M: i32, N: i32, K: i32): void {
  outer(lo, hi, dw, dy, x, K, M, 1, N, K, K, 1);
}

/** ∂b[n] += Σ_m dy[m][n] for columns n in [lo, hi), m in order. */
export function colSum(lo: i32, hi: i32, db: usize, dy: usize, M: i32, N: i32): void {
  const ld = <usize>N << 2;
  let n = lo;
  for (; n + 4 <= hi; n += 4) {
    let s = f32x4.splat(0);
    let p = dy + (<usize>n << 2);
    for (let m = 0; m < M; m++) {
      s = f32x4.add(s, v128.load(p));
      p += ld;
    }
    const q = db + (<usize>n << 2);
    v128.store(q, f32x4.add(v128.load(q), s));
  }
  for (; n < hi; n++) {
    let s: f32 = 0;
    let p = dy + (<usize>n << 2);
    for (let m = 0; m < M; m++) {
      s += load<f32>(p);
      p += ld;
    }
    const q = db + (<usize>n << 2);
    store<f32>(q, load<f32>(q) + s);
  }
}
