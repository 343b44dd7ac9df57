import { type NumberFormat, formatNumber } from '@unha/explain';
import { displayWidth, padStart } from '../terminal';
import type { LmWords } from './words';

/**
 * Which steps of a language-model run get a row, and at which ones the whole training and validation
 * sets are evaluated (costly: every example through the model), besides step 0 and the last step.
 */
export interface StepPlan {
  every: number;
  evalEvery: number;
  total: number;
  /** --every was given (its note is printed even when every row is shown). */
  asked: boolean;
}

export function stepPlan(total: number, every?: number, evalEvery?: number): StepPlan {
  const k = every ?? (total <= 40 ? 1 : Math.ceil(total / 30));
  // About six evaluations in a default table: each one runs every example forward.
  return { every: k, evalEvery: evalEvery ?? k * 5, total, asked: every !== undefined };
}

export const evaluates = (p: StepPlan, step: number): boolean =>
  step === 0 || step === p.total || step % p.evalEvery === 0;
export const shows = (p: StepPlan, step: number): boolean =>
  step === 1 || step % p.every === 0 || evaluates(p, step);

export interface LmRow {
  step: number;
  /** The batch's loss before its update (none at step 0). */
  loss?: number;
  lr?: number;
  train?: number;
  /** undefined when the split holds no validation example. */
  val?: number;
}

/** The table of a run: the kept rows as cells, right-aligned by display width. */
export class LmTable {
  private readonly rows: string[][] = [];
  private seen = 0;

  constructor(
    private readonly fmt: NumberFormat,
    private readonly w: LmWords,
    private readonly plan: StepPlan,
    private readonly showLr: boolean,
  ) {}

  add(r: LmRow): void {
    if (r.step > 0) this.seen++;
    const f = (v: number | undefined): string => (v === undefined ? '' : formatNumber(v, this.fmt));
    this.rows.push([
      String(r.step),
      f(r.loss),
      ...(this.showLr ? [f(r.lr)] : []),
      r.train === undefined ? '' : f(r.train),
      r.train === undefined ? '' : r.val === undefined ? this.w.none : f(r.val),
    ]);
  }

  lines(): string[] {
    const w = this.w;
    const header = [w.step, w.batchLoss, ...(this.showLr ? [w.lr] : []), w.trainLoss, w.valLoss];
    // A loop, not Math.max(...rows): --every 1 on a long run has more rows than a spread can take.
    const widths = header.map((h) => displayWidth(h));
    for (const r of this.rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i], displayWidth(c))));
    const line = (cells: string[]): string =>
      cells
        .map((c, i) => padStart(c, widths[i]))
        .join('  ')
        .trimEnd();
    const out = [line(header), widths.map((n) => '─'.repeat(n)).join('  '), ...this.rows.map(line)];
    const skipped = this.seen > this.rows.length - 1;
    if (this.plan.every > 1 && (skipped || this.plan.asked)) out.push(w.rowsSkipped(this.plan.every));
    return out;
  }
}
