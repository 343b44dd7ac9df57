// Vector math for the kernels: eˣ and erf on four lanes at once, and the lane sums. A kernel's remainder
// (fewer than four values) calls the same vector code on a splat, so every element gets the same bits
// whichever path computes it (two threads may cut a range anywhere).

@inline export function splat(x: f32): v128 {
  return f32x4.splat(x);
}

/** Σ of the four lanes as (l0 + l1) + (l2 + l3). */
@inline export function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** The largest lane. */
@inline export function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** Lane sums of four vectors, [Σa, Σb, Σc, Σd], each in hsum's order. */
@inline export function sum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 2, 6), v128.shuffle<f32>(a, b, 1, 5, 3, 7));
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 2, 6), v128.shuffle<f32>(c, d, 1, 5, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

// eˣ as Cephes' expf: x = n·ln 2 + r with |r| ≤ ½ ln 2 (ln 2 in two parts), a degree-6 polynomial for eʳ
// (relative error about 2·10⁻⁷), then 2ⁿ put in the exponent bits. x is clamped to [−87.3, 88] where
// the result stays a normal float (the kernels only pass x ≤ 0; e^−87.3 ≈ 10⁻³⁸ stands in for 0).
const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

// 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer (to nearest, ties to even), which
// then sits in the low bits of the sum's representation.
const ROUND: f32 = 12582912.0;
const ROUND_BITS: i32 = 0x4b400000;

/** eˣ on four lanes (NaN stays NaN: pmin and pmax keep their first operand when a comparison fails). */
@inline export function expv(x0: v128): v128 {
  const x = f32x4.pmax(f32x4.pmin(x0, splat(88.0)), splat(-87.3));
  const t = f32x4.add(f32x4.mul(x, splat(LOG2E)), splat(ROUND));
  const n = f32x4.sub(t, splat(ROUND));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, splat(LN2_HI))), f32x4.mul(n, splat(LN2_LO)));
  let p = f32x4.add(f32x4.mul(splat(1.9875691500e-4), r), splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), splat(1));
  // 2ⁿ: n + 127 in the exponent bits
  const e = i32x4.shl(i32x4.add(t, i32x4.splat(127 - ROUND_BITS)), 23);
  return f32x4.mul(p, e);
}

/** eˣ of one value, with the vector's bits. */
@inline export function exp1(x: f32): f32 {
  return f32x4.extract_lane(expv(splat(x)), 0);
}

const SIGN: i32 = 0x80000000;

// erf by Abramowitz and Stegun 7.1.26 (|error| < 1.5·10⁻⁷): erf(a) = 1 − poly(t)·e^(−a²), t = 1/(1 + 0.3275911a)
// for a = |x|, the sign put back. `e` is e^(−a²), which GELU's backward needs too.
@inline export function erfv(x: v128, e: v128): v128 {
  const a = f32x4.abs(x);
  const t = f32x4.div(splat(1), f32x4.add(splat(1), f32x4.mul(splat(0.3275911), a)));
  let p = f32x4.sub(f32x4.mul(splat(1.061405429), t), splat(1.453152027));
  p = f32x4.add(f32x4.mul(p, t), splat(1.421413741));
  p = f32x4.sub(f32x4.mul(p, t), splat(0.284496736));
  p = f32x4.add(f32x4.mul(p, t), splat(0.254829592));
  const y = f32x4.sub(splat(1), f32x4.mul(f32x4.mul(p, t), e));
  return v128.or(y, v128.and(x, i32x4.splat(SIGN)));
}
