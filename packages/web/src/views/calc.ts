import type { ExplainDoc, ExplainLine, NumberFormat } from '@unha/explain';
import { toTex } from '@unha/explain';
import katex from 'katex';
import { h, panel } from '../dom';
import type { Words } from '../i18n';
import type { DetailOptions } from '../protocol';
import type { ViewModel } from './model';

/** KaTeX's HTML for a formula, remembered: the symbolic parts repeat every epoch. */
const cache = new Map<string, string>();
function tex(src: string): string {
  let html = cache.get(src);
  if (html === undefined) {
    html = katex.renderToString(src, { throwOnError: false, output: 'htmlAndMathml', strict: 'ignore' });
    if (cache.size > 4000) cache.clear();
    cache.set(src, html);
  }
  return html;
}

const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One line's formula as TeX: "ŷ = W·x + B = 0,5·3 + 0 = 1,5", or "W ← …" for an update. */
export function lineTex(line: ExplainLine, fmt: NumberFormat): string | undefined {
  if (!line.chain || line.chain.length === 0) return undefined;
  const [first, ...rest] = line.chain.map((e) => toTex(e, fmt));
  if (rest.length === 0) return first;
  return `${first} ${line.assign === '←' ? '\\leftarrow' : '='} ${rest.join(' = ')}`;
}

function lineHtml(line: ExplainLine, fmt: NumberFormat): string {
  const t = lineTex(line, fmt);
  const cls = line.note ? 'line note' : 'line';
  const prose = line.text ? `<span class="prose">${esc(line.text)}${t ? ':' : ''}</span>` : '';
  const math = t ? `<span class="math">${tex(t)}</span>` : '';
  return `<div class="${cls}">${prose}${math}</div>`;
}

/** The whole explanation of an epoch as HTML: sections of prose and typeset formulas. */
export function docHtml(doc: ExplainDoc, fmt: NumberFormat): string {
  const parts: string[] = [];
  for (const s of doc.sections) {
    parts.push(`<section class="calc-section" data-section="${s.id}"><h3>${esc(s.title)}</h3>`);
    for (const line of s.lines) parts.push(lineHtml(line, fmt));
    parts.push('</section>');
  }
  return parts.join('');
}

/**
 * The hand calculation of the epoch on display, from the explain package's document (every number
 * in it was recorded by the engine). Networks can be read a layer, an example or a batch at a time.
 */
export function calcView(w: Words, actions: { detail(d: Partial<DetailOptions>): void }) {
  const title = h('p', { class: 'calc-title', id: 'calc-epoch' });
  const body = h('div', { class: 'calc-body', id: 'calc-body' });
  const opts = h('div', { class: 'calc-options' });
  const el = panel('calc-panel', w.calc, opts, title, body);
  const select = (label: string, key: 'step' | 'layer' | 'example') => {
    const sel = h('select', { 'data-detail': key });
    sel.addEventListener('change', () =>
      actions.detail({ [key]: sel.value === '' ? undefined : Number(sel.value) }),
    );
    const wrap = h('label', { class: 'inline' }, `${label} `, sel);
    return { sel, wrap, count: -1 };
  };
  const stepSel = select(w.stepOfEpoch, 'step');
  const layerSel = select(w.layerShown, 'layer');
  const exampleSel = select(w.exampleShown, 'example');
  opts.append(stepSel.wrap, layerSel.wrap, exampleSel.wrap);
  let drawn: unknown;

  const options = (x: ReturnType<typeof select>, count: number, withAll: boolean): void => {
    x.wrap.hidden = count <= 1;
    if (x.count === count) return;
    x.count = count;
    x.sel.replaceChildren(
      ...(withAll ? [h('option', { value: '' }, w.all)] : []),
      ...Array.from({ length: count }, (_, i) => h('option', { value: String(i + 1) }, String(i + 1))),
    );
  };

  function update(m: ViewModel, detail: DetailOptions): void {
    const info = m.info;
    const steps = m.summaries[m.epoch - 1]?.steps ?? 1;
    options(stepSel, m.epoch > 0 ? steps : 0, false);
    options(layerSel, info ? info.layers.length : 0, true);
    const batch =
      info && m.experiment
        ? Math.min(m.experiment.batchSize ?? info.data.inputs.length, info.data.inputs.length)
        : 0;
    options(exampleSel, batch, true);
    stepSel.sel.value = String(detail.step ?? 1);
    layerSel.sel.value = detail.layer === undefined ? '' : String(detail.layer);
    exampleSel.sel.value = detail.example === undefined ? '' : String(detail.example);
    const key = m.doc ?? m.docError ?? m.epoch;
    if (key === drawn) return;
    drawn = key;
    if (m.epoch === 0 || (!m.doc && !m.docError)) {
      title.textContent = w.initialParams;
      body.innerHTML = `<p class="empty">${esc(w.calcEmpty)}</p>`;
    } else if (!m.doc) {
      title.textContent = '';
      body.innerHTML = `<p class="empty">${esc(w.explainUnavailable(m.docError ?? ''))}</p>`;
    } else {
      title.textContent = m.doc.title;
      body.innerHTML = docHtml(m.doc, m.fmt);
    }
  }

  return { el, update };
}
