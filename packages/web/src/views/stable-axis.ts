/**
 * A chart's value axis that stays put while the numbers on it move. The targets never change during a
 * run, so the axis starts from them; the model's values widen it only when they leave it, with room to
 * spare (so the next epoch does not rescale again), and it shrinks back only when what is shown needs
 * less than a third of it. Values far beyond the targets' size (a diverging run) do not stretch the
 * axis at all: they are drawn as off-scale markers at its edge.
 */

export type Range = [number, number];

/** The targets' range with a margin: the smallest the axis ever is. */
export function baseRange(targets: number[]): Range {
  const finite = targets.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = (hi - lo) * 0.08 || Math.abs(lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

/** How far beyond the targets a value may be and still stretch the axis: a few times their size. */
export function reachOf(base: Range): Range {
  const size = Math.max(base[1] - base[0], Math.abs(base[0]), Math.abs(base[1]), 1);
  return [base[0] - 3 * size, base[1] + 3 * size];
}

/** The axis for this epoch's values, given the one drawn before (undefined: first drawing). */
export function stableRange(prev: Range | undefined, base: Range, values: number[]): Range {
  const [rLo, rHi] = reachOf(base);
  let lo = base[0];
  let hi = base[1];
  for (const v of values) {
    if (!Number.isFinite(v) || v < rLo || v > rHi) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  if (prev && prev[0] <= lo && prev[1] >= hi && span >= (prev[1] - prev[0]) / 3) return prev;
  // Widened only on the side the values left, with a quarter of the span to spare.
  return [lo < base[0] ? lo - span / 4 : lo, hi > base[1] ? hi + span / 4 : hi];
}

/** Where a value sits against the axis: inside, or off it below or above. */
export function offScale(v: number, r: Range): -1 | 0 | 1 {
  if (Number.isNaN(v)) return 0;
  return v < r[0] ? -1 : v > r[1] ? 1 : 0;
}
