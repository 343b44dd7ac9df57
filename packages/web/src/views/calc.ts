import { h, panel } from '../dom';
import type { Words } from '../i18n';
import type { DetailOptions } from '../protocol';
import type { ViewModel } from './model';
import { Typesetter } from './typeset';

const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The hand calculation of the epoch on display, from the explain package's document (every number
 * in it was recorded by the engine). Networks can be read a layer, an example or a batch at a time.
 */
export function calcView(w: Words, actions: { detail(d: Partial<DetailOptions>): void }) {
  const title = h('p', { class: 'calc-title', id: 'calc-epoch' });
  const body = h('div', { class: 'calc-body', id: 'calc-body' });
  const playing = h('p', { class: 'calc-playing', id: 'calc-playing', hidden: true }, w.calcWhilePlaying);
  const opts = h('div', { class: 'calc-options' });
  const el = panel('calc-panel', w.calc, opts, title, playing, body);
  const select = (label: string, key: 'step' | 'layer' | 'unit' | 'example') => {
    const sel = h('select', { 'data-detail': key });
    sel.addEventListener('change', () =>
      actions.detail({ [key]: sel.value === '' ? undefined : Number(sel.value) }),
    );
    const wrap = h('label', { class: 'inline' }, `${label} `, sel);
    return { sel, wrap, count: -1 };
  };
  const stepSel = select(w.stepOfEpoch, 'step');
  const layerSel = select(w.layerShown, 'layer');
  const unitSel = select(w.unitShown, 'unit');
  const exampleSel = select(w.exampleShown, 'example');
  opts.append(stepSel.wrap, layerSel.wrap, unitSel.wrap, exampleSel.wrap);
  let drawn: unknown;
  const typesetter = new Typesetter(body);

  const options = (x: ReturnType<typeof select>, count: number, all: string | null): void => {
    x.wrap.hidden = count <= 1;
    if (x.count === count) return;
    x.count = count;
    x.sel.replaceChildren(
      ...(all ? [h('option', { value: '' }, all)] : []),
      ...Array.from({ length: count }, (_, i) => h('option', { value: String(i + 1) }, String(i + 1))),
    );
  };

  function update(m: ViewModel, detail: DetailOptions): void {
    const info = m.info;
    const steps = m.summaries[m.epoch - 1]?.steps ?? 1;
    options(stepSel, m.epoch > 0 ? steps : 0, null);
    options(layerSel, info ? info.layers.length : 0, w.all);
    options(unitSel, info ? Math.max(...info.layers.map((l) => l.units)) : 0, w.allUnits);
    const batch =
      info && m.experiment
        ? Math.min(m.experiment.batchSize ?? info.data.inputs.length, info.data.inputs.length)
        : 0;
    options(exampleSel, batch, w.allExamples);
    stepSel.sel.value = String(Math.min(detail.step ?? steps, steps));
    layerSel.sel.value = detail.layer === undefined ? '' : String(detail.layer);
    unitSel.sel.value = detail.unit === undefined ? '' : String(detail.unit);
    exampleSel.sel.value = detail.example === undefined ? '' : String(detail.example);
    // While playing, the lab asks for the calculation a few times a second, and only for a short one:
    // a long one (a network's) stays as it was, greyed, until playback stops.
    const stale = m.docEpoch !== m.epoch;
    playing.hidden = !stale;
    if (stale) typesetter.stale();
    // Not the epoch shown: for whoever waits on it (the tests), the calculation is not complete.
    body.dataset.complete = String(!stale && typesetter.complete);
    const key = m.doc ?? m.docError ?? m.epoch;
    if (stale || key === drawn) return;
    drawn = key;
    if (m.epoch === 0 || (!m.doc && !m.docError)) {
      title.textContent = w.initialParams;
      typesetter.clear(`<p class="empty">${esc(w.calcEmpty)}</p>`);
    } else if (!m.doc) {
      title.textContent = '';
      typesetter.clear(`<p class="empty">${esc(w.explainUnavailable(m.docError ?? ''))}</p>`);
    } else {
      title.textContent = m.doc.title;
      typesetter.render(m.doc, m.fmt);
    }
  }

  return { el, update };
}
