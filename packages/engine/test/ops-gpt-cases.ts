/**
 * The transformer's ops (GELU, LayerNorm, the last-two-axes transpose, the causal mask, splitting and
 * merging heads), as test cases of ops.test.ts: each worked out by hand on numbers short enough to
 * check on paper, then checked against central finite differences on random inputs.
 */
import { expect } from 'vitest';
import { backward } from '../src/autograd';
import { causalMask, gelu, layerNorm, mergeHeads, softmax, splitHead, transposeLast } from '../src/ops/index';
import { type NestedInput, type Tensor, parameter } from '../src/tensor';
import { expectClose, weighted } from './helpers';
import type { NdOpCase } from './ops-nd-cases';

function runWeighted(out: Tensor, c: NestedInput): Tensor {
  backward(weighted(out, c));
  return out;
}

/** Φ(2), the standard normal's probability below 2 (printed tables: 0,97725), to 16 digits. */
const PHI_2 = 0.9772498680518208;

export const gptCases: Record<string, NdOpCase> = {
  gelu: {
    hand: () => {
      // gelu(0) = 0 with slope Φ(0) = ½; gelu(2) = 2·Φ(2); gelu(−2) = −2·Φ(−2) = −2·(1 − Φ(2)).
      const x = parameter([0, 2, -2], 'x');
      const out = runWeighted(gelu(x), [1, 0, 0]);
      expectClose(out.data, [0, 2 * PHI_2, -2 * (1 - PHI_2)], 1e-15);
      // The slope at 0: Φ(0) + 0·φ(0) = ½.
      expectClose(x.grad!, [0.5, 0, 0], 1e-15);
      // gelu(x) − gelu(−x) = x·Φ(x) + x·Φ(−x) = x.
      expect(out.data[1] - out.data[2]).toBeCloseTo(2, 15);
    },
    fd: [{ inputs: [{ shape: [2, 5], lo: -4, hi: 4 }], apply: ([x]) => gelu(x) }],
  },
  'layer-norm': {
    hand: () => {
      // x = (1, 2, 3): μ = 2, σ² = 2/3, so x̂ = (−1, 0, 1)·√1,5 (ε = 0 here, to keep it on paper).
      const x = parameter([[1, 2, 3]], 'x');
      const w = parameter([1, 2, 4], 'w');
      const b = parameter([0, 0, 1], 'b');
      const r = layerNorm(x, w, b, 0);
      const s = Math.sqrt(1.5);
      expectClose(r.out.data, [-s, 0, 4 * s + 1], 1e-15);
      expectClose(r.mean, [2], 1e-15);
      expectClose(r.rstd, [s], 1e-15);
      // Upstream gradient 1/w: then d̂ = w·g = (1, 1, 1) is constant, its mean is 1 and its projection
      // on x̂ is 0, so ∂L/∂x = r·(1 − 1 − x̂·0) = 0: shifting every value of a row changes nothing.
      runWeighted(r.out, [[1, 0.5, 0.25]]);
      expectClose(x.grad!, [[0, 0, 0]], 1e-15);
      // ∂L/∂w = g·x̂ = (−s, 0, s/4); ∂L/∂b = g.
      expectClose(w.grad!, [-s, 0, s / 4], 1e-15);
      expectClose(b.grad!, [1, 0.5, 0.25], 1e-15);
    },
    fd: [
      {
        inputs: [{ shape: [3, 4], lo: -2, hi: 2 }, { shape: [4] }, { shape: [4] }],
        apply: ([x, w, b]) => layerNorm(x, w, b).out,
      },
    ],
  },
  'transpose-last': {
    hand: () => {
      const a = parameter(
        [
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
        'a',
      );
      const out = runWeighted(transposeLast(a), [
        [
          [1, 10],
          [100, 1000],
          [1e4, 1e5],
        ],
      ]);
      expect(out.shape).toEqual([1, 3, 2]);
      expect(out.toNested()).toEqual([
        [
          [1, 4],
          [2, 5],
          [3, 6],
        ],
      ]);
      expectClose(a.grad!, [
        [
          [1, 100, 1e4],
          [10, 1000, 1e5],
        ],
      ]);
    },
    fd: [{ inputs: [{ shape: [2, 3, 4] }], apply: ([a]) => transposeLast(a) }],
  },
  'causal-mask': {
    hand: () => {
      const a = parameter(
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
        'a',
      );
      const out = causalMask(a);
      expect(out.toNested()).toEqual([
        [
          [1, -Infinity],
          [3, 4],
        ],
      ]);
      // Through a softmax, the masked cell gets weight e^(−∞) = 0 and no gradient.
      const p = runWeighted(softmax(out), [
        [
          [1, 10],
          [100, 1000],
        ],
      ]);
      expect(p.data[1]).toBe(0);
      expect(a.grad![1]).toBe(0);
      expect(a.grad![0]).toBe(0); // a row with one visible cell: p = 1 whatever its score
    },
    fd: [{ inputs: [{ shape: [2, 3, 3] }], apply: ([a]) => softmax(causalMask(a)) }],
  },
  'split-heads': {
    hand: () => {
      // B = 1, T = 2, C = 2, H = 2 (d = 1): columns q₀ q₁ k₀ k₁ v₀ v₁.
      const x = parameter(
        [
          [1, 2, 3, 4, 5, 6],
          [7, 8, 9, 10, 11, 12],
        ],
        'x',
      );
      const k = runWeighted(splitHead(x, 1, 1, 2, 2), [
        [[1], [10]],
        [[100], [1000]],
      ]);
      // k of head 0 is column 2 over the positions (3, 9); head 1 is column 3 (4, 10).
      expect(k.toNested()).toEqual([
        [[3], [9]],
        [[4], [10]],
      ]);
      expectClose(x.grad!, [
        [0, 0, 1, 100, 0, 0],
        [0, 0, 10, 1000, 0, 0],
      ]);
    },
    fd: [{ inputs: [{ shape: [4, 12] }], apply: ([x]) => splitHead(x, 2, 2, 2, 2) }],
  },
  'merge-heads': {
    hand: () => {
      // Two heads of d = 1 over T = 2 positions, side by side again: row t = (head 0, head 1).
      const y = parameter(
        [
          [[1], [2]],
          [[3], [4]],
        ],
        'y',
      );
      const out = runWeighted(mergeHeads(y, 1, 2, 2), [
        [1, 10],
        [100, 1000],
      ]);
      expect(out.toNested()).toEqual([
        [1, 3],
        [2, 4],
      ]);
      expectClose(y.grad!, [
        [[1], [100]],
        [[10], [1000]],
      ]);
    },
    fd: [{ inputs: [{ shape: [4, 3, 2] }], apply: ([y]) => mergeHeads(y, 2, 3, 2) }],
  },
};
