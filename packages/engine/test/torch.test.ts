/**
 * Our engine against PyTorch (float64), number by number.
 *
 * fixtures/torch/experiments/*.json are ordinary experiments with explicit initial parameters;
 * fixtures/torch/generate.py trains each one with torch and writes <name>.expected.json (losses,
 * parameters after every epoch, every gradient of epoch 1, the dropout masks and the split it drew with
 * its own copy of our generator). Regenerate with `/usr/bin/python3 generate.py` in that folder.
 *
 * Tolerance: relative 1e-9 with an absolute floor of 1e-12. Both sides are float64; the difference is the
 * order in which sums are taken, which moves the last bits only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { type Experiment, validateExperiment } from '../src/experiment';
import type { ParamValues } from '../src/experiment';
import type { Trace } from '../src/trace';
import { train } from '../src/train';
import { expectRelClose } from './helpers';

const DIR = fileURLToPath(new URL('./fixtures/torch/', import.meta.url));

interface ExpectedStep {
  batch: number[];
  loss: number;
  dataLoss: number;
  grads: ParamValues;
}
interface ExpectedEpoch {
  epoch: number;
  loss: number;
  dataLoss: number;
  valLoss?: number;
  params: ParamValues;
  steps?: ExpectedStep[];
}
interface Expected {
  generator: string;
  experiment: unknown;
  trainRows: number[];
  validationRows?: number[];
  normalization?: { mean: number[]; std: number[] };
  masks?: { epoch: number; step: number; layers: Record<string, number[][]> }[];
  epochs: ExpectedEpoch[];
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const names = readdirSync(join(DIR, 'experiments'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

const fixtures = names.map((name) => {
  const raw = readJson(join(DIR, 'experiments', `${name}.json`));
  const expected = readJson(join(DIR, `${name}.expected.json`)) as Expected;
  return { name, raw, expected };
});

function valid(raw: unknown): Experiment {
  const r = validateExperiment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('the PyTorch fixtures', () => {
  test('every experiment has its expected file, generated from the same experiment', () => {
    expect(names.length).toBeGreaterThanOrEqual(11);
    for (const f of fixtures)
      expect(f.expected.experiment, `${f.name} is stale: rerun generate.py`).toEqual(f.raw);
    const expectedFiles = readdirSync(DIR).filter((f) => f.endsWith('.expected.json'));
    expect(expectedFiles.sort()).toEqual(names.map((n) => `${n}.expected.json`).sort());
  });

  test('together they cover every optimizer, activation and training option', () => {
    const exps = fixtures.map((f) => valid(f.raw));
    const acts = new Set(exps.flatMap((e) => e.model.layers.map((l) => l.activation)));
    expect([...acts].sort()).toEqual(['identity', 'relu', 'sigmoid', 'tanh']);
    expect(exps.some((e) => e.optimizer.name === 'adam' && e.optimizer.beta1 === undefined)).toBe(true);
    expect(exps.some((e) => e.optimizer.name === 'adam' && e.optimizer.beta1 !== undefined)).toBe(true);
    expect(exps.some((e) => (e.optimizer.momentum ?? 0) > 0)).toBe(true);
    expect(exps.some((e) => (e.l2 ?? 0) > 0)).toBe(true);
    expect(exps.some((e) => e.model.layers.some((l) => (l.dropout ?? 0) > 0))).toBe(true);
    expect(exps.some((e) => e.normalize === true)).toBe(true);
    expect(exps.some((e) => e.batchSize !== undefined && !e.shuffle)).toBe(true);
    expect(exps.some((e) => e.batchSize !== undefined && e.shuffle)).toBe(true);
    expect(exps.some((e) => typeof e.validation === 'number')).toBe(true);
    expect(exps.some((e) => e.data.targets[0].length > 1)).toBe(true);
    expect(exps.some((e) => e.model.layers.length >= 3)).toBe(true);
  });
});

describe.each(fixtures)('PyTorch fixture $name', ({ raw, expected }) => {
  const exp = valid(raw);
  const trace: Trace = train(exp);

  test('same split and normalization', () => {
    expect(trace.diverged).toBeUndefined();
    expect(trace.train.rows).toEqual(expected.trainRows);
    if (expected.validationRows) expect(trace.validation?.rows).toEqual(expected.validationRows);
    else expect(trace.validation).toBeUndefined();
    if (expected.normalization) {
      expectRelClose(trace.normalization!.mean, expected.normalization.mean, 'mean');
      expectRelClose(trace.normalization!.std, expected.normalization.std, 'std');
    } else expect(trace.normalization).toBeUndefined();
  });

  test('same dropout masks, drawn from the same seeded generator', () => {
    const masks = expected.masks ?? [];
    const drawn = trace.epochs.flatMap((e) =>
      e.steps.flatMap((s) => s.nodes!.filter((n) => n.label.startsWith('mask')).map(() => s.step)),
    );
    expect(drawn.length).toBe(masks.reduce((k, m) => k + Object.keys(m.layers).length, 0));
    for (const m of masks) {
      const step = trace.epochs[m.epoch - 1].steps.find((s) => s.step === m.step)!;
      expect(step, `step ${m.step}`).toBeDefined();
      for (const [layer, mask] of Object.entries(m.layers)) {
        const node = step.nodes!.find((n) => n.label === `mask${layer}`)!;
        expect(node, `mask${layer} at step ${m.step}`).toBeDefined();
        expect(Array.from(node.value)).toEqual(mask.flat());
      }
    }
  });

  test('epoch 1: same batches, batch losses and gradient of every parameter', () => {
    const e1 = expected.epochs[0];
    const steps = trace.epochs[0].steps;
    expect(steps.length).toBe(e1.steps!.length);
    e1.steps!.forEach((s, i) => {
      expect(steps[i].batch).toEqual(s.batch);
      expectRelClose([steps[i].loss], [s.loss], `step ${i + 1} loss`);
      expectRelClose([steps[i].dataLoss], [s.dataLoss], `step ${i + 1} dataLoss`);
      const updates = steps[i].updates!;
      expect(updates.map((u) => u.name).sort()).toEqual(Object.keys(s.grads).sort());
      for (const u of updates) expectRelClose(u.grad, s.grads[u.name], `step ${i + 1} ∂L/∂${u.name}`);
    });
  });

  test('every epoch: same loss and same parameters after the update', () => {
    expect(trace.epochs.length).toBe(expected.epochs.length);
    expected.epochs.forEach((e, i) => {
      const ours = trace.epochs[i];
      expect(ours.epoch).toBe(e.epoch);
      expectRelClose([ours.loss], [e.loss], `epoch ${e.epoch} loss`);
      expectRelClose([ours.dataLoss], [e.dataLoss], `epoch ${e.epoch} dataLoss`);
      if (e.valLoss !== undefined) expectRelClose([ours.valLoss!], [e.valLoss], `epoch ${e.epoch} valLoss`);
      else expect(ours.valLoss).toBeUndefined();
      expect(Object.keys(ours.params).sort()).toEqual(Object.keys(e.params).sort());
      for (const [name, value] of Object.entries(e.params))
        expectRelClose(ours.params[name], value, `epoch ${e.epoch} ${name}`);
    });
  });
});
