/**
 * The two 32-bit halves of a float64, as fdlibm reads and writes them. fdlibm's algorithms branch on
 * the high word (sign, exponent, top 20 bits of the mantissa) and build powers of two from it, so the
 * ports in libm*.ts need the same access. One shared 8-byte buffer; the index of the high half follows
 * the platform's byte order (little-endian everywhere we run, but checked once rather than assumed).
 */
const bytes = new ArrayBuffer(8);
const f64 = new Float64Array(bytes);
const i32 = new Int32Array(bytes);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** The high word of x as a signed 32-bit integer (sign bit, 11 exponent bits, 20 mantissa bits). */
export function highWord(x: number): number {
  f64[0] = x;
  return i32[HI];
}

/** The low word of x (the last 32 mantissa bits), signed. */
export function lowWord(x: number): number {
  f64[0] = x;
  return i32[LO];
}

/** The float64 whose words are `hi` and `lo` (fdlibm's INSERT_WORDS). */
export function fromWords(hi: number, lo: number): number {
  i32[HI] = hi;
  i32[LO] = lo;
  return f64[0];
}

/** x with its high word replaced and its low word kept (fdlibm's SET_HIGH_WORD). */
export function withHighWord(x: number, hi: number): number {
  f64[0] = x;
  i32[HI] = hi;
  return f64[0];
}
