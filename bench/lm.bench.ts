/**
 * The language-model benchmark (issue 9): training speed of the names-mlp network through LmTrainer
 * beside a plain hand-written baseline measured in the same run, and the validation loss a run of
 * under a minute reaches on the English names and the Brazilian cities, beside the counting bigram's.
 */
import { type LmExperiment, LmTrainer, Rng } from '@unha/engine';
import * as lessons from '@unha/lessons';
import { PlainMlp, type PlainMlpInit } from './lm-baseline';
import { fmtMs, table } from './measure';

const CONTEXT = 3;
const DIM = 10;
const HIDDEN = 200;
const BATCH = 32;

/** The built-in corpus, when @unha/lessons has it (`corpusWords`); undefined otherwise. */
function corpus(id: string): string[] | undefined {
  const get = (lessons as { corpusWords?: (id: string) => string[] }).corpusWords;
  if (typeof get !== 'function') return undefined;
  try {
    return get(id);
  } catch {
    return undefined;
  }
}

/** Gaussian-ish initial values from the seeded generator, scaled like makemore (W ~ 1/√inputs). */
function drawInit(V: number, seed: number): PlainMlpInit {
  const rng = new Rng(seed);
  const normal = (): number => rng.normal();
  const matrix = (rows: number, cols: number, scale: number): number[][] =>
    Array.from({ length: rows }, () => Array.from({ length: cols }, () => normal() * scale));
  const inputs = CONTEXT * DIM;
  return {
    E: matrix(V, DIM, 1),
    W1: matrix(HIDDEN, inputs, 5 / 3 / Math.sqrt(inputs)),
    b1: Array.from({ length: HIDDEN }, () => normal() * 0.01),
    W2: matrix(V, HIDDEN, 0.01),
    b2: Array.from({ length: V }, () => 0),
  };
}

function mlpExperiment(
  words: string[],
  init: PlainMlpInit | { seed: number },
  steps: number,
  o: Partial<LmExperiment> = {},
): LmExperiment {
  return {
    data: { words, context: CONTEXT, split: { train: 0.9, val: 0.1 }, shuffle: true },
    model: {
      layers: [
        { type: 'embedding', dim: DIM },
        { type: 'dense', units: HIDDEN, activation: 'tanh' },
        { type: 'dense', units: 'vocab', activation: 'identity' },
      ],
      init: init as unknown as LmExperiment['model']['init'],
    },
    loss: 'cross-entropy',
    optimizer: { name: 'sgd', lr: 0.1 },
    batchSize: BATCH,
    batches: 'sequential',
    steps,
    ...o,
  };
}

function countsValLoss(words: string[]): number {
  const exp: LmExperiment = {
    data: { words, context: 1, split: { train: 0.9, val: 0.1 }, shuffle: true },
    model: { layers: [{ type: 'counts', smoothing: 1 }], init: {} },
    loss: 'cross-entropy',
    batchSize: BATCH,
    batches: 'sequential',
    steps: 0,
  };
  const t = new LmTrainer(exp, { words });
  t.run();
  return t.evaluate('val');
}

