/**
 * What each lesson of the seed's next steps claims, as assertions: the run that diverges, each fix
 * that rescues it, the mini-batch bookkeeping, the noise floor, the validation gap that L2 and dropout
 * close, the line that fails and the hidden layer that fits. Reference values are computed here in
 * closed form (least squares, means, variances), never read back from a run.
 */
import { describe, expect, it } from 'vitest';
import { type Experiment, Network, type Trace, findFixes, train, validateExperiment } from '@unha/engine';
import { findLesson } from '../src/index';
import { noisyLine, overfitData, parabola, unbalancedPairs } from '../src/data';

function lesson(id: string): Experiment {
  const l = findLesson(id);
  if (!l) throw new Error(`no lesson ${id}`);
  return l.experiment;
}

function run(exp: Experiment): Trace {
  const r = validateExperiment(exp);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return train(r.value, { trace: 'epochs' });
}

const last = (t: Trace) => t.epochs[t.epochs.length - 1];

/** The mean squared error of the final parameters on the training rows, without dropout or penalty. */
function cleanTrainLoss(t: Trace): number {
  const e = t.experiment;
  return new Network(e.model.layers, e.data.inputs[0].length, last(t).params).forwardLoss(
    t.train.inputs,
    t.train.targets,
  );
}

/** Least squares for one input: the line that minimises the mean squared error, and that minimum. */
function leastSquares(xs: number[], ys: number[]): { w: number; c: number; mse: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b) / n;
  const my = ys.reduce((a, b) => a + b) / n;
  const w =
    xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const c = my - w * mx;
  return { w, c, mse: xs.reduce((s, x, i) => s + (w * x + c - ys[i]) ** 2, 0) / n };
}

describe('lesson data is generated, deterministically', () => {
  it('the same numbers every time, rounded to two decimals', () => {
    expect(unbalancedPairs()).toEqual(unbalancedPairs());
    expect(unbalancedPairs().inputs[0]).toEqual([0.06, 39]);
    expect(noisyLine({ seed: 5, n: 3, sigma: 0.3, lo: 0, hi: 4, w: 2, c: 1 })).toEqual(
      noisyLine({ seed: 5, n: 3, sigma: 0.3, lo: 0, hi: 4, w: 2, c: 1 }),
    );
    for (const v of overfitData().validation.inputs.flat()) expect(Math.round(v * 100) / 100).toBe(v);
    expect(parabola().targets.map((t) => t[0])).toEqual([4, 2.25, 1, 0.25, 0, 0.25, 1, 2.25, 4]);
  });
});

