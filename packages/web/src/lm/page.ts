import type { NumberFormat } from '@unha/explain';
import { h } from '../dom';
import { anatomyView } from '../formats/anatomy-view';
import { type ModelFormat, filesView } from '../formats/files-view';
import type { Words } from '../i18n';
import type { Locale } from '../state';
import { type HeaderActions, type PickerLesson, headerView } from '../views/header';
import { storyView } from '../views/panels';
import type { LmCalc, LmEval, LmInfo, LmStepSummary, LmViewData } from './protocol';
import type { LmWords } from './words';
import { barsView } from './views/bars';
import { lmCalcView } from './views/calc';
import { curvesView } from './views/curves';
import { heatmapView } from './views/heatmap';
import { namesView } from './views/names';
import { planeView } from './views/plane';
import { type LmTransportActions, lmTransport } from './views/transport';

/** Every number the language-model views draw, as the worker sent it. */
export interface LmModel {
  info?: LmInfo;
  steps: LmStepSummary[];
  evals: LmEval[];
  done: boolean;
  diverged?: string;
  /** The step on display and its view. */
  step: number;
  view?: LmViewData;
  /** The calculation on display and the step it is about (behind `step` while playing). */
  calc?: LmCalc;
  calcStep: number;
  playing: boolean;
  speed: number;
  context: string;
  example: number;
  fmt: NumberFormat;
}

export interface LmPageActions extends LmTransportActions, HeaderActions {
  goto(step: number): void;
  setContext(text: string): void;
  setSeed(seed: number): void;
  example(n: number): void;
  openLink(href: string): void;
  downloadModel: (f: ModelFormat) => void;
}

/** Builds the language-model lab's page for one language. */
export function buildLmPage(
  root: HTMLElement,
  w: Words,
  lw: LmWords,
  locale: Locale,
  lessons: readonly PickerLesson[],
  a: LmPageActions,
  speed: number,
) {
  const header = headerView(w, lessons, locale, a);
  const transport = lmTransport(lw, a, speed);
  const story = storyView(w, a);
  const notice = h('p', { class: 'notice', id: 'notice', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { class: 'notice error', id: 'worker-error', role: 'alert', hidden: true });
  const bars = barsView(lw, a);
  const files = filesView(locale, { download: a.downloadModel, onnx: true });
  const anatomy = anatomyView();
  const calc = lmCalcView(lw, a);
  const curves = curvesView(lw, a);
  const names = namesView(lw, a);
  const heatmap = heatmapView(lw, { pick: (c) => a.setContext(c) });
  const plane = planeView(lw);
  const bar = h('section', { class: 'bar', id: 'transport', 'aria-label': lw.transport }, transport.el);
  new ResizeObserver(() =>
    document.documentElement.style.setProperty(
      '--bar-h',
      `${Math.ceil(bar.getBoundingClientRect().height)}px`,
    ),
  ).observe(bar);
  root.replaceChildren(
    header.el,
    bar,
    h(
      'main',
      { id: 'main', class: 'lm' },
      notice,
      error,
      h(
        'div',
        { class: 'layout' },
        h('div', { class: 'col-calc' }, story.el, bars.el, calc.el, files.el, anatomy.el),
        h('div', { class: 'col-pictures' }, curves.el, names.el, plane.el, heatmap.el),
      ),
    ),
    h('footer', { class: 'foot' }, h('p', {}, lw.shortcuts), h('p', {}, 'LLM na Unha · MIT')),
  );

  let turn = 0;
  return {
    header,
    story,
    files,
    anatomy,
    setNotice(text: string): void {
      notice.textContent = text;
    },
    setError(text: string | undefined): void {
      error.hidden = !text;
      error.textContent = text ?? '';
    },
    /**
     * Draws the views; returns the milliseconds each took. While playing, the pictures take turns, a
     * third of them each frame (each still redrawn twenty times a second), so no frame carries all of
     * them; paused or stepping, every view is drawn at once.
     */
    update(m: LmModel): Record<string, number> {
      const times: Record<string, number> = {};
      files.ready(!!m.info);
      const phase = m.playing ? turn++ % 3 : -1;
      const due = (k: number): boolean => phase < 0 || phase === k;
      const time = (name: string, f: () => void): void => {
        const t0 = performance.now();
        f();
        times[name] = performance.now() - t0;
      };
      const info = m.info;
      const chars = info?.chars ?? [];
      time('transport', () =>
        transport.update({
          ready: !!info,
          step: m.step,
          steps: info?.steps ?? 0,
          done: m.done,
          playing: m.playing,
          speed: m.speed,
          summary: m.steps[m.step - 1],
          fmt: m.fmt,
        }),
      );
      time('bars', () =>
        bars.update(m.view?.next, chars, info?.context ?? 1, m.context, m.view?.step ?? 0, m.fmt),
      );
      if (due(2))
        time('calc', () => calc.update(m.calc, info, m.calcStep, m.example, m.calcStep !== m.step, m.fmt));
      time('curves', () => curves.update({ info, steps: m.steps, evals: m.evals, step: m.step, fmt: m.fmt }));
      if (due(1))
        time('names', () => names.update(m.view?.samples, info?.sampleEvery ?? 0, info?.steps ?? 0));
      if (due(1)) time('plane', () => plane.update(m.view?.embedding, chars, m.view?.step ?? 0, m.fmt));
      time('heatmap', () => heatmap.update(info?.counts, chars, m.fmt));
      return times;
    },
  };
}

export type LmPage = ReturnType<typeof buildLmPage>;
