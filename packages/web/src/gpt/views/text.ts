import { h, panel } from '../../dom';
import type { Inspection } from '../protocol';
import { type GptWords, shownChar } from '../words';

/**
 * The learner's text: typed here, read by the model for the heatmaps and the probabilities. What the
 * model cannot read is said, never dropped in silence: characters outside its vocabulary and the
 * start of a text longer than its block.
 */
export function textView(w: GptWords, a: { setText(text: string): void }) {
  const input = h('input', {
    type: 'text',
    id: 'gpt-text',
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'gpt-text-input',
    'aria-describedby': 'gpt-text-help gpt-text-problems',
  });
  input.addEventListener('change', () => a.setText(input.value));
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') a.setText(input.value);
  });
  const help = h('p', { class: 'caption', id: 'gpt-text-help' });
  const problems = h('div', { id: 'gpt-text-problems', role: 'status' });
  const shown = h('p', { class: 'context-shown', id: 'gpt-text-shown' });
  const el = panel(
    'gpt-text-panel',
    w.inspectTitle,
    h('label', { class: 'field context', for: 'gpt-text' }, h('span', {}, w.textLabel), input),
    help,
    problems,
    shown,
  );

  function update(ins: Inspection | undefined, text: string, block: number): void {
    if (document.activeElement !== input) input.value = text;
    help.textContent = w.textHelp(block);
    const lines: HTMLElement[] = [];
    if (ins?.outside.length)
      lines.push(
        h(
          'p',
          { class: 'notice error', id: 'gpt-outside' },
          w.outside(ins.outside.map((c) => `“${shownChar(c)}”`).join(', ')),
        ),
      );
    if (ins && ins.cut > 0) lines.push(h('p', { class: 'notice', id: 'gpt-cut' }, w.cut(ins.cut, block)));
    problems.replaceChildren(...lines);
    shown.textContent = !ins
      ? ''
      : ins.T === 0
        ? w.emptyText
        : w.textShown([...ins.text].map(shownChar).join(''), ins.step);
    shown.dataset.step = ins ? String(ins.step) : '';
  }

  return { el, update };
}
