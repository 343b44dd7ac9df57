// The GPT's other float32 kernels: embeddings, LayerNorm, causal attention, GELU, residual sums,
// softmax with cross-entropy, and the optimizers over flat buffers.

const LN_EPS: f32 = 1e-5;

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** out[r] = wte[tokens[r]] + wpe[r mod T] for rows r in [lo, hi), C values each. */
export function encoderFwd(lo: i32, hi: i32, out: usize, tokens: usize, wte: usize, wpe: usize, T: i32, C: i32): void {
  for (let r = lo; r < hi; r++) {
    const tok = load<i32>(at(tokens, r));
    const o = at(out, r * C), e = at(wte, tok * C), p = at(wpe, (r % T) * C);
    for (let c = 0; c < C; c++) store<f32>(at(o, c), load<f32>(at(e, c)) + load<f32>(at(p, c)));
  }
}

/** ∂wte[tokens[r]] += ∂out[r], ∂wpe[r mod T] += ∂out[r], rows in order (one thread: rows share rows). */
export function encoderBwd(dwte: usize, dwpe: usize, dout: usize, tokens: usize, R: i32, T: i32, C: i32): void {
  for (let r = 0; r < R; r++) {
    const tok = load<i32>(at(tokens, r));
    const d = at(dout, r * C), e = at(dwte, tok * C), p = at(dwpe, (r % T) * C);
    for (let c = 0; c < C; c++) {
      const g = load<f32>(at(d, c));
      store<f32>(at(e, c), load<f32>(at(e, c)) + g);
      store<f32>(at(p, c), load<f32>(at(p, c)) + g);
    }
  }
}

/** LayerNorm of rows [lo, hi): mean, variance (divided by C), rstd = 1/√(var + 1e-5), out = n̂·w + b. */
export function layerNormFwd(lo: i32, hi: i32, out: usize, mean: usize, rstd: usize, x: usize, w: usize, b: usize, C: i32): void {
  const inv: f32 = 1 / <f32>C;
  for (let r = lo; r < hi; r++) {
    const xr = at(x, r * C), o = at(out, r * C);
    let s: f32 = 0;
    for (let c = 0; c < C; c++) s += load<f32>(at(xr, c));
    const mu = s * inv;
    let v: f32 = 0;
    for (let c = 0; c < C; c++) {
      const d = load<f32>(at(xr, c)) - mu;
      v += d * d;
    }
    const rs: f32 = 1 / Mathf.sqrt(v * inv + LN_EPS);
    store<f32>(at(mean, r), mu);
    store<f32>(at(rstd, r), rs);
    for (let c = 0; c < C; c++)
      store<f32>(at(o, c), (load<f32>(at(xr, c)) - mu) * rs * load<f32>(at(w, c)) + load<f32>(at(b, c)));
  }
}

/** ∂x += rstd·(g − mean(g) − n̂·mean(g·n̂)) with g = ∂out·w, rows [lo, hi) (LayerNorm's three terms). */
export function layerNormBwdX(lo: i32, hi: i32, dx: usize, dout: usize, x: usize, mean: usize, rstd: usize, w: usize, C: i32): void {
  const inv: f32 = 1 / <f32>C;
  for (let r = lo; r < hi; r++) {
    const xr = at(x, r * C), dr = at(dout, r * C), gx = at(dx, r * C);
    const mu = load<f32>(at(mean, r)), rs = load<f32>(at(rstd, r));
    let sg: f32 = 0, sgn: f32 = 0;
    for (let c = 0; c < C; c++) {
      const g = load<f32>(at(dr, c)) * load<f32>(at(w, c));
      sg += g;
      sgn += g * (load<f32>(at(xr, c)) - mu) * rs;
    }
    const mg = sg * inv, mgn = sgn * inv;
    for (let c = 0; c < C; c++) {
      const g = load<f32>(at(dr, c)) * load<f32>(at(w, c));
      const nh = (load<f32>(at(xr, c)) - mu) * rs;
      store<f32>(at(gx, c), load<f32>(at(gx, c)) + rs * (g - mg - nh * mgn));
    }
  }
}

/** ∂w[c] += Σ_r ∂out[r][c]·n̂[r][c], ∂b[c] += Σ_r ∂out[r][c], columns [lo, hi), rows in order. */
export function layerNormBwdParams(lo: i32, hi: i32, dw: usize, db: usize, dout: usize, x: usize, mean: usize, rstd: usize, R: i32, C: i32): void {
  for (let c = lo; c < hi; c++) {
    let sw: f32 = 0, sb: f32 = 0;
    for (let r = 0; r < R; r++) {
      const g = load<f32>(at(dout, r * C + c));
      sw += g * (load<f32>(at(x, r * C + c)) - load<f32>(at(mean, r))) * load<f32>(at(rstd, r));
      sb += g;
    }
    store<f32>(at(dw, c), load<f32>(at(dw, c)) + sw);
    store<f32>(at(db, c), load<f32>(at(db, c)) + sb);
  }
}