describe('unbalanced-scales (seed 19–20)', () => {
  const base = lesson('unbalanced-scales');
  it('diverges at the default rate: stops at the exploding loss and records it', () => {
    const t = run(base);
    expect(t.diverged).toMatchObject({ epoch: 3, quantity: 'loss', reason: 'exploding' });
    expect(t.epochs.length).toBe(2);
    // Epoch 1 by hand: ŷ = 0 for every example, so L = mean(y²) and ∂L/∂W₂ = −2·mean(y·b).
    const { inputs, targets } = base.data;
    const y = targets.map((r) => r[0]);
    expect(t.epochs[0].loss).toBeCloseTo(y.reduce((s, v) => s + v * v, 0) / y.length, 8);
    const gW2 = (-2 * y.reduce((s, v, i) => s + v * inputs[i][1], 0)) / y.length;
    expect((t.epochs[0].params.W1 as number[][])[0][1]).toBeCloseTo(-0.05 * gW2, 8);
  });
  const first = run({ ...base, epochs: 1 }).epochs[0].loss;
  const fixes: [string, Partial<Experiment>][] = [
    ['--lr 0.0001', { optimizer: { name: 'sgd', lr: 0.0001 } }],
    ['--normalize', { normalize: true }],
    ['--optimizer adam', { optimizer: { name: 'adam', lr: 0.05 } }],
  ];
  for (const [name, fix] of fixes)
    it(`${name} rescues it: no divergence, the loss falls below 1/1000 of the first`, () => {
      const t = run({ ...base, ...fix });
      expect(t.diverged).toBeUndefined();
      expect(t.epochs.length).toBe(base.epochs);
      expect(last(t).loss).toBeLessThan(first / 1000);
    });
  it('the rate the lab’s button uses (the engine’s checked fix) is the one the story names, with its numbers', () => {
    const fix = findFixes(base).find((f) => f.overrides.lr !== undefined);
    expect(fix?.overrides.lr).toBe(0.00025);
    // 0,00025 < 2/6228 ≈ 0,000321, the curvature limit the story derives: it cannot diverge.
    expect(0.00025).toBeLessThan(2 / 6228);
    const story = findLesson('unbalanced-scales')!.story;
    expect(story['pt-BR'].join(' ')).toContain('usa 0,00025');
    expect(story.en.join(' ')).toContain('uses 0.00025');
    const slow = run({ ...base, optimizer: { name: 'sgd', lr: 0.00025 } });
    expect(slow.diverged).toBeUndefined();
    expect(last(slow).loss).toBeCloseTo(4.64, 2);
    expect(last(run({ ...base, optimizer: { name: 'sgd', lr: 0.00025 }, epochs: 20000 })).loss).toBeCloseTo(
      0.159,
      3,
    );
  });
  it('--normalize: population mean and standard deviation of the training data; weights in σ units', () => {
    const t = run({ ...base, normalize: true });
    const b = base.data.inputs.map((r) => r[1]);
    const mean = b.reduce((s, v) => s + v, 0) / b.length;
    const std = Math.sqrt(b.reduce((s, v) => s + (v - mean) ** 2, 0) / b.length);
    expect(t.normalization!.mean[1]).toBeCloseTo(mean, 12);
    expect(t.normalization!.std[1]).toBeCloseTo(std, 12);
    expect(last(t).loss).toBeLessThan(1e-12);
    // ŷ = W₂·(b − μ)/σ + … = 3·b + …  ⇒  W₂ = 3·σ; the bias is the mean of y.
    expect((last(t).params.W1 as number[][])[0][1]).toBeCloseTo(3 * std, 6);
    const y = base.data.targets.map((r) => r[0]);
    expect((last(t).params.b1 as number[])[0]).toBeCloseTo(y.reduce((s, v) => s + v, 0) / y.length, 6);
  });
});

describe('mini-batches', () => {
  const base = lesson('mini-batches');
  const t = run(base);
  it('8 steps per epoch; each epoch’s batches cover every example once; loss = mean of batch losses', () => {
    for (const e of t.epochs) {
      expect(e.steps.length).toBe(8);
      expect(e.steps.flatMap((s) => s.batch).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 64 }, (_, i) => i),
      );
      expect(e.loss).toBeCloseTo(e.steps.reduce((s, st) => s + st.loss, 0) / 8, 12);
    }
    expect(t.epochs[t.epochs.length - 1].steps[7].step).toBe(160);
  });
  it('shuffling follows the seed: same seed, same batches; another seed, other batches', () => {
    const again = run(base);
    expect(again.epochs[4].steps[2].batch).toEqual(t.epochs[4].steps[2].batch);
    const other = run({ ...base, seed: 2 });
    expect(other.epochs[0].steps[0].batch).not.toEqual(t.epochs[0].steps[0].batch);
    expect(t.epochs[0].steps[0].batch).not.toEqual(t.epochs[1].steps[0].batch);
  });
  it('noisier but faster: the curve goes up at times, and ends below the full batch', () => {
    const full = run({ ...base, batchSize: 64 });
    const ups = (tr: Trace) => tr.epochs.filter((e, i) => i > 0 && e.loss > tr.epochs[i - 1].loss).length;
    expect(ups(t)).toBeGreaterThan(0);
    expect(ups(full)).toBe(0);
    const ls = leastSquares(
      base.data.inputs.map((r) => r[0]),
      base.data.targets.map((r) => r[0]),
    );
    expect(cleanTrainLoss(t)).toBeLessThan(cleanTrainLoss(full));
    expect(cleanTrainLoss(t)).toBeGreaterThan(ls.mse);
  });
});

