import { formatNumber } from '@unha/explain';
import { fill, h, panel, s } from '../dom';
import type { Words } from '../i18n';
import { FRAME, axes, chartSvg, extent, linearScale } from './axes';
import type { ViewModel } from './model';

/**
 * The data and what the model makes of it. One input: the examples as dots and the model's curve
 * (computed by the engine in the worker). Several inputs: prediction against target, one dot per example.
 */
export function fitChart(w: Words) {
  const svg = chartSvg(w.fitTitle);
  const caption = h('p', { class: 'caption' });
  const el = panel('fit-panel', w.fitTitle, svg, caption);
  const heading = el.querySelector('h2')!;
  let drawn: unknown;

  function update(m: ViewModel): void {
    if (!m.info || !m.fit || drawn === m.fit) return;
    drawn = m.fit;
    const f = FRAME;
    const info = m.info;
    const fmtN = (v: number): string => formatNumber(v, m.fmt);
    const targets = info.data.targets.map((t) => t[0]);
    const tExt = extent(targets) ?? [0, 1];
    // The model's line may be far off at first: show it, up to a few times the size of the targets;
    // beyond that (a diverging run) it leaves the picture through the clip.
    const reach = 3 * Math.max(tExt[1] - tExt[0], Math.abs(tExt[0]), Math.abs(tExt[1]), 1);
    const lo = tExt[0] - reach;
    const hi = tExt[1] + reach;
    const keep = (v: number): number => Math.min(Math.max(v, lo), hi);
    const far = (v: number): number => Math.min(Math.max(v, lo - 10 * reach), hi + 10 * reach);
    fill(svg);
    const clipId = 'fit-clip';
    svg.append(
      s(
        'clipPath',
        { id: clipId },
        s('rect', {
          x: f.left,
          y: f.top,
          width: f.width - f.left - f.right,
          height: f.height - f.top - f.bottom,
        }),
      ),
    );
    if (m.fit.kind === 'curve') {
      heading.textContent = w.fitTitle;
      const { xs, ys } = m.fit;
      const yExt = extent([...targets, ...ys.map(keep)]) ?? tExt;
      const x = linearScale([xs[0], xs[xs.length - 1]], [f.left, f.width - f.right]);
      const pad = (yExt[1] - yExt[0]) * 0.08 || 1;
      const y = linearScale([yExt[0] - pad, yExt[1] + pad], [f.height - f.bottom, f.top]);
      svg.append(axes(x, y, m.fmt.locale, { x: info.inputNames[0], y: info.targetNames[0] }));
      const d = xs
        .map((xv, i) =>
          Number.isFinite(ys[i])
            ? `${i === 0 ? 'M' : 'L'}${x(xv).toFixed(1)} ${y(far(ys[i])).toFixed(1)}`
            : '',
        )
        .join('');
      svg.append(s('path', { d, class: 'series fit', 'clip-path': `url(#${clipId})` }));
      info.data.inputs.forEach((row, i) =>
        svg.append(
          s(
            'circle',
            { cx: x(row[0]), cy: y(targets[i]), r: 5, class: 'dot-data' },
            s('title', {}, `(${fmtN(row[0])}; ${fmtN(targets[i])})`),
          ),
        ),
      );
      caption.textContent = w.fitCaption(m.epoch);
    } else {
      heading.textContent = w.predTitle;
      const { pred, target } = m.fit;
      const all = extent([...target, ...pred.map(keep)]) ?? tExt;
      const pad = (all[1] - all[0]) * 0.08 || 1;
      const dom: [number, number] = [all[0] - pad, all[1] + pad];
      const x = linearScale(dom, [f.left, f.width - f.right]);
      const y = linearScale(dom, [f.height - f.bottom, f.top]);
      svg.append(axes(x, y, m.fmt.locale, { x: `${w.target} (${info.targetNames[0]})`, y: w.prediction }));
      svg.append(
        s('line', { x1: x(dom[0]), y1: y(dom[0]), x2: x(dom[1]), y2: y(dom[1]), class: 'diagonal' }),
      );
      pred.forEach((p, i) =>
        svg.append(
          s(
            'circle',
            { cx: x(target[i]), cy: y(keep(p)), r: 5, class: 'dot-data', 'clip-path': `url(#${clipId})` },
            s('title', {}, `${w.target} ${fmtN(target[i])}, ${w.prediction} ${fmtN(p)}`),
          ),
        ),
      );
      caption.textContent = w.predCaption(m.epoch);
    }
  }

  return { el, update };
}
