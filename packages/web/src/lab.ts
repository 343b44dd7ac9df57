import { type Issue, type Overrides, validateExperiment } from '@unha/engine';
import { expectedText, renderIssue } from '@unha/explain';
import { download } from './dom';
import { fileWords, grouped } from './formats/words';
import { denseFileName } from './model-file';
import type { FileView } from './formats/anatomy-view';
import { inspectHere, isSafetensorsName } from './formats/inspect-file';
import { type Words, restartedBy } from './i18n';
import { placeOfPath, syntaxError } from './json-place';
import { bindKeys } from './keys';
import { lmFileLink } from './lm/handoff';
import { isLmRaw } from './lm/lab';
import { findGptLesson } from './gpt/lessons';
import { findLmLesson } from './lm/lessons';
import { Player } from './player';
import type { DetailOptions } from './protocol';
import { type Base, parseJson, resolveState } from './resolve';
import {
  DEFAULT_SPEED,
  type Detail,
  type LabState,
  type Locale,
  encodeExperiment,
  experimentFor,
  freshState,
  parseState,
  sameRun,
  serializeState,
} from './state';
import { Runner } from './runner';
import { Screen } from './screen';
import type { Ui, UiActions } from './ui';
import type { HyperRefusal } from './views/hyper';
import { type ViewModel, emptyModel } from './views/model';

/**
 * The lab's controller: the state (mirrored in the URL), the run (runner.ts, the training worker)
 * and the views. Every number comes from the worker; this class turns what the reader does into
 * state, runs and requests, and decides when to draw.
 */
export class Lab {
  private state: LabState;
  private base!: Base;
  private readonly screen: Screen;
  private readonly runner: Runner;
  private readonly player: Player;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  /** The .safetensors file last opened, taken apart (shown again after a change of language). */
  private fileView: FileView | undefined;

