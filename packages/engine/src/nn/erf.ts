import { exp } from './libm';

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt, to double precision, with no library.
 *
 * The series used is erf(x) = (2/√π) · e^(−x²) · Σₙ (2x²)ⁿ · x / (1·3·5···(2n+1)), whose terms are all
 * positive: no cancellation, so each value is good to a few units in the last place (the alternating
 * Taylor series loses digits for |x| > 2). Beyond |x| = 6, 1 − erf(x) < 2·10⁻¹⁷ rounds to 1.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  const x2 = a * a;
  let term = a;
  let sum = a;
  for (let n = 0; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const y = (2 / Math.sqrt(Math.PI)) * exp(-x2) * sum;
  return x < 0 ? -y : y;
}

/** GELU with erf, as PyTorch's default nn.GELU(): x · Φ(x), Φ(x) = ½·(1 + erf(x/√2)). */
export function geluValue(x: number): number {
  return x * 0.5 * (1 + erf(x * Math.SQRT1_2));
}

/** d GELU/dx = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π) (PyTorch's GeluBackward). */
export function geluDerivative(x: number): number {
  const cdf = 0.5 * (1 + erf(x * Math.SQRT1_2));
  const pdf = exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  return cdf + x * pdf;
}
