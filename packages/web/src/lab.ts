import { type Experiment, type Issue, type Overrides, validateExperiment } from '@unha/engine';
import { renderIssue } from '@unha/explain';
import { lessons, localText } from '@unha/lessons';
import { download } from './dom';
import { type Words, words } from './i18n';
import { bindKeys } from './keys';
import type { DetailOptions, FromWorker, ToWorker } from './protocol';
import { Player } from './player';
import { type Base, parseJson, resolveState } from './resolve';
import {
  DEFAULT_SPEED,
  type LabState,
  type Locale,
  encodeExperiment,
  experimentFor,
  parseState,
  sameRun,
  serializeState,
} from './state';
import { type Ui, buildUi } from './ui';
import type { ViewModel } from './views/model';

/** The longest calculation (links of chains) followed while playing: a one-neuron lesson's, not a network's. */
const LIVE_LINKS = 100;

/**
 * The lab's controller: the state (mirrored in the URL), the training worker and the views. Every
 * number comes from the worker; this class only decides what to ask for and when to draw.
 */
export class Lab {
  private state: LabState;
  private base!: Base;
  private w: Words;
  private ui!: Ui;
  private readonly worker: Worker;
  private run = 0;
  private model!: ViewModel;
  private detailOpts: Omit<DetailOptions, 'locale'> = {};
  private inFlight = false;
  private target: number | undefined;
  private readonly player: Player;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  private drawQueued = false;
  /** For the benchmark, in milliseconds: request sent → view received, and the time to draw it. */
  readonly timings: number[] = [];
  readonly renders: number[] = [];
  readonly viewTimes: Record<string, number>[] = [];
  readonly workerMs: number[] = [];
  private sentAt = 0;
  private explainedAt = 0;

  constructor(
    private readonly root: HTMLElement,
    search: string,
    browserLang: string | undefined,
  ) {
    this.state = parseState(search, browserLang);
    this.w = words(this.state.lang);
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.onMessage(ev.data);
    this.player = new Player({
      epoch: () => this.target ?? this.model.epoch,
      busy: () => this.inFlight,
      atEnd: () => this.atEnd(),
      goto: (e) => this.goto(e),
      changed: () => {
        // Paused mid-run with a calculation not followed during play: ask for the epoch's own.
        if (!this.player.playing && !this.inFlight && this.model.docEpoch !== this.model.epoch)
          this.send(this.model.epoch);
        this.draw();
      },
    });
    this.player.speed = this.state.speed ?? DEFAULT_SPEED;
    this.mount();
    bindKeys(() => this.actions());
    window.addEventListener('popstate', () => this.reload());
    const issues = this.resolve();
    this.start(this.state.step);
    if (issues.length) this.ui.editor.showIssues(this.w.urlIssuesTitle, issues);
  }

  // ---- state and runs -------------------------------------------------------------------------

  /** The base experiment from the state (file or lesson); what the link asked for that cannot be used, as words. */
  private resolve(): string[] {
    const r = resolveState(this.state);
    this.state = r.state;
    this.base = r.base;
    return r.problems;
  }

  private effective(state: LabState): { ok: true; value: Experiment } | { ok: false; issues: Issue[] } {
    return validateExperiment(experimentFor(this.base.experiment, state));
  }

  /** A new run of the current state, shown at `epoch`. */
  private start(epoch: number): void {
    const r = this.effective(this.state);
    if (!r.ok) return; // resolve() and setHyper() only let valid states through
    this.run++;
    this.player.stop();
    this.inFlight = true;
    this.target = epoch;
    this.model = {
      state: this.state,
      w: this.w,
      fmt: { locale: this.state.lang, decimals: 4 },
      experiment: r.value,
      summaries: [],
      epoch: 0,
      doc: null,
      docEpoch: 0,
      done: false,
      maxEpochs: r.value.epochs,
      playing: false,
    };
    this.ui.header.update(this.base.lesson?.id, this.base.fileName);
    this.ui.story.update(
      this.base.lesson,
      this.state.lang,
      localText(this.base.experiment.notes, this.state.lang),
    );
    this.ui.editor.setText(JSON.stringify(this.base.experiment, null, 2));
    this.ui.setError(undefined);
    this.sentAt = performance.now();
    this.post({ type: 'load', run: this.run, experiment: r.value, epoch, detail: this.detail() });
    this.draw();
  }

