import { lessons, lmLessons, localText } from '@unha/lessons';
import { formatCompact } from '@unha/explain';
import { download } from '../dom';
import { words } from '../i18n';
import { bindKeys } from '../keys';
import { handedFile, lmFileLink } from '../lm/handoff';
import { parseJson } from '../resolve';
import { decodeExperiment } from '../state';
import { isGptRaw } from './detect';
import { type HandCalc, probCalc, scoreCalc } from './hand';
import { findGptLesson, gptLessonList, type GptLessonLike } from './lessons';
import { type GptModel, type GptPage, type GptPageActions, buildGptPage } from './page';
import type { FromGptWorker, GptDetail, Inspection, ToGptWorker } from './protocol';
import { type GptState, parseGptState, serializeGptState } from './state';
import { GPT_DEFAULT_SPEED } from './views/transport';
import { gptWords } from './words';
import type { FileView } from '../formats/anatomy-view';
import { fileWords, grouped } from '../formats/words';
import { CAN_ONNX } from './worker-files';

/** Whether a link is for the GPT lab: a GPT lesson, or a GPT experiment in the link or kept in the tab. */
export function isGptLink(search: string): boolean {
  const q = new URLSearchParams(search);
  const exp = q.get('exp');
  if (exp) {
    const text = decodeExperiment(exp);
    return text !== undefined && isGptRaw(parseJson(text));
  }
  const file = q.get('file');
  if (file !== null) {
    const handed = handedFile(file);
    return handed !== undefined && isGptRaw(parseJson(handed.json));
  }
  return findGptLesson(q.get('lesson') ?? '') !== undefined;
}

/** What the cell or bar on display in the calculation is, to work it again from a newer inspection. */
type Picked =
  { kind: 'score'; layer: number; head: number; row: number; col: number } | { kind: 'prob'; index: number };

/**
 * The GPT lab: a tiny GPT trained live in a worker (play/pause, one step, the loss curves, the text it
 * writes), and for a text the learner types, every layer's and head's attention weights and the
 * next-character probabilities, each number a click away from its hand calculation. A checkpoint
 * trained in the terminal can be opened to inspect it. Every number comes from the engine in the
 * worker; this thread draws.
 */
export class GptLab {
  private state: GptState;
  private page!: GptPage;
  private model!: GptModel;
  private lesson: GptLessonLike | undefined;
  private experiment: unknown;
  private readonly worker: Worker;
  private run = 0;
  /** The run number asked for with a file, until the worker says it opened it. */
  private opening = -1;
  private picked: Picked | undefined;
  /** The name the picker shows when the run is not a lesson's (a file, a checkpoint). */
  private fileName = 'experiment.json';
  private speed = GPT_DEFAULT_SPEED;
  private drawQueued = false;
  /** The .safetensors file last opened, taken apart (kept across a change of language). */
  private fileView: FileView | undefined;
  /** For the tests and the benchmark, in ms: drawing each frame. */
  readonly renders: number[] = [];

