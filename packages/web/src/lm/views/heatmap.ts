import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel } from '../../dom';
import type { CountTable } from '../protocol';
import type { LmWords } from '../words';

/** How a character is written in a heading: the boundary token and a space are made visible. */
export const shownChar = (c: string): string => (c === ' ' ? '␣' : c);

/**
 * The count table N[a][b] as a heatmap: rows are the first character, columns the next one, darker is
 * more often. It is an HTML table (a screen reader walks it with its table commands) and one tab stop:
 * the arrow keys (Home, End, PageUp, PageDown) move a cell at a time, and the focused or hovered cell's
 * count and probability are written under it. Enter (or a click) asks for that row's character as the
 * context of the bars.
 */
export function heatmapView(w: LmWords, a: { pick(char: string): void }) {
  const table = h('table', { class: 'heatmap', id: 'heatmap', 'aria-describedby': 'heatmap-help' });
  const help = h('p', { class: 'caption', id: 'heatmap-help' }, w.heatmapHelp);
  const readout = h('p', { class: 'readout', id: 'heatmap-readout', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'heatmap-wrap' }, table);
  const el = panel('heatmap-panel', w.heatmapTitle, help, wrap, readout);
  let drawn: CountTable | undefined;
  let drawnLocale = '';
  let chars: string[] = [];
  let cells: HTMLTableCellElement[][] = [];
  let at: [number, number] = [0, 0];
  let fmt: NumberFormat = { locale: 'en', decimals: 4 };
  let counts: CountTable | undefined;

  const say = (r: number, c: number): string =>
    counts
      ? w.cellText(
          shownChar(chars[r]),
          shownChar(chars[c]),
          counts.N[r][c],
          formatCompact(counts.P[r][c], fmt),
        )
      : '';

  const focusCell = (r: number, c: number, focus: boolean): void => {
    const V = chars.length;
    r = Math.max(0, Math.min(V - 1, r));
    c = Math.max(0, Math.min(V - 1, c));
    cells[at[0]]?.[at[1]]?.setAttribute('tabindex', '-1');
    at = [r, c];
    const cell = cells[r][c];
    cell.setAttribute('tabindex', '0');
    if (focus) cell.focus();
    readout.textContent = say(r, c);
    cell.setAttribute('aria-describedby', 'heatmap-readout');
  };

  table.addEventListener('keydown', (ev) => {
    const V = chars.length;
    const [r, c] = at;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: [r, 0],
      End: [r, V - 1],
      PageUp: [0, c],
      PageDown: [V - 1, c],
    };
    const to = moves[ev.key];
    if (to) {
      focusCell(to[0], to[1], true);
      ev.preventDefault();
      // The lab's own keys (→ next step) are not for the table.
      ev.stopPropagation();
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      a.pick(chars[r]);
      ev.preventDefault();
      ev.stopPropagation();
    }
  });
  const cellOf = (t: EventTarget | null): [number, number] | undefined => {
    const td = (t as Element | null)?.closest?.('td');
    if (!td) return undefined;
    return [Number(td.dataset.row), Number(td.dataset.col)];
  };
  table.addEventListener('mouseover', (ev) => {
    const rc = cellOf(ev.target);
    if (rc) readout.textContent = say(rc[0], rc[1]);
  });
  table.addEventListener('click', (ev) => {
    const rc = cellOf(ev.target);
    if (!rc) return;
    focusCell(rc[0], rc[1], true);
    a.pick(chars[rc[0]]);
  });
  table.addEventListener('focusin', (ev) => {
    const rc = cellOf(ev.target);
    if (rc && (rc[0] !== at[0] || rc[1] !== at[1])) focusCell(rc[0], rc[1], false);
    else if (rc) readout.textContent = say(rc[0], rc[1]);
  });

  function build(): void {
    if (!counts) return;
    const V = chars.length;
    let max = 0;
    for (const row of counts.N) for (const n of row) max = Math.max(max, n);
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'corner' }, h('span', { class: 'visually-hidden' }, w.heatmapCorner)),
      ...chars.map((c) => h('th', { scope: 'col' }, shownChar(c))),
    );
    // One string parsed at once: a vocabulary of 60 characters is 3 600 cells, too many to create one
    // by one within a frame. Each cell holds its count (read with the table's headers by a screen
    // reader); the full sentence, with the probability, is written under the table for the cell in focus.
    const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    const rows: string[] = [];
    for (let r = 0; r < V; r++) {
      let html = `<tr><th scope="row">${esc(shownChar(chars[r]))}</th>`;
      for (let c = 0; c < V; c++) {
        const n = counts.N[r][c];
        // The square root spreads the common pairs and the rare ones over the scale (counts span 0 … thousands).
        const level = max > 0 ? Math.sqrt(n / max) : 0;
        html +=
          `<td data-row="${r}" data-col="${c}" data-count="${n}" data-p="${counts.P[r][c]}" tabindex="-1"` +
          ` style="--level:${level.toFixed(3)}"><span class="visually-hidden">${n}</span></td>`;
      }
      rows.push(`${html}</tr>`);
    }
    const body = h('tbody');
    body.innerHTML = rows.join('');
    table.replaceChildren(
      h('caption', { class: 'visually-hidden' }, w.heatmapTitle),
      h('thead', {}, head),
      body,
    );
    cells = [...body.rows].map((tr) => [...tr.cells].slice(1));
    at = [0, 0];
    cells[0][0].setAttribute('tabindex', '0');
    readout.textContent = '';
  }

  /** Draws the table (once per run and language: the counts do not change while it trains). */
  function update(table: CountTable | undefined, vocab: string[], f: NumberFormat): void {
    el.hidden = !table;
    if (!table || (table === drawn && f.locale === drawnLocale)) return;
    drawn = table;
    drawnLocale = f.locale;
    counts = table;
    chars = vocab;
    fmt = f;
    build();
  }

  return { el, update };
}
