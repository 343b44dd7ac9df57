import { contours } from 'd3-contour';

/** A contour line in grid coordinates (column, row as fractions); `closed` when it returns to its start. */
export interface ContourLine {
  points: [number, number][];
  closed: boolean;
}

/**
 * The lines where a grid of values (row-major, n × n) crosses one level, each one joined end to end.
 * d3-contour does the marching squares: it resolves every saddle cell by one fixed rule and returns
 * closed rings around the region at or above the level. It pads the grid with −∞ to close those rings,
 * so a ring may run half a cell outside the grid along its border; those stretches are the map's edge,
 * not a level line, and are cut out here (a line that reaches the edge ends there).
 */
export function contourLines(v: number[], n: number, level: number): ContourLine[] {
  // d3 reads NaN as −∞ already; ±∞ losses are kept as they are (above every level, or below).
  const poly = contours().size([n, n]).contour(v, level);
  const out: ContourLine[] = [];
  const eps = 1e-9;
  // d3 places the value of column c at c + 0.5.
  const inside = ([c, r]: [number, number]): boolean =>
    c >= -eps && c <= n - 1 + eps && r >= -eps && r <= n - 1 + eps;
  for (const polygon of poly.coordinates) {
    for (const ring of polygon) {
      const pts = ring.map(([x, y]) => [x - 0.5, y - 0.5] as [number, number]);
      // A ring is closed (its last point repeats the first): start at a point outside the grid, if
      // any, so that every inside stretch is one piece.
      const body = pts.slice(0, -1);
      const start = body.findIndex((p) => !inside(p));
      if (start < 0) {
        out.push({ points: body, closed: true });
        continue;
      }
      let run: [number, number][] = [];
      for (let k = 1; k <= body.length; k++) {
        const p = body[(start + k) % body.length];
        if (inside(p)) run.push(p);
        else {
          if (run.length >= 2) out.push({ points: run, closed: false });
          run = [];
        }
      }
    }
  }
  return out;
}

/** The lines as segments [c1, r1, c2, r2]. */
export function contourSegments(v: number[], n: number, level: number): number[][] {
  return contourLines(v, n, level).flatMap(({ points, closed }) => {
    const ends = closed ? [...points, points[0]] : points;
    return ends.slice(1).map((p, i) => [ends[i][0], ends[i][1], p[0], p[1]]);
  });
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