  private detail(): DetailOptions {
    return { locale: this.state.lang, ...this.detailOpts };
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  private onMessage(m: FromWorker): void {
    if (m.run !== this.run) return;
    const model = this.model;
    if (m.type === 'info') {
      model.info = m.info;
    } else if (m.type === 'progress') {
      for (const s of m.summaries) model.summaries.push(s);
      model.done = m.done;
      if (m.diverged) model.diverged = m.diverged;
      if (m.fixes) model.fixes = m.fixes;
      this.draw();
    } else if (m.type === 'xlsx') {
      if (m.bytes) {
        const name = this.base.lesson?.id ?? 'experiment';
        download(
          `${name}.xlsx`,
          m.bytes as Uint8Array<ArrayBuffer>,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        this.notice('');
      } else this.notice(m.error ?? '');
    } else if (m.type === 'error') {
      this.inFlight = false;
      this.player.stop();
      this.ui.setError(this.w.workerError(m.message));
    } else {
      model.epoch = m.epoch;
      if (!m.skipped) {
        model.doc = m.doc;
        model.docError = m.docError;
        model.docEpoch = m.epoch;
      }
      model.fit = m.fit;
      if (m.landscape) model.landscape = m.landscape;
      this.state.step = m.epoch;
      this.inFlight = false;
      this.timings.push(performance.now() - this.sentAt);
      this.workerMs.push(m.ms);
      if (this.target !== undefined && this.target !== m.epoch && !(this.target > m.epoch && this.atEnd())) {
        this.send(this.target);
      } else {
        this.target = undefined;
        if (!this.player.playing && model.docEpoch !== m.epoch) this.send(m.epoch);
      }
      this.syncUrl();
      this.draw();
    }
  }

  private atEnd(): boolean {
    return this.model.done && this.model.epoch >= this.model.summaries.length;
  }

  private send(epoch: number): void {
    this.inFlight = true;
    this.sentAt = performance.now();
    const upTo = this.explainUpTo(epoch);
    this.post({
      type: 'goto',
      run: this.run,
      epoch,
      detail: this.detail(),
      ...(upTo !== undefined && { explainUpTo: upTo }),
    });
  }

  /**
   * While playing, the calculation follows a few times a second, and only a short one (a network's
   * takes longer than a frame to draw); the last epoch and every epoch shown while paused get theirs.
   */
  private explainUpTo(epoch: number): number | undefined {
    if (!this.player.playing || epoch >= this.lastEpoch()) return undefined;
    const now = performance.now();
    if (now - this.explainedAt < 250) return 0;
    this.explainedAt = now;
    return LIVE_LINKS;
  }

  private lastEpoch(): number {
    return this.model.done
      ? this.model.summaries.length
      : Math.max(this.model.maxEpochs, this.model.summaries.length);
  }

  /** Shows an epoch; while a request is out, the latest wish waits (held keys and fast play coalesce). */
  goto(epoch: number): void {
    const e = Math.max(0, Math.min(epoch, this.lastEpoch()));
    this.target = e;
    if (!this.inFlight) this.send(e);
  }

  // ---- drawing and the URL --------------------------------------------------------------------

  private draw(): void {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      this.model.playing = this.player.playing;
      const t0 = performance.now();
      const times = this.ui.update(this.model, this.detail());
      this.renders.push(performance.now() - t0);
      this.viewTimes.push(times);
      if (this.viewTimes.length > 2000) this.viewTimes.splice(0, 1000);
      if (this.renders.length > 2000) this.renders.splice(0, 1000);
      document.dispatchEvent(new CustomEvent('unha:drawn', { detail: this.model.epoch }));
    });
  }

  /** The address bar follows the state; while playing at most a few times a second (browsers throttle it). */
  private syncUrl(now = false): void {
    const write = (): void => {
      this.urlTimer = undefined;
      const q = serializeState(this.state);
      if (q !== location.search) history.replaceState(null, '', q);
    };
    if (now || !this.player.playing) {
      if (this.urlTimer) clearTimeout(this.urlTimer);
      write();
    } else this.urlTimer ??= setTimeout(write, 300);
  }

  private mount(): void {
    document.documentElement.lang = this.w.htmlLang;
    document.title = `LLM na Unha — ${this.w.tagline}`;
    this.ui = buildUi(this.root, this.w, this.state.lang, lessons, this.actions(), this.player.speed);
  }

  private notice(text: string): void {
    this.ui.setNotice(text);
  }

  // ---- what the views can ask for --------------------------------------------------------------

