import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel } from '../../dom';
import type { Inspection } from '../protocol';
import { type GptWords, shownChar } from '../words';

export interface AttentionActions {
  /** Opens the hand calculation of a cell. */
  open(layer: number, head: number, row: number, col: number): void;
}

const esc = (t: string): string =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The attention weights of every layer and head for the learner's text, each an HTML table (rows: the
 * position reading, columns: the position read; the future masked). Each table is one tab stop: the
 * arrow keys (Home, End, PageUp, PageDown) move a cell at a time, and Enter, Space or a click opens the
 * cell's hand calculation. Every cell has a label with its weight, and under each table a sentence
 * says where each position looks most. A large model has many heads of many cells: one head is built
 * per frame, so no frame carries them all; `data-complete` says when the last is in.
 */
export function attentionView(w: GptWords, a: AttentionActions) {
  const help = h('p', { class: 'caption', id: 'attention-help' }, w.attentionHelp);
  const grid = h('div', { class: 'heads', id: 'attention' });
  const el = panel('attention-panel', w.attentionTitle, help, grid);
  let generation = 0;

  grid.addEventListener('keydown', (ev) => {
    const td = (ev.target as Element).closest?.('td');
    if (!td) return;
    const table = td.closest('table')!;
    const T = Number(table.dataset.t);
    const r = Number(td.dataset.row);
    const c = Number(td.dataset.col);
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: [r, 0],
      End: [r, T - 1],
      PageUp: [0, c],
      PageDown: [T - 1, c],
    };
    const to = moves[ev.key];
    if (to) {
      const [nr, nc] = [Math.max(0, Math.min(T - 1, to[0])), Math.max(0, Math.min(T - 1, to[1]))];
      const next = table.querySelector<HTMLElement>(`td[data-row="${nr}"][data-col="${nc}"]`);
      if (next) {
        td.setAttribute('tabindex', '-1');
        next.setAttribute('tabindex', '0');
        next.focus();
      }
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      openCell(td);
    } else return;
    ev.preventDefault();
    // The lab's own keys (→ next step, Space play) are not for the table.
    ev.stopPropagation();
  });
  grid.addEventListener('click', (ev) => {
    const td = (ev.target as Element).closest?.('td');
    if (!td) return;
    const table = td.closest('table')!;
    table.querySelector('td[tabindex="0"]')?.setAttribute('tabindex', '-1');
    td.setAttribute('tabindex', '0');
    openCell(td);
  });
  const openCell = (td: HTMLElement): void => {
    const table = td.closest('table')!;
    a.open(
      Number(table.dataset.layer),
      Number(table.dataset.head),
      Number(td.dataset.row),
      Number(td.dataset.col),
    );
  };

  function headTable(ins: Inspection, layer: number, head: number, fmt: NumberFormat): HTMLElement {
    const { T } = ins;
    const chars = [...ins.text].map(shownChar);
    const W = ins.layers[layer].weights;
    const id = `head-${layer}-${head}`;
    const rows: string[] = [];
    const strongest: string[] = [];
    for (let i = 0; i < T; i++) {
      let html = `<tr><th scope="row">${i + 1} ${esc(chars[i])}</th>`;
      let best = 0;
      for (let j = 0; j < T; j++) {
        const v = W[(head * T + i) * T + j];
        if (j <= i && v > W[(head * T + i) * T + best]) best = j;
        const masked = j > i;
        const label = masked
          ? w.maskedLabel(i, chars[i], j, chars[j])
          : w.cellLabel(i, chars[i], j, chars[j], formatCompact(v, fmt));
        const tab = i === 0 && j === 0 ? '0' : '-1';
        html +=
          `<td data-row="${i}" data-col="${j}" data-w="${v}"${masked ? ' data-masked="true" class="masked"' : ''}` +
          ` tabindex="${tab}" aria-label="${esc(label)}" style="--level:${Math.sqrt(Math.max(0, v)).toFixed(3)}"></td>`;
      }
      rows.push(`${html}</tr>`);
      strongest.push(`${i + 1} “${chars[i]}” → ${best + 1} “${chars[best]}”`);
    }
    const table = h('table', {
      class: 'heatmap attention',
      id,
      'data-layer': layer,
      'data-head': head,
      'data-t': T,
      'aria-describedby': `${id}-summary attention-help`,
    });
    const head0 = h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'corner' }, h('span', { class: 'visually-hidden' }, w.corner)),
      ...chars.map((c, j) => h('th', { scope: 'col' }, `${j + 1}`, h('br'), c)),
    );
    const body = h('tbody');
    body.innerHTML = rows.join('');
    table.append(h('caption', {}, w.headTitle(layer, head)), h('thead', {}, head0), body);
    return h(
      'figure',
      { class: 'head' },
      h('div', { class: 'heatmap-wrap' }, table),
      h('figcaption', { class: 'caption', id: `${id}-summary` }, w.headSummary(strongest.join('; '))),
    );
  }

  /** Draws every head of the inspection, one per animation frame after the first. */
  function update(ins: Inspection | undefined, fmt: NumberFormat): void {
    const gen = ++generation;
    el.hidden = !ins;
    if (!ins || ins.T === 0) {
      grid.replaceChildren();
      grid.dataset.complete = 'true';
      return;
    }
    grid.dataset.complete = 'false';
    grid.dataset.step = String(ins.step);
    const order: [number, number][] = [];
    for (let l = 0; l < ins.layers.length; l++) for (let hd = 0; hd < ins.heads; hd++) order.push([l, hd]);
    const figures: HTMLElement[] = [];
    const next = (k: number): void => {
      if (gen !== generation) return;
      figures.push(headTable(ins, order[k][0], order[k][1], fmt));
      if (k + 1 < order.length) requestAnimationFrame(() => next(k + 1));
      else {
        // The reader's place in a heatmap survives the redraw (a new step, a new text).
        const at = (document.activeElement as HTMLElement | null)?.closest?.(
          '#attention td',
        ) as HTMLElement | null;
        const table = at?.closest('table');
        grid.replaceChildren(...figures);
        grid.dataset.complete = 'true';
        if (at && table) {
          const again = grid.querySelector<HTMLElement>(
            `#${table.id} td[data-row="${at.dataset.row}"][data-col="${at.dataset.col}"]`,
          );
          if (again) {
            again.closest('table')?.querySelector('td[tabindex="0"]')?.setAttribute('tabindex', '-1');
            again.setAttribute('tabindex', '0');
            again.focus();
          }
        }
      }
    };
    next(0);
  }

  return { el, update };
}
