import { describe, expect, it } from 'vitest';
import {
  GptTrainer,
  GptTrainer32,
  type GptCheckpoint,
  type GptStepTrace,
  createGptTrainer,
  resumeGptTrainer,
  sampleText,
  validateGptCheckpoint,
  validateGptExperiment,
} from '../src/index';
import { f32Experiment, flatParams } from './fast-trainer-helpers';

// The float32 trainer's checkpoints, sampling, divergence and validation (its numbers against the
// float64 trainer are in fast-trainer.test.ts).

const TEXT =
  'the cat sat on the mat. the dog sat on the log. a cat and a dog met on a mat by a log.\n'.repeat(4);

const OPTIMIZERS: [string, Record<string, unknown>][] = [
  ['adamw, schedule and clip', { schedule: { warmup: 3, decaySteps: 15, minLr: 0.001 }, clip: 1 }],
  ['adam with coupled decay', { optimizer: { name: 'adam', lr: 0.01, weightDecay: 0.05 } }],
  ['sgd with momentum', { optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0.01 } }],
];

const run = (t: GptTrainer32): GptStepTrace[] => {
  const out: GptStepTrace[] = [];
  for (let s = t.step(); s; s = t.step()) out.push(s);
  return out;
};

describe('float32 checkpoints', () => {
  it.each(OPTIMIZERS)(
    '%s: stop at step 7, JSON out and in, resume: the remaining steps are the same bits',
    (_, raw) => {
      const e = f32Experiment(TEXT, { ...raw, steps: 20 }, 'float32');
      const whole = new GptTrainer32(e);
      const all = run(whole);
      expect(all).toHaveLength(20);

      const first = new GptTrainer32(e);
      for (let k = 0; k < 7; k++) first.step();
      const json = JSON.stringify(first.checkpoint());
      const read = validateGptCheckpoint(JSON.parse(json));
      if (!read.ok) throw new Error(JSON.stringify(read.issues));
      expect(read.value.experiment.dtype).toBe('float32');
      const resumed = resumeGptTrainer(read.value);
      expect(resumed).toBeInstanceOf(GptTrainer32);
      const rest = run(resumed as GptTrainer32);
      // Every number of every later step, bit for bit (toEqual compares doubles exactly).
      expect(rest).toEqual(all.slice(7));
      expect(resumed.history).toEqual(whole.history);
      expect(resumed.params()).toEqual(whole.params());
      expect(resumed.evaluate('val')).toBe(whole.evaluate('val'));
      expect(resumed.checkpoint()).toEqual(whole.checkpoint());
    },
  );

  it('evaluating, sampling and checkpointing between steps (as unha train does) changes no step', () => {
    for (const [, raw] of OPTIMIZERS) {
      const e = f32Experiment(TEXT, { ...raw, steps: 12 }, 'float32');
      const plain = new GptTrainer32(e);
      run(plain);
      const busy = new GptTrainer32(e);
      for (let s = busy.step(); s; s = busy.step())
        if (s.step % 3 === 0) {
          busy.evaluate('val');
          busy.evaluate('train');
          sampleText(busy.model, { start: 'the', tokens: 10, seed: 1 });
          busy.checkpoint();
        }
      expect(busy.history).toEqual(plain.history);
      expect(busy.params()).toEqual(plain.params());
    }
  });

  it('a float32 checkpoint has the float64 one’s fields, parameter names and optimizer keys', () => {
    for (const [, raw] of OPTIMIZERS) {
      const a = new GptTrainer(f32Experiment(TEXT, { ...raw, steps: 2 }, 'float64'));
      const b = new GptTrainer32(f32Experiment(TEXT, { ...raw, steps: 2 }, 'float32'));
      a.run();
      b.run();
      const [ca, cb] = [a.checkpoint(), b.checkpoint()];
      expect(Object.keys(cb).sort()).toEqual(Object.keys(ca).sort());
      expect(Object.keys(cb.params)).toEqual(Object.keys(ca.params));
      expect(Object.keys(cb.optimizer).sort()).toEqual(Object.keys(ca.optimizer).sort());
      expect(cb.optimizer.t).toBe(ca.optimizer.t);
      expect(cb.rng).toBe(ca.rng);
      expect(cb.vocab).toEqual(ca.vocab);
      // Each stored float32 value is a float32 number (nothing is lost writing it as JSON).
      const values = Object.values(flatParams(cb.params)).flat();
      expect(values.every((x) => Math.fround(x) === x)).toBe(true);
    }
  });

  it('createGptTrainer and resumeGptTrainer choose the trainer by the experiment’s dtype', () => {
    const e32 = f32Experiment(TEXT, { steps: 1 }, 'float32');
    const e64 = f32Experiment(TEXT, { steps: 1 }, 'float64');
    expect(createGptTrainer(e32)).toBeInstanceOf(GptTrainer32);
    expect(createGptTrainer(e64)).toBeInstanceOf(GptTrainer);
    const noDtype: GptCheckpoint = {
      ...new GptTrainer(e64).checkpoint(),
      experiment: { ...e64, dtype: undefined },
    };
    expect(resumeGptTrainer(noDtype)).toBeInstanceOf(GptTrainer);
  });
});

