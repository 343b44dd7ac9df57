/**
 * Matt Mazur, "A Step by Step Backpropagation Example" (2015), a published worked example:
 * https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/
 *
 * A 2-2-2 network with sigmoid on both layers, inputs 0,05 and 0,10, targets 0,01 and 0,99, learning
 * rate 0,5. His error E_total = Σ ½(target − out)² over the 2 outputs equals our mse, the MEAN over the
 * 2 outputs of (ŷ − y)², so the gradients are the same. He does not update the biases; we do, which
 * does not change the weights after the first step (each weight's update uses the old values only).
 *
 * Every expected number below is copied from the post (printed with 8–9 digits), hence the 1e-8 tolerance.
 */
import { describe, expect, test } from 'vitest';
import { validateExperiment } from '../src/experiment';
import type { NodeTrace } from '../src/trace';
import { train } from '../src/train';

const r = validateExperiment({
  data: { inputs: [[0.05, 0.1]], targets: [[0.01, 0.99]] },
  model: {
    layers: [
      { units: 2, activation: 'sigmoid' },
      { units: 2, activation: 'sigmoid' },
    ],
    init: {
      // W1 = [[w1, w2], [w3, w4]]: row j holds the weights into hidden unit j.
      W1: [
        [0.15, 0.2],
        [0.25, 0.3],
      ],
      b1: [0.35, 0.35],
      W2: [
        [0.4, 0.45],
        [0.5, 0.55],
      ],
      b2: [0.6, 0.6],
    },
  },
  loss: 'mse',
  optimizer: { name: 'sgd', lr: 0.5 },
  epochs: 1,
});
if (!r.ok) throw new Error(JSON.stringify(r.issues));
const trace = train(r.value);
const step = trace.epochs[0].steps[0];
const node = (label: string): NodeTrace => {
  const n = step.nodes!.find((t) => t.label === label);
  if (!n) throw new Error(`no node '${label}'`);
  return n;
};
const grad = (name: string): number[] => Array.from(step.updates!.find((u) => u.name === name)!.grad);
const TOL = 1e-8;
const near = (actual: ArrayLike<number>, published: number[]): void => {
  expect(actual.length).toBe(published.length);
  published.forEach((p, i) =>
    expect(Math.abs(actual[i] - p), `value ${i}: ${actual[i]} vs ${p}`).toBeLessThan(TOL),
  );
};

describe('Mazur: the forward pass', () => {
  test('net_h1 = 0,3775 and the hidden outputs 0,593269992, 0,596884378', () => {
    near([node('z1').value[0]], [0.3775]);
    near(node('a1').value, [0.593269992, 0.596884378]);
  });

  test('net_o1 = 1,105905967 and the outputs 0,75136507, 0,772928465', () => {
    near([node('z2').value[0]], [1.105905967]);
    near(node('ŷ').value, [0.75136507, 0.772928465]);
  });

  test('E_total = 0,298371109', () => {
    near([trace.epochs[0].loss], [0.298371109]);
  });
});

describe('Mazur: the backward pass', () => {
  test('∂E/∂out_o1 = 0,74136507 and ∂out_o1/∂net_o1 = 0,186815602', () => {
    // Our ∂L/∂ŷ is 2·(ŷ − y)/2 = ŷ − y, his ∂E/∂out = −(target − out): the same number.
    near([node('ŷ').grad![0]], [0.74136507]);
    const o1 = node('ŷ').value[0];
    near([o1 * (1 - o1)], [0.186815602]);
    // ∂E/∂net_o1 = 0,74136507 · 0,186815602 = 0,138498562 (his δ_o1).
    near([node('z2').grad![0]], [0.138498562]);
  });

  test('∂E/∂w5 = 0,082167041 and ∂E/∂w1 = 0,000438568', () => {
    near([grad('W2')[0]], [0.082167041]);
    near([grad('W1')[0]], [0.000438568]);
  });
});

describe('Mazur: the weights after one update', () => {
  test('w5..w8 = 0,35891648, 0,408666186, 0,511301270, 0,561370121', () => {
    near(
      (trace.epochs[0].params.W2 as number[][]).flat(),
      [0.35891648, 0.408666186, 0.51130127, 0.561370121],
    );
  });

  test('w1..w4 = 0,149780716, 0,19956143, 0,24975114, 0,29950229', () => {
    near((trace.epochs[0].params.W1 as number[][]).flat(), [0.149780716, 0.19956143, 0.24975114, 0.29950229]);
  });

  test('the biases moved too (unlike the post): b ← b − 0,5·δ summed over the units it feeds', () => {
    // Not in the post; by hand: b2[0] = 0,6 − 0,5·δ_o1 = 0,6 − 0,5·0,138498562.
    near([(trace.epochs[0].params.b2 as number[])[0]], [0.6 - 0.5 * 0.138498562]);
  });
});
