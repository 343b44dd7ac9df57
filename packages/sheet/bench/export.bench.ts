import { pathToFileURL } from 'node:url';
import { findLesson } from '@unha/lessons';
import { type Experiment, train } from '@unha/engine';
import { exportXlsx, sheetSize } from '../src/index';
import { LibreOffice, findSoffice } from '../test/helpers/libreoffice';

/**
 * How long the spreadsheet takes: writing the xlsx (median of repeated runs) and LibreOffice opening it,
 * recomputing every formula and saving it again (one soffice call per file; the start-up of soffice,
 * measured on an empty workbook, is reported apart). Run alone with
 *   npx tsx packages/sheet/bench/export.bench.ts [--large]
 * or from the root `npm run bench`.
 */

/** The (a, b) pairs of the two-inputs lesson, for y = 2a + 3b + 5. */
const ab = findLesson('two-inputs')!.experiment.data.inputs;

/** The seed's neuron (x = 3, y = 7, W = 0.5, B = 0, LR 0.01) for 15 epochs. */
export const seedRun: Experiment = {
  data: { inputs: [[3]], targets: [[7]] },
  model: { layers: [{ units: 1, activation: 'identity' }], init: { W1: [[0.5]], b1: [0] } },
  loss: 'mse',
  optimizer: { name: 'sgd', lr: 0.01 },
  epochs: 15,
};

/** A 2-3-1 network (tanh hidden layer) on the six pairs of y = 2a + 3b + 5. */
export const network231 = (epochs: number): Experiment => ({
  data: { inputs: ab, targets: ab.map(([a, b]) => [2 * a + 3 * b + 5]) },
  model: {
    layers: [
      { units: 3, activation: 'tanh' },
      { units: 1, activation: 'identity' },
    ],
    init: { seed: 1 },
  },
  loss: 'mse',
  optimizer: { name: 'sgd', lr: 0.01 },
  epochs,
});

function median(fn: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const ms = (v: number): string => (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);

export async function run(opts: { large?: boolean } = {}): Promise<void> {
  console.log('\n## Spreadsheet export (packages/sheet)\n');
  const cases: [string, Experiment][] = [
    ['seed neuron, 15 epochs', seedRun],
    ['2-3-1 tanh, 6 examples, 200 epochs', network231(200)],
  ];
  if (opts.large) cases.push(['2-3-1 tanh, 6 examples, 1400 epochs (near the cell limit)', network231(1400)]);
  const files: Uint8Array[] = [];
  const rows = [['run', 'formula cells', 'train', 'write xlsx', 'file size', 'LibreOffice recompute']];
  for (const [name, exp] of cases) {
    const t0 = performance.now();
    const trace = train(exp);
    const trainMs = performance.now() - t0;
    exportXlsx(trace); // warm-up
    let bytes: Uint8Array = new Uint8Array();
    const writeMs = median(() => (bytes = exportXlsx(trace)), exp.epochs > 500 ? 3 : 7);
    files.push(bytes);
    rows.push([
      name,
      String(sheetSize(exp).cells),
      ms(trainMs),
      ms(writeMs),
      `${(bytes.length / 1024).toFixed(0)} KiB`,
      '',
    ]);
  }
  const soffice = findSoffice();
  if (!soffice) {
    rows.forEach((r, i) => i > 0 && (r[5] = 'no soffice'));
  } else {
    const lo = new LibreOffice(soffice);
    try {
      const empty = exportXlsx(train({ ...seedRun, epochs: 1 }));
      await lo.recalc([empty]); // the first start creates the profile: not counted
      const startup = Math.min((await lo.recalc([empty])).ms, (await lo.recalc([empty])).ms);
      for (let i = 0; i < files.length; i++) {
        const total = (await lo.recalc([files[i]])).ms;
        rows[i + 1][5] = `${ms(total)} (${ms(Math.max(0, total - startup))} after start-up)`;
      }
      console.log(`soffice start-up with an almost empty workbook: ${ms(startup)}\n`);
    } finally {
      lo.dispose();
    }
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  '));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await run({ large: process.argv.includes('--large') });
