// The GPT's other float32 kernels: embeddings, LayerNorm, GELU, residual sums, softmax with
// cross-entropy, and the optimizers over flat buffers. Four lanes at a time; the remainders do the same
// operations one value at a time (or through the same vector code), so each element's bits do not
// depend on where a range starts.
import { erfv, exp1, expv, hmax, hsum, splat } from './vmath';

const LN_EPS: f32 = 1e-5;

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** out[r] = wte[tokens[r]] + wpe[r mod T] for rows r in [lo, hi), C values each. */
export function encoderFwd(lo: i32, hi: i32, out: usize, tokens: usize, wte: usize, wpe: usize, T: i32, C: i32): void {
  for (let r = lo; r < hi; r++) {
    const tok = load<i32>(at(tokens, r));
    const o = at(out, r * C), e = at(wte, tok * C), p = at(wpe, (r % T) * C);
    let c = 0;
    for (; c + 4 <= C; c += 4) v128.store(at(o, c), f32x4.add(v128.load(at(e, c)), v128.load(at(p, c))));
    for (; c < C; c++) store<f32>(at(o, c), load<f32>(at(e, c)) + load<f32>(at(p, c)));
  }
}

/** ∂wte[tokens[r]] += ∂out[r], ∂wpe[r mod T] += ∂out[r] for columns [lo, hi), rows r in order. */
export function encoderBwd(lo: i32, hi: i32, dwte: usize, dwpe: usize, dout: usize, tokens: usize, R: i32, T: i32, C: i32): void {
  for (let r = 0; r < R; r++) {
    const tok = load<i32>(at(tokens, r));
    const d = at(dout, r * C), e = at(dwte, tok * C), p = at(dwpe, (r % T) * C);
    let c = lo;
    for (; c + 4 <= hi; c += 4) {
      const g = v128.load(at(d, c));
      v128.store(at(e, c), f32x4.add(v128.load(at(e, c)), g));
      v128.store(at(p, c), f32x4.add(v128.load(at(p, c)), g));
    }
    for (; c < hi; c++) {
      const g = load<f32>(at(d, c));
      store<f32>(at(e, c), load<f32>(at(e, c)) + g);
      store<f32>(at(p, c), load<f32>(at(p, c)) + g);
    }
  }
}

/** Σ_c x[c] over a row (four lanes, then the tail in order). */
@inline function rowSum(x: usize, C: i32): f32 {
  let v = splat(0);
  let c = 0;
  for (; c + 4 <= C; c += 4) v = f32x4.add(v, v128.load(at(x, c)));
  let s = hsum(v);
  for (; c < C; c++) s += load<f32>(at(x, c));
  return s;
}

/** LayerNorm of rows [lo, hi): mean, variance (divided by C), rstd = 1/√(var + 1e-5), out = n̂·w + b. */
export function layerNormFwd(lo: i32, hi: i32, out: usize, mean: usize, rstd: usize, x: usize, w: usize, b: usize, C: i32): void {
  const inv: f32 = 1 / <f32>C;
  const C4 = C & ~3;
  for (let r = lo; r < hi; r++) {
    const xr = at(x, r * C), o = at(out, r * C);
    const mu = rowSum(xr, C) * inv;
    const m = splat(mu);
    let vv = splat(0);
    for (let c = 0; c < C4; c += 4) {
      const d = f32x4.sub(v128.load(at(xr, c)), m);
      vv = f32x4.add(vv, f32x4.mul(d, d));
    }
    let v = hsum(vv);
    for (let c = C4; c < C; c++) {
      const d = load<f32>(at(xr, c)) - mu;
      v += d * d;
    }
    const rs: f32 = 1 / Mathf.sqrt(v * inv + LN_EPS);
    store<f32>(at(mean, r), mu);
    store<f32>(at(rstd, r), rs);
    const s = splat(rs);
    for (let c = 0; c < C4; c += 4) {
      const n = f32x4.mul(f32x4.sub(v128.load(at(xr, c)), m), s);
      v128.store(at(o, c), f32x4.add(f32x4.mul(n, v128.load(at(w, c))), v128.load(at(b, c))));
    }
    for (let c = C4; c < C; c++)
      store<f32>(at(o, c), (load<f32>(at(xr, c)) - mu) * rs * load<f32>(at(w, c)) + load<f32>(at(b, c)));
  }
}

