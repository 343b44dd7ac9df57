// Causal self-attention, forward and backward, for the (batch, head) pairs of a range. Head h of window
// b reads columns h·d … h·d + d − 1 of q, k and v in qkv [B·T][3C]. Every sum runs in a fixed order that
// does not depend on the range, so two threads give the bits of one.
import { exp1, expv, hmax, hsum, splat, sum4 } from './vmath';

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** dst[j] = (x·row_j)·scale for j in [0, n): rows of d floats, `ld` bytes apart; four rows at a time. */
function dots(dst: usize, x: usize, rows: usize, ld: usize, n: i32, d: i32, scale: f32): void {
  const d4 = d & ~3;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const r0 = rows + <usize>j * ld;
    let a0 = splat(0), a1 = splat(0), a2 = splat(0), a3 = splat(0);
    for (let i = 0; i < d4; i += 4) {
      const o = <usize>i << 2;
      const p = v128.load(x + o);
      a0 = f32x4.add(a0, f32x4.mul(p, v128.load(r0 + o)));
      a1 = f32x4.add(a1, f32x4.mul(p, v128.load(r0 + ld + o)));
      a2 = f32x4.add(a2, f32x4.mul(p, v128.load(r0 + 2 * ld + o)));
      a3 = f32x4.add(a3, f32x4.mul(p, v128.load(r0 + 3 * ld + o)));
    }
    let s = sum4(a0, a1, a2, a3);
    for (let i = d4; i < d; i++) {
      const o = <usize>i << 2;
      let col = v128.load32_splat(r0 + o);
      col = f32x4.replace_lane(col, 1, load<f32>(r0 + ld + o));
      col = f32x4.replace_lane(col, 2, load<f32>(r0 + 2 * ld + o));
      col = f32x4.replace_lane(col, 3, load<f32>(r0 + 3 * ld + o));
      s = f32x4.add(s, f32x4.mul(v128.load32_splat(x + o), col));
    }
    v128.store(at(dst, j), f32x4.mul(s, splat(scale)));
  }
  for (; j < n; j++) {
    const r = rows + <usize>j * ld;
    let a = splat(0);
    for (let i = 0; i < d4; i += 4) a = f32x4.add(a, f32x4.mul(v128.load(at(x, i)), v128.load(at(r, i))));
    let s = hsum(a);
    for (let i = d4; i < d; i++) s += load<f32>(at(x, i)) * load<f32>(at(r, i));
    store<f32>(at(dst, j), s * scale);
  }
}

/**
 * dst[i] = Σ_j w_j·row_j[i] for i in [0, d), j in [0, n) in order: weights `lw` bytes apart, rows `ld`
 * bytes apart. Sixteen columns at a time (four independent sums), then four, then one.
 */
function wsum(dst: usize, w: usize, lw: usize, rows: usize, ld: usize, n: i32, d: i32): void {
  let i = 0;
  for (; i + 16 <= d; i += 16) {
    let s0 = splat(0), s1 = splat(0), s2 = splat(0), s3 = splat(0);
    let pw = w, pr = at(rows, i);
    for (let j = 0; j < n; j++) {
      const c = v128.load32_splat(pw);
      s0 = f32x4.add(s0, f32x4.mul(c, v128.load(pr)));
      s1 = f32x4.add(s1, f32x4.mul(c, v128.load(pr, 16)));
      s2 = f32x4.add(s2, f32x4.mul(c, v128.load(pr, 32)));
      s3 = f32x4.add(s3, f32x4.mul(c, v128.load(pr, 48)));
      pw += lw;
      pr += ld;
    }
    const q = at(dst, i);
    v128.store(q, s0); v128.store(q, s1, 16); v128.store(q, s2, 32); v128.store(q, s3, 48);
  }
  for (; i + 4 <= d; i += 4) {
    let s0 = splat(0);
    let pw = w, pr = at(rows, i);
    for (let j = 0; j < n; j++) {
      s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(pw), v128.load(pr)));
      pw += lw;
      pr += ld;
    }
    v128.store(at(dst, i), s0);
  }
  for (; i < d; i++) {
    let s: f32 = 0;
    let pw = w, pr = at(rows, i);
    for (let j = 0; j < n; j++) {
      s += load<f32>(pw) * load<f32>(pr);
      pw += lw;
      pr += ld;
    }
    store<f32>(at(dst, i), s);
  }
}

