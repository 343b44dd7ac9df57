/**
 * erf for the cached values of the GELU cells (LibreOffice recomputes them with its own ERF; the
 * tests check the two agree). Taylor series up to |x| = 3 (it alternates: a few digits are lost near
 * 3, far below the 1e-9 the sheet is held to), the continued fraction of erfc beyond.
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  let y: number;
  if (a <= 3) {
    let term = a;
    let s = a;
    for (let n = 1; n < 200; n++) {
      term *= (-a * a) / n;
      const add = term / (2 * n + 1);
      s += add;
      if (Math.abs(add) < 1e-17 * Math.abs(s)) break;
    }
    y = (2 / Math.sqrt(Math.PI)) * s;
  } else {
    let k = a;
    for (let n = 80; n >= 1; n--) k = a + n / 2 / k;
    y = 1 - Math.exp(-a * a) / (Math.sqrt(Math.PI) * k);
  }
  return x < 0 ? -y : y;
}
