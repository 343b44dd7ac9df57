import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel, s } from '../../dom';
import { type Frame, axes, chartSvg, linearScale } from '../../views/axes';
import type { LmWords } from '../words';
import { shownChar } from './heatmap';

const SQUARE: Frame = { width: 420, height: 420, left: 46, right: 14, top: 12, bottom: 40 };

/**
 * The embedding table of two values per character, drawn as points on a plane: each character sits at
 * (E[c][0], E[c][1]) after the step on display, and moves as the model learns (characters that play
 * the same part drift together). The axes grow when a point leaves them and shrink back only when the
 * points need less than a third, so the picture does not jump every step. A short list under it says
 * which characters are nearest each other, for a screen reader.
 */
export function planeView(w: LmWords) {
  const svg = chartSvg(w.planeTitle, SQUARE);
  svg.setAttribute('aria-describedby', 'plane-summary');
  const grid = s('g');
  const dots = s('g', { class: 'plane-points' });
  svg.append(grid, dots);
  const summary = h('p', { class: 'caption', id: 'plane-summary' });
  const el = panel('plane-panel', w.planeTitle, h('p', { class: 'caption' }, w.planeCaption), svg, summary);
  let half = 0;
  let drawnKey = '';
  let drawnChars: string[] = [];
  let points: { g: SVGGElement; circle: SVGCircleElement; label: SVGTextElement }[] = [];

  function update(E: number[][] | undefined, chars: string[], step: number, fmt: NumberFormat): void {
    el.hidden = !E;
    if (!E) return;
    let need = 0;
    for (const [x, y] of E) need = Math.max(need, Math.abs(x), Math.abs(y));
    need = need * 1.1 || 1;
    if (need > half || need < half / 3) half = need * 1.25;
    const f = SQUARE;
    const x = linearScale([-half, half], [f.left, f.width - f.right]);
    const y = linearScale([-half, half], [f.height - f.bottom, f.top]);
    const key = `${half}|${fmt.locale}`;
    if (key !== drawnKey) {
      grid.replaceChildren(axes(x, y, fmt.locale, { x: w.planeX, y: w.planeY }, f));
      drawnKey = key;
    }
    // The points are built once per vocabulary and moved in place each step (no new elements a frame).
    if (points.length !== E.length || drawnChars !== chars) {
      drawnChars = chars;
      points = E.map((_, i) => {
        const circle = s('circle', { r: 3 });
        const label = s('text', { class: 'point-label', x: 5, y: -4 }, shownChar(chars[i]));
        const g = s(
          'g',
          { class: i === 0 ? 'point boundary' : 'point', 'data-char': chars[i] },
          circle,
          label,
        );
        return { g, circle, label };
      });
      dots.replaceChildren(...points.map((p) => p.g));
    }
    E.forEach(([ex, ey], i) => {
      const p = points[i];
      p.g.setAttribute('data-x', String(ex));
      p.g.setAttribute('data-y', String(ey));
      // One attribute moves the point and its label together.
      p.g.setAttribute('transform', `translate(${x(ex).toFixed(1)} ${y(ey).toFixed(1)})`);
    });
    summary.textContent = w.planeSummary(step, nearest(E, chars, fmt));
  }

  return { el, update };
}

/** The three closest pairs of characters on the plane, in words ("a–e 0,12"). */
function nearest(E: number[][], chars: string[], fmt: NumberFormat): string {
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < E.length; i++)
    for (let j = i + 1; j < E.length; j++)
      pairs.push([Math.hypot(E[i][0] - E[j][0], E[i][1] - E[j][1]), i, j]);
  pairs.sort((p, q) => p[0] - q[0]);
  return pairs
    .slice(0, 3)
    .map(([d, i, j]) => `${shownChar(chars[i])}–${shownChar(chars[j])} ${formatCompact(d, fmt)}`)
    .join(', ');
}
