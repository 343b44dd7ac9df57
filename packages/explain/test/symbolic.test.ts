import { type Experiment, type StepTrace, type Trace, train } from '@unha/engine';
import { findLesson } from '@unha/lessons';
import { describe, expect, it } from 'vitest';
import type { ExplainLine } from '../src/doc';
import { explainEpoch, toPlain } from '../src/index';
import { type Bindings, evaluateWith } from './evaluate';

/**
 * The explanation's symbolic formulas are the right ones: each line's first links (what is computed
 * and the formula, e.g. ∂L/∂W = ∂L/∂ŷ·x) must read as written here by hand, and the formula,
 * evaluated by our own evaluator with the engine's numbers bound to its names (not the numbers the
 * explanation put in), must give both the result the line shows and the engine's value of the
 * quantity on its left. A formula with a wrong factor, a missing derivative or the wrong weight
 * fails the second check even if it rendered as expected.
 */

/** One expected line: the formula as a person writes it, and the example (1-based) it is about. */
type Expected = [formula: string, example: number];

/** The engine's numbers of one step, by the names the explanation uses. */
function bindings(
  trace: Trace,
  step: StepTrace,
  simple: boolean,
): {
  b: Bindings;
  after: (name: string) => number | undefined;
} {
  const exp = trace.experiment;
  const layers = exp.model.layers;
  const L = layers.length;
  const N = step.batch.length;
  const nodes = new Map(step.nodes!.map((n) => [n.label, n]));
  const perExample = new Map<string, (n: number) => number>();
  const global = new Map<string, number>();
  const after = new Map<string, number>();
  const node = (label: string, n: number, j: number, grad = false): number => {
    const t = nodes.get(label);
    if (!t) throw new Error(`no node ${label}`);
    const width = t.shape[1] ?? 1;
    return (grad ? t.grad! : t.value)[n * width + j];
  };
  /** A unit's name, with its index dropped when the layer has a single unit (z2, b2). */
  const unitNames = (base: string, l: number, j: number): string[] =>
    layers[l - 1].units === 1 ? [`${base}${l}`, `${base}${l}[1]`] : [`${base}${l}[${j + 1}]`];
  const nIn = trace.train.inputs[0].length;
  for (let i = 0; i < nIn; i++)
    perExample.set(simple ? 'x' : `x${'₁₂₃₄₅₆₇₈₉'[i]}`, (n) => trace.train.inputs[step.batch[n]][i]);
  layers.forEach((layer, idx) => {
    const l = idx + 1;
    const act = layer.activation;
    const zLabel = l === L && act === 'identity' ? 'ŷ' : `z${l}`;
    const aLabel = l === L ? 'ŷ' : act === 'identity' ? zLabel : `a${l}`;
    for (let j = 0; j < layer.units; j++) {
      for (const name of unitNames('z', l, j)) {
        perExample.set(name, (n) => node(zLabel, n, j));
        perExample.set(`∂L/∂${name}`, (n) => node(zLabel, n, j, true));
      }
      if (l < L)
        for (const name of unitNames('a', l, j)) {
          perExample.set(name, (n) => node(aLabel, n, j));
          perExample.set(`∂L/∂${name}`, (n) => node(aLabel, n, j, true));
        }
    }
  });
  perExample.set('ŷ', (n) => node('ŷ', n, 0));
  perExample.set('∂L/∂ŷ', (n) => node('ŷ', n, 0, true));
  perExample.set('y', (n) => trace.train.targets[step.batch[n]][0]);
  perExample.set('e', (n) => node('ŷ', n, 0) - trace.train.targets[step.batch[n]][0]);
  // With several examples the loss section names them by subscript: ŷ₁, y₂, e₁.
  for (let n = 0; n < N && N > 1; n++) {
    const k = '₁₂₃₄₅₆₇₈₉'[n];
    global.set(`ŷ${k}`, node('ŷ', n, 0));
    global.set(`∂L/∂ŷ${k}`, node('ŷ', n, 0, true));
    global.set(`y${k}`, trace.train.targets[step.batch[n]][0]);
    global.set(`e${k}`, node('ŷ', n, 0) - trace.train.targets[step.batch[n]][0]);
  }
  global.set('L', step.loss);
  global.set('LR', exp.optimizer.lr);
  for (const u of step.updates!) {
    const l = Number(u.name.slice(1));
    const fanIn = l === 1 ? nIn : layers[l - 2].units;
    u.before.forEach((v, k) => {
      const names = simple
        ? [u.name === 'W1' ? 'W' : 'B']
        : u.name.startsWith('W')
          ? [`W${l}[${Math.floor(k / fanIn) + 1},${(k % fanIn) + 1}]`]
          : unitNames('b', l, k);
      for (const name of names) {
        global.set(name, v);
        global.set(`∂L/∂${name}`, u.grad[k]);
        after.set(name, u.after[k]);
      }
    });
  }
  return {
    b: {
      value: (name, n) => global.get(name) ?? perExample.get(name)?.(n),
      units: (l) => layers[l - 1].units,
      examples: N,
    },
    after: (name) => after.get(name),
  };
}

