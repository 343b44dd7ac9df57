/**
 * The `unha` command as a user runs it, in child processes: peak memory against the number of epochs
 * (it must stay flat) and `predict --data` time against the number of rows (it must grow linearly).
 * Each figure is given beside the smallest size measured in the same run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { csvToInputs, infer, toModelFile, train } from '@unha/engine';
import { findLesson } from '@unha/lessons';
import { meanSquaredError } from '../packages/cli/src/commands/predict';
import { fmtMs, measure, table } from './measure';

const BIN = resolve('packages/cli/bin/unha.js');
const PEAK = resolve('bench/peak-rss.js');
/** A child that takes longer is stopped and reported as such (a quadratic cost would never end). */
const LIMIT_MS = 90_000;

interface ChildRun {
  ms: number;
  rssBytes?: number;
  code: number | null;
  timedOut: boolean;
}

/** Runs `unha args` with stdout to /dev/null; returns its wall time and peak resident memory. */
function runChild(args: string[], dir: string): Promise<ChildRun> {
  const peakFile = join(dir, 'peak.json');
  rmSync(peakFile, { force: true });
  const devNull = openSync('/dev/null', 'w');
  const t0 = performance.now();
  return new Promise((done) => {
    const p = spawn(process.execPath, ['--import', PEAK, BIN, ...args], {
      stdio: ['ignore', devNull, 'ignore'],
      env: { ...process.env, LANG: 'C.UTF-8', UNHA_PEAK_FILE: peakFile },
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill();
    }, LIMIT_MS);
    p.on('close', (code) => {
      clearTimeout(timer);
      closeSync(devNull);
      const ms = performance.now() - t0;
      let rssBytes: number | undefined;
      try {
        rssBytes = (JSON.parse(readFileSync(peakFile, 'utf8')) as { rssBytes: number }).rssBytes;
      } catch {
        rssBytes = undefined;
      }
      done({ ms, rssBytes, code, timedOut });
    });
  });
}

const mb = (b: number | undefined): string => (b === undefined ? '?' : `${(b / 2 ** 20).toFixed(0)} MB`);
const sec = (r: ChildRun): string =>
  r.timedOut ? `> ${LIMIT_MS / 1000} s` : `${(r.ms / 1000).toFixed(1)} s`;
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined ? '?' : `${(a / b).toFixed(2)}×`;
const status = (r: ChildRun): string => (r.timedOut ? 'stopped' : r.code === 0 ? 'ok' : `exit ${r.code}`);

async function memoryAgainstEpochs(dir: string, sizes: number[]): Promise<void> {
  console.log('\n## `unha run one-neuron --epochs N`: peak memory of the process (RSS) against N\n');
  const rows = [['output', 'epochs', 'time', 'peak RSS', `vs ${sizes[0].toLocaleString('en')}`, 'status']];
  // The table prints about 30 rows whatever N: its two smaller sizes show it flat, in less time.
  for (const [label, extra, ns] of [
    ['--json > /dev/null', ['--json'], sizes],
    ['table and chart', [], sizes.slice(0, 2)],
  ] as const) {
    let base: number | undefined;
    for (const n of ns) {
      const r = await runChild(['run', 'one-neuron', '--epochs', String(n), ...extra], dir);
      base ??= r.rssBytes;
      rows.push([label, n.toLocaleString('en'), sec(r), mb(r.rssBytes), ratio(r.rssBytes, base), status(r)]);
    }
  }
  console.log(table(rows));
  console.log('\n(about 90 MB of each figure is node and the TypeScript loader, whatever the run)');
}

async function predictAgainstRows(dir: string, sizes: number[]): Promise<void> {
  console.log('\n## `unha predict model.json --data rows.csv --json`: time against the number of rows\n');
  const model = toModelFile(train(findLesson('four-pairs')!.experiment));
  const modelPath = join(dir, 'model.json');
  writeFileSync(modelPath, JSON.stringify(model));
  const rows = [
    [
      'rows',
      'whole command',
      'read + infer + MSE + JSON',
      `vs ${sizes[0].toLocaleString('en')}`,
      'rows ratio',
    ],
  ];
  let base: number | undefined;
  for (const n of sizes) {
    const csvPath = join(dir, `rows-${n}.csv`);
    let text = 'x,y\n';
    for (let i = 0; i < n; i++) text += `${(i % 100) / 10},${(2 * (i % 100)) / 10 + 1}\n`;
    writeFileSync(csvPath, text);
    const whole = await runChild(['predict', modelPath, '--data', csvPath, '--json'], dir);
    if (whole.timedOut) {
      // A quadratic cost is back: measuring it again here would take as long.
      rows.push([n.toLocaleString('en'), sec(whole), '?', '?', `${n / sizes[0]}×`]);
      continue;
    }
    // The command's work without its start-up (node, the TypeScript loader): the same steps in this
    // process, repeated for a median.
    const work = measure(
      `${n}`,
      () => {
        const r = csvToInputs(text, model.inputNames!, model.targetNames);
        if (!r.ok) throw new Error('bench: bad CSV');
        const inf = infer(model, r.value.inputs);
        const mse = meanSquaredError(inf.outputs, r.value.targets!);
        JSON.stringify({ inputs: r.value.inputs, outputs: inf.outputs, targets: r.value.targets, mse });
      },
      { minMs: 300, minRuns: 3 },
    );
    base ??= work.ms;
    rows.push([
      n.toLocaleString('en'),
      `${sec(whole)} (${status(whole)})`,
      fmtMs(work.ms),
      ratio(work.ms, base),
      `${n / sizes[0]}×`,
    ]);
  }
  console.log(table(rows));
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'unha-bench-'));
  try {
    // UNHA_BENCH_EPOCHS=10000,100000,1000000 for the long version (minutes).
    const epochs = process.env.UNHA_BENCH_EPOCHS?.split(',').map(Number) ?? [10_000, 100_000, 200_000];
    await memoryAgainstEpochs(dir, epochs);
    await predictAgainstRows(dir, [1_000, 10_000, 100_000]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
