/**
 * The step reader finds a recorded step's nodes by role and layer. Its numbers are checked against a
 * hand computation of the same small network (1 input → 2 tanh units → 1 identity output), so a
 * reader that returned the wrong node (z for a, layer 2 for layer 1) cannot pass.
 */
import { describe, expect, test } from 'vitest';
import { type Experiment, validateExperiment } from '../src/experiment';
import { stepReader } from '../src/step-reader';
import { train } from '../src/train';
import { expectClose } from './helpers';

function experiment(extra: Record<string, unknown>): Experiment {
  const r = validateExperiment({
    data: { inputs: [[1], [2]], targets: [[1], [0]] },
    model: {
      layers: [
        { units: 2, activation: 'tanh', ...(extra.dropout !== undefined && { dropout: extra.dropout }) },
        { units: 1 },
      ],
      init: { W1: [[1], [-1]], b1: [0.5, 0.5], W2: [[2, 3]], b2: [0.1] },
    },
    optimizer: { name: 'sgd', lr: 0.1 },
    epochs: 1,
    ...(extra.l2 !== undefined && { l2: extra.l2 }),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('stepReader', () => {
  test('z, a, ŷ and the loss of a tanh network, by hand', () => {
    const exp = experiment({});
    const step = train(exp).epochs[0].steps[0];
    const r = stepReader(step, exp.model.layers);
    // z1 = W1·x + b1: x = 1 → [1,5, −0,5]; x = 2 → [2,5, −1,5].
    const z1 = [1.5, -0.5, 2.5, -1.5];
    expectClose(r.z(1)!.value, z1, 1e-15, 'z1');
    expectClose(r.a(1)!.value, z1.map(Math.tanh), 1e-15, 'a1');
    expect(r.input(2)).toBe(r.a(1));
    expect(r.input(1)).toBe(r.x());
    const yhat = [0, 1].map((n) => 2 * Math.tanh(z1[2 * n]) + 3 * Math.tanh(z1[2 * n + 1]) + 0.1);
    // The identity last layer: its z is ŷ itself.
    expect(r.z(2)).toBe(r.output());
    expect(r.a(2)).toBe(r.output());
    expectClose(r.output()!.value, yhat, 1e-14, 'ŷ');
    expectClose(r.err()!.value, [yhat[0] - 1, yhat[1] - 0], 1e-14, 'err');
    const mse = ((yhat[0] - 1) ** 2 + yhat[1] ** 2) / 2;
    expectClose([r.dataLoss()!.value[0], r.loss()!.value[0]], [mse, mse], 1e-13, 'mse');
    expect(r.l2()).toBeUndefined();
    expect(r.mask(1)).toBeUndefined();
    expect(r.param('W2')!.value).toEqual(Float64Array.of(2, 3));
  });

  test('with dropout and L2: the mask, d = a·mask read by layer 2, and the penalty', () => {
    const exp = experiment({ dropout: 0.5, l2: 0.01 });
    const step = train(exp).epochs[0].steps[0];
    const r = stepReader(step, exp.model.layers);
    const a = r.a(1)!.value;
    const mask = r.mask(1)!.value;
    for (const v of mask) expect([0, 2]).toContain(v);
    expectClose(
      r.dropped(1)!.value,
      Array.from(a, (v, k) => v * mask[k]),
      0,
      'd1',
    );
    expect(r.input(2)).toBe(r.dropped(1));
    // λ·ΣW² = 0,01·(1 + 1 + 4 + 9) = 0,15.
    expectClose([r.l2Sum()!.value[0], r.l2()!.value[0]], [15, 0.15], 1e-15, 'L2');
    expectClose([r.loss()!.value[0]], [r.dataLoss()!.value[0] + 0.15], 1e-15, 'loss');
    expect(r.loss()!.value[0]).toBe(step.loss);
    expect(r.dataLoss()!.value[0]).toBe(step.dataLoss);
  });

  test('a step kept without its nodes reads as nothing, not as an error', () => {
    const exp = experiment({});
    const step = train(exp, { trace: 'epochs' }).epochs[0].steps[0];
    expect(stepReader(step, exp.model.layers).z(1)).toBeUndefined();
  });
});
