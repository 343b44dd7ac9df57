import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel } from '../../dom';
import type { Inspection } from '../protocol';
import { type GptWords, shownChar } from '../words';

/**
 * The next-character probabilities after the learner's text: one row per character of the vocabulary
 * (its order), the bar's length its probability, the logit beside it. Each row is a button: a click
 * (or Enter) opens the softmax of the logits row that gives it.
 */
export function probsView(w: GptWords, a: { open(index: number): void }) {
  const list = h('ol', { class: 'bars gpt-bars', id: 'gpt-probs' });
  const top = h('p', { class: 'readout', id: 'gpt-probs-top' });
  const el = panel('probs-panel', w.probsTitle, list, top);
  let drawnChars: string[] = [];
  let rows: { li: HTMLLIElement; button: HTMLButtonElement; bar: HTMLElement; value: HTMLElement }[] = [];

  list.addEventListener('click', (ev) => {
    const b = (ev.target as Element).closest<HTMLButtonElement>('button[data-index]');
    if (b) a.open(Number(b.dataset.index));
  });

  function build(chars: string[]): void {
    rows = chars.map((c, i) => {
      const bar = h('span', { class: 'bar' });
      const value = h('span', { class: 'value' });
      const button = h(
        'button',
        { type: 'button', class: 'bar-button', 'data-index': i, 'data-char': c },
        h('span', { class: 'char' }, shownChar(c)),
        h('span', { class: 'track', 'aria-hidden': 'true' }, bar),
        value,
      );
      return { li: h('li', {}, button), button, bar, value };
    });
    list.replaceChildren(...rows.map((r) => r.li));
    drawnChars = chars;
  }

  function update(ins: Inspection | undefined, chars: string[], fmt: NumberFormat): void {
    el.hidden = !ins || ins.T === 0;
    if (!ins || ins.T === 0) return;
    if (chars !== drawnChars) build(chars);
    list.dataset.step = String(ins.step);
    ins.probs.forEach((p, i) => {
      const r = rows[i];
      if (!r) return;
      r.button.dataset.p = String(p);
      r.button.dataset.logit = String(ins.logits[i]);
      r.bar.style.transform = `scaleX(${Math.max(0, Math.min(1, p)).toFixed(4)})`;
      r.value.textContent = `${formatCompact(p, fmt)} (logit ${formatCompact(ins.logits[i], fmt)})`;
    });
    const best = Array.from(ins.probs)
      .map((p, i) => [p, i] as const)
      .sort((x, y) => y[0] - x[0])
      .slice(0, 3)
      .map(([p, i]) => `“${shownChar(chars[i])}” ${formatCompact(p, fmt)}`);
    top.textContent = w.mostLikely(best.join(', '));
  }

  return { el, update };
}
