/**
 * `unha run` of language models against numbers worked out here, independently of the engine: the
 * counting model's losses from counts by hand, and two SGD steps of a neural bigram whose gradient is
 * taken by finite differences of the loss (not the engine's p − onehot).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unhaHere } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'unha-lm-'));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

interface LmJson {
  steps: { step: number; loss: number }[];
  final: { trainLoss: number; valLoss: number; params: Record<string, number[][]> };
}

/** Vocabulary '.', 'a', 'b'. The counting model, add-1: train "ab", "b"; validate "ba". */
const COUNTS = {
  data: { words: ['ab', 'b', 'ba'], context: 1, split: { train: 0.67, val: 0.33 } },
  model: { layers: [{ type: 'counts', smoothing: 1 }], init: { seed: 0 } },
  loss: 'cross-entropy',
};

/** Each row of N[a][b] + 1 over its sum: the pairs of "ab" and "b" are .a ab b. .b b. */
const P = [
  [1 / 5, 2 / 5, 2 / 5], // after ".": a once, b once
  [1 / 4, 1 / 4, 2 / 4], // after "a": b once
  [3 / 5, 1 / 5, 1 / 5], // after "b": "." twice
];
const meanNll = (ps: number[]): number => -ps.reduce((s, p) => s + Math.log(p), 0) / ps.length;

describe('unha run: the counting model', () => {
  it('--json: train and validation losses from the counts by hand', async () => {
    const r = await unhaHere(['run', file('counts.json', COUNTS), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as LmJson;
    expect(out.steps).toEqual([]);
    // train: . → a, a → b, b → ., . → b, b → .
    expect(out.final.trainLoss).toBeCloseTo(meanNll([P[0][1], P[1][2], P[2][0], P[0][2], P[2][0]]), 12);
    // val "ba": . → b, b → a, a → .
    expect(out.final.valLoss).toBeCloseTo(meanNll([P[0][2], P[2][1], P[1][0]]), 12);
  });
  it('prints the count table, the losses beside ln V, and 20 sampled names', async () => {
    const r = await unhaHere(['run', file('counts.json', COUNTS), '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Counting model: N[a][b]');
    expect(r.stdout).toMatch(/ {2}b → \.: 2, 0\.6\n/);
    expect(r.stdout).toContain(`ln 3 = ${Math.log(3).toFixed(4)}`);
    expect(r.stdout).toContain('20 sampled names (temperature 1, seed 0):');
    const pt = await unhaHere(['run', file('counts.json', COUNTS), '--locale', 'pt-BR']);
    expect(pt.stdout).toContain('Modelo de contagem');
    expect(pt.stdout).toContain('20 nomes sorteados (temperatura 1, semente 0):');
  });
});

/** The neural bigram: E's row of the context character is the logits. */
const E0 = [
  [0.1, -0.2, 0.3],
  [0.5, 0.0, -0.4],
  [-0.3, 0.2, 0.1],
];
const BIGRAM = {
  data: { words: ['ab', 'ba'], context: 1, split: { train: 0.5, val: 0.5 } },
  model: { layers: [{ type: 'embedding', dim: 3 }], init: { E: E0 } },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 0.5 },
  batchSize: 2,
  batches: 'sequential',
  steps: 2,
};
/** (context, target) of "ab": . → a, a → b, b → .; of "ba": . → b, b → a, a → . */
const TRAIN: [number, number][] = [
  [0, 1],
  [1, 2],
  [2, 0],
];
const VAL: [number, number][] = [
  [0, 2],
  [2, 1],
  [1, 0],
];
function nll(E: number[][], ex: [number, number][]): number {
  let s = 0;
  for (const [c, t] of ex) {
    const z = E[c];
    const m = Math.max(...z);
    s += m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0)) - z[t];
  }
  return s / ex.length;
}
/** One SGD step with the gradient by central differences. */
function sgdStep(E: number[][], batch: [number, number][], lr: number): number[][] {
  const h = 1e-6;
  return E.map((row, i) =>
    row.map((v, j) => {
      const at = (d: number): number =>
        nll(
          E.map((r, a) => r.map((x, b) => (a === i && b === j ? x + d : x))),
          batch,
        );
      return v - (lr * (at(h) - at(-h))) / (2 * h);
    }),
  );
}