describe('sampling from a float32 model', () => {
  const o = { start: 'the ', tokens: 60, temperature: 0.8, topK: 5, seed: 7 };
  type Sample = ReturnType<typeof sampleText>;
  const worst = (x: Sample, y: Sample, f: 'logits' | 'cdf'): number =>
    Math.max(...x.steps.map((s, n) => Math.max(...s[f].map((z, i) => Math.abs(z - y.steps[n][f][i])))));
  /** How close the draws come to a boundary of their cumulative distribution (a near-tie). */
  const margin = (x: Sample): number =>
    Math.min(...x.steps.map((s) => Math.min(...s.kept.map((i) => Math.abs(s.cdf[i] - s.u)))));

  it('the float64-trained parameters in float32 write the same text; logits within 1e-5', () => {
    const raw = { steps: 120, optimizer: { name: 'adamw', lr: 0.01 }, clip: 1 };
    const a = new GptTrainer(f32Experiment(TEXT, raw, 'float64'));
    a.run();
    const b = new GptTrainer32(f32Experiment(TEXT, { ...raw, model: { init: a.params() } }, 'float32'));
    const sa = sampleText(a.model, o);
    const sb = sampleText(b.model, o);
    expect(sa.text).toMatch(/ (cat|dog|mat|log|sat|on) /); // trained: it writes the text's words
    // Logits up to ~7 in size differ by the forward pass's rounding only (measured 1.2·10⁻⁶).
    expect(worst(sa, sb, 'logits')).toBeLessThan(1e-5);
    // No draw is near a tie (u ≥ 10⁻³ from every boundary, the boundaries moved ≤ 2.5·10⁻⁷): same text.
    expect(margin(sa)).toBeGreaterThan(100 * worst(sa, sb, 'cdf'));
    expect(sb.text).toBe(sa.text);
    // trainer.nextLogits is the model's, and a context longer than the block is cut to its last block.
    expect(b.nextLogits([1, 2, 3])).toEqual(b.model.nextLogits([1, 2, 3]));
    const long = Array.from({ length: 20 }, (_, i) => i % 5);
    expect(b.nextLogits(long)).toEqual(b.nextLogits(long.slice(-8)));
  });

  it('trained in float32 and in float64 side by side (50 steps), the two models write the same text', () => {
    const raw = { steps: 50, optimizer: { name: 'adamw', lr: 0.01 }, clip: 1 };
    const a = new GptTrainer(f32Experiment(TEXT, raw, 'float64'));
    const b = new GptTrainer32(f32Experiment(TEXT, raw, 'float32'));
    a.run();
    b.run();
    const sa = sampleText(a.model, o);
    const sb = sampleText(b.model, o);
    // The parameters drifted apart a little in training: logits within 10⁻³ (measured 3.8·10⁻⁴; after
    // 120 steps 1.5·10⁻², as two float64 runs with initial values 10⁻⁷ apart drift on this small text).
    expect(worst(sa, sb, 'logits')).toBeLessThan(1e-3);
    expect(margin(sa)).toBeGreaterThan(10 * worst(sa, sb, 'cdf'));
    expect(sb.text).toBe(sa.text);
  });
});

describe('float32 divergence', () => {
  it.each([
    ['sgd, lr 1e30: the loss', { optimizer: { name: 'sgd', lr: 1e30 } }],
    ['adamw, lr 1e6: a parameter', { optimizer: { name: 'adamw', lr: 1e6 } }],
  ])('%s goes non-finite: the run reports diverged, it does not throw', (_, raw) => {
    const t = new GptTrainer32(f32Experiment(TEXT, { ...raw, steps: 30 }, 'float32'));
    const r = t.run();
    expect(r.diverged).toBeDefined();
    expect(r.diverged!.reason).toBe('non-finite');
    expect(Number.isFinite(r.diverged!.value)).toBe(false);
    expect(r.diverged!.firstLoss).toBeCloseTo(Math.log(t.data.vocab.chars.length), 0);
    expect(t.done).toBe(true);
    expect(t.step()).toBeNull();
    // The steps before it are kept, finite, and the checkpoint can still be written.
    expect(r.steps.length).toBe(r.diverged!.step - 1);
    expect(r.steps.every((s) => Number.isFinite(s.loss))).toBe(true);
    expect(() => JSON.stringify(t.checkpoint())).not.toThrow();
  });
});

describe('dtype validation', () => {
  const base = {
    data: { text: TEXT },
    model: { type: 'gpt', layers: 1, heads: 1, width: 4, block: 4 },
    optimizer: { name: 'adamw', lr: 0.01 },
  };

  it('dtype "float16" is refused at dtype, naming float64 and float32', () => {
    const r = validateGptExperiment({ ...base, dtype: 'float16' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].path).toEqual(['dtype']);
    expect(r.issues[0].expected).toEqual({ key: 'oneOf', values: ['float64', 'float32'] });
  });

  it('float32 with dropout is refused at model.dropout (float32 has no dropout yet); float64 keeps it', () => {
    const r = validateGptExperiment({ ...base, model: { ...base.model, dropout: 0.1 }, dtype: 'float32' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual([['model', 'dropout']]);
    expect(
      validateGptExperiment({ ...base, model: { ...base.model, dropout: 0.1 }, dtype: 'float64' }).ok,
    ).toBe(true);
  });

  it('dtype is kept in the validated experiment, absent when not given', () => {
    const r32 = validateGptExperiment({ ...base, dtype: 'float32' });
    const r0 = validateGptExperiment(base);
    expect(r32.ok && r32.value.dtype).toBe('float32');
    expect(r0.ok && 'dtype' in r0.value).toBe(false);
  });
});
