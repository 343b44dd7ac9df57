import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel, s } from '../../dom';
import { FRAME, type Scale, axes, chartSvg, linearScale } from '../../views/axes';
import type { LmEval, LmInfo, LmStepSummary } from '../protocol';
import type { LmWords } from '../words';

/** What the curves draw. */
export interface CurveData {
  info?: LmInfo;
  steps: LmStepSummary[];
  evals: LmEval[];
  step: number;
  fmt: NumberFormat;
}

const clampY = (py: number): number => Math.min(Math.max(py, FRAME.top), FRAME.height - FRAME.bottom);

/**
 * The losses as the model learns: each step's batch loss (thin), the mean over all training and all
 * validation examples at regular steps, and two lines to measure them by: ln V, the loss of a uniform
 * guess, and the counting model's validation loss (what a bigram can reach). A click shows that step.
 */
export function curvesView(w: LmWords, a: { goto(step: number): void }) {
  const svg = chartSvg(w.curvesTitle);
  svg.setAttribute('aria-describedby', 'curves-summary');
  const base = s('g');
  const marker = s('g', { class: 'marker' });
  svg.append(base, marker);
  const legend = h('ul', { class: 'legend-list', id: 'curves-legend' });
  const readout = h('p', { class: 'readout', id: 'curves-readout' });
  const summary = h('p', { class: 'visually-hidden', id: 'curves-summary' });
  const el = panel('curves-panel', w.curvesTitle, svg, legend, readout, summary);
  let x: Scale = linearScale([0, 1], [0, 1]);
  let y: Scale = x;
  let drawn = '';
  let max = 0;

  svg.addEventListener('click', (ev) => {
    if (max === 0) return;
    const r = svg.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * FRAME.width;
    a.goto(Math.min(Math.max(Math.round(x.invert(px)), 0), max));
  });

  const grid = s('g');
  const refs = s('g');
  const batchPath = s('path', { class: 'series batch' });
  const trainPath = s('path', { class: 'series loss' });
  const valPath = s('path', { class: 'series val' });
  base.append(grid, refs, batchPath, trainPath, valPath);
  let frame = '';

  /** The axes, reference lines and legend change only with the scale; the series every step (in place). */
  function redraw(d: CurveData, info: LmInfo): void {
    const f = FRAME;
    const { uniform, countsTrain, countsVal } = info.reference;
    let top = uniform;
    for (const e of d.evals) top = Math.max(top, finite(e.train), finite(e.val));
    for (const st of d.steps) top = Math.max(top, Math.min(finite(st.loss), uniform * 1.6));
    // The top in steps of a tenth of ln V: the axes are drawn again only when it moves a step.
    top = Math.ceil((top * 1.05) / (uniform / 10)) * (uniform / 10);
    const steps = Math.max(info.steps, d.steps.length, 1);
    const key = `${top}|${steps}|${d.fmt.locale}`;
    if (key !== frame) {
      frame = key;
      x = linearScale([0, steps], [f.left, f.width - f.right], true);
      y = linearScale([0, top], [f.height - f.bottom, f.top]);
      grid.replaceChildren(axes(x, y, d.fmt.locale, { x: w.stepWord, y: w.lossWord }));
      const hline = (v: number, cls: string): SVGLineElement =>
        s('line', { x1: f.left, x2: f.width - f.right, y1: y(v), y2: y(v), class: `ref ${cls}` });
      refs.replaceChildren(hline(uniform, 'ref-uniform'), hline(countsVal, 'ref-counts'));
      const f4 = (v: number): string => formatCompact(v, d.fmt);
      legend.replaceChildren(
        h('li', { class: 'key-batch' }, w.legendBatch),
        h('li', { class: 'key-train' }, w.legendTrain(info.evalExamples.train, info.trainExamples)),
        h('li', { class: 'key-val' }, w.legendVal(info.evalExamples.val, info.valExamples)),
        h('li', { class: 'key-uniform' }, w.legendUniform(info.chars.length, f4(uniform))),
        h('li', { class: 'key-counts' }, w.legendCounts(f4(countsTrain), f4(countsVal))),
      );
    }
    batchPath.setAttribute(
      'd',
      path(
        d.steps.map((st) => [st.step, st.loss]),
        x,
        y,
      ),
    );
    trainPath.setAttribute(
      'd',
      path(
        d.evals.map((e) => [e.step, e.train]),
        x,
        y,
      ),
    );
    valPath.setAttribute(
      'd',
      path(
        d.evals.map((e) => [e.step, e.val]),
        x,
        y,
      ),
    );
  }

  function update(d: CurveData): void {
    const info = d.info;
    el.hidden = !info;
    if (!info) return;
    max = Math.max(info.steps, d.steps.length);
    const lastEval = d.evals[d.evals.length - 1];
    const key = `${d.steps.length}|${d.evals.length}|${d.fmt.locale}|${info.steps}`;
    if (key !== drawn) {
      redraw(d, info);
      drawn = key;
    }
    marker.replaceChildren();
    const px = x(d.step);
    marker.append(
      s('line', { x1: px, x2: px, y1: FRAME.top, y2: FRAME.height - FRAME.bottom, class: 'cursor' }),
    );
    const st = d.steps[d.step - 1];
    if (st) marker.append(s('circle', { cx: px, cy: clampY(y(st.loss)), r: 4, class: 'dot-current' }));
    // The latest evaluation at or before the step shown.
    let ev: LmEval | undefined;
    for (const e of d.evals) if (e.step <= d.step) ev = e;
    const f4 = (v: number): string => formatCompact(v, d.fmt);
    readout.textContent = [
      st ? w.batchLossAt(d.step, f4(st.loss)) : '',
      ev ? w.evalAt(ev.step, f4(ev.train), f4(ev.val)) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    summary.textContent = lastEval
      ? w.curvesSummary(
          lastEval.step,
          f4(lastEval.train),
          f4(lastEval.val),
          f4(info.reference.uniform),
          f4(info.reference.countsVal),
        )
      : '';
  }

  return { el, update };
}

const finite = (v: number): number => (Number.isFinite(v) ? v : 0);

/** A polyline; long runs keep each pixel column's lowest and highest point so the noise stays visible. */
function path(points: [number, number][], x: Scale, y: Scale): string {
  const parts: string[] = [];
  let pen = false;
  const at = (px: number, v: number): void => {
    if (!Number.isFinite(v)) {
      pen = false;
      return;
    }
    parts.push(`${pen ? 'L' : 'M'}${px.toFixed(1)} ${clampY(y(v)).toFixed(1)}`);
    pen = true;
  };
  const columns = 400;
  if (points.length <= columns * 2) {
    for (const [st, v] of points) at(x(st), v);
    if (points.length === 1) parts.push('h0.1');
    return parts.join('');
  }
  const per = points.length / columns;
  for (let c = 0; c < columns; c++) {
    const chunk = points.slice(Math.floor(c * per), Math.floor((c + 1) * per));
    let lo = chunk[0];
    let hi = chunk[0];
    for (const p of chunk) {
      if (p[1] < lo[1]) lo = p;
      if (p[1] > hi[1]) hi = p;
    }
    const [p, q] = lo[0] < hi[0] ? [lo, hi] : [hi, lo];
    at(x(p[0]), p[1]);
    if (q !== p) at(x(q[0]), q[1]);
  }
  return parts.join('');
}
