import { type NumberFormat, formatCompact } from '@unha/explain';
import { h } from '../dom';
import { anatomyView } from '../formats/anatomy-view';
import { type ModelFormat, dropZone, filesView } from '../formats/files-view';
import { fileWords } from '../formats/words';
import type { Words } from '../i18n';
import type { Locale } from '../state';
import { type HeaderActions, type PickerLesson, headerView } from '../views/header';
import { storyView } from '../views/panels';
import type { HandCalc } from './hand';
import type { GptEval, GptInfo, GptSample, GptStepSummary, Inspection } from './protocol';
import { attentionView } from './views/attention';
import { gptCalcView } from './views/calc';
import { checkpointView } from './views/checkpoint';
import { gptCurvesView } from './views/curves';
import { probsView } from './views/probs';
import { samplesView } from './views/samples';
import { textView } from './views/text';
import { type GptTransportActions, gptTransport } from './views/transport';
import type { GptWords } from './words';

/** Every number the GPT lab's views draw, as the worker sent it (and the calculation worked from it). */
export interface GptModel {
  info?: GptInfo;
  steps: GptStepSummary[];
  evals: GptEval[];
  sample?: GptSample;
  step: number;
  done: boolean;
  playing: boolean;
  text: string;
  inspection?: Inspection;
  calc?: HandCalc;
  fmt: NumberFormat;
}

export interface GptPageActions extends GptTransportActions, HeaderActions {
  setText: (text: string) => void;
  openCell: (layer: number, head: number, row: number, col: number) => void;
  openProb: (index: number) => void;
  openLink: (href: string) => void;
  downloadModel: (f: ModelFormat) => void;
}

/** Builds the GPT lab's page for one language. */
export function buildGptPage(
  root: HTMLElement,
  w: Words,
  gw: GptWords,
  locale: Locale,
  lessons: readonly PickerLesson[],
  a: GptPageActions,
  onnx: boolean,
) {
  const header = headerView(w, lessons, locale, a);
  const transport = gptTransport(gw, a);
  const story = storyView(w, a);
  const notice = h('p', { class: 'notice', id: 'notice', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { class: 'notice error', id: 'worker-error', role: 'alert', hidden: true });
  const modelLine = h('p', { class: 'caption', id: 'gpt-model-line' });
  const text = textView(gw, a);
  const probs = probsView(gw, { open: a.openProb });
  const calc = gptCalcView(gw);
  const checkpoint = checkpointView(gw, { open: a.openFile }, fileWords(locale).dropHere);
  dropZone(checkpoint.el, a.openFile);
  const anatomy = anatomyView();
  const files = filesView(locale, { download: a.downloadModel, onnx });
  const curves = gptCurvesView(gw);
  const samples = samplesView(gw);
  const attention = attentionView(gw, { open: a.openCell });
  const bar = h('section', { class: 'bar', id: 'transport', 'aria-label': gw.transport }, transport.el);
  root.replaceChildren(
    header.el,
    bar,
    h(
      'main',
      { id: 'main', class: 'lm gpt' },
      notice,
      error,
      modelLine,
      h(
        'div',
        { class: 'layout' },
        h(
          'div',
          { class: 'col-calc' },
          story.el,
          text.el,
          probs.el,
          calc.el,
          files.el,
          checkpoint.el,
          anatomy.el,
        ),
        h('div', { class: 'col-pictures' }, curves.el, samples.el, attention.el),
      ),
    ),
    h('footer', { class: 'foot' }, h('p', {}, gw.shortcuts), h('p', {}, 'LLM na Unha · MIT')),
  );
  // Drawn inputs, so that a view is drawn again only when what it shows changed.
  let lastInspection: Inspection | undefined;
  let lastCalc: HandCalc | undefined;
  let lastInfo: GptInfo | undefined;

  return {
    header,
    story,
    checkpoint,
    anatomy,
    files,
    setNotice(t: string): void {
      notice.textContent = t;
    },
    setError(t: string | undefined): void {
      error.hidden = !t;
      error.textContent = t ?? '';
    },
    update(m: GptModel): void {
      const info = m.info;
      const chars = info?.chars ?? [];
      transport.update({
        ready: !!info,
        step: m.step,
        steps: info?.steps ?? 0,
        done: m.done,
        playing: m.playing,
        ...(info?.checkpoint && { checkpoint: info.checkpoint }),
        summary: m.steps[m.step - 1],
        fmt: m.fmt,
        ...(info && { engine: { dtype: info.dtype, threads: info.threads, isolated: info.isolated } }),
      });
      calc.explainsFloat32(info?.dtype === 'float32');
      files.ready(!!info);
      if (info && info !== lastInfo) {
        lastInfo = info;
        modelLine.textContent = gw.modelLine(
          info.layers,
          info.heads,
          info.width,
          info.block,
          formatCompact(info.params, { ...m.fmt, decimals: 0 }, 12),
          chars.length,
        );
      }
      curves.update({
        V: chars.length,
        maxStep: info?.steps ?? 0,
        step: m.step,
        steps: m.steps,
        evals: m.evals,
        fmt: m.fmt,
      });
      samples.update(
        m.sample,
        info?.sample.temperature ?? 1,
        info?.checkpoint ? 0 : (info?.evalEvery ?? 0),
        m.fmt,
      );
      text.update(m.inspection, m.text, info?.block ?? 0);
      if (m.inspection !== lastInspection) {
        lastInspection = m.inspection;
        probs.update(m.inspection, chars, m.fmt);
        attention.update(m.inspection, m.fmt);
      }
      if (m.calc !== lastCalc || !lastCalc) {
        lastCalc = m.calc;
        calc.update(m.calc, m.inspection?.text ?? '', chars, m.fmt);
      }
    },
  };
}

export type GptPage = ReturnType<typeof buildGptPage>;
