/**
 * The float32 path (issue 11) against PyTorch in float64.
 *
 * fixtures/gpt/make_fast_fixtures.py runs the GPT contract in torch (float64; the model, optimizers,
 * clipping, schedule and evaluation of make_gpt_fixtures.py, with our generator rewritten in Python for
 * `init: {seed}` and the random windows) and writes fixtures/gpt/fast/*.expected.json: the moby-dick
 * lesson's first 50 steps (recipe50) and a small 50-step adamw case (small50). Here the float32 trainer
 * (createGptTrainer with dtype 'float32', one thread) runs the same experiments and every step is compared:
 * the windows exactly, the loss to 1e-4 relative (the issue's target), lr to 1e-12, the gradient norm to
 * 1e-3, the clipped flags exactly; then the final evaluation losses and a summary of the parameters.
 * The kernels are also compared op by op with ops.expected.json (LayerNorm, GELU, attention).
 *
 * FAST_TORCH_REPORT=1 prints the largest differences measured (quoted in the issue's closing note).
 * The recipe case runs 50 steps of the 0.8 M-parameter model in float32: about a minute of CPU.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { findGptLesson, corpusText } from '@unha/lessons';
import { afterAll, describe, expect, test } from 'vitest';
import { GptTrainer32, createGptTrainer, validateGptExperiment, type GptExperiment } from '../src/index';
import { RESERVED_BYTES, instantiateKernels, kernelMemory, kernelsModule } from '../src/fast/wasm';
import { flat, type Nested } from './helpers';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/gpt/${name}`, import.meta.url), 'utf8'));

interface Summary {
  sum: number;
  sumSq: number;
  first: number[];
}
interface Expected {
  experiment: Record<string, unknown> & { data: { text?: string; corpus?: string } };
  text: { sha256: string; chars: number };
  vocab: string[];
  tokens: { all: number; train: number; val: number };
  initial: Record<string, Summary>;
  steps: { step: number; starts: number[]; loss: number; lr: number; gradNorm: number; clipped: boolean }[];
  final: {
    trainLoss: number;
    valLoss: number;
    params: Record<string, Summary>;
    values?: Record<string, Nested>;
  };
}

/** The largest differences seen, by what was compared, printed with FAST_TORCH_REPORT=1. */
const worst = new Map<string, number>();
function note(what: string, d: number): void {
  worst.set(what, Math.max(worst.get(what) ?? 0, d));
}
afterAll(() => {
  if (process.env.FAST_TORCH_REPORT) for (const [k, d] of worst) console.log(`${k}: ${d.toExponential(2)}`);
});
/** Relative difference; the absolute one against an exact 0 (a bias or LayerNorm shift at init). */
const rel = (a: number, e: number): number => (e === 0 ? Math.abs(a) : Math.abs(a - e) / Math.abs(e));