  constructor(root: HTMLElement, search: string, browserLang: string | undefined) {
    this.state = parseState(search, browserLang);
    this.screen = new Screen(root, {
      model: () => this.model,
      playing: () => this.player.playing,
      detail: () => this.detail(),
    });
    this.runner = new Runner({
      detail: () => this.detail(),
      playing: () => this.player.playing,
      changed: () => this.screen.draw(),
      shown: (epoch) => {
        this.screen.epochShown(epoch);
        this.state.step = epoch;
        this.syncUrl();
      },
      failed: (message) => {
        this.player.stop();
        this.ui.setError(this.w.workerError(message));
      },
      xlsx: (bytes, error) => this.screen.xlsx(this.base.lesson?.id ?? 'experiment', bytes, error),
      modelFile: (m) => {
        const name = denseFileName(this.base.lesson?.id ?? 'experiment', m.epoch, m.file);
        if (!m.bytes) return this.ui.files.say(m.error ?? '', true);
        download(name, m.bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream');
        this.ui.files.say(fileWords(this.state.lang).made(name, grouped(m.bytes.length, this.state.lang)));
      },
    });
    this.player = new Player({
      epoch: () => this.runner.epoch,
      busy: () => this.runner.busy,
      atEnd: () => this.runner.atEnd(),
      goto: (e) => this.goto(e),
      changed: () => {
        if (!this.player.playing) this.runner.paused();
        this.screen.draw();
      },
    });
    this.player.speed = this.state.speed ?? DEFAULT_SPEED;
    this.mount();
    bindKeys(() => this.actions());
    window.addEventListener('popstate', () => this.reload());
    const issues = this.resolve();
    this.start(this.state.step);
    this.ui.setLinkIssues(issues);
  }

  // ---- state and runs -------------------------------------------------------------------------

  /** The base experiment from the state (file or lesson); what the link asked for that cannot be used, as words. */
  private resolve(): string[] {
    const r = resolveState(this.state);
    this.state = r.state;
    this.base = r.base;
    return r.problems;
  }

  private effective(state: LabState): ReturnType<typeof validateExperiment> {
    return validateExperiment(experimentFor(this.base.experiment, state));
  }

  /** A new run of the current state, shown at `epoch`. */
  private start(epoch: number): void {
    const r = this.effective(this.state);
    if (!r.ok) return; // resolve() and setHyper() only let valid states through
    this.player.stop();
    this.ui.hyper.clearRefusals();
    this.screen.showBase(this.base, this.state.lang);
    this.ui.setError(undefined);
    this.runner.start(emptyModel(this.state, this.w, r.value), r.value, epoch);
    this.screen.draw();
  }

  private get model(): ViewModel {
    return this.runner.model;
  }

  private get w(): Words {
    return this.screen.w;
  }

  private get ui(): Ui {
    return this.screen.ui;
  }

  /** For the benchmark (window.unhaLab), in ms: request sent → view received, drawing, the worker's part. */
  get timings(): number[] {
    return this.runner.timings;
  }

  get renders(): number[] {
    return this.screen.renders;
  }

  get viewTimes(): Record<string, number>[] {
    return this.screen.viewTimes;
  }

  get workerMs(): number[] {
    return this.runner.workerMs;
  }

  private detail(): DetailOptions {
    return { locale: this.state.lang, ...this.state.detail };
  }

  /** Shows an epoch (the runner coalesces requests). */
  goto(epoch: number): void {
    this.runner.goto(epoch);
  }

  // ---- drawing and the URL --------------------------------------------------------------------

  /**
   * The address bar follows the state; while playing at most a few times a second (browsers throttle
   * it). Another experiment (a lesson, a file, an applied edit) is a new entry in the history, so Back
   * returns to the previous one; stepping, playing and settings replace the current entry.
   */
  private syncUrl(now = false, push = false): void {
    const write = (): void => {
      this.urlTimer = undefined;
      const q = serializeState(this.state);
      if (push) history.pushState(null, '', q);
      else if (q !== location.search) history.replaceState(null, '', q);
    };
    if (now || !this.player.playing) {
      if (this.urlTimer) clearTimeout(this.urlTimer);
      write();
    } else this.urlTimer ??= setTimeout(write, 300);
  }

  private mount(): void {
    this.screen.mount(this.state.lang, this.actions(), this.player.speed);
    this.ui.anatomy.show(this.fileView, this.state.lang);
  }

  /** A .safetensors file: taken apart to read beside the run, which stays. */
  private async inspectFile(file: File): Promise<void> {
    const r = await inspectHere(file, this.state.lang);
    if (r.view) {
      this.fileView = r.view;
      this.ui.anatomy.show(r.view, this.state.lang);
    }
    this.ui.files.say(r.message, r.error);
  }

  // ---- what the views can ask for --------------------------------------------------------------

  private actions(): UiActions {
    return {
      next: () => this.goto(this.runner.epoch + 1),
      back: () => {
        this.player.stop();
        this.goto(this.runner.epoch - 1);
      },
      reset: () => {
        this.player.stop();
        this.goto(0);
      },
      togglePlay: () => this.player.toggle(),
      setSpeed: (n) => {
        this.player.setSpeed(n);
        this.state.speed = n === DEFAULT_SPEED ? undefined : n;
        this.syncUrl(true);
      },
      goto: (e) => {
        this.player.stop();
        this.goto(e);
      },
      nudge: (by) => {
        this.player.stop();
        this.goto(this.runner.epoch + by);
      },
      setLog: (on) => {
        this.state.log = on;
        this.syncUrl(true);
        this.screen.draw();
      },
      setHyper: (patch) => this.setHyper(patch),
      detail: (d) => {
        const next: Detail = { ...this.state.detail, ...d };
        for (const k of Object.keys(next) as (keyof Detail)[]) if (next[k] === undefined) delete next[k];
        this.state.detail = Object.keys(next).length ? next : undefined;
        if (!this.state.detail) delete this.state.detail;
        this.syncUrl(true);
        this.goto(this.model.epoch);
      },
      openLink: (href) => {
        history.pushState(null, '', href);
        this.reload();
      },
      setLesson: (id) => {
        // A language model's lesson has a lab of its own: the page is loaded again for it.
        if (findLmLesson(id) || findGptLesson(id))
          location.assign(serializeState({ ...freshState(this.state, { lesson: id }), overrides: {} }));
        else this.switchTo(freshState(this.state, { lesson: id }));
      },
      openFile: (file) => {
        if (isSafetensorsName(file.name)) return void this.inspectFile(file);
        file.text().then(
          (text) => this.loadText(file.name, text),
          () => this.showFileIssues(file.name, [{ code: 'file_unreadable', path: [] }], ''),
        );
      },
      apply: (text) => this.loadText('experiment.json', text),
      downloadModel: (f) => this.runner.modelFile(f),
      downloadXlsx: () => {
        this.screen.notice(this.w.preparingXlsx);
        this.runner.xlsx(this.state.lang);
      },
      downloadJson: () => {
        const name = this.base.lesson?.id ?? 'experiment';
        download(`${name}.json`, JSON.stringify(this.model.experiment, null, 2) + '\n', 'application/json');
      },
      copyLink: () => {
        this.syncUrl(true);
        const url = location.href;
        // The clipboard may refuse (no permission, no secure context): the header then shows the link.
        const copied = navigator.clipboard?.writeText(url).then(
          () => true,
          () => false,
        );
        return (copied ?? Promise.resolve(false)).then((ok) => ({ ok, url }));
      },
      setLang: (l) => this.setLang(l),
      tryFix: (overrides) => this.setHyper(overrides),
    };
  }

  /** Back/forward in the browser's history: show the state of that address. */
  private reload(): void {
    const lang = this.state.lang;
    this.state = parseState(location.search, navigator.language);
    this.player.setSpeed(this.state.speed ?? DEFAULT_SPEED);
    if (this.state.lang !== lang) this.mount();
    const issues = this.resolve();
    this.start(this.state.step);
    this.ui.setLinkIssues(issues);
  }

  private setLang(l: Locale): void {
    this.state.lang = l;
    this.mount();
    this.model.w = this.w;
    this.model.fmt = { locale: l, decimals: 4 };
    this.screen.showBase(this.base, l);
    document.getElementById('lang')?.focus();
    this.goto(this.model.epoch);
    this.syncUrl(true);
  }

  /** A hyperparameter changed; a value the experiment refuses is handed back (the field says why), the run goes on. */
  private setHyper(patch: Overrides): HyperRefusal | undefined {
    const next: LabState = { ...this.state, overrides: { ...this.state.overrides, ...patch } };
    const r = this.effective(next);
    if (!r.ok) {
      const expected = r.issues[0]?.expected;
      return expected === undefined ? {} : { expected: expectedText(expected, this.state.lang) };
    }
    this.ui.setLinkIssues([]);
    if (sameRun(this.state, next)) {
      // Only the number of epochs changed: the run goes on, nothing is recomputed.
      this.state = next;
      this.model.state = next;
      this.model.experiment = r.value;
      this.model.maxEpochs = r.value.epochs;
      this.runner.setEpochs(r.value.epochs);
      const shown = Math.min(this.model.epoch, r.value.epochs);
      this.screen.notice(this.w.extended, shown);
      if (this.model.epoch > r.value.epochs) this.goto(r.value.epochs);
      this.syncUrl(true);
      this.screen.draw();
      return undefined;
    }
    const what = restartedBy(this.w, patch);
    const epoch = Math.min(this.model.epoch, r.value.epochs);
    this.state = next;
    this.start(epoch);
    this.syncUrl(true);
    // True while this epoch is on display: stepping on makes "up to epoch 2, where you were" stale.
    this.screen.notice(this.w.restarted(what, epoch), epoch);
    return undefined;
  }

  private loadText(name: string, text: string): void {
    const bad = syntaxError(text);
    if (bad) {
      const { line, column } = bad.place;
      const words = this.w.jsonSyntax(name, line, column, bad.problem);
      return this.ui.editor.showIssues(this.w.issuesTitle, [{ text: words, place: bad.place }], text);
    }
    const raw = parseJson(text);
    // A language model runs in its own lab (lm/lab.ts), which the page becomes for it.
    if (isLmRaw(raw)) {
      location.assign(lmFileLink(raw, name, this.state.lang));
      return;
    }
    const r = validateExperiment(raw);
    if (!r.ok) return this.showFileIssues(name, r.issues, text);
    const exp = encodeExperiment(JSON.stringify(r.value));
    this.switchTo(freshState(this.state, { lesson: this.state.lesson, exp }), name);
    this.ui.editor.applied(this.w.applied);
  }

  /** Another experiment (a lesson, a file) from epoch 0. */
  private switchTo(state: LabState, fileName?: string): void {
    this.ui.editor.clearIssues();
    this.ui.setLinkIssues([]);
    this.state = state;
    this.resolve();
    if (fileName) this.base.fileName = fileName;
    this.start(0);
    this.syncUrl(true, true);
    this.screen.notice('');
  }

  private showFileIssues(name: string, issues: Issue[], text: string): void {
    this.ui.editor.showIssues(
      this.w.issuesTitle,
      issues.map((i) => {
        const place = placeOfPath(text, i.path);
        return { text: renderIssue(i, name, this.state.lang), ...(place && { place }) };
      }),
      text,
    );
  }
}
