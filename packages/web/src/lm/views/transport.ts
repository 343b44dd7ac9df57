import { type NumberFormat, formatCompact } from '@unha/explain';
import { h } from '../../dom';
import { DEFAULT_SPEED, SPEEDS } from '../../state';
import { ICONS, type IconName, icon } from '../../views/controls';
import type { LmStepSummary } from '../protocol';
import type { LmWords } from '../words';

export interface LmTransportActions {
  next: () => void;
  back: () => void;
  reset: () => void;
  togglePlay: () => void;
  setSpeed: (perSecond: number) => void;
}

/** What the bar shows. */
export interface TransportState {
  ready: boolean;
  step: number;
  steps: number;
  done: boolean;
  playing: boolean;
  speed: number;
  summary?: LmStepSummary;
  fmt: NumberFormat;
}

/**
 * The transport bar of a language model: reset, back, play/pause with a speed and "Next step", with
 * the same ids as the regression lab's (the keys and the tests know them). Steps, not epochs: a step
 * is one mini-batch and one update.
 */
export function lmTransport(w: LmWords, a: LmTransportActions, speed: number) {
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
  const back = btn('back', w.prevStep, 'back', a.back);
  const play = btn('play', w.play, 'play', a.togglePlay);
  const next = btn('next', w.nextStep, 'next', a.next, 'primary');
  const speedSel = h(
    'select',
    { id: 'speed' },
    ...SPEEDS.map((n) => h('option', { value: String(n) }, w.perSecond(n))),
  );
  speedSel.value = String(speed);
  speedSel.addEventListener('change', () => a.setSpeed(Number(speedSel.value)));
  const status = h('p', { id: 'epoch-status', class: 'status' });
  const loss = h('p', { id: 'epoch-loss', class: 'params' });
  const announce = h('p', { id: 'announce', class: 'visually-hidden', 'aria-live': 'polite' });
  const el = h(
    'div',
    { class: 'transport', role: 'toolbar', 'aria-label': w.nextStep },
    h('div', { class: 'buttons' }, reset, back, play, next),
    h('label', { class: 'inline speed' }, h('span', { class: 'speed-label' }, w.speed), speedSel),
    h('div', { class: 'where' }, status, loss),
    announce,
  );
  let announced = '';

  function update(t: TransportState): void {
    const atEnd = t.done && t.step >= t.steps;
    next.disabled = !t.ready || atEnd;
    back.disabled = t.step === 0;
    reset.disabled = t.step === 0 && !t.playing;
    play.disabled = !t.ready || (atEnd && !t.playing);
    play.querySelector('.icon path')!.setAttribute('d', ICONS[t.playing ? 'pause' : 'play']);
    play.querySelector('.label')!.textContent = t.playing ? w.pause : w.play;
    play.title = t.playing ? w.pause : w.play;
    play.setAttribute('aria-pressed', String(t.playing));
    status.textContent = w.stepOf(t.step, t.steps);
    loss.textContent = t.summary ? w.batchLossIs(formatCompact(t.summary.loss, t.fmt)) : '';
    const sp = String(t.speed ?? DEFAULT_SPEED);
    if (speedSel.value !== sp) speedSel.value = sp;
    // Said once per step shown while paused or stepping; never the stream of steps while playing.
    const say = t.playing || !t.ready ? '' : `${status.textContent}. ${loss.textContent}`;
    if (say && say !== announced) announce.textContent = say;
    announced = say || announced;
  }

  return { el, update };
}