/** The lines with a formula (a symbolic link before the result), in the order the explanation shows them. */
function formulaLines(trace: Trace, epoch: number): ExplainLine[] {
  const doc = explainEpoch(trace, epoch, { locale: 'en' });
  return doc.sections.flatMap((s) => s.lines).filter((l) => l.chain && l.chain.length >= 3);
}

function check(exp: Experiment, expected: Expected[]): void {
  const trace = train({ ...exp, epochs: 1 });
  const step = trace.epochs[0].steps[0];
  const simple = exp.model.layers.length === 1 && exp.data.inputs[0].length === 1;
  const { b, after } = bindings(trace, step, simple);
  const lines = formulaLines(trace, 1);
  const fmt = { locale: 'en', decimals: 4 } as const;
  const shown = lines.map(
    (l) => `${toPlain(l.chain![0], fmt)} ${l.assign ?? '='} ${toPlain(l.chain![1], fmt)}`,
  );
  expect(shown).toEqual(expected.map(([f]) => f));
  lines.forEach((line, i) => {
    const [lhs, formula] = line.chain!;
    const result = line.chain!.at(-1);
    const n = expected[i][1] - 1;
    const got = evaluateWith(formula, b, n);
    const what = `${shown[i]} (example ${n + 1})`;
    // The result the line shows...
    expect(result.k, what).toBe('num');
    if (result.k === 'num') expect(got, what).toBeCloseTo(result.v, 12);
    // ... and the engine's own value of what is on the left (after the update, for an update).
    const engine = line.assign === '←' ? after(toPlain(lhs, fmt)) : evaluateWith(lhs, b, n);
    expect(engine, what).toBeDefined();
    expect(Math.abs(got - engine!), what).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(engine!)));
  });
}

