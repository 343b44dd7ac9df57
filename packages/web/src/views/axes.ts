import { formatCompact } from '@unha/explain';
import { s } from '../dom';
import type { Locale } from '../state';

/** Scales and axes for the hand-made SVG charts. */

export interface Scale {
  (v: number): number;
  domain: [number, number];
  range: [number, number];
  log: boolean;
  ticks(count: number): number[];
  invert(px: number): number;
}

export function linearScale(domain: [number, number], range: [number, number], integer = false): Scale {
  let [d0, d1] = domain;
  if (d0 === d1) {
    const pad = Math.abs(d0) * 0.1 || 1;
    d0 -= pad;
    d1 += pad;
  }
  const k = (range[1] - range[0]) / (d1 - d0);
  const f = ((v: number) => range[0] + (v - d0) * k) as Scale;
  f.domain = [d0, d1];
  f.range = range;
  f.log = false;
  f.ticks = (n) => niceTicks(d0, d1, n, integer);
  f.invert = (px) => d0 + (px - range[0]) / k;
  return f;
}

export function logScale(domain: [number, number], range: [number, number]): Scale {
  let l0 = Math.log10(domain[0]);
  let l1 = Math.log10(domain[1]);
  if (l0 === l1) {
    l0 -= 1;
    l1 += 1;
  }
  const k = (range[1] - range[0]) / (l1 - l0);
  const f = ((v: number) => range[0] + (Math.log10(v) - l0) * k) as Scale;
  f.domain = [10 ** l0, 10 ** l1];
  f.range = range;
  f.log = true;
  f.ticks = () => {
    const out: number[] = [];
    const step = Math.max(1, Math.ceil((Math.ceil(l1) - Math.floor(l0)) / 6));
    for (let e = Math.ceil(l0); e <= Math.floor(l1); e += step) out.push(10 ** e);
    return out;
  };
  f.invert = (px) => 10 ** (l0 + (px - range[0]) / k);
  return f;
}

/** Round tick values (1, 2 or 5 times a power of ten apart), about `count` of them; whole numbers only when asked. */
export function niceTicks(lo: number, hi: number, count: number, integer = false): number[] {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return [lo];
  const raw = span / Math.max(count, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = first; i * step <= hi + step * 1e-9; i++) {
    // i·step, not a running sum: 0,1 + 0,2 would drift to 0,30000000000000004.
    const v = Number((i * step).toPrecision(12));
    out.push(v);
  }
  return out;
}

export function tickLabel(v: number, locale: Locale, scale: Scale): string {
  // One rule with every other number of the lab (explain's formatCompact): 0,001, 1000, 1e6, 2,5e7.
  if (scale.log) return formatCompact(v, { locale, decimals: 4 });
  const span = scale.domain[1] - scale.domain[0];
  const decimals = Math.max(0, Math.min(6, 1 - Math.floor(Math.log10(span / 5))));
  return formatCompact(v, { locale, decimals });
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const FRAME: Frame = { width: 480, height: 260, left: 52, right: 14, top: 12, bottom: 40 };

/** Axis lines, ticks with labels and axis titles, as one <g>. */
export function axes(
  x: Scale,
  y: Scale,
  locale: Locale,
  titles: { x: string; y: string },
  f: Frame = FRAME,
): SVGGElement {
  const g = s('g', { class: 'axes', 'aria-hidden': 'true' });
  const x0 = f.left;
  const x1 = f.width - f.right;
  const y0 = f.height - f.bottom;
  const y1 = f.top;
  g.append(s('line', { x1: x0, x2: x1, y1: y0, y2: y0, class: 'axis' }));
  g.append(s('line', { x1: x0, x2: x0, y1: y0, y2: y1, class: 'axis' }));
  for (const t of x.ticks(5)) {
    const px = x(t);
    if (px < x0 - 0.5 || px > x1 + 0.5) continue;
    g.append(s('line', { x1: px, x2: px, y1: y0, y2: y1, class: 'grid' }));
    g.append(
      s('text', { x: px, y: y0 + 16, class: 'tick', 'text-anchor': 'middle' }, tickLabel(t, locale, x)),
    );
  }
  for (const t of y.ticks(5)) {
    const py = y(t);
    if (py > y0 + 0.5 || py < y1 - 0.5) continue;
    g.append(s('line', { x1: x0, x2: x1, y1: py, y2: py, class: 'grid' }));
    g.append(
      s('text', { x: x0 - 6, y: py + 4, class: 'tick', 'text-anchor': 'end' }, tickLabel(t, locale, y)),
    );
  }
  g.append(
    s('text', { x: (x0 + x1) / 2, y: f.height - 6, class: 'axis-title', 'text-anchor': 'middle' }, titles.x),
  );
  g.append(
    s(
      'text',
      {
        x: 12,
        y: (y0 + y1) / 2,
        class: 'axis-title',
        'text-anchor': 'middle',
        transform: `rotate(-90 12 ${(y0 + y1) / 2})`,
      },
      titles.y,
    ),
  );
  return g;
}

/** The extent of finite values, or undefined. */
export function extent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** An SVG chart element with a viewBox that scales with its box. */
export function chartSvg(label: string, f: Frame = FRAME): SVGSVGElement {
  return s('svg', {
    viewBox: `0 0 ${f.width} ${f.height}`,
    role: 'img',
    'aria-label': label,
    class: 'chart',
    preserveAspectRatio: 'xMidYMid meet',
  });
}
