import { OVERRIDE_FIELDS, type Overrides, readOverride } from '@unha/engine';
import { formatNumber } from '@unha/explain';
import { h, panel } from '../dom';
import type { Words } from '../i18n';
import type { ViewModel } from './model';

/**
 * The hyperparameters, editable; each change goes to the lab, which says whether the run restarts.
 * A field reads its text as the link does (the engine's readOverride): out-of-range values go on to
 * the experiment's validation, which names them.
 */
export function hyperView(w: Words, a: { setHyper(patch: Overrides): void }) {
  const num = (id: string, label: string, key: 'lr' | 'momentum' | 'epochs' | 'batchSize') => {
    const int = OVERRIDE_FIELDS[key].kind === 'positiveInteger';
    const input = h('input', {
      id,
      type: 'text',
      inputmode: int ? 'numeric' : 'decimal',
      autocomplete: 'off',
      spellcheck: 'false',
      size: 8,
    });
    const err = h('span', { class: 'field-error', 'aria-live': 'polite' });
    input.addEventListener('change', () => {
      const t = input.value.trim();
      if (key === 'batchSize' && (t === '' || t === w.batchAll)) {
        err.textContent = '';
        input.removeAttribute('aria-invalid');
        return a.setHyper({ batchSize: undefined });
      }
      const v = readOverride(key, t);
      if (v === undefined) {
        err.textContent = w.invalidNumber(t);
        input.setAttribute('aria-invalid', 'true');
        return;
      }
      err.textContent = '';
      input.removeAttribute('aria-invalid');
      a.setHyper({ [key]: v });
    });
    const wrap = h('label', { class: 'field', for: id }, h('span', {}, label), input, err);
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
      h('label', { class: 'field', for: 'optimizer' }, h('span', {}, w.optimizer), opt),
      momentum.wrap,
      epochs.wrap,
      batch.wrap,
      h('label', { class: 'field check' }, normalize, h('span', {}, w.normalize)),
    ),
  );

  function update(m: ViewModel): void {
    const e = m.experiment;
    if (!e) return;
    const f = (v: number): string => formatNumber(v, { locale: m.fmt.locale, decimals: 10 });
    // A field being edited keeps what the person is typing.
    const set = (input: HTMLInputElement, v: string): void => {
      if (document.activeElement !== input && input.getAttribute('aria-invalid') !== 'true') input.value = v;
    };
    set(lr.input, f(e.optimizer.lr));
    opt.value = e.optimizer.name;
    momentum.wrap.hidden = e.optimizer.name !== 'sgd';
    set(momentum.input, f(e.optimizer.momentum ?? 0));
    set(epochs.input, String(e.epochs));
    set(batch.input, e.batchSize === undefined ? w.batchAll : String(e.batchSize));
    normalize.checked = !!e.normalize;
  }

  return { el, update };
}
