import { formatCompact } from '@unha/explain';
import { h, panel, s } from '../dom';
import type { Words } from '../i18n';
import type { EpochSummary } from '../protocol';
import { FRAME, type Scale, axes, chartSvg, extent, linearScale, logScale } from './axes';
import type { ViewModel } from './model';
import { lossSummary } from './summaries';

/** The loss of every epoch so far, with the epoch on display marked; a click shows that epoch. */
export function lossChart(w: Words, actions: { goto(epoch: number): void; setLog(on: boolean): void }) {
  const svg = chartSvg(w.lossCurve);
  const base = s('g');
  const marker = s('g', { class: 'marker' });
  svg.append(base, marker);
  const logBox = h('input', { type: 'checkbox', id: 'log-scale' });
  logBox.addEventListener('change', () => actions.setLog(logBox.checked));
  const readout = h('p', { class: 'readout', 'aria-live': 'off' });
  const summary = h('p', { class: 'visually-hidden', id: 'loss-summary' });
  svg.setAttribute('aria-describedby', 'loss-summary');
  const el = panel(
    'loss-panel',
    w.lossCurve,
    h('label', { class: 'check' }, logBox, ` ${w.logScale}`),
    svg,
    readout,
    summary,
  );

  let drawn = '';
  let summarized = '';
  let x: Scale = linearScale([1, 2], [0, 1]);
  let y: Scale = x;
  let count = 0;

  svg.addEventListener('click', (ev) => {
    if (count === 0) return;
    const r = svg.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * FRAME.width;
    const e = Math.round(x.invert(px));
    actions.goto(Math.min(Math.max(e, 1), count));
  });

  function redraw(m: ViewModel): void {
    const sums = m.summaries;
    count = sums.length;
    const f = FRAME;
    const hasVal = sums.some((e) => e.valLoss !== undefined);
    const values = sums.flatMap((e) => (e.valLoss !== undefined ? [e.loss, e.valLoss] : [e.loss]));
    const ext =
      extent(m.state.log ? values.filter((v) => v > 0) : values) ?? (m.state.log ? [1, 10] : [0, 1]);
    // Room for the run's epochs from the start (up to 20), growing with the run beyond that.
    x = linearScale([1, Math.max(count, Math.min(m.maxEpochs, 20), 2)], [f.left, f.width - f.right], true);
    y = m.state.log
      ? logScale([ext[0], ext[1]], [f.height - f.bottom, f.top])
      : linearScale([Math.min(0, ext[0]), ext[1] * 1.05 || 1], [f.height - f.bottom, f.top]);
    base.replaceChildren(axes(x, y, m.fmt.locale, { x: w.colEpoch, y: w.colLoss }));
    base.append(s('path', { d: linePath(sums, (e) => e.loss, x, y), class: 'series loss' }));
    if (hasVal) {
      base.append(s('path', { d: linePath(sums, (e) => e.valLoss ?? NaN, x, y), class: 'series val' }));
      base.append(legend(w));
    }
  }

  function update(m: ViewModel): void {
    logBox.checked = m.state.log;
    const key = `${m.summaries.length}|${m.state.log}|${m.fmt.locale}|${m.maxEpochs}`;
    if (key !== drawn) {
      redraw(m);
      drawn = key;
    }
    marker.replaceChildren();
    const now = m.summaries[m.epoch - 1];
    const said = `${m.epoch}|${now?.loss}|${now?.valLoss}|${m.fmt.locale}`;
    if (!m.playing && said !== summarized) {
      summarized = said;
      summary.textContent = lossSummary(m);
    }
    const e = m.summaries[m.epoch - 1];
    if (!e) {
      readout.textContent = '';
      return;
    }
    const px = x(m.epoch);
    const py = y(Math.max(e.loss, y.log ? y.domain[0] : -Infinity));
    marker.append(
      s('line', { x1: px, x2: px, y1: FRAME.top, y2: FRAME.height - FRAME.bottom, class: 'cursor' }),
      s('circle', { cx: px, cy: clamp(py), r: 4.5, class: 'dot-current' }),
    );
    const val = e.valLoss !== undefined ? ` · ${w.colVal}: ${formatCompact(e.valLoss, m.fmt)}` : '';
    readout.textContent = `${w.colEpoch} ${m.epoch}: ${w.colLoss} ${formatCompact(e.loss, m.fmt)}${val}`;
  }

  return { el, update };
}

/** Which line is which: training solid, validation dashed (as the series are drawn). */
function legend(w: Words): SVGGElement {
  const x0 = FRAME.width - FRAME.right - 120;
  const y0 = FRAME.top + 12;
  return s(
    'g',
    { class: 'legend', 'aria-hidden': 'true' },
    s('line', { x1: x0, x2: x0 + 22, y1: y0, y2: y0, class: 'series loss' }),
    s('text', { x: x0 + 28, y: y0 + 4, class: 'legend-text' }, w.trainingLegend),
    s('line', { x1: x0, x2: x0 + 22, y1: y0 + 18, y2: y0 + 18, class: 'series val' }),
    s('text', { x: x0 + 28, y: y0 + 22, class: 'legend-text' }, w.validationLegend),
  );
}

const clamp = (py: number): number => Math.min(Math.max(py, FRAME.top), FRAME.height - FRAME.bottom);

/** The series as one path; long runs keep each pixel column's lowest and highest value (an oscillation stays visible). */
function linePath(sums: EpochSummary[], get: (e: EpochSummary) => number, x: Scale, y: Scale): string {
  const ok = (v: number): boolean => Number.isFinite(v) && (!y.log || v > 0);
  const parts: string[] = [];
  let pen = false;
  const at = (ep: number, v: number): void => {
    if (!ok(v)) {
      pen = false;
      return;
    }
    parts.push(`${pen ? 'L' : 'M'}${x(ep).toFixed(1)} ${clamp(y(v)).toFixed(1)}`);
    pen = true;
  };
  const columns = 400;
  if (sums.length <= columns * 2) {
    for (const e of sums) at(e.epoch, get(e));
    if (sums.length === 1) parts.push(`h0.1`);
    return parts.join('');
  }
  const per = sums.length / columns;
  for (let c = 0; c < columns; c++) {
    const chunk = sums.slice(Math.floor(c * per), Math.floor((c + 1) * per));
    let lo = chunk[0];
    let hi = chunk[0];
    for (const e of chunk) {
      if (get(e) < get(lo)) lo = e;
      if (get(e) > get(hi)) hi = e;
    }
    const [a, b] = lo.epoch < hi.epoch ? [lo, hi] : [hi, lo];
    at(a.epoch, get(a));
    if (b !== a) at(b.epoch, get(b));
  }
  return parts.join('');
}
