/**
 * The N-dimensional ops against compositions of the older, independently tested ops: a fused or
 * vectorised rule must give the numbers its formula gives when spelled out with primitives.
 */
import { describe, expect, test } from 'vitest';
import { backward } from '../src/autograd';
import { bmm, div, exp, log, logSoftmax, matmul, reshape, softmax, sum, sumAxis } from '../src/ops/index';
import { Rng } from '../src/rng';
import { type Tensor, constant, parameter } from '../src/tensor';
import { expectClose, randomParam, weighted } from './helpers';

const copy = (t: Tensor): Tensor => parameter(t.toNested(), t.label);

describe('softmax and log-softmax', () => {
  test('softmax equals exp(x)/Σ exp(x), values and gradients, row by row', () => {
    const rng = new Rng(5);
    const x = randomParam(rng, [1, 6], -3, 3, 'x');
    const xc = copy(x);
    const g = randomParam(rng, [1, 6], -1, 1).toNested();
    const p = softmax(x);
    const e = exp(xc);
    const pc = div(e, sum(e));
    expectClose(p.data, pc.data, 1e-15, 'p');
    backward(weighted(p, g));
    backward(weighted(pc, g));
    expectClose(x.grad!, xc.grad!, 1e-14, '∂L/∂x');
  });

  test('log-softmax equals ln softmax, values and gradients', () => {
    const rng = new Rng(6);
    const x = randomParam(rng, [3, 4], -3, 3, 'x');
    const xc = copy(x);
    const g = randomParam(rng, [3, 4], -1, 1).toNested();
    const c = logSoftmax(x);
    const cc = log(softmax(xc));
    expectClose(c.data, cc.data, 1e-14, 'ln p');
    backward(weighted(c, g));
    backward(weighted(cc, g));
    expectClose(x.grad!, xc.grad!, 1e-13, '∂L/∂x');
  });

  test('every row of a [2, 3, 4] softmax sums to 1, even with logits of 1000', () => {
    const rng = new Rng(7);
    const x = randomParam(rng, [2, 3, 4], 995, 1005, 'x');
    const p = softmax(x);
    const rows = sumAxis(p, -1);
    expectClose(rows.data, new Array(6).fill(1), 1e-15, 'Σ p');
    expect(p.data.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });
});

describe('per-axis sums and batched products against the scalar ops', () => {
  test('summing every axis in turn gives the sum of all values', () => {
    const rng = new Rng(8);
    const a = randomParam(rng, [2, 3, 4], -2, 2, 'a');
    const s = sumAxis(sumAxis(sumAxis(a, 2), 1), 0);
    expect(s.shape).toEqual([]);
    expectClose([s.item()], [sum(a).item()], 1e-13, 'Σ');
  });

  test('bmm is one matmul per batch entry; reshape round-trips', () => {
    const rng = new Rng(9);
    const a = randomParam(rng, [3, 2, 4], -2, 2, 'a');
    const b = randomParam(rng, [3, 4, 5], -2, 2, 'b');
    const c = bmm(a, b);
    for (let t = 0; t < 3; t++) {
      const at = constant((a.toNested() as number[][][])[t]);
      const bt = constant((b.toNested() as number[][][])[t]);
      expectClose((c.toNested() as number[][][])[t], matmul(at, bt).toNested(), 1e-13, `C[${t}]`);
    }
    expect(reshape(reshape(c, [-1]), [3, 2, 5]).toNested()).toEqual(c.toNested());
  });
});
