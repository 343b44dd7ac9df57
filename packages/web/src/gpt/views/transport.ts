import { type NumberFormat, formatCompact } from '@unha/explain';
import { h } from '../../dom';
import { ICONS, type IconName, icon } from '../../views/controls';
import type { Dtype, GptStepSummary } from '../protocol';
import type { GptWords } from '../words';

export interface GptTransportActions {
  togglePlay: () => void;
  next: () => void;
  reset: () => void;
  setSpeed: (perSecond: number) => void;
  setDtype: (dtype: Dtype) => void;
}

/** Steps per second offered while playing; 0 is as fast as the worker goes. */
export const GPT_SPEEDS = [1, 5, 20, 100, 0];
export const GPT_DEFAULT_SPEED = 20;

/**
 * Play/pause, one step and start again, with a speed, for a GPT training in the worker (the worker
 * runs the steps; the bar only asks), and the numbers it trains in (float64 or float32, a new run).
 * The line under the step says the dtype and the threads, and why float32 has one thread where the
 * page is not cross-origin isolated. With a checkpoint there is nothing to train: the bar says which
 * model is inspected.
 */
export function gptTransport(w: GptWords, a: GptTransportActions) {
  const btn = (id: string, label: string, name: IconName, onClick: () => void, cls = '') => {
    const b = h(
      'button',
      { type: 'button', id, class: `btn ${cls}`, title: label },
      icon(name),
      h('span', { class: 'label' }, label),
    );
    b.addEventListener('click', onClick);
    return b;
  };
  const reset = btn('reset', w.reset, 'reset', a.reset);
  const play = btn('play', w.play, 'play', a.togglePlay);
  const next = btn('next', w.nextStep, 'next', a.next, 'primary');
  const speed = h(
    'select',
    { id: 'speed' },
    ...GPT_SPEEDS.map((n) => h('option', { value: String(n) }, n === 0 ? w.fastest : w.perSecond(n))),
  );
  speed.value = String(GPT_DEFAULT_SPEED);
  speed.addEventListener('change', () => a.setSpeed(Number(speed.value)));
  const dtype = h(
    'select',
    { id: 'dtype' },
    ...(['float64', 'float32'] as const).map((d) => h('option', { value: d }, w.dtypeOption(d))),
  );
  dtype.addEventListener('change', () => a.setDtype(dtype.value as Dtype));
  const status = h('p', { id: 'epoch-status', class: 'status' });
  const engine = h('p', { id: 'gpt-engine', class: 'params' });
  const loss = h('p', { id: 'epoch-loss', class: 'params' });
  const el = h(
    'div',
    { class: 'transport', role: 'toolbar', 'aria-label': w.transport },
    h('div', { class: 'buttons' }, reset, play, next),
    h('label', { class: 'inline speed' }, h('span', { class: 'speed-label' }, w.speed), speed),
    h('label', { class: 'inline speed' }, h('span', { class: 'speed-label' }, w.dtype), dtype),
    h('div', { class: 'where' }, status, loss, engine),
  );

  function update(t: {
    ready: boolean;
    step: number;
    steps: number;
    done: boolean;
    playing: boolean;
    checkpoint?: { name: string; step: number };
    summary?: GptStepSummary;
    fmt: NumberFormat;
    engine?: { dtype: Dtype; threads: number; isolated: boolean };
  }): void {
    const trainable = t.ready && !t.checkpoint;
    next.disabled = !trainable || t.done || t.playing;
    play.disabled = !trainable || (t.done && !t.playing);
    reset.disabled = !trainable || (t.step === 0 && !t.playing);
    play.querySelector('.icon path')!.setAttribute('d', ICONS[t.playing ? 'pause' : 'play']);
    play.querySelector('.label')!.textContent = t.playing ? w.pause : w.play;
    play.title = t.playing ? w.pause : w.play;
    play.setAttribute('aria-pressed', String(t.playing));
    status.textContent = t.checkpoint
      ? w.checkpointAt(t.checkpoint.name, t.checkpoint.step)
      : w.stepOf(t.step, t.steps);
    loss.textContent = t.summary ? w.batchLossIs(formatCompact(t.summary.loss, t.fmt)) : '';
    // In full, for a reader of the page's numbers (the tests).
    loss.dataset.v = t.summary ? String(t.summary.loss) : '';
    const e = t.engine;
    dtype.disabled = !!t.checkpoint;
    if (e && document.activeElement !== dtype) dtype.value = e.dtype;
    engine.textContent =
      e && trainable ? w.engineLine(e.dtype, e.threads, e.dtype === 'float32' && !e.isolated) : '';
  }

  return { el, update };
}
