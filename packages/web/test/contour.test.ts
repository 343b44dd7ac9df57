import { describe, expect, it } from 'vitest';
import { contourLines } from '../src/views/contour';

/** Samples f at the grid's points: row r, column c (row-major, as the landscape grid is). */
function grid(n: number, f: (c: number, r: number) => number): number[] {
  return Array.from({ length: n * n }, (_, k) => f(k % n, Math.floor(k / n)));
}

describe('contour lines of the loss landscape', () => {
  it('a bowl’s level is one closed line, on the circle of the right radius', () => {
    // f = (c − 10)² + (r − 10)²: the level 36 is the circle of radius 6 around (10, 10).
    const n = 21;
    const lines = contourLines(
      grid(n, (c, r) => (c - 10) ** 2 + (r - 10) ** 2),
      n,
      36,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0].closed).toBe(true);
    // Every cell the circle crosses contributes a point: dozens of them, joined into one line.
    expect(lines[0].points.length).toBeGreaterThan(20);
    for (const [c, r] of lines[0].points) {
      // Linear interpolation between grid points is off by at most a few hundredths of a cell here.
      expect(Math.hypot(c - 10, r - 10)).toBeGreaterThan(5.9);
      expect(Math.hypot(c - 10, r - 10)).toBeLessThan(6.1);
    }
  });

  it('a line that leaves the map ends at its edge, in one piece', () => {
    // A plane rising along the columns, on a 9 × 9 grid: the level 4.5 is the line c = 4.5, top to bottom.
    const n = 9;
    const lines = contourLines(
      grid(n, (c) => c),
      n,
      4.5,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0].closed).toBe(false);
    const rows = lines[0].points.map(([, r]) => r).sort((a, b) => a - b);
    expect(rows[0]).toBeCloseTo(0);
    expect(rows[rows.length - 1]).toBeCloseTo(n - 1);
    for (const [c] of lines[0].points) expect(c).toBeCloseTo(4.5);
  });

  it('resolves every saddle cell the same way: one small ring around each peak, none crossing', () => {
    // A checkerboard of +1 and −1 (cos πc · cos πr): at level 0 every cell is a saddle. One rule for
    // all of them gives a diamond around every interior +1 (peaks kept apart), or around every −1.
    const n = 7;
    const lines = contourLines(
      grid(n, (c, r) => ((c + r) % 2 === 0 ? 1 : -1)),
      n,
      0,
    );
    const rings = lines.filter((l) => l.closed);
    const interior = (sign: number): number[][] =>
      grid(n, (c, r) => ((c + r) % 2 === 0 ? 1 : -1))
        .map((v, k) => [v, k % n, Math.floor(k / n)])
        .filter(([v, c, r]) => v === sign && c > 0 && c < n - 1 && r > 0 && r < n - 1);
    const peaks = interior(1);
    const pits = interior(-1);
    const centres = rings.map((l) => [
      l.points.reduce((t, p) => t + p[0], 0) / l.points.length,
      l.points.reduce((t, p) => t + p[1], 0) / l.points.length,
    ]);
    const around = peaks.length === rings.length ? peaks : pits;
    expect(rings).toHaveLength(around.length);
    for (const [, c, r] of around)
      expect(centres.some(([x, y]) => Math.hypot(x - c, y - r) < 1e-9)).toBe(true);
    // Every ring is the diamond at half a cell from its centre: the saddles were all split alike.
    for (const l of rings) {
      expect(l.points).toHaveLength(4);
      const [cx, cy] = centres[rings.indexOf(l)];
      for (const [c, r] of l.points) expect(Math.abs(c - cx) + Math.abs(r - cy)).toBeCloseTo(0.5);
    }
  });
});
