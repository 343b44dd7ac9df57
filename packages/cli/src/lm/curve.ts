import { LossCurve } from '../chart';

/**
 * The batch losses of a run as the loss chart draws them, one column per group of steps: each
 * column shows the mean of its group's batch losses rather than the one batch the regression chart
 * samples (a batch of 32 names is noisy; the mean shows the trend). lossChart samples step
 * i = floor(c·n/cols) for column c, which falls in the group c of this same split.
 */
export class MeanCurve extends LossCurve {
  private readonly sums: number[];
  private readonly counts: number[];
  readonly columns: number;

  constructor(
    private readonly total: number,
    width = 60,
  ) {
    super();
    this.columns = Math.max(1, Math.min(width, total));
    this.sums = new Array<number>(this.columns).fill(0);
    this.counts = new Array<number>(this.columns).fill(0);
  }

  /** Steps per column (the last may hold fewer). */
  get perColumn(): number {
    return Math.ceil(this.total / this.columns);
  }

  private column(i: number): number {
    return Math.min(this.columns - 1, Math.floor((i * this.columns) / this.total));
  }

  override add(loss: number): void {
    if (!Number.isFinite(loss)) return;
    const c = this.column(this.count);
    this.sums[c] += loss;
    this.counts[c]++;
    this.count++;
  }

  override at(i: number): number {
    const c = this.column(i);
    return this.sums[c] / this.counts[c];
  }

  override get held(): number {
    return this.columns;
  }
}
