import { type Experiment, Rng, Trainer, constant, matmul } from '@unha/engine';
import { lessons } from '@unha/lessons';
import { measure, table, fmtMs } from './measure';

/** A 2-16-16-1 tanh network on 256 examples of a smooth function of two inputs. */
export function mlpExperiment(epochs: number): Experiment {
  const rng = new Rng(1);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < 256; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    inputs.push([a, b]);
    targets.push([Math.sin(2 * a) * b]);
  }
  return {
    data: { inputs, targets },
    model: {
      layers: [
        { units: 16, activation: 'tanh' },
        { units: 16, activation: 'tanh' },
        { units: 1, activation: 'identity' },
      ],
      init: { seed: 3 },
    },
    loss: 'mse',
    optimizer: { name: 'sgd', lr: 0.05 },
    epochs,
  };
}

/** Epochs per second actually trained (a diverging run stops early: only its epochs count). */
function epochsPerSecond(
  exp: Experiment,
  trace: 'full' | 'epochs',
  epochs: number,
): { rate: number; diverged: boolean } {
  let ran = 0;
  let diverged = false;
  const m = measure(
    `${trace}`,
    () => {
      const t = new Trainer({ ...exp, epochs }, { trace }).run();
      ran = t.epochs.length;
      diverged = t.diverged !== undefined;
    },
    { minMs: 500, minRuns: 3 },
  );
  return { rate: (ran / m.ms) * 1000, diverged };
}

export function engineBench(): void {
  console.log('\n## Training speed (epochs per second, median of repeated runs)\n');
  const rows = [['experiment', 'full trace', 'no trace', 'trace cost']];
  const cases: [string, Experiment, number][] = [
    ...lessons.map((l): [string, Experiment, number] => [l.id, l.experiment, 200]),
    ['2-16-16-1 tanh, 256 examples', mlpExperiment(20), 20],
  ];
  // Warm the JIT on every case once, so the first row is not charged for compiling the shared code.
  for (const [, exp] of cases) new Trainer({ ...exp, epochs: 50 }).run();
  for (const [name, exp, epochs] of cases) {
    const full = epochsPerSecond(exp, 'full', epochs);
    const none = epochsPerSecond(exp, 'epochs', epochs);
    const label = full.diverged ? `${name} (diverges early)` : name;
    rows.push([label, full.rate.toFixed(0), none.rate.toFixed(0), `${(none.rate / full.rate).toFixed(2)}×`]);
  }
  console.log(table(rows));

  console.log('\n## 256×256 matrix product\n');
  const n = 256;
  const rng = new Rng(7);
  const a = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.uniform(-1, 1)));
  const b = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.uniform(-1, 1)));
  const ta = constant(a);
  const tb = constant(b);
  // Baseline: the plain JavaScript triple loop a person writes first (i, j, k over nested arrays).
  const naive = measure('plain JS triple loop', () => {
    const c: number[][] = [];
    for (let i = 0; i < n; i++) {
      const row: number[] = new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i][k] * b[k][j];
        row[j] = s;
      }
      c.push(row);
    }
  });
  const engine = measure('engine matmul (Float64Array, i-k-j)', () => matmul(ta, tb));
  console.log(
    table([
      ['implementation', 'time', 'GFLOP/s', 'vs baseline'],
      ...[naive, engine].map((m) => [
        m.name,
        fmtMs(m.ms),
        ((2 * n ** 3) / (m.ms * 1e6)).toFixed(2),
        `${(naive.ms / m.ms).toFixed(2)}×`,
      ]),
    ]),
  );
}