  private actions(): Parameters<typeof buildUi>[4] {
    return {
      next: () => this.goto((this.target ?? this.model.epoch) + 1),
      back: () => {
        this.player.stop();
        this.goto((this.target ?? this.model.epoch) - 1);
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
      setLog: (on) => {
        this.state.log = on;
        this.syncUrl(true);
        this.draw();
      },
      setHyper: (patch) => this.setHyper(patch),
      detail: (d) => {
        this.detailOpts = { ...this.detailOpts, ...d };
        for (const k of Object.keys(d) as (keyof typeof d)[])
          if (d[k] === undefined) delete this.detailOpts[k as 'step'];
        this.goto(this.model.epoch);
      },
      setLesson: (id) => {
        const { lang, log, speed } = this.state;
        this.state = { lesson: id, overrides: {}, lang, step: 0, log, speed };
        this.detailOpts = {};
        this.ui.editor.showIssues(null, []);
        this.resolve();
        this.start(0);
        this.syncUrl(true);
        this.notice('');
      },
      openFile: (file) => {
        file.text().then(
          (text) => this.loadText(file.name, text),
          () => this.showFileIssues(file.name, [{ code: 'file_unreadable', path: [] }], ''),
        );
      },
      apply: (text) => this.loadText('experiment.json', text),
      downloadXlsx: () => {
        this.notice(this.w.preparingXlsx);
        this.post({ type: 'xlsx', run: this.run, locale: this.state.lang });
      },
      downloadJson: () => {
        const name = this.base.lesson?.id ?? 'experiment';
        download(`${name}.json`, JSON.stringify(this.model.experiment, null, 2) + '\n', 'application/json');
      },
      copyLink: () => {
        void navigator.clipboard?.writeText(location.href).catch(() => undefined);
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
    if (this.state.lang !== lang) {
      this.w = words(this.state.lang);
      this.mount();
    }
    this.detailOpts = {};
    const issues = this.resolve();
    this.start(this.state.step);
    this.ui.editor.showIssues(issues.length ? this.w.urlIssuesTitle : null, issues);
  }

  private setLang(l: Locale): void {
    this.state.lang = l;
    this.w = words(l);
    this.model.w = this.w;
    this.model.fmt = { locale: l, decimals: 4 };
    this.mount();
    this.ui.header.update(this.base.lesson?.id, this.base.fileName);
    this.ui.story.update(this.base.lesson, l, localText(this.base.experiment.notes, l));
    this.ui.editor.setText(JSON.stringify(this.base.experiment, null, 2));
    document.getElementById('lang')?.focus();
    this.goto(this.model.epoch);
    this.syncUrl(true);
  }

  private setHyper(patch: Overrides): void {
    const next: LabState = { ...this.state, overrides: { ...this.state.overrides, ...patch } };
    const r = this.effective(next);
    if (!r.ok) {
      this.ui.editor.showIssues(
        this.w.issuesTitle,
        r.issues.map((i) => renderIssue(i, 'lab', this.state.lang)),
      );
      this.draw();
      return;
    }
    this.ui.editor.showIssues(null, []);
    if (sameRun(this.state, next)) {
      // Only the number of epochs changed: the run goes on, nothing is recomputed.
      this.state = next;
      this.model.state = next;
      this.model.experiment = r.value;
      this.model.maxEpochs = r.value.epochs;
      this.post({ type: 'epochs', run: this.run, epochs: r.value.epochs });
      this.notice(this.w.extended);
      if (this.model.epoch > r.value.epochs) this.goto(r.value.epochs);
      this.syncUrl(true);
      this.draw();
      return;
    }
    const what =
      patch.lr !== undefined
        ? this.w.lr
        : patch.optimizer
          ? this.w.optimizer
          : patch.momentum !== undefined
            ? this.w.momentum
            : 'batchSize' in patch
              ? this.w.batch
              : this.w.normalize;
    const epoch = Math.min(this.model.epoch, r.value.epochs);
    this.state = next;
    this.start(epoch);
    this.syncUrl(true);
    this.notice(this.w.restarted(what, epoch));
  }

  private loadText(name: string, text: string): void {
    const parsed = parseJson(text);
    if (parsed === undefined) return this.showFileIssues(name, [{ code: 'not_json', path: [] }], text);
    const r = validateExperiment(parsed);
    if (!r.ok) return this.showFileIssues(name, r.issues, text);
    this.ui.editor.showIssues(null, []);
    this.state = {
      lesson: this.state.lesson,
      exp: encodeExperiment(JSON.stringify(r.value)),
      overrides: {},
      lang: this.state.lang,
      step: 0,
      log: this.state.log,
      speed: this.state.speed,
    };
    this.detailOpts = {};
    this.resolve();
    this.base.fileName = name;
    this.start(0);
    this.syncUrl(true);
    this.notice('');
  }

  private showFileIssues(name: string, issues: Issue[], text: string): void {
    this.ui.editor.showIssues(
      this.w.issuesTitle,
      issues.map((i) => renderIssue(i, name, this.state.lang)),
      text,
    );
  }
}