describe('noisy-data', () => {
  const t = run(lesson('noisy-data'));
  it('10 of 40 held out, disjoint from training, with a validation loss every epoch', () => {
    expect(t.validation!.rows.length).toBe(10);
    expect(t.train.rows.length).toBe(30);
    expect(t.train.rows.filter((r) => t.validation!.rows.includes(r))).toEqual([]);
    expect(t.epochs.every((e) => e.valLoss !== undefined)).toBe(true);
  });
  it('stops at the least-squares line of its training rows, a loss near σ² = 0,25, never zero', () => {
    const ls = leastSquares(
      t.train.inputs.map((r) => r[0]),
      t.train.targets.map((r) => r[0]),
    );
    expect(last(t).loss).toBeCloseTo(ls.mse, 6);
    expect((last(t).params.W1 as number[][])[0][0]).toBeCloseTo(ls.w, 3);
    expect(last(t).loss).toBeGreaterThan(0.15);
    expect(last(t).loss).toBeLessThan(0.35);
    // The learned line beats the true rule y = 2x + 1 on training rows, and loses on validation.
    const mseOf = (xs: number[][], ys: number[][], f: (x: number) => number) =>
      xs.reduce((s, x, i) => s + (f(x[0]) - ys[i][0]) ** 2, 0) / xs.length;
    const truth = (x: number) => 2 * x + 1;
    expect(last(t).loss).toBeLessThan(mseOf(t.train.inputs, t.train.targets, truth));
    expect(last(t).valLoss!).toBeGreaterThan(mseOf(t.validation!.inputs, t.validation!.targets, truth));
  });
});

describe('overfitting, and L2 and dropout closing the gap', () => {
  const gap = (t: Trace) => last(t).valLoss! - cleanTrainLoss(t);
  const plain = run(lesson('overfitting'));
  const l2 = run(lesson('overfitting-l2'));
  const dropout = run(lesson('overfitting-dropout'));
  it('the big network memorises: training → 0 while validation climbs from its minimum', () => {
    expect(cleanTrainLoss(plain)).toBeLessThan(1e-6);
    const vals = plain.epochs.map((e) => e.valLoss!);
    expect(last(plain).valLoss!).toBeGreaterThan(1.5 * Math.min(...vals));
    expect(gap(plain)).toBeGreaterThan(0.15);
  });
  it('L2 (λ·ΣW² on weights only) closes the gap and lowers the validation loss', () => {
    expect(gap(l2)).toBeLessThan(0.5 * gap(plain));
    expect(last(l2).valLoss!).toBeLessThan(last(plain).valLoss!);
    // The reported loss includes the penalty: it is above the data loss by λ·ΣW² of the weights.
    const e = l2.epochs[0];
    expect(e.loss).toBeGreaterThan(e.dataLoss);
  });
  it('dropout (seeded masks, training only) closes the gap and lowers the validation loss', () => {
    expect(gap(dropout)).toBeLessThan(0.5 * gap(plain));
    expect(last(dropout).valLoss!).toBeLessThan(last(plain).valLoss!);
    // Same seed, same masks: the run is reproducible.
    const again = run({ ...lesson('overfitting-dropout'), epochs: 5 });
    expect(again.epochs[4].loss).toBe(dropout.epochs[4].loss);
  });
});

describe('nonlinear: a line fails, a hidden layer with a non-linearity fits', () => {
  const y = parabola().targets.map((r) => r[0]);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
  it('one neuron: W → 0, B → mean(y), loss → variance(y) (the best line is flat)', () => {
    const t = run(lesson('nonlinear-line'));
    expect((last(t).params.W1 as number[][])[0][0]).toBeCloseTo(0, 6);
    expect((last(t).params.b1 as number[])[0]).toBeCloseTo(mean, 6);
    expect(last(t).loss).toBeCloseTo(variance, 6);
  });
  it('1 → 4 (tanh) → 1 fits: loss below 0,01', () => {
    expect(last(run(lesson('nonlinear-hidden'))).loss).toBeLessThan(0.01);
  });
  it('relu and sigmoid fit too; without an activation the network collapses to the line', () => {
    const base = lesson('nonlinear-hidden');
    const withAct = (activation: 'relu' | 'sigmoid' | 'identity'): Experiment => ({
      ...base,
      model: { ...base.model, layers: [{ units: 4, activation }, base.model.layers[1]] },
    });
    expect(last(run(withAct('relu'))).loss).toBeLessThan(0.05);
    expect(last(run(withAct('sigmoid'))).loss).toBeLessThan(0.05);
    expect(last(run(withAct('identity'))).loss).toBeCloseTo(variance, 4);
  });
});