/** Steps per second of each side on the same examples and initial values, interleaved. */
function speed(words: string[]): void {
  const steps = 200;
  const V = new Set(words.join('')).size + 1;
  const init = drawInit(V, 1);
  const exp = mlpExperiment(words, init, steps);
  const probe = new LmTrainer(exp, { trace: 'none' });
  const { contexts, targets, count: n } = probe.data.train;
  const rowsOf = (k: number): Int32Array => Int32Array.from({ length: BATCH }, (_, r) => (k * BATCH + r) % n);

  // Same work on both sides: the baseline's first losses are the trainer's, to 1e-9.
  const plain = new PlainMlp(init, CONTEXT, BATCH);
  for (let k = 0; k < 5; k++) {
    const ours = probe.step()!.loss;
    const base = plain.step(contexts, targets, rowsOf(k), 0.1);
    if (Math.abs(ours - base) > 1e-9 * Math.abs(base))
      throw new Error(`the baseline computes another network: step ${k + 1} ${base} vs ${ours}`);
  }

  const time = (fn: () => void): number => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  const engineMs: number[] = [];
  const plainMs: number[] = [];
  for (let rep = 0; rep < 4; rep++) {
    // The first round warms the JIT; it is not counted.
    const e = time(() => new LmTrainer(exp, { trace: 'none' }).run());
    const b = time(() => {
      const m = new PlainMlp(init, CONTEXT, BATCH);
      for (let k = 0; k < steps; k++) m.step(contexts, targets, rowsOf(k), 0.1);
    });
    if (rep > 0) {
      engineMs.push(e);
      plainMs.push(b);
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rate = (ms: number): number => (steps / ms) * 1000;
  const e = rate(median(engineMs));
  const b = rate(median(plainMs));
  console.log(
    table([
      ['implementation', 'steps/s', 'ms/step', 'vs baseline'],
      ['plain JS forward/backward (Float64Array, no graph)', b.toFixed(0), (1000 / b).toFixed(2), '1.00×'],
      ['LmTrainer, trace none', e.toFixed(0), (1000 / e).toFixed(2), `${(e / b).toFixed(2)}×`],
    ]),
  );
  console.log(
    `(${steps} steps of batch ${BATCH}, median of 3 rounds after a warm-up; V ${V}, ${n} training examples)`,
  );
}

/** Validation loss after a fixed run sized to stay under a minute here, beside the counting bigram. */
export function quality(label: string, words: string[], steps: number): string[] {
  const exp = mlpExperiment(words, { seed: 1 }, steps, {
    optimizer: { name: 'adamw', lr: 0.02, weightDecay: 0.01 },
    schedule: { warmup: 100 },
  });
  const t0 = performance.now();
  const t = new LmTrainer(exp, { trace: 'none' });
  const run = t.run();
  const ms = performance.now() - t0;
  const counts = countsValLoss(words);
  const val = run.final.valLoss ?? Number.NaN;
  return [
    label,
    String(words.length),
    String(steps),
    fmtMs(ms),
    run.final.trainLoss.toFixed(4),
    val.toFixed(4),
    counts.toFixed(4),
    Math.log(t.data.vocab.chars.length).toFixed(4),
    val < counts ? 'yes' : 'NO',
  ];
}

/** `words` replaces the built-in corpora (a harness may pass them while @unha/lessons lacks them). */
export function lmBench(
  words: { english?: string[]; cities?: string[] } = {
    english: corpus('english-names'),
    cities: corpus('brazilian-cities'),
  },
): void {
  console.log('\n## Language model: names-mlp (context 3, dim 10, hidden 200, batch 32)\n');
  const { english, cities } = words;
  if (!english)
    console.log('(corpus english-names not found in @unha/lessons: speed measured on the fixture names)');
  speed(english ?? fixtureWords());
  console.log(
    '\n### Validation loss after a short run (adamw 0.02, warm-up 100, cosine to 0.002; words shuffled with seed 0, then 90 % train)\n',
  );
  const rows = [
    ['corpus', 'words', 'steps', 'time', 'train', 'val (MLP)', 'val (counts)', 'ln V', 'MLP beats counts'],
  ];
  for (const [label, words] of [
    ['English first names', english],
    ['Brazilian cities', cities],
  ] as const) {
    if (words) rows.push(quality(label, words, Number(process.env.LM_STEPS ?? 1000)));
    else rows.push([label, 'corpus not available in @unha/lessons', '', '', '', '', '', '', '']);
  }
  console.log(table(rows));
}

function fixtureWords(): string[] {
  return ['nanu', 'lirel', 'bosa', 'tavin', 'meloa', 'kiru', 'dalen', 'sorri', 'abeno', 'ulma'];
}
