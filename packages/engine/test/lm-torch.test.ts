/**
 * The language-model experiments against PyTorch (float64), step by step.
 *
 * fixtures/lm/make_lm_fixtures.py reads the experiment contract of issue 9 on its own (vocabulary,
 * half-up split, makemore's examples, embedding, dense layers, cross-entropy, sequential batches,
 * sgd / adam / adamw, nanoGPT's schedule, the counting bigram), trains each case with torch and writes
 * experiments/<name>.json and <name>.expected.json. Here the same experiments go through LmTrainer and
 * lmRunJson (what `unha run FILE --json` prints) and every number is compared.
 *
 * Tolerance: relative 1e-9 with an absolute floor of 1e-12; both sides are float64 and differ only in
 * the order of their sums.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { LmTrainer, lmRunJson, validateLmExperiment, type LmExperiment } from '../src/index';
import { expectRelClose } from './helpers';

const DIR = fileURLToPath(new URL('./fixtures/lm/', import.meta.url));

type Values = Record<string, number[] | number[][]>;
interface Expected {
  generator: string;
  experiment: unknown;
  vocab: string[];
  trainWords: number;
  examples: { train: number; val: number };
  steps: { step: number; loss: number; lr: number }[];
  grads?: Values;
  final: { trainLoss: number; valLoss: number; params: Values };
}
interface RunJson {
  steps: { step: number; loss: number }[];
  final: { trainLoss: number; valLoss: number; params: Values };
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const names = readdirSync(join(DIR, 'experiments'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();
const fixtures = names.map((name) => ({
  name,
  raw: readJson(join(DIR, 'experiments', `${name}.json`)),
  expected: readJson(join(DIR, `${name}.expected.json`)) as Expected,
}));

function valid(raw: unknown): LmExperiment {
  const r = validateLmExperiment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('the language-model PyTorch fixtures', () => {
  test('every experiment has its expected file, generated from the same experiment', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const f of fixtures)
      expect(f.expected.experiment, `${f.name} is stale: rerun make_lm_fixtures.py`).toEqual(f.raw);
    const expectedFiles = readdirSync(DIR).filter((f) => f.endsWith('.expected.json'));
    expect(expectedFiles.sort()).toEqual(names.map((n) => `${n}.expected.json`).sort());
  });

  test('together they cover every optimizer, activation, the schedule and the counting model', () => {
    const exps = fixtures.map((f) => valid(f.raw));
    const dense = exps.flatMap((e) => e.model.layers.filter((l) => l.type === 'dense'));
    const acts = new Set(dense.map((l) => l.activation));
    expect([...acts].sort()).toEqual(['identity', 'relu', 'sigmoid', 'tanh']);
    const opt = (name: string): LmExperiment[] => exps.filter((e) => e.optimizer?.name === name);
    expect(opt('sgd').some((e) => (e.optimizer!.momentum ?? 0) > 0)).toBe(true);
    expect(opt('sgd').some((e) => (e.optimizer!.momentum ?? 0) === 0)).toBe(true);
    expect(opt('adam').length).toBeGreaterThan(0);
    expect(opt('adamw').some((e) => e.optimizer!.weightDecay === 0.1)).toBe(true);
    expect(exps.some((e) => e.schedule !== undefined)).toBe(true);
    expect(exps.some((e) => e.model.layers[0].type === 'counts')).toBe(true);
    // The neural bigram: an embedding of dim V, context 1, nothing after it.
    expect(exps.some((e) => e.model.layers.length === 1 && e.model.layers[0].type === 'embedding')).toBe(
      true,
    );
    // Batches wrap around the training set, and one is larger than it.
    expect(
      fixtures.some(
        (f) =>
          f.expected.steps.length * (f.raw as { batchSize: number }).batchSize > f.expected.examples.train,
      ),
    ).toBe(true);
    expect(fixtures.some((f) => (f.raw as { batchSize: number }).batchSize > f.expected.examples.train)).toBe(
      true,
    );
  });
});

describe.each(fixtures)('PyTorch LM fixture $name', ({ raw, expected }) => {
  const exp = valid(raw);

  test('same vocabulary, split and examples', () => {
    const t = new LmTrainer(exp, { trace: 'none' });
    expect(t.data.vocab.chars).toEqual(expected.vocab);
    expect(t.data.trainWords.length).toBe(expected.trainWords);
    expect(t.data.train.count).toBe(expected.examples.train);
    expect(t.data.val.count).toBe(expected.examples.val);
  });

  test('step 1: same loss and gradient of every parameter', () => {
    if (!expected.grads) return; // the counting model has no steps
    const t = new LmTrainer(exp, { trace: 'full' });
    const s = t.step()!;
    expectRelClose([s.loss], [expected.steps[0].loss], 'step 1 loss');
    const updates = s.updates!;
    expect(updates.map((u) => u.name).sort()).toEqual(Object.keys(expected.grads).sort());
    for (const u of updates) expectRelClose(u.grad, expected.grads[u.name], `step 1 ∂L/∂${u.name}`);
  });

  test('every step’s loss and rate, and the final losses and parameters (lmRunJson)', () => {
    const t = new LmTrainer(exp, { trace: 'none' });
    const run = t.run();
    expect(run.diverged).toBeUndefined();
    expect(run.steps.length).toBe(expected.steps.length);
    run.steps.forEach((s, i) => {
      expect(s.step).toBe(expected.steps[i].step);
      expectRelClose([s.lr], [expected.steps[i].lr], `step ${s.step} lr`);
    });
    const json = lmRunJson(run) as RunJson;
    expect(json.steps.map((s) => s.step)).toEqual(expected.steps.map((s) => s.step));
    expectRelClose(
      json.steps.map((s) => s.loss),
      expected.steps.map((s) => s.loss),
      'steps[].loss',
    );
    expectRelClose([json.final.trainLoss], [expected.final.trainLoss], 'final.trainLoss');
    expectRelClose([json.final.valLoss], [expected.final.valLoss], 'final.valLoss');
    expect(Object.keys(json.final.params).sort()).toEqual(Object.keys(expected.final.params).sort());
    for (const [name, value] of Object.entries(expected.final.params))
      expectRelClose(json.final.params[name], value, `final.params.${name}`);
  });
});