@inline function dotd(a: usize, b: usize, d: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= d; i += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(at(a, i)), v128.load(at(b, i))));
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < d; i++) s += load<f32>(at(a, i)) * load<f32>(at(b, i));
  return s;
}

/**
 * Causal self-attention for the (batch, head) pairs bh in [lo, hi): qkv [B·T][3C] holds q, k, v side by
 * side (head h reads columns h·d … h·d + d − 1 of each); att [B·H][T][T] gets the softmax weights of
 * (q·k)·(1/√d) with the future at 0; out [B·T][C] gets Σ_s att[t][s]·v[s] in the head's columns.
 */
export function attentionFwd(lo: i32, hi: i32, out: usize, att: usize, qkv: usize, T: i32, C: i32, H: i32): void {
  const d = C / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>d);
  const C3 = 3 * C;
  for (let bh = lo; bh < hi; bh++) {
    const b = bh / H, h = bh % H;
    const base = b * T;
    for (let t = 0; t < T; t++) {
      const q = at(qkv, (base + t) * C3 + h * d);
      const row = at(att, (bh * T + t) * T);
      let mx: f32 = -Infinity;
      for (let s = 0; s <= t; s++) {
        const z = dotd(q, at(qkv, (base + s) * C3 + C + h * d), d) * scale;
        store<f32>(at(row, s), z);
        if (z > mx) mx = z;
      }
      let sum: f32 = 0;
      for (let s = 0; s <= t; s++) {
        const e = Mathf.exp(load<f32>(at(row, s)) - mx);
        store<f32>(at(row, s), e);
        sum += e;
      }
      const inv: f32 = 1 / sum;
      for (let s = 0; s <= t; s++) store<f32>(at(row, s), load<f32>(at(row, s)) * inv);
      for (let s = t + 1; s < T; s++) store<f32>(at(row, s), 0);
      const o = at(out, (base + t) * C + h * d);
      for (let i = 0; i < d; i++) store<f32>(at(o, i), 0);
      for (let s = 0; s <= t; s++) {
        const a = f32x4.splat(load<f32>(at(row, s)));
        const a1 = load<f32>(at(row, s));
        const v = at(qkv, (base + s) * C3 + 2 * C + h * d);
        let i = 0;
        for (; i + 4 <= d; i += 4) v128.store(at(o, i), f32x4.add(v128.load(at(o, i)), f32x4.mul(a, v128.load(at(v, i)))));
        for (; i < d; i++) store<f32>(at(o, i), load<f32>(at(o, i)) + a1 * load<f32>(at(v, i)));
      }
    }
  }
}

/**
 * Attention's backward for bh in [lo, hi): from ∂out [B·T][C] to ∂qkv [B·T][3C] (the head's columns
 * of ∂q, ∂k, ∂v are overwritten). scratch holds T floats per pair (∂att of one row).
 */
export function attentionBwd(lo: i32, hi: i32, dqkv: usize, dout: usize, qkv: usize, att: usize, scratch: usize, T: i32, C: i32, H: i32): void {
  const d = C / H;
  const scale: f32 = 1 / Mathf.sqrt(<f32>d);
  const C3 = 3 * C;
  for (let bh = lo; bh < hi; bh++) {
    const b = bh / H, h = bh % H;
    const base = b * T;
    const da = at(scratch, bh * T);
    for (let t = 0; t < T; t++)
      for (let j = 0; j < 3; j++) {
        const g = at(dqkv, (base + t) * C3 + j * C + h * d);
        for (let i = 0; i < d; i++) store<f32>(at(g, i), 0);
      }
    for (let t = 0; t < T; t++) {
      const row = at(att, (bh * T + t) * T);
      const go = at(dout, (base + t) * C + h * d);
      // ∂att[t][s] = ∂out[t]·v[s]; ∂v[s] += att[t][s]·∂out[t]
      let dot: f32 = 0;
      for (let s = 0; s <= t; s++) {
        const v = at(qkv, (base + s) * C3 + 2 * C + h * d);
        const dv = at(dqkv, (base + s) * C3 + 2 * C + h * d);
        const g = dotd(go, v, d);
        store<f32>(at(da, s), g);
        const a = load<f32>(at(row, s));
        dot += a * g;
        for (let i = 0; i < d; i++) store<f32>(at(dv, i), load<f32>(at(dv, i)) + a * load<f32>(at(go, i)));
      }
      // softmax's backward: ∂z[s] = att[s]·(∂att[s] − Σ_u att[u]·∂att[u]); then the 1/√d and q·k
      const q = at(qkv, (base + t) * C3 + h * d);
      const dq = at(dqkv, (base + t) * C3 + h * d);
      for (let s = 0; s <= t; s++) {
        const dz = load<f32>(at(row, s)) * (load<f32>(at(da, s)) - dot) * scale;
        const k = at(qkv, (base + s) * C3 + C + h * d);
        const dk = at(dqkv, (base + s) * C3 + C + h * d);
        for (let i = 0; i < d; i++) {
          store<f32>(at(dq, i), load<f32>(at(dq, i)) + dz * load<f32>(at(k, i)));
          store<f32>(at(dk, i), load<f32>(at(dk, i)) + dz * load<f32>(at(q, i)));
        }
      }
    }
  }
}