describe('unha run: a neural bigram, two SGD steps', () => {
  // Sequential batches of 2 over 3 examples: step 1 takes examples 0, 1; step 2 takes 2, 0.
  const b1 = [TRAIN[0], TRAIN[1]];
  const b2 = [TRAIN[2], TRAIN[0]];
  const E1 = sgdStep(E0, b1, 0.5);
  const E2 = sgdStep(E1, b2, 0.5);

  it('--json: each batch loss before its update, then the losses and E after the last step', async () => {
    const r = await unhaHere(['run', file('bigram.json', BIGRAM), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as LmJson;
    expect(out.steps.map((s) => s.step)).toEqual([1, 2]);
    expect(Object.keys(out.steps[0]).sort()).toEqual(['loss', 'step']);
    expect(out.steps[0].loss).toBeCloseTo(nll(E0, b1), 12);
    expect(out.steps[1].loss).toBeCloseTo(nll(E1, b2), 8);
    expect(out.final.trainLoss).toBeCloseTo(nll(E2, TRAIN), 8);
    expect(out.final.valLoss).toBeCloseTo(nll(E2, VAL), 8);
    out.final.params.E.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(E2[i][j], 8)));
  });
  it('the flags: --steps 1 and --lr 0,25 (decimal comma) change the run as they say', async () => {
    const r = await unhaHere(['run', file('bigram.json', BIGRAM), '--json', '--steps', '1', '--lr', '0,25']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as LmJson;
    expect(out.steps.length).toBe(1);
    const E = sgdStep(E0, b1, 0.25);
    expect(out.final.trainLoss).toBeCloseTo(nll(E, TRAIN), 8);
  });
  it('--batch-size 3 puts every example in each batch', async () => {
    const r = await unhaHere(['run', file('bigram.json', BIGRAM), '--json', '--batch-size', '3']);
    const out = JSON.parse(r.stdout) as LmJson;
    expect(out.steps[0].loss).toBeCloseTo(nll(E0, TRAIN), 12);
    expect(out.steps[1].loss).toBeCloseTo(nll(sgdStep(E0, TRAIN, 0.5), TRAIN), 8);
  });
  it('the table: batch loss each step, train/val. loss at step 0 and the end, in the locale', async () => {
    const en = await unhaHere(['run', file('bigram.json', BIGRAM), '--locale', 'en', '--decimals', '6']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/step\s+batch loss\s+train loss\s+val\. loss/);
    // As the table writes them: 6 decimals, trailing zeros dropped.
    const f = (v: number): string => v.toFixed(6).replace(/\.?0+$/, '');
    expect(en.stdout).toMatch(new RegExp(`\\n\\s+0\\s+${f(nll(E0, TRAIN))}\\s+${f(nll(E0, VAL))}\\n`));
    expect(en.stdout).toMatch(new RegExp(`\\n\\s+1\\s+${f(nll(E0, b1))}\\n`));
    expect(en.stdout).toMatch(
      new RegExp(`\\n\\s+2\\s+${f(nll(E1, b2))}\\s+${f(nll(E2, TRAIN))}\\s+${f(nll(E2, VAL))}\\n`),
    );
    expect(en.stdout).toContain('Batch loss per step');
    expect(en.stdout).toContain('20 sampled names');
    const pt = await unhaHere(['run', file('bigram.json', BIGRAM), '--locale', 'pt-BR']);
    expect(pt.stdout).toMatch(/passo\s+perda do lote\s+perda treino\s+perda val\./);
    expect(pt.stdout).toContain('Perda final: treino');
  });
});

describe('--save, then predict', () => {
  it('the saved bigram gives softmax(E[a]) after "a", sorted', async () => {
    const model = join(dir, 'bigram-model.json');
    const r = await unhaHere(['run', file('bigram.json', BIGRAM), '--save', model, '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Model saved to ${model}`);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({ format: 'unha-lm-model' });
    const p = await unhaHere(['predict', model, '--context', 'ba', '--json']);
    expect(p.code).toBe(0);
    const out = JSON.parse(p.stdout) as { context: string[]; probs: { char: string; p: number }[] };
    // context 1: the last character, "a"
    expect(out.context).toEqual(['a']);
    const E2 = sgdStep(sgdStep(E0, [TRAIN[0], TRAIN[1]], 0.5), [TRAIN[2], TRAIN[0]], 0.5);
    const z = E2[1];
    const sum = z.reduce((s, v) => s + Math.exp(v), 0);
    const expected = ['.', 'a', 'b'].map((c, i) => ({ char: c, p: Math.exp(z[i]) / sum }));
    expected.sort((x, y) => y.p - x.p);
    expect(out.probs.map((q) => q.char)).toEqual(expected.map((q) => q.char));
    out.probs.forEach((q, i) => expect(q.p).toBeCloseTo(expected[i].p, 8));
    const text = await unhaHere(['predict', model, '--context', 'a', '--locale', 'pt-BR']);
    expect(text.stdout).toContain('Próximo caractere depois de "a"');
    expect(text.stdout).toContain('█');
  });
  it('the saved counting model gives the row of P by hand, the empty context padded with "."', async () => {
    const model = join(dir, 'counts-model.json');
    expect((await unhaHere(['run', file('counts.json', COUNTS), '--save', model])).code).toBe(0);
    const p = await unhaHere(['predict', model, '--context', 'b', '--json']);
    const out = JSON.parse(p.stdout) as { probs: { char: string; p: number }[] };
    expect(out.probs.map((q) => q.char)).toEqual(['.', 'a', 'b']);
    out.probs.forEach((q, i) => expect(q.p).toBeCloseTo(P[2][i], 12));
    const empty = await unhaHere(['predict', model, '--context', '', '--json']);
    const start = JSON.parse(empty.stdout) as { context: string[]; probs: { char: string; p: number }[] };
    expect(start.context).toEqual(['.']);
    expect(start.probs.find((q) => q.char === 'a')!.p).toBeCloseTo(P[0][1], 12);
  });
});

describe('unha params of a language model', () => {
  it('E [3][3] and its count', async () => {
    const r = await unhaHere(['params', file('bigram.json', BIGRAM), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      vocab: number;
      tables: { name: string; shape: number[]; params: number }[];
      params: number;
    };
    expect(out.vocab).toBe(3);
    expect(out.tables).toEqual([{ name: 'E', shape: [3, 3], params: 9 }]);
    expect(out.params).toBe(9);
  });
  it('an MLP: E [V][D], W1 [units][context·D], b1, W2 [V][units], b2', async () => {
    const mlp = {
      data: { words: ['abc', 'cab', 'bca', 'ccc'], context: 3, split: { train: 0.75, val: 0.25 } },
      model: {
        layers: [{ type: 'embedding', dim: 2 }, { units: 5, activation: 'tanh' }, { units: 'vocab' }],
        init: { seed: 3 },
      },
      loss: 'cross-entropy',
      optimizer: { name: 'adamw', lr: 0.01, weightDecay: 0.1 },
      batchSize: 4,
      batches: 'sequential',
      steps: 3,
    };
    const r = await unhaHere(['params', file('mlp.json', mlp), '--locale', 'en']);
    expect(r.code).toBe(0);
    // V = 4 ('.', a, b, c)
    expect(r.stdout).toMatch(/E\s+\[4\]\[2\]\s+8\n/);
    expect(r.stdout).toMatch(/W1\s+\[5\]\[6\]\s+30\n/);
    expect(r.stdout).toMatch(/b1\s+\[5\]\s+5\n/);
    expect(r.stdout).toMatch(/W2\s+\[4\]\[5\]\s+20\n/);
    expect(r.stdout).toMatch(/b2\s+\[4\]\s+4\n/);
    expect(r.stdout).toMatch(/total\s+67\n/);
    const run = await unhaHere(['run', file('mlp.json', mlp), '--json', '--optimizer', 'adamw']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as LmJson).steps.length).toBe(3);
  });
});

describe('run --json streamed', () => {
  it('is the text of JSON.stringify(lmRunJson(run)), with lr under a schedule', async () => {
    const { LmTrainer, lmRunJson, validateLmExperiment } = await import('@unha/engine');
    const exp = {
      ...BIGRAM,
      model: { layers: [{ type: 'embedding', dim: 3 }], init: { seed: 2 } },
      optimizer: { name: 'adamw', lr: 0.1 },
      steps: 7,
      schedule: { warmup: 2 },
    };
    const r = await unhaHere(['run', file('schedule.json', exp), '--json']);
    expect(r.code).toBe(0);
    const v = validateLmExperiment(exp);
    if (!v.ok) throw new Error('the test experiment is invalid');
    const whole = `${JSON.stringify(lmRunJson(new LmTrainer(v.value).run(), v.value))}\n`;
    expect(r.stdout).toBe(whole);
    // nanoGPT's warm-up: lr·(it + 1)/(warmup + 1) for it = 0, 1.
    const steps = (JSON.parse(r.stdout) as { steps: { lr: number }[] }).steps;
    expect(steps[0].lr).toBeCloseTo(0.1 / 3, 15);
    expect(steps[1].lr).toBeCloseTo(0.2 / 3, 15);
  });
});

describe('data.file and --data', () => {
  it('data.file is read beside the experiment; --data takes the place of data.words', async () => {
    const sub = join(dir, 'sub');
    (await import('node:fs')).mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'words.txt'), 'ab\r\n\r\n b \nba\n');
    const exp = { ...COUNTS, data: { file: 'words.txt', context: 1, split: { train: 0.67, val: 0.33 } } };
    const p = join(sub, 'exp.json');
    writeFileSync(p, JSON.stringify(exp));
    const fromFile = JSON.parse((await unhaHere(['run', p, '--json'])).stdout) as LmJson;
    // The same words as COUNTS (CRLF, a blank line and spaces around "b" do not count).
    expect(fromFile.final.trainLoss).toBeCloseTo(meanNll([P[0][1], P[1][2], P[2][0], P[0][2], P[2][0]]), 12);
    const words = file('list.txt', 'ab\nb\nba\n');
    const fromFlag = JSON.parse(
      (
        await unhaHere([
          'run',
          file('counts-other.json', { ...COUNTS, data: { ...COUNTS.data, words: ['zz'] } }),
          '--data',
          words,
          '--json',
        ])
      ).stdout,
    ) as LmJson;
    expect(fromFlag.final.valLoss).toBeCloseTo(meanNll([P[0][2], P[2][1], P[1][0]]), 12);
  });
});

describe('a language model that diverges', () => {
  it('is an outcome: exit 0, the step named, no names sampled; --json says diverged', async () => {
    const r = await unhaHere(['run', file('bigram.json', BIGRAM), '--lr', '1e300', '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The training diverged at step 1');
    expect(r.stdout).not.toContain('sampled names');
    const j = await unhaHere(['run', file('bigram.json', BIGRAM), '--lr', '1e300', '--json']);
    expect(j.code).toBe(0);
    const out = JSON.parse(j.stdout) as { steps: unknown[]; diverged: { step: number } };
    expect(out.steps).toEqual([]);
    expect(out.diverged.step).toBe(1);
  });
});
