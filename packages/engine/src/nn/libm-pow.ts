import { fromWords, highWord, lowWord, withHighWord } from './libm-words';

/**
 * x^y for x > 0 and finite y, after fdlibm's pow as V8 carries it (Math.pow and `**` in Node 20). Adam's bias
 * corrections 1 − β^t need it: fdlibm's pow is not always the correctly rounded β^t (0.9^4 is one ulp
 * above it), so a simpler exact power would change Node's numbers; this follows fdlibm's steps.
 * Method: log2 x = n + log2(ax) with ax in [1, 2) reduced against 1 or 1.5, carried in two parts
 * (t1 + t2) to ~70 bits; y·log2 x likewise (p_h + p_l); then 2^(p_h + p_l) = 2^n'·e^(r·ln2) as in exp.
 * Zero, negative, infinite or NaN bases and exponents, and |y| > 2^31, are left to the engine's `**`
 * (results the specification pins down, or far outside what the engine asks). See libm.ts for why.
 */

const BP = [1, 1.5];
const DP_H = [0, 5.84962487220764160156e-1]; // log2(1.5) high part
const DP_L = [0, 1.35003920212974897128e-8]; // log2(1.5) tail
const TWO53 = 9007199254740992;
const HUGE = 1e300;
const TINY = 1e-300;
// Coefficients of (3/2)·(log x − 2s − 2/3·s³) in s = (x − 1)/(x + 1).
const L1 = 5.99999999999994648725e-1;
const L2 = 4.28571428578550184252e-1;
const L3 = 3.33333329818377432918e-1;
const L4 = 2.72728123808534006489e-1;
const L5 = 2.30660745775561754067e-1;
const L6 = 2.06975017800338417784e-1;
// exp's coefficients (see libm.ts).
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;
const LG2 = 6.93147180559945286227e-1;
const LG2_H = 6.93147182464599609375e-1; // ln 2 to 32 bits
const LG2_L = -1.90465429995776804525e-9;
const OVT = 8.008566259537294e-17; // −(1024 − log2(largest + ½ulp))
const CP = 9.61796693925975554329e-1; // 2/(3·ln 2)
const CP_H = 9.61796700954437255859e-1; // CP to 32 bits
const CP_L = -7.02846165095275826516e-9;

/** x with its low word cleared: a head with 21 significant bits, whose products stay exact. */
function head(x: number): number {
  return fromWords(highWord(x), 0);
}

/** x·2^n rounded once (fdlibm's scalbn, for the subnormal results). */
function scalbn(x: number, n: number): number {
  const hx = highWord(x);
  const k = ((hx >> 20) & 0x7ff) + n;
  if (k > 0) return withHighWord(x, (hx & 0x800fffff) | (k << 20));
  if (k <= -54) return TINY * TINY * Math.sign(x);
  return withHighWord(x, (hx & 0x800fffff) | ((k + 54) << 20)) * 5.55111512312578270212e-17; // ·2^-54
}

/** log2 x as t1 + t2 (t1 a head), for x > 0 finite. Written into `lg` to avoid an allocation. */
const lg = [0, 0];
function log2Parts(x: number): void {
  let ix = highWord(x) & 0x7fffffff;
  let ax = Math.abs(x);
  let n = 0;
  if (ix < 0x00100000) {
    // subnormal x: scale into the normal range first
    ax *= TWO53;
    n -= 53;
    ix = highWord(ax);
  }
  n += (ix >> 20) - 0x3ff;
  const j = ix & 0x000fffff;
  ix = j | 0x3ff00000; // ax in [1, 2)
  let k: number;
  if (j <= 0x3988e)
    k = 0; // ax < √(3/2): reduce against 1
  else if (j < 0xbb67a)
    k = 1; // ax < √3: reduce against 1.5
  else {
    k = 0; // reduce ax/2 against 1
    n += 1;
    ix -= 0x00100000;
  }
  ax = withHighWord(ax, ix);
  // ss = s_h + s_l = (ax − bp)/(ax + bp), the head s_h exact in the products below.
  let u = ax - BP[k];
  let v = 1 / (ax + BP[k]);
  const ss = u * v;
  const sH = head(ss);
  let tH = fromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0); // ≈ ax + bp, head
  let tL = ax - (tH - BP[k]);
  const sL = v * (u - sH * tH - sH * tL);
  // log(ax) = 2s + 2/3·s³ + s⁵·R(s²), in units of 2/(3 ln 2) below
  let s2 = ss * ss;
  let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
  r += sL * (sH + ss);
  s2 = sH * sH;
  tH = head(3 + s2 + r);
  tL = r - (tH - 3 - s2);
  u = sH * tH;
  v = sL * tH + tL * ss;
  const pH = head(u + v);
  const pL = v - (pH - u);
  const zH = CP_H * pH;
  const zL = CP_L * pH + pL * CP + DP_L[k];
  const t = n;
  const t1 = head(zH + zL + DP_H[k] + t);
  lg[0] = t1;
  lg[1] = zL - (t1 - t - DP_H[k] - zH);
}

/** x^y as Node 20 gives it: fdlibm's steps for x > 0 finite, y finite with |y| ≤ 2^31. */
export function pow(x: number, y: number): number {
  const hy = highWord(y);
  const iy = hy & 0x7fffffff;
  if (!(x > 0) || x === Infinity || !Number.isFinite(y) || iy > 0x41e00000) return x ** y;
  if (y === 0 || x === 1) return 1;
  if (lowWord(y) === 0) {
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y = ±1
    if (hy === 0x40000000) return x * x; // y = 2
    if (hy === 0x3fe00000) return Math.sqrt(x); // y = 1/2
  }
  log2Parts(x);
  const t1 = lg[0];
  const t2 = lg[1];
  // y·log2 x = p_h + p_l, with y split so that y1·t1 is exact
  const y1 = head(y);
  const pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = highWord(z);
  const i = lowWord(z);
  if (j >= 0x40900000) {
    // z ≥ 1024: overflow, unless z is 1024 exactly and the tail pulls it under
    if (((j - 0x40900000) | i) !== 0 || pL + OVT > z - pH) return HUGE * HUGE;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z ≤ −1075: underflow, with the same care at the edge
    if (((j - (0xc090cc00 | 0)) | i) !== 0 || pL <= z - pH) return TINY * TINY;
  }
  // 2^(p_h + p_l): take off the nearest whole n (done on the words, as fdlibm does), exp the rest.
  const ij = j & 0x7fffffff;
  let k = (ij >> 20) - 0x3ff;
  let n = 0;
  if (ij > 0x3fe00000) {
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff;
    const t = fromWords(n & ~(0x000fffff >> k), 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = head(pL + pH);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2 + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const c = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  // V8's copy groups this step differently from fdlibm's (z·c)/(c − 2) − (w + z·w): the correction
  // w + z·w sits inside the divisor. Node's bits follow V8's grouping, so this does too.
  const r = (z * c) / (c - 2 - (w + z * w));
  z = 1 - (r - z);
  j = highWord(z) + (n << 20);
  if (j >> 20 <= 0) return scalbn(z, n);
  return withHighWord(z, j);
}
