/** Small timing helpers for benchmarks: warm up, repeat until enough time has passed, report the median. */
export interface Measurement {
  name: string;
  /** Median time of one call, in milliseconds. */
  ms: number;
  runs: number;
}

export function measure(
  name: string,
  fn: () => void,
  opts: { minMs?: number; minRuns?: number } = {},
): Measurement {
  const minMs = opts.minMs ?? 400;
  const minRuns = opts.minRuns ?? 5;
  fn(); // warm-up: let the JIT compile the hot loops before timing them
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, ms: times[Math.floor(times.length / 2)], runs: times.length };
}

export function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

export function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '))
    .join('\n');
}