function float32Experiment(exp: Expected['experiment']): GptExperiment {
  const r = validateGptExperiment({ ...exp, dtype: 'float32' });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/**
 * Runs the fixture's steps in float32 and compares them. Tolerances: the issue's 1e-4 relative on the
 * loss; 1e-3 on the gradient norm (a sum of squares over every parameter, more sensitive to float32's
 * rounding of small gradients than the loss); lr is computed in float64 on both sides.
 */
function checkRun(name: string, e: Expected, text: string, stepRanges: [number, number][]): void {
  const made = createGptTrainer(float32Experiment(e.experiment), { text });
  expect(made).toBeInstanceOf(GptTrainer32);
  const trainer = made as GptTrainer32;
  try {
    expect([...trainer.data.vocab.chars]).toEqual(e.vocab);
    expect([trainer.data.train.length, trainer.data.val.length]).toEqual([e.tokens.train, e.tokens.val]);
    // The initial parameters: the engine's init {seed} (float64) against the generator rewritten in
    // Python (the same draws; the last bit of log/cos may differ), then what the float32 buffer holds.
    const before = trainer.params() as Record<string, Nested>;
    for (const [k, s] of Object.entries(e.initial)) {
      const init = flat(trainer.initial[k]);
      const sq = init.reduce((u, x) => u + x * x, 0);
      expect(rel(sq, s.sumSq), `${name}: initial ${k} Σx²`).toBeLessThan(1e-12);
      expect(Math.abs(init.reduce((u, x) => u + x, 0) - s.sum), `${name}: initial ${k} Σx`).toBeLessThan(
        1e-12,
      );
      init.slice(0, s.first.length).forEach((x, i) => expect(x).toBeCloseTo(s.first[i], 14));
      const f32 = flat(before[k]);
      const sq32 = f32.reduce((u, x) => u + x * x, 0);
      expect(rel(sq32, s.sumSq), `${name}: initial ${k} in float32`).toBeLessThan(1e-6);
    }
    for (const want of e.steps) {
      const got = trainer.step();
      expect(got, `${name}: step ${want.step} ran`).not.toBeNull();
      const s = got!;
      const range = stepRanges.find(([a, b]) => want.step >= a && want.step <= b)!;
      const tag = `${name} steps ${range[0]}–${range[1]}`;
      expect(s.step).toBe(want.step);
      expect(s.starts, `${name}: step ${want.step} windows`).toEqual(want.starts);
      expect(s.clipped, `${name}: step ${want.step} clipped`).toBe(want.clipped);
      note(`${tag}: loss max rel`, rel(s.loss, want.loss));
      note(`${tag}: grad norm max rel`, rel(s.gradNorm, want.gradNorm));
      note(`${name}: lr max rel`, rel(s.lr, want.lr));
      expect(
        rel(s.loss, want.loss),
        `${name}: step ${want.step} loss ${s.loss} vs ${want.loss}`,
      ).toBeLessThan(1e-4);
      expect(rel(s.lr, want.lr), `${name}: step ${want.step} lr`).toBeLessThan(1e-12);
      expect(rel(s.gradNorm, want.gradNorm), `${name}: step ${want.step} grad norm`).toBeLessThan(1e-3);
    }
    expect(trainer.step(), `${name}: the run ends after its steps`).toBeNull();
    const train = trainer.evaluate('train');
    const val = trainer.evaluate('val');
    note(`${name}: final train loss rel`, rel(train, e.final.trainLoss));
    note(`${name}: final val loss rel`, rel(val, e.final.valLoss));
    expect(rel(train, e.final.trainLoss), `${name}: final train loss`).toBeLessThan(1e-4);
    expect(rel(val, e.final.valLoss), `${name}: final val loss`).toBeLessThan(1e-4);
    checkFinalParams(name, e, trainer.params());
  } finally {
    trainer.close();
  }
}

/**
 * The parameters after the last step. Adam divides each gradient by its own running size, so an entry
 * whose gradient is mostly rounding noise (the k third of every c_attn.bias: its exact gradient is 0)
 * moves in a direction float32 and float64 do not share, and the parameters drift apart more than the
 * losses do. Measured: Σx² of every tensor within 5e-6 relative, the listed values within 8e-7; the
 * bounds below leave a factor of 10 or more.
 */
function checkFinalParams(name: string, e: Expected, params: Record<string, Nested>): void {
  for (const [k, s] of Object.entries(e.final.params)) {
    const v = flat(params[k]);
    const d = rel(
      v.reduce((u, x) => u + x * x, 0),
      s.sumSq,
    );
    note(`${name}: final params Σx² max rel`, d);
    expect(d, `${name}: final ${k} Σx²`).toBeLessThan(1e-4);
  }
  for (const [k, want] of Object.entries(e.final.values ?? {})) {
    const v = flat(params[k]);
    const w = flat(want);
    expect(v.length).toBe(w.length);
    let maxAbs = 0;
    v.forEach((x, i) => (maxAbs = Math.max(maxAbs, Math.abs(x - w[i]))));
    note(`${name}: final values of ${k} max |diff|`, maxAbs);
    expect(maxAbs, `${name}: final ${k}`).toBeLessThan(1e-5);
  }
}

describe('the float32 trainer against PyTorch (float64)', () => {
  test('small50: 2 layers, 2 heads, width 32, 50 steps of adamw with clipping (some steps clip)', () => {
    const e = fixture('fast/small50.expected.json') as Expected;
    const text = e.experiment.data.text!;
    expect(createHash('sha256').update(text, 'utf8').digest('hex')).toBe(e.text.sha256);
    expect(e.steps.some((s) => s.clipped) && e.steps.some((s) => !s.clipped)).toBe(true);
    checkRun('small50', e, text, [
      [1, 10],
      [11, 30],
      [31, 50],
    ]);
  });

  test('recipe50: the moby-dick lesson, its first 50 steps on the whole book', { timeout: 600_000 }, () => {
    const e = fixture('fast/recipe50.expected.json') as Expected;
    // The fixture is the lesson's experiment cut to 50 steps, with 20 evaluation windows instead of 200.
    const lesson: Record<string, unknown> = { ...findGptLesson('moby-dick')!.experiment };
    for (const k of ['title', 'sample', 'dtype']) delete lesson[k];
    expect(e.experiment, 'recipe50 is stale: rerun make_fast_fixtures.py').toEqual({
      ...lesson,
      steps: 50,
      eval: { ...(lesson.eval as object), windows: 20 },
    });
    const text = corpusText('moby-dick');
    expect([...text].length).toBe(e.text.chars);
    expect(createHash('sha256').update(text, 'utf8').digest('hex'), 'the same Moby Dick').toBe(e.text.sha256);
    checkRun('recipe50', e, text, [
      [1, 10],
      [11, 30],
      [31, 50],
    ]);
  });
});

// ---------------------------------------------------------------- the kernels, op by op

interface Ops {
  layerNorm: Record<
    'x' | 'weight' | 'bias' | 'gradOut' | 'out' | 'mean' | 'rstd' | 'gradX' | 'gradWeight' | 'gradBias',
    Nested
  >;
  gelu: { x: number[]; out: number[]; grad: number[] };
  attention: ({ B: number; T: number; C: number; H: number } & Record<
    'qkv' | 'gradOut' | 'weights' | 'merged' | 'gradQkv',
    Nested
  >)[];
}

/** One plain (unshared) memory with the kernels, and a bump allocator of float32 buffers in it. */
function kernels(): {
  k: ReturnType<typeof instantiateKernels>;
  put: (v: Nested | number) => number;
  get: (p: number, n: number) => number[];
} {
  const mem = kernelMemory(1 << 20, false);
  const k = instantiateKernels(kernelsModule(false), mem);
  let next = RESERVED_BYTES;
  const put = (v: Nested | number): number => {
    const values = typeof v === 'number' ? null : flat(v);
    const n = values ? values.length : (v as number);
    const p = next;
    next += Math.ceil(n / 4) * 16 + 16; // 16-byte aligned, a gap between buffers
    if (values) new Float32Array(mem.buffer, p, n).set(values);
    return p;
  };
  const get = (p: number, n: number): number[] => Array.from(new Float32Array(mem.buffer, p, n));
  return { k, put, get };
}

/**
 * |a − e| ≤ max(1e-5·|e|, floor) for every value. The floor is stated per quantity: a float32 sum
 * whose terms cancel keeps an absolute error of a few ulps of its terms, however small the result.
 */
function expectF32(actual: number[], expected: Nested, what: string, floor: number): void {
  const e = flat(expected);
  expect(actual.length, what).toBe(e.length);
  let worstRel = 0;
  actual.forEach((x, i) => {
    const d = Math.abs(x - e[i]);
    if (e[i] !== 0) worstRel = Math.max(worstRel, d / Math.abs(e[i]));
    expect(d, `${what}[${i}]: got ${x}, expected ${e[i]}`).toBeLessThanOrEqual(
      Math.max(1e-5 * Math.abs(e[i]), floor),
    );
  });
  note(`kernel ${what}: max rel`, worstRel);
}

describe('the float32 kernels against PyTorch ops (ops.expected.json)', () => {
  const ops = fixture('ops.expected.json') as Ops;

  test('LayerNorm forward and backward', () => {
    const { k, put, get } = kernels();
    const ln = ops.layerNorm;
    const C = flat(ln.weight).length;
    const R = flat(ln.x).length / C;
    const x = put(ln.x);
    const w = put(ln.weight);
    const out = put(R * C);
    const mean = put(R);
    const rstd = put(R);
    k.layerNormFwd(0, R, out, mean, rstd, x, w, put(ln.bias), C);
    // Row 1 is nearly constant (spread 1e-4, variance ≪ eps): its inputs' own float32 rounding
    // (≤ 9e-9 each) times rstd ≈ 316 times w moves its outputs by up to ~1e-5 (measured 8e-6).
    expectF32(get(out, R * C), ln.out, 'layerNorm out', 2e-5);
    expectF32(get(mean, R), ln.mean, 'layerNorm mean', 0);
    expectF32(get(rstd, R), ln.rstd, 'layerNorm rstd', 0);
    const dout = put(ln.gradOut);
    const dx = put(R * C);
    const dw = put(C);
    const db = put(C);
    k.layerNormBwdX(0, R, dx, dout, x, mean, rstd, w, C);
    k.layerNormBwdParams(0, C, dw, db, dout, x, mean, rstd, R, C);
    expectF32(get(dx, R * C), ln.gradX, 'layerNorm ∂x', 0);
    expectF32(get(dw, C), ln.gradWeight, 'layerNorm ∂w', 0);
    expectF32(get(db, C), ln.gradBias, 'layerNorm ∂b', 0);
  });

  test('GELU and its derivative (erf form)', () => {
    const { k, put, get } = kernels();
    const g = ops.gelu;
    const n = g.x.length;
    const x = put(g.x);
    const out = put(n);
    const dx = put(n);
    k.geluFwd(0, n, out, x);
    k.geluBwd(0, n, dx, x, put(new Array<number>(n).fill(1)));
    // The kernel's erf (Abramowitz–Stegun 7.1.26) is within 1.5e-7 absolute, and 1 + erf(x/√2) cancels
    // for x < 0: in the negative tail the error is absolute (≤ 2.4e-7 measured), not relative; at
    // x = −6 the kernel gives 0 for −5.9e-9. From −2.5 up every value is within 1e-5 relative.
    expectF32(get(out, n), g.out, 'gelu', 3e-7);
    expectF32(get(dx, n), g.grad, 'gelu ∂x', 3e-7);
    const from = g.x.map((v, i) => (v >= -2.5 ? i : -1)).filter((i) => i >= 0);
    const pick = (a: number[]): number[] => from.map((i) => a[i]);
    expectF32(pick(get(out, n)), pick(g.out), 'gelu x ≥ −2.5', 0);
    expectF32(pick(get(dx, n)), pick(g.grad), 'gelu ∂x x ≥ −2.5', 0);
  });

  test('causal attention of a stacked qkv, forward and backward, one head and two heads', () => {
    for (const a of ops.attention) {
      const { k, put, get } = kernels();
      const { B, T, C, H } = a;
      const qkv = put(a.qkv);
      const out = put(B * T * C);
      const att = put(B * H * T * T);
      k.attentionFwd(0, B * H, out, att, qkv, T, C, H);
      const dqkv = put(B * T * 3 * C);
      k.attentionBwd(0, B * H, dqkv, put(a.gradOut), qkv, att, put(B * H * T), T, C, H);
      // The outputs and gradients are sums of O(1) terms, some cancelling to ~1e-3 or less: their error
      // is absolute, a few float32 ulps of the terms (measured: 6e-8 and 8e-9), hence the 1e-6 floor.
      expectF32(get(att, B * H * T * T), a.weights, `attention H${H} weights`, 0);
      expectF32(get(out, B * T * C), a.merged, `attention H${H} out`, 1e-6);
      expectF32(get(dqkv, B * T * 3 * C), a.gradQkv, `attention H${H} ∂qkv`, 1e-6);
    }
  });
});
