import { type NumberFormat, formatCompact } from '@unha/explain';
import { h, panel } from '../../dom';
import type { GptSample } from '../protocol';
import type { GptWords } from '../words';

/** Lines of the sampled text shown (the newest sample, as the model writes it). */
const LINES = 4;

/**
 * The text the model writes as it learns: a sample from the seeded sampler, drawn again at every
 * evaluation (the same seed and step give the same text). A few lines of it, newlines kept.
 */
export function samplesView(w: GptWords) {
  const caption = h('p', { class: 'caption', id: 'gpt-samples-caption' });
  const text = h('pre', {
    class: 'sample-text',
    id: 'gpt-sample',
    tabindex: 0,
    'aria-describedby': 'gpt-samples-caption',
  });
  const el = panel('gpt-samples-panel', w.samplesTitle, caption, text);
  let drawn: GptSample | undefined;
  let drawnLocale = '';

  function update(
    sample: GptSample | undefined,
    temperature: number,
    every: number,
    fmt: NumberFormat,
  ): void {
    el.hidden = !sample;
    if (!sample || (sample === drawn && drawnLocale === fmt.locale)) return;
    drawn = sample;
    drawnLocale = fmt.locale;
    caption.textContent = w.samplesCaption(sample.step, sample.seed, formatCompact(temperature, fmt), every);
    text.textContent = sample.text.split('\n').slice(0, LINES).join('\n');
    text.dataset.step = String(sample.step);
    text.dataset.text = sample.text;
  }

  return { el, update };
}
