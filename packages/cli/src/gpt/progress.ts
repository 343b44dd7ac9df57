import { clockText } from '../view';
import type { GptWords } from './words';

/** Speeds as the bar shows them: one decimal below 10, whole numbers above. */
const speed = (x: number): string => (Number.isFinite(x) ? x.toFixed(x < 10 ? 1 : 0) : '—');

/**
 * The training progress of `unha train` on stderr (stdout keeps the evaluations and samples, for a
 * pipe): on a terminal a bar redrawn in place with steps/s, tokens/s and the time left; elsewhere
 * (a log file) one line at each evaluation. Speeds are measured from the first step of this
 * process, so a resumed run does not count the steps it did not do.
 */
export class TrainProgress {
  private readonly start: number;
  private readonly first: number;
  private lastDraw = -Infinity;

  constructor(
    private readonly total: number,
    from: number,
    private readonly tokensPerStep: number,
    private readonly w: GptWords,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
    this.first = from;
  }

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  private rates(step: number): { perStep: number; perToken: number; left: number } {
    const seconds = (this.now() - this.start) / 1000;
    const perStep = seconds > 0 ? (step - this.first) / seconds : NaN;
    return { perStep, perToken: perStep * this.tokensPerStep, left: (this.total - step) / perStep };
  }

  /** After each step: the bar on a terminal, redrawn at most ten times a second. */
  tick(step: number): void {
    if (!this.tty) return;
    const t = this.now();
    if (t - this.lastDraw < 100 && step < this.total) return;
    this.lastDraw = t;
    const r = this.rates(step);
    const filled = Math.round((25 * step) / this.total);
    const pct = Math.floor((100 * step) / this.total);
    const left = Number.isFinite(r.left) ? clockText(r.left) : '—';
    this.stream.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(25 - filled)}] ${pct}% (${step}/${this.total}, ` +
        `${speed(r.perStep)} ${this.w.stepsPerSecond}, ${speed(r.perToken)} ${this.w.tokensPerSecond}, ` +
        `${left} ${this.w.left})\x1b[K`,
    );
  }

  /** Clears the bar before lines are written to stdout (on a terminal the two share the screen). */
  clear(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }

  /** At each evaluation, off a terminal: one line of the same figures. */
  line(step: number): void {
    if (this.tty || step === this.first) return;
    const r = this.rates(step);
    const left = Number.isFinite(r.left) ? clockText(r.left) : '—';
    this.stream.write(
      `${this.w.progressLine(step, this.total, speed(r.perStep), speed(r.perToken), left)}\n`,
    );
  }
}
