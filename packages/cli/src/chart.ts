import { type NumberFormat, formatNumber } from '@unha/explain';
import { pad } from './view';
import type { Words } from './words';

/**
 * The loss curve a chart needs, in bounded memory: every finite loss while there are at most
 * `capacity`, then one value every 2, 4, 8, ... epochs (the first of each span). The chart samples
 * one loss per column, so up to `capacity` epochs it draws exactly the losses it always drew, and
 * beyond that each column's sample is off by less than count/capacity epochs: a 1 M-epoch run keeps
 * 64 k numbers, not a million.
 */
export class LossCurve {
  /** values[j] is the loss of finite epoch number j·span (0-based). */
  private values: number[] = [];
  private span = 1;
  /** How many finite losses were added. */
  count = 0;

  constructor(private readonly capacity = 65_536) {}

  static from(losses: number[], capacity?: number): LossCurve {
    const c = new LossCurve(capacity);
    for (const v of losses) c.add(v);
    return c;
  }

  add(loss: number): void {
    // Only finite losses are drawn (the run stops at the first non-finite one anyway).
    if (!Number.isFinite(loss)) return;
    if (this.count % this.span === 0) {
      if (this.values.length === this.capacity) {
        // Full: keep every other value, so each one now stands for twice as many epochs.
        this.values = this.values.filter((_, j) => j % 2 === 0);
        this.span *= 2;
      }
      if (this.count % this.span === 0) this.values.push(loss);
    }
    this.count++;
  }

  /** The kept loss nearest before finite epoch i (0-based): exactly epoch i's while nothing was thinned. */
  at(i: number): number {
    return this.values[Math.floor(i / this.span)];
  }

  /** How many numbers are held (for tests: it never passes the capacity). */
  get held(): number {
    return this.values.length;
  }
}

const BARS = ' ▁▂▃▄▅▆▇█';

/** A bar chart of the loss, one column per group of epochs, log scale when it spans 100× or more. */
export function lossChart(
  losses: number[] | LossCurve,
  fmt: NumberFormat,
  w: Words,
  width = 60,
  height = 8,
): string[] {
  const curve = Array.isArray(losses) ? LossCurve.from(losses) : losses;
  const n = curve.count;
  if (n < 2) return [];
  const cols = Math.min(width, n);
  const per = n / cols;
  // Each column shows the loss at its first epoch.
  const vals = Array.from({ length: cols }, (_, c) => curve.at(Math.min(n - 1, Math.floor(c * per))));
  // A loop, not Math.min(...vals): a spread of a long array overflows the stack.
  let min = Infinity;
  let max = -Infinity;
  for (const v of vals) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const log = min > 0 && max / min >= 100;
  const t = (v: number): number => (log ? Math.log10(v) : v);
  const lo = t(min);
  const span = t(max) - lo;
  // A flat loss (the oscillation at LR 0,1) draws as a flat band at mid height.
  const levels = vals.map((v) => (span === 0 ? height * 4 : ((t(v) - lo) / span) * height * 8));
  const out: string[] = [w.lossChart(log)];
  const f = (v: number): string => formatNumber(v, { ...fmt, decimals: Math.max(fmt.decimals, 4) });
  // The label column fits the longer of the two labels (a diverging loss can be 20 digits long).
  const lw = Math.max(10, [...f(max)].length, [...f(min)].length);
  for (let r = height - 1; r >= 0; r--) {
    const row = levels.map((lv) => BARS[Math.max(0, Math.min(8, Math.round(lv - r * 8)))]).join('');
    const label = r === height - 1 ? f(max) : r === 0 ? f(min) : '';
    out.push(`${pad(label, lw)} │${row}`);
  }
  out.push(`${' '.repeat(lw)} └${'─'.repeat(cols)}`);
  out.push(`${' '.repeat(lw + 2)}1${pad(String(n), cols - 1)}`);
  return out;
}
