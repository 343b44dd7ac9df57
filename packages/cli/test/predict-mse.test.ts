import { describe, expect, it } from 'vitest';
import { meanSquaredError } from '../src/commands/predict';

describe('predict: mean squared error against the targets', () => {
  it('is the mean over every example and output of (ŷ − y)², by hand', () => {
    // (1 − 0)² + (2 − 2)² + (3 − 3)² + (4 − 1)² = 1 + 0 + 0 + 9 = 10, over 4 values: 2,5.
    expect(
      meanSquaredError(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [0, 2],
          [3, 1],
        ],
      ),
    ).toBe(2.5);
  });
  it('takes a hundred thousand rows in one pass (it flattened the outputs once per value)', () => {
    const n = 100_000;
    const outputs = Array.from({ length: n }, (_, i) => [i % 2]);
    const targets = Array.from({ length: n }, () => [0]);
    expect(meanSquaredError(outputs, targets)).toBe(0.5);
  });
});
