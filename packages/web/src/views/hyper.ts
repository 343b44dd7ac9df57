import { OVERRIDE_FIELDS, type Overrides, readOverride } from '@unha/engine';
import { formatNumber } from '@unha/explain';
import { h, panel } from '../dom';
import type { Words } from '../i18n';
import type { ViewModel } from './model';

/** The lab's answer to a change: undefined when it was taken, else why not (the engine's bound). */
export interface HyperRefusal {
  expected?: string;
}

type NumKey = 'lr' | 'momentum' | 'epochs' | 'batchSize';

/**
 * The hyperparameters, editable; each change goes to the lab, which says whether the run restarts.
 * A field reads its text as the link does (the engine's readOverride). A value the experiment
 * refuses (a rate of −1) is explained beside the field, in its label's words, with the value the
 * run keeps; the field is marked invalid until it is changed again.
 */
export function hyperView(w: Words, a: { setHyper(patch: Overrides): HyperRefusal | undefined }) {
  let model: ViewModel | undefined;
  const fields: { input: HTMLInputElement; err: HTMLElement }[] = [];
  const f = (v: number): string => formatNumber(v, { locale: model?.fmt.locale ?? 'en', decimals: 10 });
  /** The value the run has now, as the field writes it. */
  const current = (key: NumKey): string => {
    const e = model?.experiment;
    if (!e) return '';
    if (key === 'lr') return f(e.optimizer.lr);
    if (key === 'momentum') return f(e.optimizer.momentum ?? 0);
    if (key === 'epochs') return String(e.epochs);
    return e.batchSize === undefined ? w.batchAll : String(e.batchSize);
  };

  const num = (id: string, label: string, key: NumKey) => {
    const int = OVERRIDE_FIELDS[key].kind === 'positiveInteger';
    const errId = `${id}-error`;
    const input = h('input', {
      id,
      type: 'text',
      inputmode: int ? 'numeric' : 'decimal',
      autocomplete: 'off',
      spellcheck: 'false',
      size: 8,
      'aria-describedby': errId,
    });
    const err = h('span', { class: 'field-error', id: errId, 'aria-live': 'polite' });
    fields.push({ input, err });
    const refuse = (text: string): void => {
      err.textContent = text;
      input.setAttribute('aria-invalid', 'true');
    };
    const accept = (): void => {
      err.textContent = '';
      input.removeAttribute('aria-invalid');
    };
    input.addEventListener('change', () => {
      const t = input.value.trim();
      const kept = current(key);
      if (key === 'batchSize' && (t === '' || t === w.batchAll)) {
        accept();
        a.setHyper({ batchSize: undefined });
        return;
      }
      const v = readOverride(key, t);
      if (v === undefined) return refuse(w.invalidNumber(label, t, kept));
      const no = a.setHyper({ [key]: v });
      if (no) refuse(w.valueRefused(label, t, no.expected, kept));
      else accept();
    });
    const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), input, err);
    return { input, wrap };
  };
  const lr = num('lr', w.lr, 'lr');
  const momentum = num('momentum', w.momentum, 'momentum');
  const epochs = num('epochs', w.epochs, 'epochs');
  const batch = num('batch', w.batch, 'batchSize');
  const opt = h(
    'select',
    { id: 'optimizer' },
    h('option', { value: 'sgd' }, 'SGD'),
    h('option', { value: 'adam' }, 'Adam'),
  );
  opt.addEventListener('change', () => a.setHyper({ optimizer: opt.value as 'sgd' | 'adam' }));
  const normalize = h('input', { type: 'checkbox', id: 'normalize' });
  normalize.addEventListener('change', () => a.setHyper({ normalize: normalize.checked }));
  const el = panel(
    'hyper-panel',
    w.hyper,
    h('p', { class: 'restart-note' }, w.hyperNote),
    h(
      'div',
      { class: 'fields' },
      lr.wrap,
      h('div', { class: 'field' }, h('label', { for: 'optimizer' }, w.optimizer), opt),
      momentum.wrap,
      epochs.wrap,
      batch.wrap,
      h('label', { class: 'field check' }, normalize, h('span', {}, w.normalize)),
    ),
  );

  function update(m: ViewModel): void {
    model = m;
    const e = m.experiment;
    if (!e) return;
    // A field being edited keeps what the person is typing; a refused one keeps what was refused.
    const set = (input: HTMLInputElement, v: string): void => {
      if (document.activeElement !== input && input.getAttribute('aria-invalid') !== 'true') input.value = v;
    };
    set(lr.input, current('lr'));
    opt.value = e.optimizer.name;
    momentum.wrap.hidden = e.optimizer.name !== 'sgd';
    set(momentum.input, current('momentum'));
    set(epochs.input, current('epochs'));
    set(batch.input, current('batchSize'));
    normalize.checked = !!e.normalize;
  }

  /** Another run (a lesson, a file, the history): what was refused of the last one no longer applies. */
  function clearRefusals(): void {
    for (const { input, err } of fields) {
      err.textContent = '';
      input.removeAttribute('aria-invalid');
    }
  }

  return { el, update, clearRefusals };
}
