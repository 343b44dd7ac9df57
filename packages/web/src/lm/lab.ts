import { isLmExperiment } from '@unha/engine';
import { lessons, localText } from '@unha/lessons';
import { download } from '../dom';
import { words } from '../i18n';
import { bindKeys } from '../keys';
import { Player } from '../player';
import { parseJson } from '../resolve';
import { syntaxError } from '../json-place';
import { DEFAULT_SPEED, decodeExperiment } from '../state';
import { isGptRaw } from '../gpt/detect';
import { gptLessonList } from '../gpt/lessons';
import { handedFile, lmFileLink } from './handoff';
import { findLmLesson, lmLessonList, type LmLesson } from './lessons';
import { type LmModel, type LmPage, type LmPageActions, buildLmPage } from './page';
import { fileWords, grouped } from '../formats/words';
import { lmFileName } from '../model-file';
import type { FileView } from '../formats/anatomy-view';
import { inspectHere, isSafetensorsName } from '../formats/inspect-file';
import type { FromLmWorker, LmDetail, ToLmWorker } from './protocol';
import { DEFAULT_NAMES_SEED, type LmState, parseLmState, serializeLmState } from './state';
import { lmWords } from './words';

/** While playing, the calculation follows at most this often (ms): it is several sections of numbers. */
const EXPLAIN_EVERY = 250;

/**
 * Whether a parsed experiment is a language model's (its lab is this one, not the regression lab), or a
 * GPT's (the GPT lab: the link this lab makes for a file leads there, main.ts tells them apart).
 */
export function isLmRaw(raw: unknown): boolean {
  return isLmExperiment(raw) || isGptRaw(raw);
}

/** Whether a link is for the language-model lab: an LM lesson, or an experiment that is a language model. */
export function isLmLink(search: string): boolean {
  const q = new URLSearchParams(search);
  const exp = q.get('exp');
  if (exp) {
    const text = decodeExperiment(exp);
    return text !== undefined && isLmExperiment(parseJson(text));
  }
  const file = q.get('file');
  if (file !== null) return handedFile(file) !== undefined;
  return findLmLesson(q.get('lesson') ?? '') !== undefined;
}

/**
 * The language-model lab: the ladder's lessons (or an LM experiment in the link) trained step by step
 * in a worker, with the count table, the next-character bars, the loss curves, the live names, the
 * embedding plane and the calculation of one example. Like the regression lab, the URL is the state
 * and every number comes from the engine in the worker.
 */
export class LmLab {
  private state: LmState;
  private page!: LmPage;
  private model!: LmModel;
  private lesson: LmLesson | undefined;
  private experiment: unknown;
  /** The .safetensors file last opened, taken apart (shown again after a change of language). */
  private fileView: FileView | undefined;
  private readonly worker: Worker;
  private readonly player: Player;
  private run = 0;
  private inFlight = false;
  private target: number | undefined;
  private explainedAt = 0;
  private drawQueued = false;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  /** For the tests and the benchmark, in ms: drawing each frame. */
  readonly renders: number[] = [];
  readonly viewTimes: Record<string, number>[] = [];

