/**
 * The next steps' additions to training, checked against finite differences and hand recurrences:
 * the L2 penalty, dropout with fixed masks, momentum, z-score normalization and mini-batches.
 * (PyTorch comparisons of the same features live in torch.test.ts; these need no fixtures.)
 */
import { describe, expect, it } from 'vitest';
import {
  type Experiment,
  type LayerSpec,
  Network,
  type ParamValues,
  Rng,
  Trainer,
  add,
  applyNormalization,
  backward,
  constant,
  fitNormalization,
  gradCheck,
  initParams,
  l2Penalty,
  mse,
  validateExperiment,
} from '../src/index';

const x = constant([
  [0.5, -1],
  [1.5, 0.25],
  [-0.75, 2],
  [0.1, 0.3],
]);
const y = constant([[1], [-0.5], [0.25], [2]]);

function net(layers: LayerSpec[], seed = 3): Network {
  return new Network(layers, 2, initParams(layers, 2, new Rng(seed)));
}

const weightsOf = (n: Network) => [...n.params].filter(([k]) => k.startsWith('W')).map(([, t]) => t);

describe('L2 penalty λ·ΣW²', () => {
  const layers: LayerSpec[] = [
    { units: 3, activation: 'tanh' },
    { units: 1, activation: 'identity' },
  ];
  it('the gradient of MSE + λ·ΣW² matches finite differences, for every weight and bias', () => {
    const n = net(layers);
    const f = () => add(mse(n.forward(x).output, y).mse, l2Penalty(weightsOf(n), 0.1));
    expect(gradCheck(f, [...n.params.values()]).maxError).toBeLessThan(1e-7);
  });
  it('the penalty alone: ∂/∂W = 2·λ·W, and nothing for the biases', () => {
    const n = net(layers);
    backward(l2Penalty(weightsOf(n), 0.25));
    for (const [name, p] of n.params) {
      if (name.startsWith('W')) expect(Array.from(p.grad!)).toEqual(Array.from(p.data, (w) => 2 * 0.25 * w));
      else expect(p.grad === null || p.grad.every((g) => g === 0)).toBe(true);
    }
  });
});

describe('inverted dropout', () => {
  const layers: LayerSpec[] = [
    { units: 5, activation: 'tanh', dropout: 0.5 },
    { units: 4, activation: 'relu', dropout: 0.25 },
    { units: 1, activation: 'identity' },
  ];
  it('with the masks held fixed, the gradient matches finite differences', () => {
    const n = net(layers);
    const rng = new Rng(9);
    const s0 = rng.getState();
    const f = () => {
      rng.setState(s0); // the same masks at every evaluation
      return mse(n.forward(x, { rng }).output, y).mse;
    };
    expect(gradCheck(f, [...n.params.values()]).maxError).toBeLessThan(1e-7);
  });
  it('masks are 0 or 1/(1 − p), about p of them zero; none at prediction; seeded', () => {
    const big = new Network(
      [
        { units: 1000, activation: 'tanh', dropout: 0.3 },
        { units: 1, activation: 'identity' },
      ],
      2,
      initParams(
        [
          { units: 1000, activation: 'tanh' },
          { units: 1, activation: 'identity' },
        ],
        2,
        new Rng(1),
      ),
    );
    const a = big.forward(x, { rng: new Rng(4) }).layers[0].mask!.data;
    expect(new Set(a)).toEqual(new Set([0, 1 / 0.7]));
    const zeros = a.filter((m) => m === 0).length / a.length;
    expect(Math.abs(zeros - 0.3)).toBeLessThan(0.02);
    expect(Array.from(big.forward(x, { rng: new Rng(4) }).layers[0].mask!.data)).toEqual(Array.from(a));
    expect(big.forward(x).layers[0].mask).toBeUndefined();
  });
});

describe('z-score normalization', () => {
  it('population standard deviation (÷ n), fitted column by column; a constant column keeps σ = 1', () => {
    const norm = fitNormalization([
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 10],
    ]);
    expect(norm.mean).toEqual([2.5, 10]);
    expect(norm.std[0]).toBeCloseTo(Math.sqrt(1.25), 15); // ((1.5² + 0.5²)·2)/4 = 1.25
    expect(norm.std[1]).toBe(1);
    expect(applyNormalization([[4, 10]], norm)[0][0]).toBeCloseTo(1.5 / Math.sqrt(1.25), 15);
  });
});

/** Experiment → the trainer, keeping every step's record. */
function trainer(raw: unknown): Trainer {
  const r = validateExperiment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return new Trainer(r.value);
}

