import { type NumberFormat, formatCompact } from '@unha/explain';
import { fill, h, panel } from '../../dom';
import { Typesetter } from '../../views/typeset';
import type { ForwardNumbers, LmCalc, LmInfo } from '../protocol';
import type { LmWords } from '../words';
import { shownChar } from './heatmap';

/** Entries of a long vector shown before "… N more" (the button shows them all). */
const FIRST = 8;

/**
 * The hand calculation of one example of the step on display. With explain's document it is typeset as
 * the regression lessons' is; otherwise the forward numbers of the step's records are listed (the
 * context, the embedding rows, each layer, the logits and probabilities, the loss beside ln V).
 */
export function lmCalcView(w: LmWords, a: { example(n: number): void }) {
  const title = h('p', { class: 'calc-title', id: 'calc-epoch' });
  const body = h('div', { class: 'calc-body', id: 'calc-body' });
  const sel = h('select', { 'data-detail': 'example', id: 'calc-example' });
  sel.addEventListener('change', () => a.example(Number(sel.value)));
  const pick = h('label', { class: 'inline' }, `${w.exampleLabel} `, sel);
  const el = panel('calc-panel', w.calcTitle, h('div', { class: 'calc-options' }, pick), title, body);
  const typesetter = new Typesetter(body);
  let options = -1;
  let drawn: unknown;
  /** Records shown whole (the reader pressed "show all"). */
  const whole = new Set<string>();

  body.addEventListener('click', (ev) => {
    const b = (ev.target as Element).closest<HTMLButtonElement>('button[data-all]');
    if (!b) return;
    const name = b.dataset.all!;
    if (whole.has(name)) whole.delete(name);
    else whole.add(name);
    drawn = undefined;
    last?.();
  });
  let last: (() => void) | undefined;

  function update(
    calc: LmCalc | undefined,
    info: LmInfo | undefined,
    step: number,
    example: number,
    stale: boolean,
    fmt: NumberFormat,
  ): void {
    const batch = info?.batchSize ?? 0;
    pick.hidden = !info || info.steps === 0 || batch <= 1;
    if (options !== batch) {
      options = batch;
      sel.replaceChildren(
        ...Array.from({ length: batch }, (_, i) => h('option', { value: String(i + 1) }, String(i + 1))),
      );
    }
    sel.value = String(Math.min(example, Math.max(batch, 1)));
    if (stale) {
      typesetter.stale();
      body.dataset.complete = 'false';
      return;
    }
    // Before the run's info arrives the panel cannot tell a counting model from one about to train.
    const key = calc ?? `${step}|${info ? info.steps : '-'}|${fmt.locale}`;
    if (key === drawn && body.dataset.complete === 'true') return;
    drawn = key;
    last = () => update(calc, info, step, example, false, fmt);
    if (!info || info.steps === 0 || step === 0) {
      title.textContent = '';
      typesetter.clear('');
      fill(body, h('p', { class: 'empty' }, info?.steps === 0 ? w.calcCounting : w.calcStart));
      return;
    }
    if (calc?.doc) {
      title.textContent = calc.doc.title;
      typesetter.render(calc.doc, fmt);
      return;
    }
    title.textContent = w.calcStepTitle(step, example, batch);
    typesetter.clear('');
    if (calc?.forward) fill(body, ...forward(w, calc.forward, info, fmt, whole));
    else fill(body, h('p', { class: 'empty' }, w.calcUnavailable));
    body.dataset.complete = 'true';
  }

  return { el, update };
}

function forward(
  w: LmWords,
  f: ForwardNumbers,
  info: LmInfo,
  fmt: NumberFormat,
  whole: Set<string>,
): HTMLElement[] {
  const c = (i: number): string => `“${shownChar(info.chars[i])}”`;
  const n = (v: number): string => formatCompact(v, fmt);
  const vector = (name: string, values: number[]): HTMLElement => {
    const all = whole.has(name) || values.length <= FIRST;
    const shown = all ? values : values.slice(0, FIRST);
    const more = values.length - shown.length;
    const toggle =
      values.length > FIRST
        ? h(
            'button',
            { type: 'button', class: 'linklike', 'data-all': name, 'aria-expanded': String(all) },
            all ? w.showFirst(FIRST) : w.showAll(values.length),
          )
        : null;
    return h(
      'div',
      { class: 'line', 'data-record': name },
      h('span', { class: 'prose' }, `${name} (${values.length}): `),
      h('span', { class: 'vector' }, `[${shown.map(n).join('; ')}${more > 0 ? ` … ${w.more(more)}` : ''}]`),
      toggle ? ' ' : null,
      toggle,
    );
  };
  const probs = f.records.find((r) => r.role === 'probs')?.values ?? [];
  const section = (id: string, heading: string, ...lines: (HTMLElement | null)[]): HTMLElement =>
    h('section', { class: 'calc-section', 'data-section': id }, h('h3', {}, heading), ...lines);
  return [
    section(
      'context',
      w.calcContext,
      h(
        'p',
        { class: 'line' },
        w.contextLine(
          f.context.map(c).join(' '),
          f.context.join(', '),
          c(f.target),
          f.target,
          f.example + 1,
          info.trainExamples,
        ),
      ),
    ),
    section('forward', w.calcForward, ...f.records.map((r) => vector(r.name, r.values))),
    section(
      'loss',
      w.calcLoss,
      h(
        'p',
        { class: 'line', id: 'calc-loss-line' },
        w.lossLine(
          c(f.target),
          n(probs[f.target] ?? NaN),
          n(f.loss),
          n(info.reference.uniform),
          info.chars.length,
        ),
      ),
      h('p', { class: 'line' }, w.batchLossLine(f.batchSize, n(f.batchLoss))),
      h('p', { class: 'line note' }, w.calcForwardOnly),
    ),
  ];
}
