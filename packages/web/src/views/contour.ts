/**
 * Marching squares over a grid of values (row-major, n × n): for one level, the segments where the
 * surface crosses it, in grid coordinates (column, row as fractions).
 */
export function contourSegments(v: number[], n: number, level: number): number[][] {
  const out: number[][] = [];
  const at = (r: number, c: number): number => v[r * n + c];
  // Where along an edge from a to b the level is crossed (linear interpolation between grid points).
  const t = (a: number, b: number): number => (a === b ? 0.5 : (level - a) / (b - a));
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const v00 = at(r, c);
      const v01 = at(r, c + 1);
      const v11 = at(r + 1, c + 1);
      const v10 = at(r + 1, c);
      if (![v00, v01, v11, v10].every(Number.isFinite)) continue;
      const pts: number[] = [];
      const edge = (a: number, b: number, pa: [number, number], pb: [number, number]): void => {
        if (a < level !== b < level) {
          const k = t(a, b);
          pts.push(pa[0] + (pb[0] - pa[0]) * k, pa[1] + (pb[1] - pa[1]) * k);
        }
      };
      edge(v00, v01, [c, r], [c + 1, r]);
      edge(v01, v11, [c + 1, r], [c + 1, r + 1]);
      edge(v11, v10, [c + 1, r + 1], [c, r + 1]);
      edge(v10, v00, [c, r + 1], [c, r]);
      if (pts.length >= 4) out.push(pts.slice(0, 4));
      if (pts.length === 8) out.push(pts.slice(4, 8));
    }
  }
  return out;
}

/** Levels spaced evenly on a log scale between the grid's smallest useful value and its largest. */
export function logLevels(v: number[], count: number): number[] {
  const finite = v.filter((x) => Number.isFinite(x) && x >= 0);
  if (finite.length === 0) return [];
  // Folds, not spreads: Math.max(...a) overflows the stack on a long array.
  const hi = finite.reduce((a, b) => Math.max(a, b), -Infinity);
  if (hi <= 0) return [];
  const lo = Math.max(
    finite.reduce((a, b) => (b > 0 ? Math.min(a, b) : a), hi),
    hi * 1e-4,
  );
  if (lo >= hi) return [hi / 2];
  const out: number[] = [];
  for (let i = 1; i <= count; i++)
    out.push(10 ** (Math.log10(lo) + ((Math.log10(hi) - Math.log10(lo)) * i) / (count + 1)));
  return out;
}

/** A colour from dark (low loss) to light (high loss), roughly viridis: readable in grey too. */
export function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [38, 16, 74],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const k = x - i;
  const [a, b] = [stops[i], stops[i + 1]];
  return [0, 1, 2].map((j) => Math.round(a[j] + (b[j] - a[j]) * k)) as [number, number, number];
}