/** Central finite differences of `loss` at `values`, value by value. */
function fdGrad(loss: (v: ParamValues) => number, values: ParamValues, name: string, h = 1e-6): number[] {
  const flat = values[name].flat();
  return flat.map((_, k) => {
    const at = (d: number): number => {
      const v = structuredClone(values);
      const p = v[name];
      if (Array.isArray(p[0])) {
        const cols = (p as number[][])[0].length;
        (p as number[][])[Math.floor(k / cols)][k % cols] += d;
      } else (p as number[])[k] += d;
      return loss(v);
    };
    return (at(h) - at(-h)) / (2 * h);
  });
}

/** Each step's recorded gradients against finite differences of that step's batch loss. */
function checkSteps(t: Trainer, epochs: number, l2 = 0): void {
  const exp: Experiment = t.experiment;
  for (let e = 0; e < epochs; e++) {
    const ep = t.stepEpoch()!;
    for (const step of ep.steps) {
      const before: ParamValues = {};
      for (const u of step.updates!) {
        const flat = Array.from(u.before);
        before[u.name] =
          u.shape.length === 2
            ? Array.from({ length: u.shape[0] }, (_, r) => flat.slice(r * u.shape[1], (r + 1) * u.shape[1]))
            : flat;
      }
      const xs = step.batch.map((i) => t.trace.train.inputs[i]);
      const ys = step.batch.map((i) => t.trace.train.targets[i]);
      const loss = (v: ParamValues): number => {
        const n = new Network(exp.model.layers, exp.data.inputs[0].length, v);
        const w = Object.entries(v)
          .filter(([k]) => k.startsWith('W'))
          .reduce((s, [, m]) => s + (m as number[][]).flat().reduce((a, b) => a + b * b, 0), 0);
        return n.forwardLoss(xs, ys) + l2 * w;
      };
      expect(loss(before)).toBeCloseTo(step.loss, 10);
      for (const u of step.updates!) {
        const fd = fdGrad(loss, before, u.name);
        Array.from(u.grad).forEach((g, k) => expect(Math.abs(g - fd[k])).toBeLessThan(1e-6));
      }
    }
  }
}

describe('training steps against finite differences', () => {
  const data = {
    inputs: [
      [0.5, 40],
      [1.5, 20],
      [-0.75, 70],
      [0.1, 55],
      [0.9, 10],
    ],
    targets: [[1], [-0.5], [0.25], [2], [0.7]],
  };
  const model = {
    layers: [
      { units: 3, activation: 'tanh' },
      { units: 1, activation: 'identity' },
    ],
    init: { seed: 5 },
  };

  it('mini-batches of 2, shuffled, with L2: every step’s gradient is its own batch’s', () => {
    const t = trainer({
      data,
      model,
      optimizer: { name: 'sgd', lr: 0.001 },
      epochs: 3,
      batchSize: 2,
      shuffle: true,
      seed: 4,
      l2: 0.05,
      normalize: true,
    });
    checkSteps(t, 3, 0.05);
    const ep = t.trace.epochs[0];
    expect(ep.steps.map((s) => s.batch.length)).toEqual([2, 2, 1]);
    expect(ep.loss).toBeCloseTo(ep.steps.reduce((s, st) => s + st.loss, 0) / 3, 14);
  });

  it('normalization: the network sees the z-scored training inputs', () => {
    const t = trainer({ data, model, optimizer: { name: 'sgd', lr: 0.01 }, epochs: 2, normalize: true });
    const norm = fitNormalization(data.inputs);
    expect(t.trace.train.inputs).toEqual(applyNormalization(data.inputs, norm));
    checkSteps(t, 2);
  });

  it('momentum: gradients as finite differences, velocity v ← μ·v + g, p ← p − lr·v', () => {
    const mu = 0.9;
    const lr = 0.02;
    const t = trainer({
      data,
      model,
      optimizer: { name: 'sgd', lr, momentum: mu },
      epochs: 4,
      normalize: true,
    });
    checkSteps(t, 4);
    const v = new Map<string, number[]>();
    for (const ep of t.trace.epochs)
      for (const u of ep.steps[0].updates!) {
        const g = Array.from(u.grad);
        const prev = v.get(u.name);
        const now = prev ? prev.map((pv, k) => mu * pv + g[k]) : g;
        v.set(u.name, now);
        Array.from(u.velocity!).forEach((vk, k) => expect(vk).toBeCloseTo(now[k], 14));
        Array.from(u.after).forEach((a, k) => expect(a).toBeCloseTo(u.before[k] - lr * now[k], 14));
      }
  });
});
