import { formatCompact } from '@unha/explain';
import { h, s } from '../dom';
import type { Words } from '../i18n';
import { DEFAULT_SPEED, SPEEDS } from '../state';
import { type ViewModel, paramsAt, scalarParams, valueOf } from './model';

export interface TransportActions {
  next: () => void;
  back: () => void;
  reset: () => void;
  togglePlay: () => void;
  setSpeed: (perSecond: number) => void;
}

/** Icons drawn as paths (a font may lack ⏮ or ⏸ glyphs; these always render). */
export const ICONS = {
  reset: 'M3 3h2.5v14H3zM17 3v14L6.5 10z',
  back: 'M15 3v14L4 10z',
  play: 'M5 3v14l11-7z',
  pause: 'M4 3h4.5v14H4zM11.5 3H16v14h-4.5z',
  next: 'M3 3v14l10.5-7zM14.5 3H17v14h-2.5z',
};
export type IconName = keyof typeof ICONS;

export function icon(name: IconName): SVGSVGElement {
  return s(
    'svg',
    { viewBox: '0 0 20 20', width: 16, height: 16, class: 'icon', 'aria-hidden': 'true', focusable: 'false' },
    s('path', { d: ICONS[name], fill: 'currentColor' }),
  );
}

/** The transport bar: reset, back, play/pause with a speed, "Next epoch", and where the run is. */
export function controlsView(w: Words, a: TransportActions, speed: number) {
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
  const back = btn('back', w.prevEpoch, 'back', a.back);
  const play = btn('play', w.play, 'play', a.togglePlay);
  const next = btn('next', w.nextEpoch, 'next', a.next, 'primary');
  const speedSel = h(
    'select',
    { id: 'speed' },
    ...SPEEDS.map((n) => h('option', { value: String(n) }, w.perSecond(n))),
  );
  speedSel.value = String(speed);
  speedSel.addEventListener('change', () => a.setSpeed(Number(speedSel.value)));
  // Not a live region: while playing it changes dozens of times a second. `announce` speaks for it.
  const status = h('p', { id: 'epoch-status', class: 'status' });
  const loss = h('p', { id: 'epoch-loss', class: 'params' });
  const params = h('p', { id: 'params', class: 'params' });
  const announce = h('p', { id: 'announce', class: 'visually-hidden', 'aria-live': 'polite' });
  // Why "Next epoch" is greyed (the run diverged, or its epochs are done), next to it, with a way on.
  const whyText = h('span', {});
  const whyGo = h('button', { type: 'button', class: 'linklike', id: 'why-go' });
  const why = h('p', { id: 'bar-why', class: 'bar-why', hidden: true }, whyText, ' ', whyGo);
  let whyTarget = '';
  whyGo.addEventListener('click', () => {
    const target = document.getElementById(whyTarget);
    if (!target) return;
    if (target.tabIndex < 0 && !/^(INPUT|SELECT|BUTTON|TEXTAREA)$/.test(target.tagName))
      target.setAttribute('tabindex', '-1');
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  });
  const el = h(
    'div',
    { class: 'transport', role: 'toolbar', 'aria-label': w.nextEpoch },
    h('div', { class: 'buttons' }, reset, back, play, next),
    h('label', { class: 'inline speed' }, h('span', { class: 'speed-label' }, w.speed), speedSel),
    h('div', { class: 'where' }, status, loss, params),
    why,
    announce,
  );
  let announced = '';

  function update(m: ViewModel): void {
    const last = m.summaries.length;
    const atEnd = m.epoch >= last && m.done;
    const hadFocus = document.activeElement === next;
    next.disabled = !m.info || atEnd;
    back.disabled = m.epoch === 0;
    reset.disabled = m.epoch === 0 && !m.playing;
    play.disabled = !m.info || (atEnd && !m.playing);
    play.querySelector('.icon path')!.setAttribute('d', ICONS[m.playing ? 'pause' : 'play']);
    play.querySelector('.label')!.textContent = m.playing ? w.pause : w.play;
    play.title = m.playing ? w.pause : w.play;
    play.setAttribute('aria-pressed', String(m.playing));
    status.textContent = w.epochOf(m.epoch, m.maxEpochs);
    const s = m.summaries[m.epoch - 1];
    loss.textContent = s ? w.lossIs(formatCompact(s.loss, m.fmt)) : '';
    // The link's speed (and back/forward in history) shows in the selector.
    const speed = String(m.state.speed ?? DEFAULT_SPEED);
    if (speedSel.value !== speed) speedSel.value = speed;
    const p = paramsAt(m, m.epoch);
    if (p && m.experiment && m.info) {
      const all = scalarParams(m.experiment, m.info.paramNames, m.fmt);
      params.textContent =
        all.length <= 4
          ? all.map((c) => `${c.label} = ${formatCompact(valueOf(p, c.name, c.index), m.fmt)}`).join(' · ')
          : '';
    }
    why.hidden = !(m.info && atEnd);
    if (!why.hidden) {
      whyTarget = m.diverged ? 'diverged' : 'epochs';
      whyText.textContent = m.diverged ? w.stoppedDiverged(m.diverged.epoch) : w.runDone(m.maxEpochs);
      whyGo.textContent = m.diverged ? w.seeWhy : w.epochs;
      // A focused button that turns disabled drops focus to the page: hand it to the reason instead.
      if (hadFocus) whyGo.focus();
    }
    // Said once per epoch shown while paused or stepping; never the stream of epochs while playing.
    const say =
      m.playing || !m.info
        ? ''
        : `${status.textContent}. ${loss.textContent} ${why.hidden ? '' : whyText.textContent}`;
    if (say && say !== announced) announce.textContent = say;
    announced = say || announced;
  }

  return { el, update, focusNext: () => next.focus() };
}
