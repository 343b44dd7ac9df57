/**
 * The loss registry the regression Trainer dispatches on: the mse rule's graph and its plain-number
 * value against a hand computation, and against each other to the last bit (the validation loss and
 * the training loss must be the same function).
 */
import { describe, expect, test } from 'vitest';
import { backward } from '../src/autograd';
import { LOSSES } from '../src/experiment';
import { lossRegistry } from '../src/nn/losses';
import { Rng } from '../src/rng';
import { constant, parameter } from '../src/tensor';
import { expectClose } from './helpers';

describe('loss registry', () => {
  test('every loss an experiment may name has a rule', () => {
    for (const name of LOSSES) expect(lossRegistry[name].name).toBe(name);
  });

  test('mse by hand: ŷ = [3, 1], y = [1, 2] → ((2)² + (−1)²)/2 = 2,5, ∂L/∂ŷ = 2·(ŷ − y)/2 = [2, −1]', () => {
    const yhat = parameter([[3], [1]], 'ŷ');
    const { loss, parts } = lossRegistry.mse.graph(yhat, constant([[1], [2]], 'y'));
    expect(loss.item()).toBe(2.5);
    expect(Array.from(parts.err.data)).toEqual([2, -1]);
    expect(Array.from(parts.sq.data)).toEqual([4, 1]);
    expect(parts.err.label).toBe('err');
    expect(loss.label).toBe('mse');
    backward(loss);
    expectClose(yhat.grad!, [2, -1], 0);
    expect(lossRegistry.mse.value([3, 1], [1, 2])).toBe(2.5);
  });

  test('the graph and the plain value agree exactly on random numbers', () => {
    const rng = new Rng(3);
    const p = Array.from({ length: 12 }, () => rng.uniform(-5, 5));
    const t = Array.from({ length: 12 }, () => rng.uniform(-5, 5));
    const rows = (v: number[]): number[][] => [0, 1, 2, 3].map((r) => v.slice(r * 3, r * 3 + 3));
    const g = lossRegistry.mse.graph(constant(rows(p)), constant(rows(t))).loss.item();
    expect(lossRegistry.mse.value(p, t)).toBe(g);
  });
});
