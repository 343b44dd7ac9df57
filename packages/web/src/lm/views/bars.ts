import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel } from '../../dom';
import type { NextChar } from '../protocol';
import type { LmWords } from '../words';
import { shownChar } from './heatmap';

/**
 * The next-character probabilities of one context, as bars: one row per character of the vocabulary
 * (its order, as the heatmap's columns), the bar's length its probability. The reader types the
 * context; a row of the heatmap can set it too. Each row is text (character, probability), so a screen
 * reader reads the list as it is; the logit is written beside the probability.
 */
export function barsView(w: LmWords, a: { setContext(text: string): void }) {
  const input = h('input', {
    type: 'text',
    id: 'lm-context',
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'context-input',
    'aria-describedby': 'lm-context-help',
  });
  const help = h('p', { class: 'caption', id: 'lm-context-help' });
  input.addEventListener('change', () => a.setContext(input.value));
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') a.setContext(input.value);
  });
  const shown = h('p', { class: 'context-shown', id: 'lm-context-shown' });
  const list = h('ol', { class: 'bars', id: 'next-bars', 'aria-describedby': 'lm-context-shown' });
  const top = h('p', { class: 'readout', id: 'bars-top' });
  const el = panel(
    'bars-panel',
    w.barsTitle,
    h('label', { class: 'field context', for: 'lm-context' }, h('span', {}, w.contextLabel), input),
    help,
    shown,
    list,
    top,
  );
  let rows: { li: HTMLLIElement; bar: HTMLElement; value: HTMLElement }[] = [];
  let drawnChars: string[] = [];

  function build(chars: string[]): void {
    rows = chars.map((c) => {
      const bar = h('span', { class: 'bar' });
      const value = h('span', { class: 'value' });
      const li = h(
        'li',
        { 'data-char': c },
        h('span', { class: 'char' }, shownChar(c)),
        h('span', { class: 'track', 'aria-hidden': 'true' }, bar),
        value,
      );
      return { li, bar, value };
    });
    list.replaceChildren(...rows.map((r) => r.li));
    drawnChars = chars;
  }

  function update(
    next: NextChar | undefined,
    chars: string[],
    context: number,
    text: string,
    step: number,
    fmt: NumberFormat,
  ): void {
    el.hidden = !next;
    if (!next) return;
    if (chars !== drawnChars) build(chars);
    if (document.activeElement !== input) input.value = text;
    input.maxLength = Math.max(context, 1) * 2;
    help.textContent = w.contextHelp(context);
    const ctx = next.context.map((i) => shownChar(chars[i])).join('');
    shown.textContent = w.contextShown(ctx, step);
    next.probs.forEach((p, i) => {
      const r = rows[i];
      if (!r) return;
      r.li.dataset.p = String(p);
      r.li.dataset.logit = String(next.logits[i]);
      // A transform, not a width: moving bars need no layout, only compositing.
      r.bar.style.transform = `scaleX(${Math.max(0, Math.min(1, p)).toFixed(4)})`;
      r.value.textContent = `${formatCompact(p, fmt)} (${w.logitWord} ${formatCompact(next.logits[i], fmt)})`;
    });
    const best = next.probs
      .map((p, i) => [p, i] as const)
      .sort((x, y) => y[0] - x[0])
      .slice(0, 3)
      .map(([p, i]) => `${shownChar(chars[i])} ${formatCompact(p, fmt)}`);
    top.textContent = w.mostLikely(best.join(', '));
  }

  return { el, update };
}
