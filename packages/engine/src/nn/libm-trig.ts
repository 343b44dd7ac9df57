import { fromWords, highWord } from './libm-words';

/**
 * cos and sin after fdlibm (V8's Math.cos and Math.sin in Node 20): reduce x to y = x − n·π/2 with
 * |y| ≤ π/4, carried as a head and a tail, then a polynomial kernel on [−π/4, π/4]. Arguments up to
 * 2^19·π/2 are reduced here with π/2 in three pieces (fdlibm's "medium" case), which covers every
 * caller (Box–Muller's angle in [0, 2π), the cosine schedule's π·ratio in [0, π]); beyond that the
 * engine's Math.cos is used (nothing of ours passes such arguments). See libm.ts for why.
 */

// Kernel coefficients on [−π/4, π/4]: cos x ≈ 1 − x²/2 + x⁴·C(x²), sin x ≈ x + x³·S(x²).
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

/** cos(x + y) for |x| ≤ π/4, y the tail of the reduced argument. */
function kernelCos(x: number, y: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // Take qx ≈ x²/4 off 1 first, so that 1 − x²/2 loses no bits.
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

/** sin(x + y) for |x| ≤ π/4; `hasTail` false when y is known to be 0. */
function kernelSin(x: number, y: number, hasTail: boolean): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return x; // |x| < 2^-27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (!hasTail) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

// π/2 in pieces: PIO2_1 has 33 bits (n·PIO2_1 exact), each tail _t the rest after it.
const INV_PIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;

/** High words of n·π/2, n = 1 … 32: an x this close to a multiple needs the careful reduction. */
const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a,
  0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a,
  0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac,
  0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

/** The reduced argument's head and tail, written by remPio2 (one module-level pair, no allocation). */
const red = [0, 0];

/** x − n·π/2 into `red` for π/4 < |x| ≤ 2^19·π/2; returns n. */
function remPio2(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1, one subtraction of π/2 (two pieces deeper when x is right at π/2).
    const s = hx > 0 ? 1 : -1;
    let z = x - s * PIO2_1;
    if (ix !== 0x3ff921fb) {
      red[0] = z - s * PIO2_1T;
      red[1] = z - red[0] - s * PIO2_1T;
    } else {
      z -= s * PIO2_2;
      red[0] = z - s * PIO2_2T;
      red[1] = z - red[0] - s * PIO2_2T;
    }
    return s;
  }
  const t = Math.abs(x);
  const n = (t * INV_PIO2 + 0.5) | 0;
  const fn = n;
  let r = t - fn * PIO2_1;
  let w = fn * PIO2_1T;
  if (n < 32 && ix !== NPIO2_HW[n - 1]) {
    red[0] = r - w;
  } else {
    // Cancellation may have eaten bits: subtract the next pieces of π/2 while it did.
    const j = ix >> 20;
    red[0] = r - w;
    if (j - ((highWord(red[0]) >> 20) & 0x7ff) > 16) {
      let u = r;
      w = fn * PIO2_2;
      r = u - w;
      w = fn * PIO2_2T - (u - r - w);
      red[0] = r - w;
      if (j - ((highWord(red[0]) >> 20) & 0x7ff) > 49) {
        u = r;
        w = fn * PIO2_3;
        r = u - w;
        w = fn * PIO2_3T - (u - r - w);
        red[0] = r - w;
      }
    }
  }
  red[1] = r - red[0] - w;
  if (hx < 0) {
    red[0] = -red[0];
    red[1] = -red[1];
    return -n;
  }
  return n;
}

/** The largest |x| remPio2 handles (high word 0x413921fb, about 2^19·π/2). */
const MEDIUM_HW = 0x413921fb;

/** cos x (Node 20's bits for |x| ≤ 2^19·π/2; Math.cos beyond). */
export function cos(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return x - x;
  if (ix > MEDIUM_HW) return Math.cos(x);
  const n = remPio2(x);
  switch (n & 3) {
    case 0:
      return kernelCos(red[0], red[1]);
    case 1:
      return -kernelSin(red[0], red[1], true);
    case 2:
      return -kernelCos(red[0], red[1]);
    default:
      return kernelSin(red[0], red[1], true);
  }
}

/** sin x (Node 20's bits for |x| ≤ 2^19·π/2; Math.sin beyond). */
export function sin(x: number): number {
  const ix = highWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, false);
  if (ix >= 0x7ff00000) return x - x;
  if (ix > MEDIUM_HW) return Math.sin(x);
  const n = remPio2(x);
  switch (n & 3) {
    case 0:
      return kernelSin(red[0], red[1], true);
    case 1:
      return kernelCos(red[0], red[1]);
    case 2:
      return -kernelSin(red[0], red[1], true);
    default:
      return -kernelCos(red[0], red[1]);
  }
}
