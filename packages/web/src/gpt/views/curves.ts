import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel, s } from '../../dom';
import { FRAME, type Scale, axes, chartSvg, linearScale } from '../../views/axes';
import type { GptEval, GptStepSummary } from '../protocol';
import type { GptWords } from '../words';
import { libm } from '@unha/engine';

const clampY = (py: number): number => Math.min(Math.max(py, FRAME.top), FRAME.height - FRAME.bottom);
const finite = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0);

/**
 * The GPT's losses as it learns: each step's batch loss (thin), the mean over the training and the
 * validation windows at each evaluation (solid, dashed), and ln V, a uniform guess, to measure them by.
 */
export function gptCurvesView(w: GptWords) {
  const svg = chartSvg(w.curvesTitle);
  svg.setAttribute('aria-describedby', 'gpt-curves-readout');
  const grid = s('g');
  const ref = s('line', { class: 'ref ref-uniform' });
  const batch = s('path', { class: 'series batch' });
  const train = s('path', { class: 'series loss' });
  const val = s('path', { class: 'series val' });
  const cursor = s('line', { class: 'cursor' });
  svg.append(grid, ref, batch, train, val, cursor);
  const legend = h('ul', { class: 'legend-list', id: 'gpt-curves-legend' });
  const readout = h('p', { class: 'readout', id: 'gpt-curves-readout' });
  const el = panel('gpt-curves-panel', w.curvesTitle, svg, legend, readout);
  let frame = '';
  let drawn = '';
  let x: Scale = linearScale([0, 1], [0, 1]);
  let y: Scale = x;

  const path = (points: [number, number | undefined][]): string => {
    // Long runs: at most ~800 points, each column's extremes kept so the noise stays visible.
    const every = Math.max(1, Math.floor(points.length / 800));
    const parts: string[] = [];
    let pen = false;
    points.forEach(([st, v], i) => {
      if (i % every !== 0 && i !== points.length - 1) return;
      if (v === undefined || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      parts.push(`${pen ? 'L' : 'M'}${x(st).toFixed(1)} ${clampY(y(v)).toFixed(1)}`);
      pen = true;
    });
    if (parts.length === 1) parts.push('h0.1');
    return parts.join('');
  };

  function update(d: {
    V: number;
    maxStep: number;
    step: number;
    steps: GptStepSummary[];
    evals: GptEval[];
    fmt: NumberFormat;
  }): void {
    const uniform = libm.log(Math.max(d.V, 1));
    const f4 = (v: number): string => formatCompact(v, d.fmt);
    let top = uniform;
    for (const e of d.evals) top = Math.max(top, finite(e.train), finite(e.val));
    for (const st of d.steps) top = Math.max(top, Math.min(finite(st.loss), uniform * 1.6));
    top = Math.ceil((top * 1.05) / (uniform / 10 || 1)) * (uniform / 10 || 1);
    const steps = Math.max(d.maxStep, d.steps.length, 1);
    const key = `${top}|${steps}|${d.fmt.locale}|${d.V}`;
    if (key !== frame) {
      frame = key;
      drawn = '';
      x = linearScale([0, steps], [FRAME.left, FRAME.width - FRAME.right], true);
      y = linearScale([0, top], [FRAME.height - FRAME.bottom, FRAME.top]);
      grid.replaceChildren(axes(x, y, d.fmt.locale, { x: w.stepWord, y: w.lossWord }));
      for (const [k, v] of [
        ['x1', FRAME.left],
        ['x2', FRAME.width - FRAME.right],
        ['y1', y(uniform)],
        ['y2', y(uniform)],
      ] as const)
        ref.setAttribute(k, String(v));
      legend.replaceChildren(
        h('li', { class: 'key-batch' }, w.legendBatch),
        h('li', { class: 'key-train' }, w.legendTrain),
        h('li', { class: 'key-val' }, w.legendVal),
        h('li', { class: 'key-uniform' }, w.legendUniform(d.V, f4(uniform))),
      );
    }
    const k2 = `${d.steps.length}|${d.evals.length}`;
    if (k2 !== drawn) {
      drawn = k2;
      batch.setAttribute('d', path(d.steps.map((st) => [st.step, st.loss])));
      train.setAttribute('d', path(d.evals.map((e) => [e.step, e.train])));
      val.setAttribute('d', path(d.evals.map((e) => [e.step, e.val])));
    }
    const px = x(d.step);
    for (const [k, v] of [
      ['x1', px],
      ['x2', px],
      ['y1', FRAME.top],
      ['y2', FRAME.height - FRAME.bottom],
    ] as const)
      cursor.setAttribute(k, String(v));
    const last = d.evals[d.evals.length - 1];
    readout.textContent = last
      ? w.evalAt(last.step, f4(last.train), last.val !== undefined ? f4(last.val) : undefined)
      : w.noEval;
    readout.dataset.train = last ? String(last.train) : '';
    readout.dataset.val = last?.val !== undefined ? String(last.val) : '';
  }

  return { el, update };
}
