/**
 * The N-dimensional ops of the language models (reshape, per-axis sum/mean/max, batched matmul,
 * softmax and log-softmax), as test cases of ops.test.ts: each worked out by hand on numbers short
 * enough to check on paper, then checked against central finite differences on random inputs.
 * Gradients are seeded with weights 1, 10, 100, … so that a value sent to the wrong index cannot pass.
 */
import { expect } from 'vitest';
import { backward } from '../src/autograd';
import { bmm, logSoftmax, maxAxis, meanAxis, reshape, softmax, sumAxis } from '../src/ops/index';
import { type NestedInput, type Tensor, parameter } from '../src/tensor';
import { expectClose, weighted } from './helpers';

export interface NdOpCase {
  hand: () => void;
  fd: { inputs: { shape: number[]; lo?: number; hi?: number }[]; apply: (ts: Tensor[]) => Tensor }[];
}

function runWeighted(out: Tensor, c: NestedInput): Tensor {
  backward(weighted(out, c));
  return out;
}

const m23 = (): Tensor =>
  parameter(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    'a',
  );

export const ndCases: Record<string, NdOpCase> = {
  reshape: {
    hand: () => {
      const a = m23();
      const out = reshape(a, [3, -1]);
      expect(out.op).toBe('reshape');
      expect(out.shape).toEqual([3, 2]);
      expect(out.toNested()).toEqual([
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
      // A view: the very same numbers, not a copy.
      expect(out.data).toBe(a.data);
      runWeighted(out, [
        [1, 10],
        [100, 1000],
        [1e4, 1e5],
      ]);
      expectClose(a.grad!, [
        [1, 10, 100],
        [1000, 1e4, 1e5],
      ]);
      expect(() => reshape(a, [4, -1])).toThrow(
        /^reshape: cannot view 6 values of shape \[2, 3\] as \[4, -1\]/,
      );
      expect(() => reshape(a, [-1, -1])).toThrow(/^reshape: argument 'shape' may have one −1/);
    },
    fd: [
      { inputs: [{ shape: [2, 3] }], apply: ([a]) => reshape(a, [3, 2]) },
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => reshape(a, [6, -1]) },
    ],
  },
  'sum-axis': {
    hand: () => {
      const a = m23();
      expect(sumAxis(a, 1).toNested()).toEqual([6, 15]);
      expect(sumAxis(a, -1, true).toNested()).toEqual([[6], [15]]);
      const cols = sumAxis(a, 0);
      expect(cols.op).toBe('sum-axis');
      expect(cols.toNested()).toEqual([5, 7, 9]);
      runWeighted(cols, [1, 10, 100]);
      // Each value feeds exactly one column sum: it gets that column's weight.
      expectClose(a.grad!, [
        [1, 10, 100],
        [1, 10, 100],
      ]);
      // A middle axis of [2, 2, 2]: [[1+3, 2+4], [5+7, 6+8]].
      const c = parameter(
        [
          [
            [1, 2],
            [3, 4],
          ],
          [
            [5, 6],
            [7, 8],
          ],
        ],
        'c',
      );
      const mid = sumAxis(c, 1, true);
      expect(mid.shape).toEqual([2, 1, 2]);
      expect(mid.toNested()).toEqual([[[4, 6]], [[12, 14]]]);
      runWeighted(mid, [[[1, 10]], [[100, 1000]]]);
      expectClose(c.grad!, [
        [
          [1, 10],
          [1, 10],
        ],
        [
          [100, 1000],
          [100, 1000],
        ],
      ]);
      expect(() => sumAxis(a, 2)).toThrow(/^sum-axis: argument 'axis' must be an integer from -2 to 1/);
    },
    fd: [
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => sumAxis(a, 0) },
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => sumAxis(a, 1, true) },
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => sumAxis(a, -1) },
      { inputs: [{ shape: [5] }], apply: ([a]) => sumAxis(a, 0) },
    ],
  },
  'mean-axis': {
    hand: () => {
      const a = m23();
      expect(meanAxis(a, 0).toNested()).toEqual([2.5, 3.5, 4.5]);
      expect(meanAxis(a, 1, true).toNested()).toEqual([[2], [5]]);
      const rows = meanAxis(a, 1);
      expect(rows.op).toBe('mean-axis');
      expect(rows.toNested()).toEqual([2, 5]);
      runWeighted(rows, [3, 30]);
      // Each of the 3 values of a row carries a third of the row's weight.
      expectClose(a.grad!, [
        [1, 1, 1],
        [10, 10, 10],
      ]);
    },
    fd: [
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => meanAxis(a, 1) },
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => meanAxis(a, -1, true) },
    ],
  },
  'max-axis': {
    hand: () => {
      const a = parameter(
        [
          [1, 5, 5],
          [7, 2, 7],
        ],
        'a',
      );
      const rows = maxAxis(a, 1);
      expect(rows.op).toBe('max-axis');
      expect(rows.toNested()).toEqual([5, 7]);
      runWeighted(rows, [1, 10]);
      // Ties (5, 5 and 7, 7): the whole gradient goes to the FIRST maximum of each row.
      expectClose(a.grad!, [
        [0, 1, 0],
        [10, 0, 0],
      ]);
      const b = parameter(
        [
          [1, 5, 7],
          [7, 2, 7],
        ],
        'b',
      );
      const cols = maxAxis(b, 0, true);
      expect(cols.toNested()).toEqual([[7, 5, 7]]);
      runWeighted(cols, [[1, 10, 100]]);
      expectClose(b.grad!, [
        [0, 10, 100],
        [1, 0, 0],
      ]);
      expect(maxAxis(parameter([1, NaN, 3], 'n'), 0).item()).toBeNaN();
    },
    fd: [
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => maxAxis(a, 1) },
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => maxAxis(a, -1, true) },
      { inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => maxAxis(a, 0) },
    ],
  },
  bmm: {
    hand: () => {
      // A[0] = [[1, 2], [3, 4]], A[1] = [[0, 1], [1, 0]];  B[0] = [[5], [6]], B[1] = [[7], [8]].
      const a3 = (): Tensor =>
        parameter(
          [
            [
              [1, 2],
              [3, 4],
            ],
            [
              [0, 1],
              [1, 0],
            ],
          ],
          'A',
        );
      const A = a3();
      const B = parameter(
        [
          [[5], [6]],
          [[7], [8]],
        ],
        'B',
      );
      const C = bmm(A, B);
      expect(C.op).toBe('bmm');
      // C[0] = [[1·5 + 2·6], [3·5 + 4·6]] = [[17], [39]];  C[1] = [[0·7 + 1·8], [1·7 + 0·8]] = [[8], [7]].
      expect(C.toNested()).toEqual([
        [[17], [39]],
        [[8], [7]],
      ]);
      const g = [
        [[1], [10]],
        [[100], [1000]],
      ];
      runWeighted(C, g);
      // ∂L/∂A[b] = g[b]·B[b]ᵀ: [[1·5, 1·6], [10·5, 10·6]] and [[100·7, 100·8], [1000·7, 1000·8]].
      expectClose(A.grad!, [
        [
          [5, 6],
          [50, 60],
        ],
        [
          [700, 800],
          [7000, 8000],
        ],
      ]);
      // ∂L/∂B[b] = A[b]ᵀ·g[b]: [[1·1 + 3·10], [2·1 + 4·10]] and [[0·100 + 1·1000], [1·100 + 0·1000]].
      expectClose(B.grad!, [
        [[31], [42]],
        [[1000], [100]],
      ]);

      // The same B[0] shared by both entries (no batch axis): its gradient is the sum of both shares.
      const A2 = a3();
      const shared = parameter([[5], [6]], 'B');
      const C2 = bmm(A2, shared);
      expect(C2.toNested()).toEqual([
        [[17], [39]],
        [[6], [5]],
      ]);
      runWeighted(C2, g);
      expectClose(shared.grad!, [[31 + 1000], [42 + 100]]);
      expect(() => bmm(parameter([[1, 2]], 'x'), parameter([[1], [2]], 'y'))).toThrow(
        /^bmm: one argument must have the batch axis/,
      );
      expect(() => bmm(A, parameter([[[1, 2, 3]]], 'y'))).toThrow(/^bmm: batch sizes differ/);
      expect(() => bmm(A, parameter([[1], [2], [3]], 'y'))).toThrow(/^bmm: inner sizes differ/);
    },
    fd: [
      { inputs: [{ shape: [2, 3, 4] }, { shape: [2, 4, 5] }], apply: ([a, b]) => bmm(a, b) },
      { inputs: [{ shape: [2, 3, 4] }, { shape: [4, 5] }], apply: ([a, b]) => bmm(a, b) },
      { inputs: [{ shape: [3, 4] }, { shape: [2, 4, 5] }], apply: ([a, b]) => bmm(a, b) },
    ],
  },
  softmax: {
    hand: () => {
      // Row 1: e⁰ = 1 and e^(ln 3) = 3, sum 4: p = [1/4, 3/4]. Row 2 is row 1 plus 1000: the same p
      // (softmax ignores a shift), with no overflow because the maximum is subtracted first.
      const x = parameter(
        [
          [0, Math.log(3)],
          [1000, 1000 + Math.log(3)],
        ],
        'x',
      );
      const p = softmax(x);
      expect(p.op).toBe('softmax');
      expectClose(p.data, [0.25, 0.75, 0.25, 0.75], 1e-13);
      runWeighted(p, [
        [1, 10],
        [0, 0],
      ]);
      // Σ g·p = 1/4 + 30/4 = 31/4; ∂L/∂x = p·(g − 31/4) = [1/4 · (−27/4), 3/4 · 9/4] = [−27/16, 27/16].
      expectClose(x.grad!, [-27 / 16, 27 / 16, 0, 0], 1e-13);
    },
    fd: [
      { inputs: [{ shape: [3, 5] }], apply: ([x]) => softmax(x) },
      { inputs: [{ shape: [2, 3, 4] }], apply: ([x]) => softmax(x) },
      { inputs: [{ shape: [4] }], apply: ([x]) => softmax(x) },
    ],
  },
  'log-softmax': {
    hand: () => {
      const x = parameter([0, Math.log(3)], 'x');
      const c = logSoftmax(x);
      expect(c.op).toBe('log-softmax');
      // ln(1/4) and ln(3/4).
      expectClose(c.data, [-Math.log(4), Math.log(0.75)], 1e-15);
      runWeighted(c, [1, 10]);
      // ∂L/∂x = g − p·Σg = [1 − 11/4, 10 − 33/4] = [−7/4, 7/4].
      expectClose(x.grad!, [-7 / 4, 7 / 4], 1e-13);
      // e^(−1000) underflows to 0, yet its log-probability is −1000, not −∞.
      expectClose(logSoftmax(parameter([0, -1000], 'y')).data, [0, -1000], 1e-12);
    },
    fd: [
      { inputs: [{ shape: [3, 5] }], apply: ([x]) => logSoftmax(x) },
      { inputs: [{ shape: [2, 3, 4] }], apply: ([x]) => logSoftmax(x) },
    ],
  },
};
