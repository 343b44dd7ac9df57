/** The window of the (W, B) plane drawn behind the path of a one-neuron run. */
export interface Bounds {
  w: [number, number];
  b: [number, number];
}

/** Half the side of the smallest window: wide enough to show the seed's valley 3W + B = 7 from the start. */
const MIN_HALF = 2.5;
/** Past this size a diverging path is left to run off the picture. */
const MAX_HALF = 1e6;

/**
 * A square window holding every point of the path with a margin. When the previous window still
 * holds the path it is returned as is (same object), so the grid is only recomputed when the path
 * leaves it; a new window also holds the old one, so it only ever grows.
 */
export function landscapeBounds(path: [number, number][], prev?: Bounds): Bounds {
  const pts = path.filter(
    ([w, b]) => Number.isFinite(w) && Number.isFinite(b) && Math.abs(w) < MAX_HALF && Math.abs(b) < MAX_HALF,
  );
  if (prev && pts.every(([w, b]) => inside(prev, w, b))) return prev;
  let wLo = Infinity;
  let wHi = -Infinity;
  let bLo = Infinity;
  let bHi = -Infinity;
  for (const [w, b] of pts) {
    wLo = Math.min(wLo, w);
    wHi = Math.max(wHi, w);
    bLo = Math.min(bLo, b);
    bHi = Math.max(bHi, b);
  }
  if (prev) {
    wLo = Math.min(wLo, prev.w[0]);
    wHi = Math.max(wHi, prev.w[1]);
    bLo = Math.min(bLo, prev.b[0]);
    bHi = Math.max(bHi, prev.b[1]);
  }
  if (!Number.isFinite(wLo)) return prev ?? { w: [-MIN_HALF, MIN_HALF], b: [-MIN_HALF, MIN_HALF] };
  const half = Math.min(MAX_HALF, Math.max(MIN_HALF, (Math.max(wHi - wLo, bHi - bLo) / 2) * 1.3));
  const cw = (wLo + wHi) / 2;
  const cb = (bLo + bHi) / 2;
  return { w: [cw - half, cw + half], b: [cb - half, cb + half] };
}

function inside(b: Bounds, w: number, bias: number): boolean {
  // A point near the edge counts as outside: the path's marker needs room.
  const mw = (b.w[1] - b.w[0]) * 0.04;
  const mb = (b.b[1] - b.b[0]) * 0.04;
  return w >= b.w[0] + mw && w <= b.w[1] - mw && bias >= b.b[0] + mb && bias <= b.b[1] - mb;
}

/** The loss at n × n points of the window, row by row along B, each row along W. */
export function landscapeGrid(
  bounds: Bounds,
  n: number,
  lossAt: (w: number, b: number) => number,
): { w: [number, number]; b: [number, number]; n: number; loss: number[] } {
  const loss: number[] = [];
  for (let r = 0; r < n; r++) {
    const b = bounds.b[0] + ((bounds.b[1] - bounds.b[0]) * r) / (n - 1);
    for (let c = 0; c < n; c++)
      loss.push(lossAt(bounds.w[0] + ((bounds.w[1] - bounds.w[0]) * c) / (n - 1), b));
  }
  return { w: bounds.w, b: bounds.b, n, loss };
}
