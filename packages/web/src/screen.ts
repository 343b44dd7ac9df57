import { lessons, localText } from '@unha/lessons';
import { download } from './dom';
import { gptLessonList } from './gpt/lessons';
import { lmLessonList } from './lm/lessons';
import { type Words, words } from './i18n';
import type { DetailOptions } from './protocol';
import type { Base } from './resolve';
import type { Locale } from './state';
import { type Ui, type UiActions, buildUi } from './ui';
import type { ViewModel } from './views/model';

/** What the screen draws from. */
export interface ScreenSource {
  model(): ViewModel;
  playing(): boolean;
  detail(): DetailOptions;
}

/**
 * The page around the views: its words, building it (again when the language changes), drawing it at
 * most once a frame (timed, for the benchmark), notices and downloads.
 */
export class Screen {
  w!: Words;
  ui!: Ui;
  private drawQueued = false;
  /** For the benchmark, in milliseconds: the time to draw, in all and view by view. */
  readonly renders: number[] = [];
  readonly viewTimes: Record<string, number>[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly source: ScreenSource,
  ) {}

  mount(lang: Locale, actions: UiActions, speed: number): void {
    this.w = words(lang);
    document.documentElement.lang = this.w.htmlLang;
    document.title = `LLM na Unha — ${this.w.tagline}`;
    // The picker lists the language models' lessons too (choosing one loads their lab).
    this.ui = buildUi(
      this.root,
      this.w,
      lang,
      [...lessons, ...lmLessonList, ...gptLessonList],
      actions,
      speed,
    );
  }

  /** What the experiment is: the lesson or file in the header, its story, its JSON in the editor. */
  showBase(base: Base, lang: Locale): void {
    this.ui.header.update(base.lesson?.id, base.fileName);
    this.ui.story.update(base.lesson, lang, localText(base.experiment.notes, lang));
    this.ui.editor.setText(JSON.stringify(base.experiment, null, 2));
  }

  draw(): void {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      const model = this.source.model();
      model.playing = this.source.playing();
      const t0 = performance.now();
      const times = this.ui.update(model, this.source.detail());
      this.renders.push(performance.now() - t0);
      this.viewTimes.push(times);
      if (this.viewTimes.length > 2000) this.viewTimes.splice(0, 1000);
      if (this.renders.length > 2000) this.renders.splice(0, 1000);
      document.dispatchEvent(new CustomEvent('unha:drawn', { detail: model.epoch }));
    });
  }

  /** The epoch a notice is about: once another is shown, the notice is no longer true and goes. */
  private noticeEpoch: number | undefined;

  notice(text: string, whileEpoch?: number): void {
    this.noticeEpoch = whileEpoch;
    this.ui.setNotice(text);
  }

  epochShown(epoch: number): void {
    if (this.noticeEpoch !== undefined && epoch !== this.noticeEpoch) this.notice('');
  }

  /** The run as a spreadsheet, from the worker; or why it could not be made. */
  xlsx(name: string, bytes: Uint8Array | undefined, error: string | undefined): void {
    if (bytes) {
      download(
        `${name}.xlsx`,
        bytes as Uint8Array<ArrayBuffer>,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      this.notice('');
    } else this.notice(error ?? '');
  }
}