describe('the symbolic formulas of the explanation are the right ones', () => {
  it('the seed’s neuron, epoch 1', () => {
    check(findLesson('one-neuron')!.experiment, [
      ['ŷ = W·x + B', 1],
      ['e = ŷ − y', 1],
      ['L = e²', 1],
      ['∂L/∂ŷ = 2·(ŷ − y)', 1],
      ['∂L/∂W = ∂L/∂ŷ·x', 1],
      ['∂L/∂B = ∂L/∂ŷ', 1],
      ['W ← W − LR·∂L/∂W', 1],
      ['B ← B − LR·∂L/∂B', 1],
    ]);
  });

  it('a two-layer network (2 → 2 tanh → 1 sigmoid, two examples), epoch 1', () => {
    const net: Experiment = {
      data: {
        inputs: [
          [0.1, 0.5],
          [0.9, -0.3],
        ],
        targets: [[0.2], [0.7]],
      },
      model: {
        layers: [
          { units: 2, activation: 'tanh' },
          { units: 1, activation: 'sigmoid' },
        ],
        init: { seed: 5 },
      },
      loss: 'mse',
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 1,
    };
    const forward = (n: number): Expected[] => [
      ['z1[1] = W1[1,1]·x₁ + W1[1,2]·x₂ + b1[1]', n],
      ['a1[1] = tanh(z1[1])', n],
      ['z1[2] = W1[2,1]·x₁ + W1[2,2]·x₂ + b1[2]', n],
      ['a1[2] = tanh(z1[2])', n],
      ['z2 = W2[1,1]·a1[1] + W2[1,2]·a1[2] + b2', n],
      ['ŷ = σ(z2)', n],
    ];
    check(net, [
      ...forward(1),
      ...forward(2),
      ['e₁ = ŷ₁ − y₁', 1],
      ['e₂ = ŷ₂ − y₂', 2],
      ['L = (e₁² + e₂²)/2', 1],
      // The mean over N = 2 examples: its derivative carries the 1/N.
      ['∂L/∂ŷ₁ = 2·(ŷ₁ − y₁)/2', 1],
      ['∂L/∂ŷ₂ = 2·(ŷ₂ − y₂)/2', 2],
      // Through the sigmoid: σ′(z) = σ(z)·(1 − σ(z)) = ŷ·(1 − ŷ).
      ['∂L/∂z2 = ∂L/∂ŷ·ŷ·(1 − ŷ)', 1],
      ['∂L/∂z2 = ∂L/∂ŷ·ŷ·(1 − ŷ)', 2],
      // A weight's gradient: the gradient at its unit's z times the input it multiplies, summed over examples.
      ['∂L/∂W2[1,1] = Σₙ ∂L/∂z2·a1[1]', 1],
      ['∂L/∂W2[1,2] = Σₙ ∂L/∂z2·a1[2]', 1],
      ['∂L/∂b2 = Σₙ ∂L/∂z2', 1],
      // A hidden unit: back through every weight of W2 that reads it.
      ['∂L/∂a1[1] = Σⱼ ∂L/∂z2[j]·W2[j,1]', 1],
      ['∂L/∂a1[2] = Σⱼ ∂L/∂z2[j]·W2[j,2]', 1],
      ['∂L/∂a1[1] = Σⱼ ∂L/∂z2[j]·W2[j,1]', 2],
      ['∂L/∂a1[2] = Σⱼ ∂L/∂z2[j]·W2[j,2]', 2],
      // Then through tanh: tanh′(z) = 1 − tanh(z)² = 1 − a².
      ['∂L/∂z1[1] = ∂L/∂a1[1]·(1 − a1[1]²)', 1],
      ['∂L/∂z1[2] = ∂L/∂a1[2]·(1 − a1[2]²)', 1],
      ['∂L/∂z1[1] = ∂L/∂a1[1]·(1 − a1[1]²)', 2],
      ['∂L/∂z1[2] = ∂L/∂a1[2]·(1 − a1[2]²)', 2],
      ['∂L/∂W1[1,1] = Σₙ ∂L/∂z1[1]·x₁', 1],
      ['∂L/∂W1[1,2] = Σₙ ∂L/∂z1[1]·x₂', 1],
      ['∂L/∂b1[1] = Σₙ ∂L/∂z1[1]', 1],
      ['∂L/∂W1[2,1] = Σₙ ∂L/∂z1[2]·x₁', 1],
      ['∂L/∂W1[2,2] = Σₙ ∂L/∂z1[2]·x₂', 1],
      ['∂L/∂b1[2] = Σₙ ∂L/∂z1[2]', 1],
      ['W1[1,1] ← W1[1,1] − LR·∂L/∂W1[1,1]', 1],
      ['b1[1] ← b1[1] − LR·∂L/∂b1[1]', 1],
      ['W2[1,1] ← W2[1,1] − LR·∂L/∂W2[1,1]', 1],
      ['b2 ← b2 − LR·∂L/∂b2', 1],
    ]);
  });
});
