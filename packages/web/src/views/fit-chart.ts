import { formatCompact } from '@unha/explain';
import { fill, h, panel, s } from '../dom';
import type { Words } from '../i18n';
import type { Fit, RunInfo } from '../protocol';
import { FRAME, type Scale, axes, chartSvg, linearScale } from './axes';
import type { ViewModel } from './model';
import { type Range, baseRange, offScale, reachOf, stableRange } from './stable-axis';
import { fitSummary } from './summaries';

/**
 * The data and what the model makes of it. One input: the examples as dots and the model's curve
 * (computed by the engine in the worker). Several inputs: prediction against target, one dot per
 * example. Validation examples, when there are any, are hollow dots. The value axis stays put while the
 * run moves (stable-axis.ts); what falls off it is marked at its edge with its value.
 */
export function fitChart(w: Words) {
  const svg = chartSvg(w.fitTitle);
  const caption = h('p', { class: 'caption' });
  const summary = h('p', { class: 'visually-hidden', id: 'fit-summary' });
  svg.setAttribute('aria-describedby', 'fit-summary');
  const el = panel('fit-panel', w.fitTitle, svg, caption, summary);
  const heading = el.querySelector('h2')!;
  let drawn: unknown;
  let axisFor: unknown;
  let axisKind = '';
  let yRange: Range | undefined;

  let summarized: unknown;

  function update(m: ViewModel): void {
    if (!m.info || !m.fit) return;
    if (drawn !== m.fit) {
      drawn = m.fit;
      draw(m, m.info, m.fit);
    }
    if (!m.playing && summarized !== m.fit && yRange) {
      summarized = m.fit;
      summary.textContent = fitSummary(m, yRange);
    }
  }

  function draw(m: ViewModel, info: RunInfo, fit: Fit): void {
    const f = FRAME;
    const fmtN = (v: number): string => formatCompact(v, m.fmt);
    const targets = info.data.targets.map((t) => t[0]);
    const valTargets = info.validation?.targets.map((t) => t[0]) ?? [];
    // A new run or a new kind of chart starts its axis again from the targets.
    if (axisFor !== info || axisKind !== fit.kind) {
      axisFor = info;
      axisKind = fit.kind;
      yRange = undefined;
    }
    const base = baseRange([...targets, ...valTargets]);
    const reach = reachOf(base);
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
    const clip = `url(#${clipId})`;
    if (fit.kind === 'curve') {
      heading.textContent = w.fitTitle;
      const { xs, ys } = fit;
      yRange = stableRange(yRange, base, ys);
      const x = linearScale([xs[0], xs[xs.length - 1]], [f.left, f.width - f.right]);
      const y = linearScale(yRange, [f.height - f.bottom, f.top]);
      svg.append(axes(x, y, m.fmt.locale, { x: info.inputNames[0], y: info.targetNames[0] }));
      // Far values are held a little beyond the reach so the path's numbers stay sane; the clip hides them.
      const far = (v: number): number =>
        Math.min(Math.max(v, reach[0] - 10 * (reach[1] - reach[0])), reach[1] + 10 * (reach[1] - reach[0]));
      const d = xs
        .map((xv, i) =>
          Number.isFinite(ys[i])
            ? `${i === 0 ? 'M' : 'L'}${x(xv).toFixed(1)} ${y(far(ys[i])).toFixed(1)}`
            : '',
        )
        .join('');
      svg.append(s('path', { d, class: 'series fit', 'clip-path': clip }));
      // Where the line leaves the chart, its farthest value is marked at that edge.
      for (const side of [-1, 1] as const) {
        let at = -1;
        ys.forEach((v, i) => {
          if (offScale(v, yRange!) === side && (at < 0 || side * v > side * ys[at])) at = i;
        });
        if (at >= 0)
          svg.append(offMarker(x(xs[at]), side, y, `ŷ = ${fmtN(ys[at])}`, w.lineOff(fmtN(ys[at]))));
      }
      dots(info, x, y, fmtN, (row) => row[0]);
      caption.textContent = w.fitCaption(m.epoch, !!info.validation);
    } else {
      heading.textContent = w.predTitle;
      const { pred, target } = fit;
      const valPred = fit.valPred ?? [];
      const valTarget = fit.valTarget ?? [];
      yRange = stableRange(yRange, base, [...pred, ...valPred]);
      // Across: the targets, which never move. Up: the predictions, on the stable axis.
      const x = linearScale(base, [f.left, f.width - f.right]);
      const y = linearScale(yRange, [f.height - f.bottom, f.top]);
      svg.append(axes(x, y, m.fmt.locale, { x: `${w.target} (${info.targetNames[0]})`, y: w.prediction }));
      const lo = Math.min(base[0], yRange[0]);
      const hi = Math.max(base[1], yRange[1]);
      svg.append(
        s('line', { x1: x(lo), y1: y(lo), x2: x(hi), y2: y(hi), class: 'diagonal', 'clip-path': clip }),
      );
      const off: Record<-1 | 1, number[]> = { [-1]: [], [1]: [] };
      const point = (t: number, p: number, cls: string, label: string): void => {
        const side = offScale(p, yRange!);
        const title = s('title', {}, `${label}: ${w.target} ${fmtN(t)}, ${w.prediction} ${fmtN(p)}`);
        if (side === 0) svg.append(s('circle', { cx: x(t), cy: y(p), r: 5, class: cls }, title));
        else {
          off[side].push(p);
          svg.append(arrow(x(t), side, y, `${cls} off-scale`, title));
        }
      };
      pred.forEach((p, i) => point(target[i], p, 'dot-data', w.trainingLegend));
      valPred.forEach((p, i) => point(valTarget[i], p, 'dot-val', w.validationLegend));
      for (const side of [-1, 1] as const) {
        const vs = off[side].filter(Number.isFinite);
        if (off[side].length === 0) continue;
        const range = vs.length ? `${fmtN(Math.min(...vs))} … ${fmtN(Math.max(...vs))}` : fmtN(off[side][0]);
        svg.append(edgeLabel(side, y, w.offScale(off[side].length, side, range)));
      }
      caption.textContent = w.predCaption(m.epoch);
    }
    if (info.validation) svg.append(legend(w));
  }

  /** The examples as dots: training filled, validation hollow. */
  function dots(
    info: RunInfo,
    x: Scale,
    y: Scale,
    fmtN: (v: number) => string,
    xOf: (r: number[]) => number,
  ): void {
    const put = (rows: number[][], ts: number[][], cls: string): void =>
      rows.forEach((row, i) =>
        svg.append(
          s(
            'circle',
            { cx: x(xOf(row)), cy: y(ts[i][0]), r: cls === 'dot-val' ? 4 : 5, class: cls },
            s('title', {}, `(${fmtN(row[0])}; ${fmtN(ts[i][0])})`),
          ),
        ),
      );
    if (info.validation) put(info.validation.inputs, info.validation.targets, 'dot-val');
    put(info.data.inputs, info.data.targets, 'dot-data');
  }

  return { el, update };
}