  constructor(
    private readonly root: HTMLElement,
    search: string,
    browserLang: string | undefined,
  ) {
    this.state = parseLmState(search, browserLang);
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<FromLmWorker>) => this.onMessage(ev.data);
    this.player = new Player({
      epoch: () => this.target ?? this.model.step,
      busy: () => this.inFlight,
      atEnd: () => this.atEnd(),
      goto: (s) => this.goto(s),
      changed: () => {
        if (!this.player.playing && !this.inFlight && this.model.calcStep !== this.model.step)
          this.send(this.model.step);
        this.draw();
      },
    });
    this.player.speed = this.state.speed ?? DEFAULT_SPEED;
    this.mount();
    bindKeys(() => ({
      next: () => this.goto(this.current + 1),
      back: () => this.stepBy(-1),
      reset: () => this.stepBy(-Infinity),
      togglePlay: () => this.player.toggle(),
    }));
    window.addEventListener('popstate', () => {
      this.state = parseLmState(location.search, navigator.language);
      this.mount();
      this.start();
    });
    this.start();
  }

  private get lw() {
    return lmWords(this.state.lang);
  }

  private get current(): number {
    return this.target ?? this.model.step;
  }

  private detail(): LmDetail {
    return {
      locale: this.state.lang,
      context: this.state.context ?? '',
      example: this.state.example ?? 1,
      sampleSeed: this.state.seed ?? DEFAULT_NAMES_SEED,
    };
  }

  private mount(): void {
    const w = words(this.state.lang);
    document.documentElement.lang = w.htmlLang;
    document.title = `LLM na Unha — ${w.tagline}`;
    const picker = [...lessons, ...lmLessonList, ...gptLessonList];
    this.page = buildLmPage(
      this.root,
      w,
      this.lw,
      this.state.lang,
      picker,
      this.actions(),
      this.player.speed,
    );
    this.page.anatomy.show(this.fileView, this.state.lang);
  }

  private start(): void {
    this.player.stop();
    this.lesson = this.state.exp ? undefined : findLmLesson(this.state.lesson);
    const handed = this.state.file !== undefined ? handedFile(this.state.file) : undefined;
    const text = this.state.exp ? decodeExperiment(this.state.exp) : handed?.json;
    this.experiment = text !== undefined ? parseJson(text) : this.lesson?.experiment;
    this.page.header.update(this.lesson?.id, this.lesson ? undefined : (handed?.name ?? 'experiment.json'));
    this.page.setNotice(handed ? this.lw.fileInTab(handed.name) : '');
    if (this.lesson) this.page.story.update(this.lesson as never, this.state.lang, undefined);
    else this.page.story.update(undefined, this.state.lang, localText(this.notes(), this.state.lang));
    this.page.setError(undefined);
    this.run++;
    this.model = {
      steps: [],
      evals: [],
      done: false,
      step: 0,
      calcStep: 0,
      playing: false,
      speed: this.player.speed,
      context: this.state.context ?? '',
      example: this.state.example ?? 1,
      fmt: { locale: this.state.lang, decimals: 4 },
    };
    this.inFlight = true;
    this.target = this.state.step;
    this.explainedAt = performance.now();
    this.post({
      type: 'load',
      run: this.run,
      experiment: this.experiment,
      step: this.state.step,
      detail: this.detail(),
    });
    this.draw();
  }

  private notes(): string | Record<string, string> | undefined {
    const e = this.experiment as { notes?: string | Record<string, string> } | undefined;
    return e?.notes;
  }

  private post(m: ToLmWorker): void {
    this.worker.postMessage(m);
  }

  private lastStep(): number {
    const steps = this.model.info?.steps ?? 0;
    return this.model.done ? this.model.steps.length : Math.max(steps, this.model.steps.length);
  }

  private atEnd(): boolean {
    return !!this.model.info && this.model.done && this.model.step >= this.model.steps.length;
  }

  goto(step: number): void {
    const s = Math.max(0, Math.min(step, this.lastStep()));
    this.target = s;
    if (!this.inFlight) this.send(s);
  }

  private stepBy(by: number): void {
    this.player.stop();
    this.goto(by === -Infinity ? 0 : this.current + by);
  }

  /** While playing, the calculation follows a few times a second; paused, every step shown has it. */
  private send(step: number): void {
    this.inFlight = true;
    const now = performance.now();
    const explain =
      !this.player.playing || step >= this.lastStep() || now - this.explainedAt >= EXPLAIN_EVERY;
    if (explain) this.explainedAt = now;
    this.post({ type: 'goto', run: this.run, step, detail: this.detail(), explain });
  }

  /** A .safetensors file: taken apart to read beside the run, which stays. */
  private async inspectFile(file: File): Promise<void> {
    const r = await inspectHere(file, this.state.lang);
    if (r.view) {
      this.fileView = r.view;
      this.page.anatomy.show(r.view, this.state.lang);
    }
    this.page.files.say(r.message, r.error);
  }

  /** The model file the worker made: saved, and said with its size. */
  private saveModel(m: Extract<FromLmWorker, { type: 'model-file' }>): void {
    if (!m.bytes) return this.page.files.say(m.error ?? '', true);
    const name = lmFileName(this.lesson?.id ?? 'experiment', m.step, m.file);
    download(name, m.bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream');
    this.page.files.say(fileWords(this.state.lang).made(name, grouped(m.bytes.length, this.state.lang)));
  }

  private onMessage(m: FromLmWorker): void {
    if (m.run !== this.run) return;
    const model = this.model;
    if (m.type === 'info') {
      model.info = m.info;
    } else if (m.type === 'progress') {
      for (const s of m.steps) model.steps.push(s);
      for (const e of m.evals) model.evals.push(e);
      model.done = m.done;
      if (m.diverged) model.diverged = m.diverged;
    } else if (m.type === 'model-file') {
      return this.saveModel(m);
    } else if (m.type === 'error') {
      this.inFlight = false;
      this.player.stop();
      this.page.setError(this.lw.workerError(m.message));
    } else {
      model.step = m.step;
      model.view = m;
      if (m.calc || m.step === 0) {
        model.calc = m.calc;
        model.calcStep = m.step;
      }
      this.inFlight = false;
      if (this.target !== undefined && this.target !== m.step && !(this.target > m.step && this.atEnd())) {
        this.send(this.target);
      } else {
        this.target = undefined;
        if (!this.player.playing && model.calcStep !== m.step) this.send(m.step);
      }
      this.state.step = m.step;
      this.syncUrl();
    }
    this.draw();
  }

  private draw(): void {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      this.model.playing = this.player.playing;
      this.model.speed = this.player.speed;
      const t0 = performance.now();
      const times = this.page.update(this.model);
      this.renders.push(performance.now() - t0);
      this.viewTimes.push(times);
      if (this.renders.length > 2000) this.renders.splice(0, 1000);
      if (this.viewTimes.length > 2000) this.viewTimes.splice(0, 1000);
      document.dispatchEvent(new CustomEvent('unha:drawn', { detail: this.model.step }));
    });
  }

  private syncUrl(now = false, push = false): void {
    const write = (): void => {
      this.urlTimer = undefined;
      const q = serializeLmState(this.state);
      if (push) history.pushState(null, '', q);
      else if (q !== location.search) history.replaceState(null, '', q);
    };
    if (now || !this.player.playing) {
      if (this.urlTimer) clearTimeout(this.urlTimer);
      write();
    } else this.urlTimer ??= setTimeout(write, 300);
  }

  /** Asks again for the step on display with what the reader changed (context, seed, example). */
  private refresh(): void {
    this.syncUrl(true);
    this.model.context = this.state.context ?? '';
    this.model.example = this.state.example ?? 1;
    if (!this.inFlight) this.send(this.model.step);
    else this.target ??= this.model.step;
  }

  private actions(): LmPageActions {
    return {
      next: () => this.goto(this.current + 1),
      back: () => this.stepBy(-1),
      reset: () => this.stepBy(-Infinity),
      togglePlay: () => this.player.toggle(),
      setSpeed: (n) => {
        this.player.setSpeed(n);
        this.state.speed = n === DEFAULT_SPEED ? undefined : n;
        this.syncUrl(true);
      },
      goto: (s) => {
        this.player.stop();
        this.goto(s);
      },
      setContext: (text) => {
        this.state.context = text.normalize('NFC');
        this.refresh();
      },
      setSeed: (seed) => {
        this.state.seed = seed;
        this.refresh();
      },
      example: (n) => {
        this.state.example = n;
        this.model.calcStep = -1;
        this.refresh();
      },
      openLink: (href) => {
        history.pushState(null, '', href);
        location.reload();
      },
      setLesson: (id) => {
        // Another kind of lesson is another lab: the page is loaded again for it.
        const q = new URLSearchParams({ lesson: id, lang: this.state.lang });
        location.assign(`?${q.toString()}`);
      },
      openFile: (file) => {
        if (isSafetensorsName(file.name)) return void this.inspectFile(file);
        void file.text().then((text) => {
          const raw = parseJson(text);
          const bad = syntaxError(text);
          if (raw === undefined || bad) {
            const { line, column } = bad?.place ?? { line: 1, column: 1 };
            return this.page.setNotice(
              words(this.state.lang).jsonSyntax(file.name, line, column, bad?.problem ?? 'value'),
            );
          }
          location.assign(lmFileLink(raw, file.name, this.state.lang));
        });
      },
      downloadModel: (file) => this.post({ type: 'model-file', run: this.run, step: this.model.step, file }),
      downloadJson: () => {
        const name = this.lesson?.id ?? 'experiment';
        download(`${name}.json`, JSON.stringify(this.experiment, null, 2) + '\n', 'application/json');
      },
      copyLink: () => {
        this.syncUrl(true);
        const url = location.href;
        const copied = navigator.clipboard?.writeText(url).then(
          () => true,
          () => false,
        );
        return (copied ?? Promise.resolve(false)).then((ok) => ({ ok, url }));
      },
      setLang: (l) => {
        this.state.lang = l;
        this.model.fmt = { locale: l, decimals: 4 };
        this.mount();
        this.page.header.update(this.lesson?.id, this.lesson ? undefined : 'experiment.json');
        if (this.lesson) this.page.story.update(this.lesson as never, l, undefined);
        document.getElementById('lang')?.focus();
        this.model.calcStep = -1;
        this.refresh();
      },
    };
  }
}
