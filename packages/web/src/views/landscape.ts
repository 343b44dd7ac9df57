import { formatCompact, formatNumber } from '@unha/explain';
import { h, panel, s } from '../dom';
import type { Words } from '../i18n';
import type { Landscape } from '../protocol';
import { type Frame, axes, chartSvg, linearScale } from './axes';
import { contourLines, logLevels, ramp } from './contour';
import { type ViewModel, paramsAt, valueOf } from './model';
import { landscapeSummary } from './summaries';

const F: Frame = { width: 420, height: 360, left: 52, right: 14, top: 12, bottom: 40 };

/**
 * The loss over the plane of (W, B) for a one-neuron model, as a shaded contour map (losses computed
 * by the engine in the worker), with the path the parameters took epoch by epoch.
 */
export function landscapeView(w: Words) {
  const svg = chartSvg(w.landscape, F);
  const base = s('g');
  const path = s('g', { class: 'path' });
  svg.append(base, path);
  const caption = h('p', { class: 'caption' }, w.landscapeCaption);
  const valley = h('p', { class: 'caption' });
  const summary = h('p', { class: 'visually-hidden', id: 'landscape-summary' });
  svg.setAttribute('aria-describedby', 'landscape-summary');
  const el = panel('landscape-panel', w.landscape, svg, caption, valley, summary);
  let summarized: unknown;
  let drawn: Landscape | undefined;
  let drawnLocale = '';
  let x = linearScale([0, 1], [F.left, F.width - F.right]);
  let y = linearScale([0, 1], [F.height - F.bottom, F.top]);

  function drawGrid(l: Landscape, m: ViewModel): void {
    x = linearScale(l.w, [F.left, F.width - F.right]);
    y = linearScale(l.b, [F.height - F.bottom, F.top]);
    // Grid lines first: the shading covers them inside the plot, the ticks stay outside.
    base.replaceChildren(axes(x, y, m.fmt.locale, { x: 'W', y: 'B' }, F));
    const n = l.n;
    // The shading: one pixel per grid point, scaled up smoothly by the browser.
    const canvas = document.createElement('canvas');
    canvas.width = n;
    canvas.height = n;
    const ctx = canvas.getContext('2d');
    const finite = l.loss.filter((v) => Number.isFinite(v) && v > 0);
    // Folds, not spreads: Math.max(...a) overflows the stack on a long array.
    const top = finite.reduce((a, b) => Math.max(a, b), -Infinity);
    const lo = Math.log10(
      Math.max(
        finite.reduce((a, b) => Math.min(a, b), Infinity),
        top * 1e-4,
      ),
    );
    const hi = Math.log10(top);
    if (ctx) {
      const img = ctx.createImageData(n, n);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const v = l.loss[r * n + c];
          const t = v > 0 ? (Math.log10(v) - lo) / (hi - lo || 1) : 0;
          const [R, G, B] = ramp(t);
          const k = ((n - 1 - r) * n + c) * 4;
          img.data.set([R, G, B, 255], k);
        }
      }
      ctx.putImageData(img, 0, 0);
      base.append(
        s('image', {
          href: canvas.toDataURL(),
          x: F.left,
          y: F.top,
          width: F.width - F.left - F.right,
          height: F.height - F.top - F.bottom,
          preserveAspectRatio: 'none',
          class: 'heat',
        }),
      );
    }
    const gx = (c: number): number => x(l.w[0] + ((l.w[1] - l.w[0]) * c) / (n - 1));
    const gy = (r: number): number => y(l.b[0] + ((l.b[1] - l.b[0]) * r) / (n - 1));
    for (const level of logLevels(l.loss, 9)) {
      // Each level line is one path piece (M, L…, Z when it closes), not a heap of two-point segments.
      const d = contourLines(l.loss, n, level)
        .map(
          ({ points, closed }) =>
            points
              .map(([c, r], i) => `${i === 0 ? 'M' : 'L'}${gx(c).toFixed(1)} ${gy(r).toFixed(1)}`)
              .join('') + (closed ? 'Z' : ''),
        )
        .join('');
      base.append(s('path', { d, class: 'contour' }, s('title', {}, formatCompact(level, m.fmt))));
    }
  }

  function update(m: ViewModel): void {
    const info = m.info;
    el.hidden = !info?.oneNeuron || !m.landscape;
    if (el.hidden || !m.landscape || !info) return;
    if (m.landscape !== drawn || m.fmt.locale !== drawnLocale) {
      drawGrid(m.landscape, m);
      drawn = m.landscape;
      drawnLocale = m.fmt.locale;
      const d = info.data;
      valley.textContent =
        d.inputs.length === 1 && !info.normalized
          ? w.valley(formatNumber(d.inputs[0][0], m.fmt), formatNumber(d.targets[0][0], m.fmt))
          : '';
    }
    const now = paramsAt(m, m.epoch);
    if (!m.playing && now && summarized !== now) {
      summarized = now;
      summary.textContent = landscapeSummary(m, m.landscape, valueOf(now, 'W1', 0), valueOf(now, 'b1', 0));
    }
    path.replaceChildren();
    const inView = (px: number, py: number): boolean =>
      Number.isFinite(px) &&
      Number.isFinite(py) &&
      px >= F.left - 1 &&
      px <= F.width - F.right + 1 &&
      py >= F.top - 1 &&
      py <= F.height - F.bottom + 1;
    const pts: [number, number][] = [];
    // A long run draws its last 400 epochs: the shape of the path is there, the page stays quick.
    for (let e = Math.max(0, m.epoch - 400); e <= m.epoch; e++) {
      const p = paramsAt(m, e);
      if (!p) break;
      pts.push([x(valueOf(p, 'W1', 0)), y(valueOf(p, 'b1', 0))]);
    }
    const d = pts
      .filter(([px, py]) => inView(px, py))
      .map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)} ${py.toFixed(1)}`)
      .join('');
    path.append(s('path', { d, class: 'walk' }));
    for (const [px, py] of pts.slice(-60))
      if (inView(px, py)) path.append(s('circle', { cx: px, cy: py, r: 2.6, class: 'step-dot' }));
    const last = pts[pts.length - 1];
    if (last && inView(...last)) path.append(s('circle', { cx: last[0], cy: last[1], r: 7, class: 'ring' }));
  }

  return { el, update };
}
