import type { EpochTrace, ParamValues, Trace } from '@unha/engine';
import { type NumberFormat, formatNumber, notation, toPlain } from '@unha/explain';
import { displayWidth, padStart } from './terminal';
import type { Words } from './words';

/** Which epochs get a row: all of a short run; of a long one the first 10, every k-th and the last. */
export function shownEpochs(total: number, every?: number): { rows: Set<number>; every: number } {
  const k = every ?? (total <= 40 ? 1 : Math.ceil(total / 30));
  const rows = new Set<number>();
  for (let e = 1; e <= total; e++) if (k === 1 || e <= 10 || e % k === 0 || e === total) rows.add(e);
  return { rows, every: k };
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

/** The table of a run: epoch, predictions (small data), loss, validation loss, parameters (small models). */
export function epochTable(trace: Trace, fmt: NumberFormat, w: Words, every?: number): string[] {
  const epochs = trace.epochs;
  const { rows, every: k } = shownEpochs(epochs.length, every);
  const first = epochs[0];
  const nParams = first ? paramCells(trace, first.params, fmt).length : 0;
  const showParams = nParams <= 6;
  const nPred = trace.train.inputs.length * trace.experiment.data.targets[0].length;
  const showPred = nPred <= 4;
  const hasVal = trace.validation !== undefined;
  const header = [w.epoch, ...(showPred ? [w.prediction] : []), w.loss, ...(hasVal ? [w.valLoss] : [])];
  if (showParams && first) header.push(...paramCells(trace, first.params, fmt).map((c) => c.label));
  const body: string[][] = [];
  for (const e of epochs) {
    if (!rows.has(e.epoch)) continue;
    const row = [String(e.epoch)];
    if (showPred) row.push(predictions(e, fmt));
    row.push(formatNumber(e.loss, fmt));
    if (hasVal) row.push(e.valLoss === undefined ? '' : formatNumber(e.valLoss, fmt));
    if (showParams) row.push(...paramCells(trace, e.params, fmt).map((c) => c.value));
    body.push(row);
  }
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]): string => cells.map((c, i) => pad(c, widths[i])).join('  ');
  const out = [line(header), widths.map((n) => '─'.repeat(n)).join('  '), ...body.map(line)];
  if (k > 1) out.push(w.rowsSkipped(k));
  if (!showParams && nParams > 0) out.push(w.paramsHidden(nParams));
  return out;
}

function predictions(e: EpochTrace, fmt: NumberFormat): string {
  const nodes = e.steps.length === 1 ? e.steps[0].nodes : undefined;
  const yhat = nodes?.find((n) => n.label === 'ŷ');
  return yhat ? Array.from(yhat.value, (v) => formatNumber(v, fmt)).join(' | ') : '';
}

const BARS = ' ▁▂▃▄▅▆▇█';

/** A bar chart of the loss, one column per group of epochs, log scale when it spans 100× or more. */
export function lossChart(losses: number[], fmt: NumberFormat, w: Words, width = 60, height = 8): string[] {
  const finite = losses.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return [];
  const cols = Math.min(width, finite.length);
  const per = finite.length / cols;
  const vals = Array.from(
    { length: cols },
    (_, c) => finite[Math.min(finite.length - 1, Math.floor(c * per))],
  );
  const min = Math.min(...vals);
  const max = Math.max(...vals);
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
  out.push(`${' '.repeat(lw + 2)}1${pad(String(finite.length), cols - 1)}`);
  return out;
}

/** A progress bar on stderr for long runs, only on a terminal. */
export function progressBar(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): { tick(e: number): void; done(): void } {
  const active = stream.isTTY === true && total >= 200;
  let last = -1;
  return {
    tick(e) {
      if (!active) return;
      const pct = Math.floor((100 * e) / total);
      if (pct === last) return;
      last = pct;
      const filled = Math.round(pct / 4);
      stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(25 - filled)}] ${pct}% (${e}/${total})`);
    },
    done() {
      if (active) stream.write('\r\x1b[K');
    },
  };
}
