// The bench's peers compute what they claim (correctness only: speed is measured by `npm run bench`).
import { Rng } from '@unha/engine';
import { corpusText } from '@unha/lessons';
import { describe, expect, it } from 'vitest';
import { matmulCases, type MatmulShape } from '../matmul-cases';
import { RECIPE, tfjsGpt } from '../tfjs-gpt';
import { charTokens, randomWindows } from '../windows';

/** C = A·B by the definition, in float64: an independent reference. */
function product(a: Float32Array, b: Float32Array, M: number, K: number, N: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * K + k] * b[k * N + j];
      c[i * N + j] = s;
    }
  return c;
}

describe('matmul bench contestants', () => {
  // Odd sizes exercise the kernels' tails (tiles of 2×4, 4×8, four lanes).
  const shapes: MatmulShape[] = [
    { label: 'nt', op: 'NT', M: 13, K: 9, N: 11 },
    { label: 'nn', op: 'NN', M: 13, K: 9, N: 11 },
    { label: 'tn', op: 'TN', M: 13, K: 9, N: 11 },
    { label: 'tn big', op: 'TN', M: 20, K: 33, N: 16 },
  ];
  for (const shape of shapes) {
    it(`all compute A·B for ${shape.op} ${shape.M}×${shape.K}·${shape.K}×${shape.N}`, async () => {
      const cases = await matmulCases(shape, 7);
      const ref = product(cases.a, cases.b, shape.M, shape.K, shape.N);
      const contestants = [
        cases.ours,
        cases.tfjsFlags,
        cases.js,
        ...(cases.tfjsPlain ? [cases.tfjsPlain] : []),
      ];
      for (const c of contestants) {
        const got = Array.from(c.result());
        expect(got.length, c.name).toBe(ref.length);
        got.forEach((x, i) => expect(Math.abs(x - ref[i]), `${c.name} [${i}]`).toBeLessThan(1e-5));
      }
      // Ours' ∂W accumulates: a second product on a zeroed output gives the same numbers again.
      expect(Array.from(cases.ours.result())).toEqual(Array.from(cases.ours.result()));
      cases.dispose();
    });
  }
});

describe('tfjs GPT peer', () => {
  it("starts near ln 89 (uniform over Moby Dick's 89 characters) and learns", async () => {
    const { ids, vocab } = charTokens(corpusText('moby-dick'));
    expect(vocab).toBe(RECIPE.vocab);
    const rng = new Rng(0);
    const windows = randomWindows(ids, RECIPE.batch, RECIPE.block, rng);
    const gpt = await tfjsGpt(windows);
    const first = gpt.step();
    expect(Math.abs(first - Math.log(89))).toBeLessThan(0.05);
    // After that one AdamW step, a lower loss on the same windows.
    expect(gpt.loss(windows)).toBeLessThan(first - 0.2);
    gpt.dispose();
  });
});
