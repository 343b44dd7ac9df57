import type { Overrides } from '@unha/engine';
import { fill, h } from './dom';
import { anatomyView } from './formats/anatomy-view';
import { type ModelFormat, filesView } from './formats/files-view';
import type { Words } from './i18n';
import type { DetailOptions } from './protocol';
import type { Locale } from './state';
import { calcView } from './views/calc';
import { type TransportActions, controlsView } from './views/controls';
import { fitChart } from './views/fit-chart';
import { type HeaderActions, type PickerLesson, headerView } from './views/header';
import { type HyperRefusal, hyperView } from './views/hyper';
import { landscapeView } from './views/landscape';
import { lossChart } from './views/loss-chart';
import type { ViewModel } from './views/model';
import { networkView } from './views/network';
import { divergedView, editorView, storyView } from './views/panels';
import { tableView } from './views/table';

export interface UiActions extends TransportActions, HeaderActions {
  goto: (epoch: number) => void;
  /** Moves the epoch shown by this many (from the one already asked for), stopping playback. */
  nudge: (by: number) => void;
  setLog: (on: boolean) => void;
  setHyper: (patch: Overrides) => HyperRefusal | undefined;
  detail: (d: Partial<DetailOptions>) => void;
  apply: (text: string) => void;
  /** A link to another state of the lab (a lesson's "try next"): followed in the page, as a new history entry. */
  openLink: (href: string) => void;
  /** Applies a fix suggested after a divergence (a set of overrides). */
  tryFix: (overrides: Overrides) => void;
  /** The model at the epoch shown as a file. */
  downloadModel: (f: ModelFormat) => void;
}

/** Builds the page for one language; the lab rebuilds it when the language changes. */
export function buildUi(
  root: HTMLElement,
  w: Words,
  locale: Locale,
  lessons: readonly PickerLesson[],
  a: UiActions,
  speed: number,
) {
  const header = headerView(w, lessons, locale, a);
  const controls = controlsView(w, a, speed);
  const hyper = hyperView(w, a);
  const story = storyView(w, a);
  const notice = h('p', { class: 'notice', id: 'notice', role: 'status', 'aria-live': 'polite' });
  const editor = editorView(w, a);
  const diverged = divergedView(w, a);
  const calc = calcView(w, a);
  const table = tableView(w, a);
  const loss = lossChart(w, a);
  const fit = fitChart(w);
  const landscape = landscapeView(w);
  const network = networkView(w);
  const files = filesView(locale, { download: a.downloadModel, onnx: true });
  const anatomy = anatomyView();
  const error = h('p', { class: 'notice error', id: 'worker-error', role: 'alert', hidden: true });
  // What the link asked for that could not be used: about the page as opened, so at its top.
  const linkIssues = h('div', { class: 'panel issues', id: 'link-issues', role: 'alert', hidden: true });

  // A landmark of its own: the transport is reachable from a screen reader's list of regions.
  const bar = h('section', { class: 'bar', id: 'transport', 'aria-label': w.transport }, controls.el);
  // The page scrolls focused fields clear of the sticky bar (scroll-padding-top in styles.css).
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
      { id: 'main' },
      hyper.el,
      notice,
      error,
      linkIssues,
      diverged.el,
      h(
        'div',
        { class: 'layout' },
        h('div', { class: 'col-calc' }, story.el, calc.el, files.el, anatomy.el),
        h('div', { class: 'col-pictures' }, loss.el, table.el, landscape.el, fit.el, network.el),
      ),
      editor.el,
    ),
    h('footer', { class: 'foot' }, h('p', {}, w.shortcuts), h('p', {}, 'LLM na Unha · MIT')),
  );

  return {
    header,
    hyper,
    story,
    editor,
    controls,
    files,
    anatomy,
    setNotice(text: string): void {
      notice.textContent = text;
    },
    setLinkIssues(lines: string[]): void {
      linkIssues.hidden = lines.length === 0;
      fill(
        linkIssues,
        lines.length ? h('p', { class: 'issues-title' }, w.urlIssuesTitle) : null,
        lines.length ? h('ul', {}, ...lines.map((l) => h('li', {}, l))) : null,
      );
    },
    setError(text: string | undefined): void {
      error.hidden = !text;
      error.textContent = text ?? '';
    },
    /** Draws every view; returns the milliseconds each took (the benchmark reports them). */
    update(m: ViewModel, detail: DetailOptions): Record<string, number> {
      const times: Record<string, number> = {};
      const time = (name: string, f: () => void): void => {
        const t0 = performance.now();
        f();
        times[name] = performance.now() - t0;
      };
      time('controls', () => controls.update(m));
      files.ready(!!m.info);
      time('hyper', () => hyper.update(m));
      time('diverged', () => diverged.update(m));
      time('calc', () => calc.update(m, detail));
      time('table', () => table.update(m));
      time('loss', () => loss.update(m));
      time('fit', () => fit.update(m));
      time('landscape', () => landscape.update(m));
      time('network', () => network.update(m));
      return times;
    },
  };
}

export type Ui = ReturnType<typeof buildUi>;