/** ∂x += rstd·(g − mean(g) − n̂·mean(g·n̂)) with g = ∂out·w, rows [lo, hi) (LayerNorm's three terms). */
export function layerNormBwdX(lo: i32, hi: i32, dx: usize, dout: usize, x: usize, mean: usize, rstd: usize, w: usize, C: i32): void {
  const inv: f32 = 1 / <f32>C;
  const C4 = C & ~3;
  for (let r = lo; r < hi; r++) {
    const xr = at(x, r * C), dr = at(dout, r * C), gx = at(dx, r * C);
    const mu = load<f32>(at(mean, r)), rs = load<f32>(at(rstd, r));
    const m = splat(mu), s = splat(rs);
    let vg = splat(0), vgn = splat(0);
    for (let c = 0; c < C4; c += 4) {
      const g = f32x4.mul(v128.load(at(dr, c)), v128.load(at(w, c)));
      vg = f32x4.add(vg, g);
      vgn = f32x4.add(vgn, f32x4.mul(g, f32x4.mul(f32x4.sub(v128.load(at(xr, c)), m), s)));
    }
    let sg = hsum(vg), sgn = hsum(vgn);
    for (let c = C4; c < C; c++) {
      const g = load<f32>(at(dr, c)) * load<f32>(at(w, c));
      sg += g;
      sgn += g * ((load<f32>(at(xr, c)) - mu) * rs);
    }
    const mg = sg * inv, mgn = sgn * inv;
    const vmg = splat(mg), vmgn = splat(mgn);
    for (let c = 0; c < C4; c += 4) {
      const g = f32x4.mul(v128.load(at(dr, c)), v128.load(at(w, c)));
      const nh = f32x4.mul(f32x4.sub(v128.load(at(xr, c)), m), s);
      const t = f32x4.mul(s, f32x4.sub(f32x4.sub(g, vmg), f32x4.mul(nh, vmgn)));
      v128.store(at(gx, c), f32x4.add(v128.load(at(gx, c)), t));
    }
    for (let c = C4; c < C; c++) {
      const g = load<f32>(at(dr, c)) * load<f32>(at(w, c));
      const nh = (load<f32>(at(xr, c)) - mu) * rs;
      store<f32>(at(gx, c), load<f32>(at(gx, c)) + rs * (g - mg - nh * mgn));
    }
  }
}

/** ∂w[c] += Σ_r ∂out[r][c]·n̂[r][c], ∂b[c] += Σ_r ∂out[r][c], columns [lo, hi), rows in order. */
export function layerNormBwdParams(lo: i32, hi: i32, dw: usize, db: usize, dout: usize, x: usize, mean: usize, rstd: usize, R: i32, C: i32): void {
  let c = lo;
  for (; c + 4 <= hi; c += 4) {
    let sw = splat(0), sb = splat(0);
    for (let r = 0; r < R; r++) {
      const g = v128.load(at(dout, r * C + c));
      const n = f32x4.mul(f32x4.sub(v128.load(at(x, r * C + c)), v128.load32_splat(at(mean, r))), v128.load32_splat(at(rstd, r)));
      sw = f32x4.add(sw, f32x4.mul(g, n));
      sb = f32x4.add(sb, g);
    }
    v128.store(at(dw, c), f32x4.add(v128.load(at(dw, c)), sw));
    v128.store(at(db, c), f32x4.add(v128.load(at(db, c)), sb));
  }
  for (; c < hi; c++) {
    let sw: f32 = 0, sb: f32 = 0;
    for (let r = 0; r < R; r++) {
      const g = load<f32>(at(dout, r * C + c));
      sw += g * ((load<f32>(at(x, r * C + c)) - load<f32>(at(mean, r))) * load<f32>(at(rstd, r)));
      sb += g;
    }
    store<f32>(at(dw, c), load<f32>(at(dw, c)) + sw);
    store<f32>(at(db, c), load<f32>(at(db, c)) + sb);
  }
}

const SQRT1_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

/** GELU x·Φ(x) with Φ(x) = ½(1 + erf(x/√2)) on four lanes. */
@inline function geluv(x: v128): v128 {
  const u = f32x4.mul(x, splat(SQRT1_2));
  const e = expv(f32x4.neg(f32x4.mul(u, u)));
  return f32x4.mul(f32x4.mul(splat(0.5), x), f32x4.add(splat(1), erfv(u, e)));
}