/** A small triangle at the top or bottom edge, pointing out of the chart: a value beyond the axis. */
function arrow(px: number, side: -1 | 1, y: Scale, cls: string, ...children: Node[]): SVGPathElement {
  // The tip on the edge, the base inside the chart.
  const tip = side > 0 ? y.range[1] : y.range[0];
  const back = tip + side * 10;
  return s(
    'path',
    {
      d: `M${px.toFixed(1)} ${tip.toFixed(1)}L${(px - 5).toFixed(1)} ${back.toFixed(1)}L${(px + 5).toFixed(1)} ${back.toFixed(1)}Z`,
      class: cls,
    },
    ...children,
  );
}

/** The line's farthest value beyond an edge, as an arrow with its value written beside it. */
function offMarker(px: number, side: -1 | 1, y: Scale, title: string, text: string): SVGGElement {
  const g = s('g', { class: 'off-marker' });
  g.append(arrow(px, side, y, 'off-scale line-off', s('title', {}, title)));
  const ty = side > 0 ? y.range[1] + 22 : y.range[0] - 14;
  const anchor = px > (FRAME.left + FRAME.width) / 2 ? 'end' : 'start';
  g.append(
    s(
      'text',
      { x: px + (anchor === 'end' ? -8 : 8), y: ty, class: 'off-label', 'text-anchor': anchor },
      text,
    ),
  );
  return g;
}

/** "8 predictions below the chart:" and, on a second line, "−2,5e7 … −5,4e6", along the edge they left by. */
function edgeLabel(side: -1 | 1, y: Scale, text: string): SVGTextElement {
  const [words, values] = text.split(/:\s*/);
  const x = FRAME.width - FRAME.right - 4;
  // Below the chart the text sits above the arrows; above it, under them.
  const first = side > 0 ? y.range[1] + 26 : y.range[0] - 32;
  return s(
    'text',
    { x, y: first, class: 'off-label', 'text-anchor': 'end' },
    s('tspan', { x, dy: 0 }, `${words}:`),
    s('tspan', { x, dy: '1.2em' }, values ?? ''),
  );
}

/** Which dots are which, when there are two kinds. */
function legend(w: Words): SVGGElement {
  const x0 = FRAME.left + 10;
  const y0 = FRAME.top + 12;
  return s(
    'g',
    { class: 'legend', 'aria-hidden': 'true' },
    s('circle', { cx: x0, cy: y0, r: 5, class: 'dot-data' }),
    s('text', { x: x0 + 10, y: y0 + 4, class: 'legend-text' }, w.trainingLegend),
    s('circle', { cx: x0, cy: y0 + 18, r: 4, class: 'dot-val' }),
    s('text', { x: x0 + 10, y: y0 + 22, class: 'legend-text' }, w.validationLegend),
  );
}