/** Softmax in place of row[0 … n) (n ≥ 1), then zeros up to T. */
function softmaxRow(row: usize, n: i32, T: i32): void {
  const n4 = n & ~3;
  let mv = splat(-Infinity);
  for (let s = 0; s < n4; s += 4) mv = f32x4.pmax(mv, v128.load(at(row, s)));
  let mx = hmax(mv);
  for (let s = n4; s < n; s++) mx = max(mx, load<f32>(at(row, s)));
  const m = splat(mx);
  let sv = splat(0);
  for (let s = 0; s < n4; s += 4) {
    const e = expv(f32x4.sub(v128.load(at(row, s)), m));
    v128.store(at(row, s), e);
    sv = f32x4.add(sv, e);
  }
  let sum = hsum(sv);
  for (let s = n4; s < n; s++) {
    const e = exp1(load<f32>(at(row, s)) - mx);
    store<f32>(at(row, s), e);
    sum += e;
  }
  const inv = splat(1 / sum);
  for (let s = 0; s < n4; s += 4) v128.store(at(row, s), f32x4.mul(v128.load(at(row, s)), inv));
  const inv1: f32 = 1 / sum;
  for (let s = n4; s < n; s++) store<f32>(at(row, s), load<f32>(at(row, s)) * inv1);
  for (let s = n; s < T; s++) store<f32>(at(row, s), 0);
}

/**
 * Causal self-attention for the pairs bh in [lo, hi): att [B·H][T][T] gets the softmax weights of
 * (q·k)·(1/√d) with the future at 0; out [B·T][C] gets Σ_s att[t][s]·v[s] in the head's columns.
 */
export function attentionFwd(lo: i32, hi: i32, out: usize, att: usize, qkv: usize, T: i32, C: i32, H: i32): void {
  const d = C / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>d);
  const ld = <usize>(3 * C) << 2;
  for (let bh = lo; bh < hi; bh++) {
    const b = bh / H, h = bh % H;
    const q0 = at(qkv, b * T * 3 * C + h * d);
    for (let t = 0; t < T; t++) {
      const row = at(att, (bh * T + t) * T);
      dots(row, q0 + <usize>t * ld, q0 + (<usize>C << 2), ld, t + 1, d, scale);
      softmaxRow(row, t + 1, T);
      wsum(at(out, (b * T + t) * C + h * d), row, 4, q0 + (<usize>(2 * C) << 2), ld, t + 1, d);
    }
  }
}

/**
 * Attention's backward for bh in [lo, hi): from ∂out [B·T][C] to ∂qkv [B·T][3C] (the head's columns of
 * ∂q, ∂k, ∂v are overwritten). scratch holds T·T floats per pair: ∂z, the scores' gradient.
 */
export function attentionBwd(lo: i32, hi: i32, dqkv: usize, dout: usize, qkv: usize, att: usize, scratch: usize, T: i32, C: i32, H: i32): void {
  const d = C / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>d);
  const ld = <usize>(3 * C) << 2;
  const lo4 = <usize>C << 2;
  const lt = <usize>T << 2;
  for (let bh = lo; bh < hi; bh++) {
    const b = bh / H, h = bh % H;
    const q0 = at(qkv, b * T * 3 * C + h * d);
    const g0 = at(dqkv, b * T * 3 * C + h * d);
    const o0 = at(dout, b * T * C + h * d);
    const dz = at(scratch, bh * T * T);
    const a0 = at(att, bh * T * T);
    for (let t = 0; t < T; t++) {
      // ∂att[t][s] = ∂out[t]·v[s]; softmax's backward ∂z = att·(∂att − Σ_u att[u]·∂att[u]), times 1/√d.
      const row = a0 + <usize>t * lt;
      const zr = dz + <usize>t * lt;
      const n = t + 1;
      dots(zr, o0 + <usize>t * lo4, q0 + (<usize>(2 * C) << 2), ld, n, d, 1);
      const n4 = n & ~3;
      let dv = splat(0);
      for (let s = 0; s < n4; s += 4) dv = f32x4.add(dv, f32x4.mul(v128.load(at(row, s)), v128.load(at(zr, s))));
      let dot = hsum(dv);
      for (let s = n4; s < n; s++) dot += load<f32>(at(row, s)) * load<f32>(at(zr, s));
      const dd = splat(dot), sc = splat(scale);
      for (let s = 0; s < n4; s += 4)
        v128.store(at(zr, s), f32x4.mul(f32x4.mul(v128.load(at(row, s)), f32x4.sub(v128.load(at(zr, s)), dd)), sc));
      for (let s = n4; s < n; s++) store<f32>(at(zr, s), load<f32>(at(row, s)) * (load<f32>(at(zr, s)) - dot) * scale);
      // ∂q[t] = Σ_{s ≤ t} ∂z[t][s]·k[s]
      wsum(g0 + <usize>t * ld, zr, 4, q0 + (<usize>C << 2), ld, n, d);
    }
    for (let s = 0; s < T; s++) {
      // ∂k[s] = Σ_{t ≥ s} ∂z[t][s]·q[t]; ∂v[s] = Σ_{t ≥ s} att[t][s]·∂out[t]
      wsum(g0 + <usize>s * ld + (<usize>C << 2), dz + <usize>s * lt + (<usize>s << 2), lt, q0 + <usize>s * ld, ld, T - s, d);
      wsum(g0 + <usize>s * ld + (<usize>(2 * C) << 2), a0 + <usize>s * lt + (<usize>s << 2), lt, o0 + <usize>s * lo4, lo4, T - s, d);
    }
  }
}