/** GELU's derivative Φ(x) + x·φ(x) times ∂out, on four lanes (e^(−x²/2) serves erf and φ). */
@inline function geluGradv(x: v128, g: v128): v128 {
  const u = f32x4.mul(x, splat(SQRT1_2));
  const e = expv(f32x4.neg(f32x4.mul(u, u)));
  const cdf = f32x4.mul(splat(0.5), f32x4.add(splat(1), erfv(u, e)));
  return f32x4.mul(g, f32x4.add(cdf, f32x4.mul(x, f32x4.mul(e, splat(INV_SQRT_2PI)))));
}

/** GELU with erf, elements [lo, hi). */
export function geluFwd(lo: i32, hi: i32, out: usize, x: usize): void {
  let i = lo;
  for (; i + 4 <= hi; i += 4) v128.store(at(out, i), geluv(v128.load(at(x, i))));
  for (; i < hi; i++) store<f32>(at(out, i), f32x4.extract_lane(geluv(v128.load32_splat(at(x, i))), 0));
}

/** ∂x = ∂out·(Φ(x) + x·φ(x)), elements [lo, hi) (overwrites ∂x). */
export function geluBwd(lo: i32, hi: i32, dx: usize, x: usize, dout: usize): void {
  let i = lo;
  for (; i + 4 <= hi; i += 4) v128.store(at(dx, i), geluGradv(v128.load(at(x, i)), v128.load(at(dout, i))));
  for (; i < hi; i++)
    store<f32>(at(dx, i), f32x4.extract_lane(geluGradv(v128.load32_splat(at(x, i)), v128.load32_splat(at(dout, i))), 0));
}

/** out = a + b, elements [lo, hi). */
export function addTo(lo: i32, hi: i32, out: usize, a: usize, b: usize): void {
  let i = lo;
  for (; i + 4 <= hi; i += 4) v128.store(at(out, i), f32x4.add(v128.load(at(a, i)), v128.load(at(b, i))));
  for (; i < hi; i++) store<f32>(at(out, i), load<f32>(at(a, i)) + load<f32>(at(b, i)));
}

/**
 * Softmax and cross-entropy of rows [lo, hi) of logits [R][V]: losses[r] = −ln p[target] (f32). When dz ≠ 0,
 * ∂z = (p − onehot)·scale is written there (it may be the logits' own buffer).
 */
export function crossEntropy(lo: i32, hi: i32, losses: usize, dz: usize, z: usize, targets: usize, V: i32, scale: f32): void {
  const V4 = V & ~3;
  for (let r = lo; r < hi; r++) {
    const zr = at(z, r * V);
    let mv = splat(-Infinity);
    for (let v = 0; v < V4; v += 4) mv = f32x4.pmax(mv, v128.load(at(zr, v)));
    let mx = hmax(mv);
    for (let v = V4; v < V; v++) mx = max(mx, load<f32>(at(zr, v)));
    const m = splat(mx);
    const tgt = load<i32>(at(targets, r));
    const zt = load<f32>(at(zr, tgt));
    // e = exp(z − max), kept in ∂z's row when there is one (then scaled in place)
    const g = dz != 0 ? at(dz, r * V) : 0;
    let sv = splat(0);
    for (let v = 0; v < V4; v += 4) {
      const e = expv(f32x4.sub(v128.load(at(zr, v)), m));
      if (g != 0) v128.store(at(g, v), e);
      sv = f32x4.add(sv, e);
    }
    let sum = hsum(sv);
    for (let v = V4; v < V; v++) {
      const e = exp1(load<f32>(at(zr, v)) - mx);
      if (g != 0) store<f32>(at(g, v), e);
      sum += e;
    }
    store<f32>(at(losses, r), Mathf.log(sum) - (zt - mx));
    if (g != 0) {
      const inv: f32 = 1 / sum;
      const vi = splat(inv), vs = splat(scale);
      for (let v = 0; v < V4; v += 4) v128.store(at(g, v), f32x4.mul(f32x4.mul(v128.load(at(g, v)), vi), vs));
      for (let v = V4; v < V; v++) store<f32>(at(g, v), load<f32>(at(g, v)) * inv * scale);
      store<f32>(at(g, tgt), (exp1(zt - mx) * inv - 1) * scale);
    }
  }
}
