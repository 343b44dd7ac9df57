import { fromWords, highWord, lowWord, withHighWord } from './libm-words';

/**
 * tanh through expm1, after fdlibm (V8's Math.tanh in Node 20). See libm.ts for why the engine carries
 * its own copies of these functions. The constants are fdlibm's published coefficients.
 */

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const EXPM1_OVER = 7.09782712893383973096e2;
const TWO_1023 = 8.98846567431157953865e307;

// Remez coefficients of R(x²) in x·(e^x + 1)/(e^x − 1) ≈ 2 + x²/6·R, scaled as fdlibm's Q1 … Q5.
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

/**
 * e^x − 1 without losing the small results: reduce x = k·ln2 + r (r as hi − lo with its rounding
 * error c), approximate e^r − 1 by a rational form, then put 2^k back in the order that keeps the bits.
 */
export function expm1(x: number): number {
  let hx = highWord(x);
  const neg = hx < 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| ≥ 56·ln2
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) {
        if (((hx & 0xfffff) | lowWord(x)) !== 0) return x + x;
        return neg ? -1 : x;
      }
      if (x > EXPM1_OVER) return Infinity;
    }
    if (neg) return -1; // e^x below half an ulp of 1
  }
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce.
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      hi = neg ? x + LN2_HI : x - LN2_HI;
      lo = neg ? -LN2_LO : LN2_LO;
      k = neg ? -1 : 1;
    } else {
      k = (INV_LN2 * x + (neg ? -0.5 : 0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x; // |x| < 2^-54: e^x − 1 rounds to x
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  const twopk = fromWords((0x3ff00000 + (k << 20)) | 0, 0);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  if (k <= -2 || k > 56) {
    // e^x − 1 is e^x rounded, the −1 no longer matters much.
    let y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO_1023 : y * twopk;
    return y - 1;
  }
  if (k < 20) {
    const u = withHighWord(1, 0x3ff00000 - (0x200000 >> k)); // 1 − 2^-k
    return (u - (e - x)) * twopk;
  }
  const u = withHighWord(1, (0x3ff - k) << 20); // 2^-k
  return (x - (e + u) + 1) * twopk;
}

/** tanh x = (e^2x − 1)/(e^2x + 1), from expm1 of ±2|x|; ±1 from |x| ≥ 22 on. */
export function tanh(x: number): number {
  const jx = highWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1; // ±1 for ±∞, NaN for NaN
  let z: number;
  if (ix < 0x40360000) {
    if (ix < 0x3e300000) return x; // |x| < 2^-28
    if (ix >= 0x3ff00000) {
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1; // |x| ≥ 22: tanh rounds to ±1
  }
  return jx >= 0 ? z : -z;
}