  constructor(
    private readonly root: HTMLElement,
    search: string,
    browserLang: string | undefined,
  ) {
    this.state = parseGptState(search, browserLang);
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<FromGptWorker>) => this.onMessage(ev.data);
    this.mount();
    bindKeys(() => ({
      next: () => this.next(),
      back: () => undefined,
      reset: () => this.start(0),
      togglePlay: () => this.togglePlay(),
    }));
    this.start(this.state.step);
  }

  private get gw() {
    return gptWords(this.state.lang);
  }

  private detail(): GptDetail {
    return { locale: this.state.lang, ...(this.state.text !== undefined && { text: this.state.text }) };
  }

  private mount(): void {
    const w = words(this.state.lang);
    document.documentElement.lang = w.htmlLang;
    document.title = `LLM na Unha — ${w.tagline}`;
    this.page = buildGptPage(
      this.root,
      w,
      this.gw,
      this.state.lang,
      [...lessons, ...lmLessons, ...gptLessonList],
      this.actions(),
      CAN_ONNX,
    );
    this.page.anatomy.show(this.fileView, this.state.lang);
    this.page.header.update(this.lesson?.id, this.lesson ? undefined : this.fileName);
    if (this.lesson) this.page.story.update(this.lesson as never, this.state.lang, undefined);
    else this.page.story.update(undefined, this.state.lang, localText(this.notes(), this.state.lang));
  }

  private notes(): string | Record<string, string> | undefined {
    const e = this.experiment as { notes?: string | Record<string, string> } | undefined;
    return e?.notes;
  }

  private fresh(): GptModel {
    return {
      steps: [],
      evals: [],
      step: 0,
      done: false,
      playing: false,
      text: this.state.text ?? '',
      fmt: { locale: this.state.lang, decimals: 4 },
    };
  }

  /** A new run of the lesson or the link's experiment, trained `step` steps before it is shown. */
  private start(step: number): void {
    this.lesson = this.state.exp ? undefined : findGptLesson(this.state.lesson);
    const handed = this.state.file !== undefined ? handedFile(this.state.file) : undefined;
    const text = this.state.exp ? decodeExperiment(this.state.exp) : handed?.json;
    this.experiment = text !== undefined ? parseJson(text) : this.lesson?.experiment;
    this.fileName = handed?.name ?? 'experiment.json';
    this.page.header.update(this.lesson?.id, this.lesson ? undefined : this.fileName);
    if (this.lesson) this.page.story.update(this.lesson as never, this.state.lang, undefined);
    else this.page.story.update(undefined, this.state.lang, localText(this.notes(), this.state.lang));
    this.page.setError(undefined);
    this.run++;
    this.opening = -1;
    this.picked = undefined;
    this.model = this.fresh();
    this.post({
      type: 'load',
      run: this.run,
      experiment: this.experiment,
      step,
      detail: this.detail(),
      ...(this.state.dtype && { dtype: this.state.dtype }),
      threads: this.state.threads ?? 2,
    });
    this.draw();
  }

  private post(m: ToGptWorker): void {
    this.worker.postMessage(m);
  }

  private togglePlay(): void {
    const info = this.model.info;
    if (!info || info.checkpoint) return;
    if (this.model.playing) this.post({ type: 'pause', run: this.run });
    else if (!this.model.done) this.post({ type: 'play', run: this.run, speed: this.speed });
    this.model.playing = !this.model.playing && !this.model.done;
    this.draw();
  }

  private next(): void {
    const info = this.model.info;
    if (!info || info.checkpoint || this.model.playing || this.model.done) return;
    this.post({ type: 'step', run: this.run, detail: this.detail() });
  }

  /** The calculation again, from the newest numbers (the same cell or bar). */
  private work(ins: Inspection | undefined): HandCalc | undefined {
    const p = this.picked;
    if (!p || !ins) return undefined;
    try {
      return p.kind === 'score' ? scoreCalc(ins, p.layer, p.head, p.row, p.col) : probCalc(ins, p.index);
    } catch {
      // The cell is not in the newer text (a shorter one was typed).
      this.picked = undefined;
      return undefined;
    }
  }

  private onMessage(m: FromGptWorker): void {
    if (m.type === 'opened' && m.run === this.opening) {
      // A checkpoint took the place of the run: its own numbers follow.
      this.run = m.run;
      this.opening = -1;
      this.picked = undefined;
      this.model = this.fresh();
      this.page.setError(undefined);
      this.page.checkpoint.say(
        m.from === 'safetensors'
          ? fileWords(this.state.lang).opened(m.name, m.step)
          : this.gw.checkpointOpened(m.name, m.step),
        false,
      );
      this.fileName = m.name;
      this.page.header.update(undefined, m.name);
      this.draw();
      return;
    }
    if (m.type === 'anatomy' && m.run === this.opening) {
      this.fileView = m.view;
      this.page.anatomy.show(m.view, this.state.lang);
      if (m.note === undefined) return;
      // Shown, not run: the model on display stays.
      this.opening = -1;
      this.page.checkpoint.say(m.note, true);
      return;
    }
    if (m.type === 'model-file' && m.run === this.run) {
      const fw = fileWords(this.state.lang);
      if (!m.bytes) return this.page.files.say(m.message ?? '', true);
      download(m.name, m.bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream');
      this.page.files.say(fw.made(m.name, grouped(m.bytes.length, this.state.lang)));
      return;
    }
    if (m.type === 'refused' && m.run === this.opening) {
      this.opening = -1;
      this.page.checkpoint.say(m.message, true);
      return;
    }
    if (m.type === 'experiment-file' && m.run === this.opening) {
      this.opening = -1;
      location.assign(lmFileLink(JSON.parse(m.json), m.name, this.state.lang));
      return;
    }
    if (m.run !== this.run) return;
    const model = this.model;
    if (m.type === 'info') {
      model.info = m.info;
      model.text = this.state.text ?? m.info.example;
      if (m.history) model.steps = m.history;
    } else if (m.type === 'progress') {
      for (const s of m.steps) model.steps.push(s);
      for (const e of m.evals) model.evals.push(e);
      model.step = m.step;
      model.done = m.done;
      model.playing = m.playing;
      if (m.sample) model.sample = m.sample;
      const d = m.diverged;
      if (d)
        this.page.setNotice(
          this.gw.diverged(d.step, d.quantity, formatCompact(d.value, model.fmt), d.reason === 'exploding'),
        );
    } else if (m.type === 'inspection') {
      model.inspection = m.inspection;
      model.calc = this.work(m.inspection);
    } else if (m.type === 'error') {
      model.playing = false;
      this.page.setError(this.gw.workerError(m.message));
    }
    this.draw();
  }

  private draw(): void {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => {
      this.drawQueued = false;
      const t0 = performance.now();
      this.page.update(this.model);
      this.renders.push(performance.now() - t0);
      if (this.renders.length > 2000) this.renders.splice(0, 1000);
      document.dispatchEvent(new CustomEvent('unha:drawn', { detail: this.model.step }));
    });
  }

  private syncUrl(): void {
    const q = serializeGptState(this.state);
    if (q !== location.search) history.replaceState(null, '', q);
  }

  private actions(): GptPageActions {
    return {
      togglePlay: () => this.togglePlay(),
      next: () => this.next(),
      reset: () => this.start(0),
      setSpeed: (n) => {
        this.speed = n;
        if (this.model.playing) this.post({ type: 'play', run: this.run, speed: n });
      },
      setDtype: (dtype) => {
        // Another dtype is another run (the same experiment in other numbers), from step 0.
        this.state.dtype = dtype;
        this.state.step = 0;
        this.syncUrl();
        this.start(0);
      },
      setText: (text) => {
        this.state.text = text.normalize('NFC');
        this.model.text = this.state.text;
        this.syncUrl();
        this.post({ type: 'inspect', run: this.run, detail: this.detail() });
      },
      openCell: (layer, head, row, col) => {
        this.picked = { kind: 'score', layer, head, row, col };
        this.model.calc = this.work(this.model.inspection);
        this.draw();
      },
      openProb: (index) => {
        this.picked = { kind: 'prob', index };
        this.model.calc = this.work(this.model.inspection);
        this.draw();
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
        // Read and checked in the worker: a checkpoint can be tens of megabytes of JSON.
        this.opening = this.run + 1000;
        this.page.checkpoint.say(this.gw.opening(file.name), false);
        this.post({
          type: 'open',
          run: this.opening,
          file: { name: file.name, size: file.size, file },
          detail: this.detail(),
        });
      },
      downloadModel: (file) => {
        const stem = this.lesson?.id ?? this.fileName;
        this.post({ type: 'export', run: this.run, file, stem, locale: this.state.lang });
      },
      downloadJson: () => {
        const name = this.lesson?.id ?? 'experiment';
        download(`${name}.json`, JSON.stringify(this.experiment, null, 2) + '\n', 'application/json');
      },
      copyLink: () => {
        this.syncUrl();
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
        this.syncUrl();
        this.mount();
        document.getElementById('lang')?.focus();
        this.draw();
      },
    };
  }
}
