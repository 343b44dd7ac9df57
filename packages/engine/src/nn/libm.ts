import { fromWords, highWord, lowWord, withHighWord } from './libm-words';

/**
 * exp and log written after fdlibm's algorithms (Sun's freely distributable math library, the one
 * V8's src/base/ieee754.cc follows for Math.exp and Math.log in Node 20). Why: Math.* is not the same
 * function in every engine (Chromium's newer V8 answers one ulp apart for a few percent of inputs),
 * so the same training gave different bits in the web lab and in the CLI. These run only plain float64
 * arithmetic, which every engine rounds the same way, and give Node 20's bits (checked over 10^7
 * inputs; test/libm.test.ts keeps a seeded sample). The constants are fdlibm's published coefficients.
 */

// ln 2 split in two: the high part has its last bits zero so that k·LN2_HI is exact for |k| < 2^11.
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const TWO_M1000 = 9.3326361850321887899e-302; // 2^-1000, to scale subnormal results in two steps
const TWO_1023 = 8.98846567431157953865e307; // 2^1023
const EXP_OVER = 7.09782712893383973096e2; // above: exp overflows
const EXP_UNDER = -7.4513321910194110842e2; // below: exp underflows to 0

// Remez coefficients of R(r²) in r·(e^r + 1)/(e^r − 1) = 2 + R, |r| ≤ ln2/2.
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/**
 * e^x. Reduce x = k·ln2 + r with |r| ≤ ln2/2 (r carried as hi − lo for extra bits), approximate e^r
 * through the rational form 1 + 2r/(R − r), then scale by 2^k.
 */
export function exp(x: number): number {
  let hx = highWord(x);
  const neg = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78: NaN, ±∞, overflow or underflow.
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x;
      return neg ? 0 : x;
    }
    if (x > EXP_OVER) return Infinity;
    if (x < EXP_UNDER) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce.
    if (hx < 0x3ff0a2b2) {
      // |x| < 1.5·ln2: k is ±1. V8 answers e^1 with Math.E itself (fdlibm's sum is one ulp above).
      if (x === 1) return Math.E;
      hi = neg ? x + LN2_HI : x - LN2_HI;
      lo = neg ? -LN2_LO : LN2_LO;
      k = neg ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (neg ? -0.5 : 0.5)) | 0; // truncation toward 0, as C's (int)
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28: e^x = 1 + x rounded.
    return 1 + x;
  }
  const t = x * x;
  const twopk =
    k >= -1021
      ? fromWords((0x3ff00000 + (k << 20)) | 0, 0)
      : fromWords((0x3ff00000 + ((k + 1000) << 20)) | 0, 0);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * TWO_1023 : y * twopk;
  return y * twopk * TWO_M1000;
}

// Remez coefficients of log((1 + s)/(1 − s)) = 2s + s·R(s²).
const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const TWO_54 = 1.8014398509481984e16;

/**
 * ln x. Write x = 2^k·(1 + f) with √2/2 < 1 + f < √2, then log(1 + f) = 2s + s·R(s²) with
 * s = f/(2 + f); the result is k·ln2 + log(1 + f), summed from the small terms up.
 */
export function log(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative, or subnormal (scaled up by 2^54 first).
    if (((hx & 0x7fffffff) | lowWord(x)) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO_54;
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  // i is 0x100000 when the mantissa is past √2: then halve it (and count one more power of two).
  const i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const f = x - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20: a short series is enough.
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.3333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  // Far enough from 1 (i > 0): use ½f² to keep the last bits, else the plain form.
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - r);
  return dk * LN2_HI - (s * (f - r) - dk * LN2_LO - f);
}

export { cos, sin } from './libm-trig';
export { expm1, tanh } from './libm-tanh';
export { pow } from './libm-pow';
