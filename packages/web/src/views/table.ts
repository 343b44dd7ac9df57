import { formatCompact } from '@unha/explain';
import { h, panel } from '../dom';
import type { Words } from '../i18n';
import { type ScalarParam, type ViewModel, paramsAt, scalarParams, valueOf } from './model';

/** Rows are this tall (the stylesheet says so too): only the rows in view are in the page. */
const ROW = 30;
const OVERSCAN = 8;
/** Beyond this many numbers the parameters are left to the network diagram. */
const MAX_PARAM_COLUMNS = 8;

/**
 * Every epoch so far, one row each: the loss of its forward pass and the parameters after its update.
 * Row 0 is the starting point. Long runs stay quick: the table only builds the rows in view.
 */
export function tableView(w: Words, actions: { goto(epoch: number): void; nudge(by: number): void }) {
  // One tab stop for the whole table (its rows' buttons are for the mouse): ↑ ↓ choose the epoch.
  const scroller = h('div', {
    class: 'table-scroll',
    tabindex: 0,
    role: 'region',
    'aria-label': w.tableKeys,
  });
  const table = h('table', { class: 'epochs', id: 'epochs-table' });
  const thead = h('thead');
  const tbody = h('tbody');
  table.append(thead, tbody);
  scroller.append(table);
  const el = panel('table-panel', w.table, scroller);
  let model: ViewModel | undefined;
  let cols: ScalarParam[] = [];
  let hasVal = false;
  let header = '';
  let lastEpoch = -1;
  let scheduled = false;
  // The scroll position and the box's height, kept from events: reading them in update() would force
  // the browser to lay out the page in the middle of drawing it.
  let scrollTop = 0;
  let viewH = 330;
  new ResizeObserver((entries) => {
    for (const e of entries) viewH = e.contentRect.height || viewH;
  }).observe(scroller);

  scroller.addEventListener('scroll', () => {
    scrollTop = scroller.scrollTop;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      render();
    });
  });
  scroller.addEventListener('keydown', (ev) => {
    const m = model;
    if (!m || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    // Relative moves count from the epoch already asked for: keys pressed faster than the worker add up.
    const by: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -10, PageDown: 10 };
    if (ev.key in by) actions.nudge(by[ev.key]);
    else if (ev.key === 'Home') actions.goto(0);
    else if (ev.key === 'End') actions.goto(m.summaries.length);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  });
  tbody.addEventListener('click', (ev) => {
    const b = (ev.target as Element).closest('button[data-epoch]');
    if (b) actions.goto(Number(b.getAttribute('data-epoch')));
  });

  function render(): void {
    const m = model;
    if (!m) return;
    const rows = m.summaries.length + 1;
    const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
    const last = Math.min(rows, Math.ceil((scrollTop + viewH) / ROW) + OVERSCAN);
    const f = (v: number): string => formatCompact(v, m.fmt);
    const html: string[] = [`<tr class="spacer" style="height:${first * ROW}px"></tr>`];
    for (let e = first; e < last; e++) {
      const s = m.summaries[e - 1];
      const p = paramsAt(m, e);
      const cur = e === m.epoch ? ' class="current" aria-current="true"' : '';
      const cells = [
        `<th scope="row"><button type="button" class="linklike" tabindex="-1" data-epoch="${e}">${e}</button></th>`,
        `<td>${s ? f(s.loss) : '—'}</td>`,
        ...(hasVal ? [`<td>${s?.valLoss !== undefined ? f(s.valLoss) : '—'}</td>`] : []),
        ...cols.map((c) => `<td>${p ? f(valueOf(p, c.name, c.index)) : ''}</td>`),
      ];
      html.push(`<tr${cur}>${cells.join('')}</tr>`);
    }
    html.push(`<tr class="spacer" style="height:${(rows - last) * ROW}px"></tr>`);
    tbody.innerHTML = html.join('');
  }

  function update(m: ViewModel): void {
    model = m;
    if (!m.info || !m.experiment) return;
    hasVal = m.summaries.some((s) => s.valLoss !== undefined);
    const all = scalarParams(m.experiment, m.info.paramNames, m.fmt);
    cols = all.length <= MAX_PARAM_COLUMNS ? all : [];
    const key = `${m.fmt.locale}|${hasVal}|${cols.map((c) => c.label).join()}`;
    if (key !== header) {
      header = key;
      thead.innerHTML = `<tr><th scope="col">${w.colEpoch}</th><th scope="col">${w.colLoss}</th>${hasVal ? `<th scope="col">${w.colVal}</th>` : ''}${cols
        .map((c) => `<th scope="col">${c.label}</th>`)
        .join('')}</tr>`;
    }
    if (m.epoch !== lastEpoch) {
      lastEpoch = m.epoch;
      // Keep the row on display in view (below the sticky header), scrolling as little as possible.
      const top = m.epoch * ROW;
      const headH = ROW; // the header row is as tall as the others
      let want = scrollTop;
      if (top < scrollTop) want = top;
      else if (top + ROW + headH > scrollTop + viewH) want = top + ROW + headH - viewH;
      if (want !== scrollTop) {
        scrollTop = want;
        // Scrolled at the start of the next frame, when the page is already laid out: writing it now
        // would make the browser lay out the whole page twice in this frame. The rows drawn now cover
        // both positions (the overscan), so nothing flickers.
        requestAnimationFrame(() => (scroller.scrollTop = scrollTop));
      }
    }
    render();
  }

  return { el, update };
}
