import type { Experiment } from '@unha/engine';
import type { ModelFormat } from './formats/files-view';
import type { DetailOptions, FromWorker, ToWorker } from './protocol';
import type { Locale } from './state';
import type { ViewModel } from './views/model';

/** The longest calculation (links of chains) followed while playing: a one-neuron lesson's, not a network's. */
const LIVE_LINKS = 100;

/** What the runner needs from the lab around it. */
export interface RunnerHost {
  detail(): DetailOptions;
  playing(): boolean;
  /** The model changed: draw it. */
  changed(): void;
  /** The view of an epoch arrived (the lab puts it in the URL). */
  shown(epoch: number): void;
  failed(message: string): void;
  xlsx(bytes: Uint8Array | undefined, error: string | undefined): void;
  /** The model as a file, made in the worker; or why it could not be made. */
  modelFile(m: Extract<FromWorker, { type: 'model-file' }>): void;
}

/**
 * The training worker seen from the page: one run at a time, its model (every number the views draw)
 * filled from the worker's messages, and which epoch to ask for next. One request is out at a time;
 * the latest wish waits for it, so held keys and fast play coalesce and the worker never falls behind.
 */
export class Runner {
  model!: ViewModel;
  private readonly worker: Worker;
  private run = 0;
  private inFlight = false;
  private target: number | undefined;
  private sentAt = 0;
  private explainedAt = 0;
  /** For the benchmark, in milliseconds: request sent → view received, and the worker's part of it. */
  readonly timings: number[] = [];
  readonly workerMs: number[] = [];

  constructor(private readonly host: RunnerHost) {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.onMessage(ev.data);
  }

  /** A new run: `model` starts empty and the worker trains `experiment` up to `epoch`, then shows it. */
  start(model: ViewModel, experiment: Experiment, epoch: number): void {
    this.run++;
    this.model = model;
    this.inFlight = true;
    this.target = epoch;
    this.sentAt = performance.now();
    this.post({ type: 'load', run: this.run, experiment, epoch, detail: this.host.detail() });
  }

  /** A request is out. */
  get busy(): boolean {
    return this.inFlight;
  }

  /** The epoch shown, or already asked for. */
  get epoch(): number {
    return this.target ?? this.model.epoch;
  }

  atEnd(): boolean {
    return this.model.done && this.model.epoch >= this.model.summaries.length;
  }

  /** Shows an epoch; while a request is out, the latest wish waits. */
  goto(epoch: number): void {
    const e = Math.max(0, Math.min(epoch, this.lastEpoch()));
    this.target = e;
    if (!this.inFlight) this.send(e);
  }

  /** Playback stopped: a calculation not followed during play is asked for, for the epoch shown. */
  paused(): void {
    if (!this.inFlight && this.model.docEpoch !== this.model.epoch) this.send(this.model.epoch);
  }

  /** More or fewer epochs for the same run: nothing is recomputed. */
  setEpochs(epochs: number): void {
    this.post({ type: 'epochs', run: this.run, epochs });
  }

  /** The model at the epoch shown as a file. */
  modelFile(file: ModelFormat): void {
    this.post({ type: 'model-file', run: this.run, epoch: this.model.epoch, file });
  }

  xlsx(locale: Locale): void {
    this.post({ type: 'xlsx', run: this.run, locale });
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
      this.host.changed();
    } else if (m.type === 'model-file') {
      this.host.modelFile(m);
    } else if (m.type === 'xlsx') {
      this.host.xlsx(m.bytes, m.error);
    } else if (m.type === 'error') {
      this.inFlight = false;
      this.host.failed(m.message);
    } else {
      model.epoch = m.epoch;
      if (!m.skipped) {
        model.doc = m.doc;
        model.docError = m.docError;
        model.docEpoch = m.epoch;
      }
      model.fit = m.fit;
      if (m.landscape) model.landscape = m.landscape;
      this.inFlight = false;
      this.timings.push(performance.now() - this.sentAt);
      this.workerMs.push(m.ms);
      if (this.target !== undefined && this.target !== m.epoch && !(this.target > m.epoch && this.atEnd())) {
        this.send(this.target);
      } else {
        this.target = undefined;
        if (!this.host.playing() && model.docEpoch !== m.epoch) this.send(m.epoch);
      }
      this.host.shown(m.epoch);
      this.host.changed();
    }
  }

  private send(epoch: number): void {
    this.inFlight = true;
    this.sentAt = performance.now();
    const upTo = this.explainUpTo(epoch);
    this.post({
      type: 'goto',
      run: this.run,
      epoch,
      detail: this.host.detail(),
      ...(upTo !== undefined && { explainUpTo: upTo }),
    });
  }

  /**
   * While playing, the calculation follows a few times a second, and only a short one (a network's
   * takes longer than a frame to draw); the last epoch and every epoch shown while paused get theirs.
   */
  private explainUpTo(epoch: number): number | undefined {
    if (!this.host.playing() || epoch >= this.lastEpoch()) return undefined;
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
}
