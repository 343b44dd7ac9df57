/**
 * The tiny GPTs against PyTorch (float64), step by step.
 *
 * fixtures/gpt/make_gpt_fixtures.py reads the GPT contract of issue 10 on its own (nanoGPT's model.py
 * written out in torch: vocabulary, half-up split, sequential windows, pre-LayerNorm blocks, causal
 * attention, GELU, tied head, sgd / adam / adamw with nanoGPT's parameter groups, coupled decay,
 * clip_grad_norm_, get_lr, the evaluation windows) and writes experiments/<name>.json and
 * <name>.expected.json. Here the same experiments go through GptTrainer and gptRunJson (what
 * `unha run FILE --json` prints) and every number is compared.
 *
 * The evaluation rule both sides follow (final trainLoss / valLoss), on a split of m tokens:
 * T = min(block, m − 1), windows at 0, T, 2T, … while s + T ≤ m − 1 (total = ⌊(m − 1)/T⌋); when total >
 * eval.windows (200 by default) only windows ⌊j·total/windows⌋ are kept; the loss is the mean over every
 * position of every kept window. The fixture records the starts, and evalStarts must give them.
 *
 * Tolerance: relative 1e-9 with an absolute floor of 1e-12 (expectRelClose); both sides are float64 and
 * differ only in the order of their sums. GPT_TORCH_REPORT=1 prints the largest differences measured.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import {
  GptTrainer,
  evalStarts,
  gptRunJson,
  validateGptExperiment,
  type GptExperiment,
  type GptStepTrace,
} from '../src/index';
import { expectRelClose, flat, type Nested } from './helpers';

const DIR = fileURLToPath(new URL('./fixtures/gpt/', import.meta.url));

type Values = Record<string, Nested>;
interface Expected {
  generator: string;
  experiment: Record<string, unknown>;
  vocab: string[];
  tokens: { all: number; train: number; val: number };
  steps: { step: number; starts: number[]; loss: number; lr: number; gradNorm: number; clipped: boolean }[];
  grads: Values;
  /** Only for init {seed}: the initial parameters drawn by the documented generator. */
  initial?: Values;
  /** Every named value of step 1 and ∂L/∂value (null: no gradient); a masked −∞ is written null. */
  records?: Record<string, { shape: number[]; value: (number | null)[]; grad: number[] | null }>;
  final: {
    trainLoss: number;
    trainEval: { T: number; starts: number[] };
    valLoss?: number;
    valEval?: { T: number; starts: number[] };
    params: Values;
  };
}
interface RunJson {
  steps: { step: number; loss: number }[];
  final: { trainLoss: number; valLoss?: number; params: Values };
}
interface RawExperiment {
  batches: string;
  model: { init: Values; block: number; heads: number; layers: number } & Record<string, unknown>;
  optimizer: { name: string; weightDecay?: number; momentum?: number };
  clip?: number;
  eval?: { windows?: number };
  data: { text: string };
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const names = readdirSync(join(DIR, 'experiments'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();
const fixtures = names.map((name) => ({
  name,
  raw: readJson(join(DIR, 'experiments', `${name}.json`)) as RawExperiment,
  expected: readJson(join(DIR, `${name}.expected.json`)) as Expected,
}));

function valid(raw: unknown): GptExperiment {
  const r = validateGptExperiment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** The largest differences seen, per quantity, for the report (GPT_TORCH_REPORT=1). */
const worst = new Map<string, { rel: number; abs: number }>();
function compare(
  actual: Nested | ArrayLike<number>,
  expected: Nested | ArrayLike<number>,
  what: string,
  kind: string,
): void {
  expectRelClose(actual, expected, what);
  const a = flat(actual);
  const e = flat(expected);
  const w = worst.get(kind) ?? { rel: 0, abs: 0 };
  a.forEach((x, i) => {
    const d = Math.abs(x - e[i]);
    w.abs = Math.max(w.abs, d);
    // Relative differences of values above the absolute floor only (rounding noise has no digits).
    if (Math.abs(e[i]) > 1e-12) w.rel = Math.max(w.rel, d / Math.abs(e[i]));
  });
  worst.set(kind, w);
}
afterAll(() => {
  if (process.env.GPT_TORCH_REPORT)
    for (const [k, w] of worst)
      console.log(`${k}: max |diff| ${w.abs.toExponential(2)}, max rel ${w.rel.toExponential(2)}`);
});

/**
 * The gradient the optimizer steps with, as torch forms it from the raw ∂L/∂p: clip_grad_norm_ first
 * (× clip/(norm + 1e-6) when that is < 1), then sgd/adam's coupled weight_decay adds λ·p on the
 * tensors of two or more dimensions (inside torch's step, so after the clipping).
 */
function steppedGrad(f: (typeof fixtures)[number], name: string, before: ArrayLike<number>): number[] {
  const { raw, expected } = f;
  const s1 = expected.steps[0];
  const coef = raw.clip !== undefined && s1.clipped ? raw.clip / (s1.gradNorm + 1e-6) : 1;
  const g = flat(expected.grads[name]).map((x) => x * coef);
  const o = raw.optimizer;
  const decays = Array.isArray((expected.grads[name] as readonly Nested[])[0]); // two or more dimensions
  if (o.name !== 'adamw' && o.weightDecay && decays) return g.map((x, k) => x + o.weightDecay! * before[k]);
  return g;
}

/**
 * The k third of each c_attn.bias has a gradient of exactly 0 in exact arithmetic: adding b to every
 * key adds the same qᵢ·b to every score of row i, which the softmax ignores. Both sides compute it as
 * rounding noise (~10⁻¹⁷, the fixture shows it: checked below), and Adam divides m̂ by √v̂ + eps, so that
 * noise moves the value by up to lr·|noise|/eps ≈ lr·10⁻⁹ per step, in a direction neither side controls.
 * Under adam and adamw those entries are compared to 1e-9 absolute; every other value to 1e-9 relative.
 */
function keyBiasNoise(f: (typeof fixtures)[number], name: string): Set<number> {
  const out = new Set<number>();
  if (!name.endsWith('.attn.c_attn.bias') || f.raw.optimizer.name === 'sgd') return out;
  const g = flat(f.expected.grads[name]);
  const C = g.length / 3;
  for (let k = C; k < 2 * C; k++) {
    expect(Math.abs(g[k]), `${f.name}: step 1 ∂L/∂${name}[${k}] should be rounding noise`).toBeLessThan(
      1e-15,
    );
    out.add(k);
  }
  return out;
}

describe('the GPT PyTorch fixtures', () => {
  test('every experiment has its expected file, generated from the same experiment', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const f of fixtures) {
      const model: Record<string, unknown> = { ...f.raw.model };
      delete model.init; // the expected file leaves the long init out
      expect(f.expected.experiment, `${f.name} is stale: rerun make_gpt_fixtures.py`).toEqual({
        ...f.raw,
        model,
      });
    }
    const expectedFiles = readdirSync(DIR).filter(
      (f) => f.endsWith('.expected.json') && f !== 'ops.expected.json',
    );
    expect(expectedFiles.sort()).toEqual(names.map((n) => `${n}.expected.json`).sort());
  });

  test('together they cover every optimizer, momentum, decay, the schedule, clipping, heads and layers', () => {
    const exps = fixtures.map((f) => valid(f.raw));
    const opt = (name: string): GptExperiment[] => exps.filter((e) => e.optimizer.name === name);
    expect(opt('sgd').some((e) => (e.optimizer.momentum ?? 0) > 0)).toBe(true);
    expect(opt('sgd').some((e) => (e.optimizer.momentum ?? 0) === 0)).toBe(true);
    expect(opt('adam').some((e) => (e.optimizer.weightDecay ?? 0) > 0)).toBe(true);
    expect(opt('adamw').some((e) => e.optimizer.beta1 === undefined && e.optimizer.beta2 === undefined)).toBe(
      true,
    );
    expect(exps.some((e) => e.schedule !== undefined)).toBe(true);
    expect(exps.some((e) => e.model.layers === 2 && e.model.heads === 2)).toBe(true);
    expect(exps.some((e) => e.model.heads === 4 && e.model.width === 8)).toBe(true);
    const steps = fixtures.flatMap((f) => f.expected.steps);
    expect(
      steps.some((s) => s.clipped) &&
        fixtures.some((f) => f.raw.clip && f.expected.steps.some((s) => !s.clipped)),
    ).toBe(true);
    // Starts that wrap (mod n − block), a validation split shorter than the block, strided windows,
    // characters beyond ASCII and beyond the BMP.
    expect(
      fixtures.some((f) =>
        f.expected.steps.some((s) => s.starts.some((x, i) => i > 0 && x < s.starts[i - 1])),
      ),
    ).toBe(true);
    expect(fixtures.some((f) => (f.expected.final.valEval?.T ?? Infinity) < f.raw.model.block)).toBe(true);
    expect(fixtures.some((f) => f.raw.eval?.windows !== undefined)).toBe(true);
    expect(fixtures.some((f) => f.expected.records !== undefined)).toBe(true);
    expect(fixtures.some((f) => f.expected.initial !== undefined && f.raw.batches === 'random')).toBe(true);
    // An init given as a whole nanoGPT state_dict, the tied lm_head.weight listed too.
    expect(fixtures.some((f) => 'lm_head.weight' in f.raw.model.init)).toBe(true);
    expect(
      fixtures.some(
        (f) => [...f.raw.data.text].some((c) => c.codePointAt(0)! > 0x7f) && f.raw.data.text.includes('\n'),
      ),
    ).toBe(true);
    expect(fixtures.some((f) => [...f.raw.data.text].some((c) => c.codePointAt(0)! > 0xffff))).toBe(true);
  });
});

describe.each(fixtures)('PyTorch GPT fixture $name', (f) => {
  const { raw, expected } = f;
  const exp = valid(raw);

  test('same vocabulary (code-point order), split and evaluation windows', () => {
    const t = new GptTrainer(exp, { trace: 'none' });
    expect(t.data.vocab.chars).toEqual(expected.vocab);
    expect(t.data.tokens.length).toBe(expected.tokens.all);
    expect(t.data.train.length).toBe(expected.tokens.train);
    expect(t.data.val.length).toBe(expected.tokens.val);
    const windows = raw.eval?.windows ?? 200;
    expect(evalStarts(expected.tokens.train, raw.model.block, windows)).toEqual(expected.final.trainEval);
    if (expected.final.valEval)
      expect(evalStarts(expected.tokens.val, raw.model.block, windows)).toEqual(expected.final.valEval);
    // init {seed}: the script draws it with its own mulberry32 + Box–Muller, as docs/gpt.md describes.
    for (const [name, value] of Object.entries(expected.initial ?? {}))
      compare(t.initial[name], value, `initial ${name}`, 'seeded initial params');
  });

  test('step 1: same windows, loss, gradient norm and gradient of every parameter', () => {
    const t = new GptTrainer(exp, { trace: (s) => s === 1 });
    const s = t.step()!;
    const e = expected.steps[0];
    expect(s.starts).toEqual(e.starts);
    compare([s.loss], [e.loss], 'step 1 loss', 'step 1 loss');
    compare([s.gradNorm], [e.gradNorm], 'step 1 gradient norm', 'gradient norm');
    expect(s.clipped).toBe(e.clipped);
    const updates = s.updates!;
    expect(updates.map((u) => u.name).sort()).toEqual(Object.keys(expected.grads).sort());
    for (const u of updates)
      compare(u.grad, steppedGrad(f, u.name, u.before), `step 1 ∂L/∂${u.name}`, 'step 1 gradients');
  });

  test('every step’s windows, loss, rate and norm, and the final losses and parameters (gptRunJson)', () => {
    const traces: GptStepTrace[] = [];
    const t = new GptTrainer(exp, { trace: 'none', onStep: (s) => traces.push(s) });
    const run = t.run();
    expect(run.diverged).toBeUndefined();
    expect(run.steps.length).toBe(expected.steps.length);
    traces.forEach((s, i) => {
      const e = expected.steps[i];
      expect(s.step).toBe(e.step);
      expect(s.starts, `step ${s.step} starts`).toEqual(e.starts);
      compare([s.lr], [e.lr], `step ${s.step} lr`, 'lr');
      compare([s.gradNorm], [e.gradNorm], `step ${s.step} gradient norm`, 'gradient norm');
      expect(s.clipped, `step ${s.step} clipped`).toBe(e.clipped);
    });
    const json = gptRunJson(run, exp) as RunJson;
    expect(json.steps.map((s) => s.step)).toEqual(expected.steps.map((s) => s.step));
    compare(
      json.steps.map((s) => s.loss),
      expected.steps.map((s) => s.loss),
      'steps[].loss',
      'step losses',
    );
    compare([json.final.trainLoss], [expected.final.trainLoss], 'final.trainLoss', 'final losses');
    if (expected.final.valLoss === undefined) expect(json.final.valLoss).toBeUndefined();
    else compare([json.final.valLoss!], [expected.final.valLoss], 'final.valLoss', 'final losses');
    expect(Object.keys(json.final.params)).toEqual(Object.keys(expected.final.params));
    for (const [name, value] of Object.entries(expected.final.params)) {
      const a = flat(json.final.params[name]);
      const e = flat(value);
      const noise = keyBiasNoise(f, name);
      compare(
        a.filter((_, k) => !noise.has(k)),
        e.filter((_, k) => !noise.has(k)),
        `final.params.${name}`,
        'final params',
      );
      // See keyBiasNoise: these are equal up to Adam's amplified rounding noise, ≤ steps·lr·10⁻¹⁵/eps.
      for (const k of noise) expect(Math.abs(a[k] - e[k]), `final.params.${name}[${k}]`).toBeLessThan(1e-9);
    }
  });
});

describe.each(fixtures.filter((f) => f.expected.records))('PyTorch GPT records $name', (f) => {
  const exp = valid(f.raw);

  test('step 1: every record, value and gradient, by name', () => {
    const t = new GptTrainer(exp, { trace: (s) => s === 1 });
    const records = t.step()!.records!;
    const want = f.expected.records!;
    expect(records.map((r) => r.name)).toEqual(Object.keys(want));
    for (const r of records) {
      const e = want[r.name];
      expect(r.shape, `${r.name} shape`).toEqual(e.shape);
      const value = Array.from(r.value, (v) => (v === -Infinity ? null : v));
      expect(value.map((v) => v === null)).toEqual(e.value.map((v) => v === null));
      compare(
        value.filter((v) => v !== null),
        e.value.filter((v) => v !== null),
        `${r.name} value`,
        'step 1 records',
      );
      if (e.grad === null) expect(r.grad, `${r.name} has no gradient`).toBeNull();
      else compare(r.grad!, e.grad, `∂L/∂${r.name}`, 'step 1 records');
    }
  });
});
