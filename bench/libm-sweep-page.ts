import { libm } from '@unha/engine';

/**
 * The inputs of bench/libm-sweep.ts and the hash of the results, run in Node and in a Chromium page.
 * Inputs come from a seeded generator and exact powers of two only (never a libm function, whose
 * bits could differ between the two engines).
 */
export function sweep(n: number, useMath: boolean): Record<string, string> {
  let s = 0x9e3779b9 | 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const u = (): number => next() + next() / 4294967296;
  const bin = (lo: number, span: number): number => 2 ** (lo + Math.floor(span * next()));
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let h1 = 0;
  let h2 = 0;
  const add = (y: number): void => {
    bits[0] = y;
    h1 = Math.imul(h1 ^ words[0], 16777619);
    h2 = Math.imul(h2 ^ words[1], 16777619) ^ (h1 >>> 7);
  };
  const hash = (): string =>
    (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
  const cases: [string, (x: number) => number, (() => number)[]][] = [
    [
      'exp',
      useMath ? Math.exp : libm.exp,
      [() => -745.2 * u(), () => -20 * u(), () => 5 * u(), () => (u() - 0.5) * bin(-40, 40)],
    ],
    [
      'log',
      useMath ? Math.log : libm.log,
      [() => 1e6 * u(), () => 2 * u(), () => 1 + (u() - 0.5) * 1e-5, () => u() * bin(-60, 80)],
    ],
    [
      'cos',
      useMath ? Math.cos : libm.cos,
      [() => 2 * Math.PI * u(), () => Math.PI * u(), () => (u() - 0.5) * 40],
    ],
    ['sin', useMath ? Math.sin : libm.sin, [() => 2 * Math.PI * u(), () => (u() - 0.5) * 40]],
    [
      'tanh',
      useMath ? Math.tanh : libm.tanh,
      [() => (u() - 0.5) * 40, () => (u() - 0.5) * 4, () => (u() - 0.5) * 1e-3],
    ],
  ];
  const out: Record<string, string> = {};
  for (const [name, f, draws] of cases) {
    h1 = 0x811c9dc5;
    h2 = 0x01000193;
    for (let i = 0; i < n; i++) add(f(draws[i % draws.length]()));
    out[name] = hash();
  }
  h1 = 0x811c9dc5;
  h2 = 0x01000193;
  const tMax = Math.min(n, 1_000_000);
  for (const b of [0.8, 0.9, 0.95, 0.98, 0.99, 0.999])
    for (let t = 1; t <= tMax; t++) add(useMath ? b ** t : libm.pow(b, t));
  out[`pow (β^t, t ≤ ${tMax})`] = hash();
  return out;
}