// erf by Abramowitz and Stegun 7.1.26 (|error| < 1.5·10⁻⁷, about two float32 steps near 1).
@inline function erff(x: f32): f32 {
  const a = Mathf.abs(x);
  const t: f32 = 1 / (1 + 0.3275911 * a);
  const y: f32 = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Mathf.exp(-a * a);
  return x < 0 ? -y : y;
}

const SQRT1_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

/** GELU x·Φ(x) with erf, elements [lo, hi). */
export function geluFwd(lo: i32, hi: i32, out: usize, x: usize): void {
  for (let i = lo; i < hi; i++) {
    const v = load<f32>(at(x, i));
    store<f32>(at(out, i), 0.5 * v * (1 + erff(v * SQRT1_2)));
  }
}

/** ∂x = ∂out·(Φ(x) + x·φ(x)), elements [lo, hi) (overwrites ∂x). */
export function geluBwd(lo: i32, hi: i32, dx: usize, x: usize, dout: usize): void {
  for (let i = lo; i < hi; i++) {
    const v = load<f32>(at(x, i));
    const cdf: f32 = 0.5 * (1 + erff(v * SQRT1_2));
    const pdf: f32 = Mathf.exp(-0.5 * v * v) * INV_SQRT_2PI;
    store<f32>(at(dx, i), load<f32>(at(dout, i)) * (cdf + v * pdf));
  }
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
  for (let r = lo; r < hi; r++) {
    const zr = at(z, r * V);
    let mx: f32 = -Infinity;
    for (let v = 0; v < V; v++) mx = max(mx, load<f32>(at(zr, v)));
    let sum: f32 = 0;
    for (let v = 0; v < V; v++) sum += Mathf.exp(load<f32>(at(zr, v)) - mx);
    const tgt = load<i32>(at(targets, r));
    const lse = Mathf.log(sum);
    store<f32>(at(losses, r), lse - (load<f32>(at(zr, tgt)) - mx));
    if (dz != 0) {
      const g = at(dz, r * V);
      const inv: f32 = 1 / sum;
      for (let v = 0; v < V; v++) {
        const p = Mathf.exp(load<f32>(at(zr, v)) - mx) * inv;
        store<f32>(at(g, v), (p - (v == tgt ? <f32>1 : <f32>0)) * scale);
      }
    }
  }
}

/** Σ x[i]² over [lo, hi), accumulated in f64. */
export function sumSquares(lo: i32, hi: i32, x: usize): f64 {
  let s: f64 = 0;
  for (let i = lo; i < hi; i++) {
    const v = <f64>load<f32>(at(x, i));
    s += v * v;
  }
  return s;
}

/** x[i] *= s over [lo, hi). */
export function scaleBy(lo: i32, hi: i32, x: usize, s: f32): void {
  for (let i = lo; i < hi; i++) store<f32>(at(x, i), load<f32>(at(x, i)) * s);
}

/** g += λ·p over [lo, hi) (sgd's and adam's coupled weight decay, PyTorch's weight_decay). */
export function coupledDecay(lo: i32, hi: i32, g: usize, p: usize, wd: f32): void {
  for (let i = lo; i < hi; i++) store<f32>(at(g, i), load<f32>(at(g, i)) + wd * load<f32>(at(p, i)));
}

/**
 * Adam over [lo, hi) of one flat buffer, PyTorch's order: p ← p·decay (AdamW's decoupled decay, 1 when
 * none); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − lr·(m/bc1)/(√(v/bc2) + ε).
 */
export function adam(lo: i32, hi: i32, p: usize, g: usize, m: usize, v: usize, lr: f32, b1: f32, b2: f32, eps: f32, decay: f32, bc1: f32, bc2: f32): void {
  for (let i = lo; i < hi; i++) {
    const gi = load<f32>(at(g, i));
    const mi = b1 * load<f32>(at(m, i)) + (1 - b1) * gi;
    const vi = b2 * load<f32>(at(v, i)) + (1 - b2) * gi * gi;
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    const pi = load<f32>(at(p, i)) * decay;
    store<f32>(at(p, i), pi - (lr * (mi / bc1)) / (Mathf.sqrt(vi / bc2) + eps));
  }
}

/** SGD with momentum (PyTorch's: buf ← μ·buf + g, buf = g at the first step; p ← p − lr·buf). */
export function sgd(lo: i32, hi: i32, p: usize, g: usize, buf: usize, lr: f32, momentum: f32, first: i32): void {
  for (let i = lo; i < hi; i++) {
    let d = load<f32>(at(g, i));
    if (momentum != 0) {
      d = first ? d : momentum * load<f32>(at(buf, i)) + d;
      store<f32>(at(buf, i), d);
    }
    store<f32>(at(p, i), load<f32>(at(p, i)) - lr * d);
  }
}

/** x[i] = 0 over [lo, hi). */
export function zero(lo: i32, hi: i32, x: usize): void {
  memory.fill(at(x, lo), 0, <usize>(hi - lo) << 2);
}
