// The optimizers' kernels over ranges of the flat buffers (parameters, gradients, moments): four lanes at
// a time, the remainder with the same operations one value at a time (IEEE float32 gives the same bits
// for an operation on a lane or on a scalar, so the cut between threads does not matter).

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Σ x[i]² over [lo, hi), accumulated in f64 (two lanes, then the tail). */
export function sumSquares(lo: i32, hi: i32, x: usize): f64 {
  let s2 = f64x2.splat(0);
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const v = v128.load(at(x, i));
    const a = f64x2.promote_low_f32x4(v);
    const b = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    s2 = f64x2.add(s2, f64x2.add(f64x2.mul(a, a), f64x2.mul(b, b)));
  }
  let s = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
  for (; i < hi; i++) {
    const v = <f64>load<f32>(at(x, i));
    s += v * v;
  }
  return s;
}

/** x[i] *= s over [lo, hi). */
export function scaleBy(lo: i32, hi: i32, x: usize, s: f32): void {
  const sv = f32x4.splat(s);
  let i = lo;
  for (; i + 4 <= hi; i += 4) v128.store(at(x, i), f32x4.mul(v128.load(at(x, i)), sv));
  for (; i < hi; i++) store<f32>(at(x, i), load<f32>(at(x, i)) * s);
}

/** g += λ·p over [lo, hi) (sgd's and adam's coupled weight decay, PyTorch's weight_decay). */
export function coupledDecay(lo: i32, hi: i32, g: usize, p: usize, wd: f32): void {
  const w = f32x4.splat(wd);
  let i = lo;
  for (; i + 4 <= hi; i += 4) v128.store(at(g, i), f32x4.add(v128.load(at(g, i)), f32x4.mul(w, v128.load(at(p, i)))));
  for (; i < hi; i++) store<f32>(at(g, i), load<f32>(at(g, i)) + wd * load<f32>(at(p, i)));
}

/**
 * Adam over [lo, hi) of one flat buffer, PyTorch's order: p ← p·decay (AdamW's decoupled decay, 1 when
 * none); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − lr·(m/bc1)/(√(v/bc2) + ε).
 */
export function adam(lo: i32, hi: i32, p: usize, g: usize, m: usize, v: usize, lr: f32, b1: f32, b2: f32, eps: f32, decay: f32, bc1: f32, bc2: f32): void {
  const c1: f32 = 1 - b1, c2: f32 = 1 - b2;
  const vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2);
  const vlr = f32x4.splat(lr), veps = f32x4.splat(eps), vdec = f32x4.splat(decay);
  const vbc1 = f32x4.splat(bc1), vbc2 = f32x4.splat(bc2);
  let i = lo;
  for (; i + 4 <= hi; i += 4) {
    const gi = v128.load(at(g, i));
    const mi = f32x4.add(f32x4.mul(vb1, v128.load(at(m, i))), f32x4.mul(vc1, gi));
    const vi = f32x4.add(f32x4.mul(vb2, v128.load(at(v, i))), f32x4.mul(f32x4.mul(vc2, gi), gi));
    v128.store(at(m, i), mi);
    v128.store(at(v, i), vi);
    const pi = f32x4.mul(v128.load(at(p, i)), vdec);
    const step = f32x4.div(f32x4.mul(vlr, f32x4.div(mi, vbc1)), f32x4.add(f32x4.sqrt(f32x4.div(vi, vbc2)), veps));
    v128.store(at(p, i), f32x4.sub(pi, step));
  }
  for (; i < hi; i++) {
    const gi = load<f32>(at(g, i));
    const mi = b1 * load<f32>(at(m, i)) + c1 * gi;
    const vi = b2 * load<f32>(at(v, i)) + c2 * gi * gi;
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
