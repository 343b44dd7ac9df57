import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel } from '../../dom';
import type { HandCalc, SoftmaxWork } from '../hand';
import { type GptWords, shownChar } from '../words';

/** Entries of a long vector shown before "… N more" (a button shows them all). */
const FIRST = 8;

/**
 * The hand calculation of the number the learner clicked: an attention weight (q and k of the two
 * positions, their products and sum, divided by √d, then the softmax of the row) or a next-character
 * probability (the softmax of the logits). Each line holds its numbers twice: formatted for reading,
 * and in full in `data-values`/`data-v` (what a test reads back).
 */
export function gptCalcView(w: GptWords) {
  const title = h('p', { class: 'calc-title', id: 'gpt-calc-title' });
  const body = h('div', { class: 'calc-body gpt-calc', id: 'gpt-calc', 'aria-live': 'polite' });
  // In float32 the numbers explained are worked in float64 on the float32 parameters: the panel says so.
  const dtypeNote = h('p', { class: 'caption', id: 'calc-dtype-note', hidden: true }, w.calcFloat32);
  const el = panel('gpt-calc-panel', w.calcTitle, dtypeNote, title, body);
  const whole = new Set<string>();
  let last: (() => void) | undefined;

  body.addEventListener('click', (ev) => {
    const b = (ev.target as Element).closest<HTMLButtonElement>('button[data-all]');
    if (!b) return;
    const name = b.dataset.all!;
    if (whole.has(name)) whole.delete(name);
    else whole.add(name);
    last?.();
    body.querySelector<HTMLElement>(`button[data-all="${name}"]`)?.focus();
  });

  function update(calc: HandCalc | undefined, text: string, chars: string[], fmt: NumberFormat): void {
    last = () => update(calc, text, chars, fmt);
    const n = (v: number): string => formatCompact(v, fmt);
    const num = (v: number, id?: string): HTMLElement =>
      h('span', { class: 'num', 'data-v': String(v), ...(id && { id }) }, n(v));
    const vector = (id: string, values: number[], sep = '; '): HTMLElement => {
      const all = whole.has(id) || values.length <= FIRST;
      const shown = all ? values : values.slice(0, FIRST);
      const rest = values.length - shown.length;
      const toggle =
        values.length > FIRST
          ? h(
              'button',
              { type: 'button', class: 'linklike', 'data-all': id, 'aria-expanded': String(all) },
              all ? w.showFirst(FIRST) : w.showAll(values.length),
            )
          : null;
      return h(
        'span',
        { class: 'vector', id, 'data-values': JSON.stringify(values) },
        `[${shown.map(n).join(sep)}${rest > 0 ? ` ${w.more(rest)}` : ''}]`,
        toggle ? ' ' : null,
        toggle,
      );
    };
    const line = (label: string, ...parts: (Node | string | null)[]): HTMLElement =>
      h('p', { class: 'line' }, h('span', { class: 'prose' }, label), ' ', ...parts);
    const softmax = (s: SoftmaxWork, at: number): HTMLElement[] => [
      line(w.maxLine, num(s.max, 'calc-max')),
      line(calc?.kind === 'prob' ? w.probExpLine : w.expLine, vector('calc-exps', s.exps)),
      line(w.sumLine, `Σ = `, num(s.sum, 'calc-sum')),
      ...(at >= 0
        ? [
            h(
              'p',
              { class: 'line', id: 'calc-share' },
              `${n(s.exps[at])} / ${n(s.sum)} = `,
              num(s.shares[at], 'calc-share-v'),
            ),
          ]
        : []),
    ];
    if (!calc) {
      title.textContent = '';
      body.replaceChildren(h('p', { class: 'empty' }, w.calcEmpty));
      body.dataset.kind = '';
      return;
    }
    const c = (i: number): string => shownChar([...text][i] ?? '');
    body.dataset.kind = calc.kind;
    if (calc.kind === 'score') {
      const { row: i, col: j } = calc;
      title.textContent = w.scoreTitle(calc.layer, calc.head, i, c(i), j, c(j));
      const terms = calc.products.slice(0, FIRST).map((_, m) => `${n(calc.q[m])}·${n(calc.k[m])}`);
      const more = calc.d > FIRST ? ` ${w.more(calc.d - FIRST)}` : '';
      body.replaceChildren(
        line(w.qLine(i), vector('calc-q', calc.q)),
        line(w.kLine(j), vector('calc-k', calc.k)),
        line(w.dotLine, `${terms.join(' + ')}${more} = `, vector('calc-products', calc.products, ' + ')),
        h('p', { class: 'line' }, 'q·k = Σ = ', num(calc.dot, 'calc-dot')),
        line(
          w.scoreLine,
          `${n(calc.dot)} / √${calc.d} = ${n(calc.dot)} / ${n(calc.sqrtD)} = `,
          num(calc.score, 'calc-score'),
        ),
        ...(calc.masked ? [h('p', { class: 'line note', id: 'calc-masked' }, w.maskedLine(i, j))] : []),
        line(w.softmaxRow(i), vector('calc-row', calc.softmax.z)),
        ...softmax(calc.softmax, calc.masked ? -1 : j),
        line(w.weightLine, num(calc.weight, 'calc-weight')),
      );
    } else {
      const ch = shownChar(chars[calc.index] ?? '');
      title.textContent = w.probTitle(ch);
      body.replaceChildren(
        line(w.logitsLine(calc.softmax.z.length), vector('calc-row', calc.softmax.z)),
        ...softmax(calc.softmax, calc.index),
        line(w.probLine(ch), num(calc.p, 'calc-weight')),
      );
    }
  }

  function explainsFloat32(on: boolean): void {
    dtypeNote.hidden = !on;
  }

  return { el, update, explainsFloat32 };
}
