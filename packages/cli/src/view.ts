import type { EpochTrace, ParamValues, Trace } from '@unha/engine';
import { type NumberFormat, formatNumber, notation, toPlain } from '@unha/explain';
import { displayWidth, padStart } from './terminal';
import type { Words } from './words';

/** Which epochs get a row: all of a short run; of a long one the first 10, every k-th and the last. */
export function shownEpochs(total: number, every?: number): TablePlan {
  const k = every ?? (total <= 40 ? 1 : Math.ceil(total / 30));
  // A rule, not a set of epochs: --every 1 on a million epochs would hold a million numbers.
  return {
    shows: (e) => k === 1 || e <= 10 || e % k === 0 || e === total,
    every: k,
    asked: every !== undefined,
  };
}

export interface TablePlan {
  shows: (epoch: number) => boolean;
  every: number;
  /** --every was given (its note is printed even when the run was short enough to show every row). */
  asked: boolean;
}

/** Right-aligns s in n terminal columns (a combining accent takes none, a CJK ideograph two). */
export const pad = padStart;

/** Flat list of (label, value) for the parameters, named as the explanation names them. */
export function paramCells(
  trace: Trace,
  params: ParamValues,
  fmt: NumberFormat,
): { label: string; value: string }[] {
  const nt = notation(trace.experiment);
  const out: { label: string; value: string }[] = [];
  for (const name of trace.paramNames) {
    const v = params[name];
    const flat = Array.isArray(v[0]) ? (v as number[][]).flat() : (v as number[]);
    flat.forEach((x, i) => out.push({ label: toPlain(nt.param(name, i), fmt), value: formatNumber(x, fmt) }));
  }
  return out;
}

/**
 * The table of a run, filled epoch by epoch: it keeps the rows it will show (as text), never the
 * epochs themselves, so a long run holds about 30 rows whatever its length.
 */
export class EpochTable {
  /** Each shown row's cells, joined by a separator no cell contains (one string per row is compact). */
  private readonly body: string[] = [];
  private readonly widths: number[] = [];
  private lastShown = 0;
  private seen = 0;
  private readonly showParams: boolean;
  private readonly showPred: boolean;
  private readonly hasVal: boolean;
  private readonly nParams: number;

  constructor(
    private readonly trace: Trace,
    private readonly fmt: NumberFormat,
    private readonly w: Words,
    private readonly plan: TablePlan,
  ) {
    // Every epoch's parameters have the initial ones' names and shapes.
    this.nParams = paramCells(trace, trace.initial.params, fmt).length;
    this.showParams = this.nParams <= 6;
    this.showPred = trace.train.inputs.length * trace.experiment.data.targets[0].length <= 4;
    this.hasVal = trace.validation !== undefined;
  }

  /** Takes one epoch; keeps its row when the plan shows it. */
  add(e: EpochTrace): void {
    this.seen++;
    if (this.plan.shows(e.epoch)) this.push(e);
  }

  /**
   * The lines of the table, one at a time (a million rows of --every 1 are not built into one array).
   * `last`: the run's last epoch, shown even when the plan skipped it (a run that stopped early).
   */
  *lines(last?: EpochTrace): Generator<string> {
    if (last && last.epoch > this.lastShown) this.push(last);
    const w = this.w;
    const header = [
      w.epoch,
      ...(this.showPred ? [w.prediction] : []),
      w.loss,
      ...(this.hasVal ? [w.valLoss] : []),
    ];
    const hasRows = this.body.length > 0;
    if (this.showParams && hasRows)
      header.push(...paramCells(this.trace, this.trace.initial.params, this.fmt).map((c) => c.label));
    const widths = header.map((h, i) => Math.max(displayWidth(h), this.widths[i] ?? 0));
    const line = (cells: string[]): string => cells.map((c, i) => pad(c, widths[i])).join('  ');
    yield line(header);
    yield widths.map((n) => '─'.repeat(n)).join('  ');
    for (const row of this.body) yield line(row.split(SEP));
    // A run planned long but stopped early (diverged) may have skipped nothing: then no note.
    const skipped = this.seen > this.body.length;
    if (this.plan.every > 1 && (skipped || this.plan.asked)) yield w.rowsSkipped(this.plan.every);
    if (!this.showParams && this.nParams > 0 && hasRows) yield w.paramsHidden(this.nParams);
  }

  private push(e: EpochTrace): void {
    const fmt = this.fmt;
    const row = [String(e.epoch)];
    if (this.showPred) row.push(predictions(e, fmt));
    row.push(formatNumber(e.loss, fmt));
    if (this.hasVal) row.push(e.valLoss === undefined ? '' : formatNumber(e.valLoss, fmt));
    if (this.showParams) row.push(...paramCells(this.trace, e.params, fmt).map((c) => c.value));
    row.forEach((c, i) => (this.widths[i] = Math.max(this.widths[i] ?? 0, displayWidth(c))));
    this.body.push(row.join(SEP));
    this.lastShown = e.epoch;
  }
}

/** Joins the cells of a kept row: a control character no formatted number or label contains. */
const SEP = '\u0001';

/** The table of a whole trace (every epoch kept): epoch, predictions (small data), loss, validation loss, parameters (small models). */
export function epochTable(trace: Trace, fmt: NumberFormat, w: Words, every?: number): string[] {
  const table = new EpochTable(trace, fmt, w, shownEpochs(trace.epochs.length, every));
  for (const e of trace.epochs) table.add(e);
  return [...table.lines()];
}

function predictions(e: EpochTrace, fmt: NumberFormat): string {
  const nodes = e.steps.length === 1 ? e.steps[0].nodes : undefined;
  const yhat = nodes?.find((n) => n.label === 'ŷ');
  return yhat ? Array.from(yhat.value, (v) => formatNumber(v, fmt)).join(' | ') : '';
}

/** What a progress bar adds after the count when asked: the speed and the time left, in the locale's words. */
export interface BarRate {
  /** "steps/s" */
  unit: string;
  /** "left" */
  left: string;
  /** Milliseconds; the CLI's clock (tests give their own). */
  now?: () => number;
}

/** "1:05" or "1:02:05": the time left of a run. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
}

/**
 * A progress bar on stderr for long runs, only on a terminal; with `rate`, also how many ticks a
 * second and the time left at that pace (`unha run` of a language model).
 */
export function progressBar(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  rate?: BarRate,
): { tick(e: number): void; done(): void } {
  const active = stream.isTTY === true && total >= 200;
  const now = rate?.now ?? (() => performance.now());
  const start = now();
  let last = -1;
  return {
    tick(e) {
      if (!active) return;
      const pct = Math.floor((100 * e) / total);
      if (pct === last) return;
      last = pct;
      const filled = Math.round(pct / 4);
      let speed = '';
      const seconds = (now() - start) / 1000;
      if (rate && seconds > 0) {
        const perSecond = e / seconds;
        speed = `, ${perSecond.toFixed(perSecond < 10 ? 1 : 0)} ${rate.unit}, ${clockText((total - e) / perSecond)} ${rate.left}`;
      }
      stream.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(25 - filled)}] ${pct}% (${e}/${total}${speed})${rate ? '\x1b[K' : ''}`,
      );
    },
    done() {
      if (active) stream.write('\r\x1b[K');
    },
  };
}
