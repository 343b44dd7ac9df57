import { h, panel } from '../../dom';
import type { LmSamples } from '../protocol';
import type { LmWords } from '../words';

/**
 * Names the model writes as it learns: a few samples from the seeded generator, drawn again every few
 * steps (the same seed gives the same names at the same step). The seed is the reader's to change.
 */
export function namesView(w: LmWords, a: { setSeed(seed: number): void }) {
  const seed = h('input', {
    type: 'number',
    id: 'names-seed',
    min: 0,
    step: 1,
    inputmode: 'numeric',
    class: 'seed-input',
  });
  seed.addEventListener('change', () => {
    const v = Number(seed.value);
    if (Number.isInteger(v) && v >= 0) a.setSeed(v);
  });
  const caption = h('p', { class: 'caption', id: 'names-caption' });
  const list = h('ul', { class: 'names', id: 'live-names', 'aria-describedby': 'names-caption' });
  const el = panel(
    'names-panel',
    w.namesTitle,
    h('label', { class: 'field seed', for: 'names-seed' }, h('span', {}, w.seedLabel), seed),
    caption,
    list,
  );
  let drawn: LmSamples | undefined;

  function update(samples: LmSamples | undefined, every: number, steps: number): void {
    el.hidden = !samples;
    if (!samples || samples === drawn) return;
    drawn = samples;
    if (document.activeElement !== seed) seed.value = String(samples.seed);
    caption.textContent = w.namesCaption(samples.step, samples.seed, steps > 0 ? every : 0);
    list.replaceChildren(...samples.words.map((word) => h('li', {}, word === '' ? w.emptyName : word)));
  }

  return { el, update };
}
