/**
 * Every op of the registry against numbers worked out by hand (forward and gradient), then against
 * central finite differences on random inputs from the seeded generator.
 *
 * The hand numbers are chosen so the arithmetic is short enough to check on paper: ln 3 makes σ = 0,75,
 * ln 2 makes tanh = 0,6, and each gradient is weighted by a different constant (1, 10, 100, ...) so that
 * a value sent to the wrong index cannot pass.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { backward, zeroGrad } from '../src/autograd';
import type { Activation } from '../src/experiment';
import { gradCheck } from '../src/gradcheck';
import { Network } from '../src/nn/network';
import { mse } from '../src/nn/loss';
import {
  crossEntropy,
  embedding,
  add,
  div,
  exp,
  linear,
  log,
  matmul,
  mean,
  mul,
  opRegistry,
  relu,
  scale,
  sigmoid,
  square,
  sub,
  sum,
  tanh,
  transpose,
} from '../src/ops/index';
import { Rng } from '../src/rng';
import { Tensor, constant, parameter } from '../src/tensor';
import { expectClose, randomParam, weighted } from './helpers';
import { ndCases } from './ops-nd-cases';
import { gptCases } from './ops-gpt-cases';

interface FdSpec {
  /** Shape of each input, and the interval its random values are drawn from. */
  inputs: { shape: number[]; lo?: number; hi?: number }[];
  /** The op applied to the inputs, reduced to a scalar by the test. */
  apply: (ts: Tensor[]) => Tensor;
}

interface OpCase {
  /** Hand-computed forward values and gradients on a small example. */
  hand: () => void;
  /** Finite-difference checks on random inputs (several, for broadcasting variants). */
  fd: FdSpec[];
}

/** Runs backward on Σ c·out and returns out (its grad seeds are c). */
function runWeighted(out: Tensor, c: number | number[] | number[][]): Tensor {
  backward(weighted(out, c));
  return out;
}

const cases: Record<string, OpCase> = {
  'cross-entropy': {
    hand: () => {
      const z = parameter([[0, Math.log(3)]], 'z');
      // p = (1/4, 3/4); L = −ln p[1] = ln(4/3); ∂L/∂z = p − onehot = (1/4, −1/4).
      const { loss } = crossEntropy(z, Int32Array.of(1));
      expect(loss.item()).toBeCloseTo(Math.log(4 / 3), 15);
      backward(loss);
      expectClose(z.grad!, [0.25, -0.25], 1e-15);
    },
    fd: [
      {
        inputs: [{ shape: [3, 4], lo: -3, hi: 3 }],
        apply: ([z]) => crossEntropy(z, Int32Array.of(0, 3, 3)).loss,
      },
    ],
  },
  embedding: {
    hand: () => {
      const e = parameter(
        [
          [1, 2],
          [3, 4],
        ],
        'E',
      );
      // Context (1, 1): row 1 twice, so its gradient is the sum of both halves of ∂L/∂x.
      const x = embedding(e, Int32Array.of(1, 1), 1, 2);
      expectClose(x.toNested(), [[3, 4, 3, 4]]);
      runWeighted(x, [[1, 2, 3, 4]]);
      expectClose(e.grad!, [0, 0, 4, 6]);
    },
    fd: [
      {
        inputs: [{ shape: [5, 3] }],
        apply: ([e]) => embedding(e, Int32Array.of(0, 4, 4, 2, 0, 0), 3, 2),
      },
    ],
  },
  add: {
    hand: () => {
      const a = parameter(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        'a',
      );
      const b = parameter(
        [
          [10, 20, 30],
          [40, 50, 60],
        ],
        'b',
      );
      const out = add(a, b);
      expect(out.op).toBe('add');
      expect(out.toNested()).toEqual([
        [11, 22, 33],
        [44, 55, 66],
      ]);
      const c = [
        [1, 2, 3],
        [4, 5, 6],
      ];
      runWeighted(out, c);
      // ∂(a + b)/∂a = ∂(a + b)/∂b = 1, so both gradients are the weights themselves.
      expectClose(a.grad!, c);
      expectClose(b.grad!, c);
    },
    fd: [
      { inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], apply: ([a, b]) => add(a, b) },
      { inputs: [{ shape: [2, 3] }, { shape: [3] }], apply: ([a, b]) => add(a, b) },
      { inputs: [{ shape: [3] }, { shape: [2, 3] }], apply: ([a, b]) => add(a, b) },
      { inputs: [{ shape: [2, 3] }, { shape: [] }], apply: ([a, b]) => add(a, b) },
    ],
  },
  sub: {
    hand: () => {
      const a = parameter([5, 1], 'a');
      const b = parameter([2, 4], 'b');
      const out = sub(a, b);
      expect(out.op).toBe('sub');
      expect(out.toNested()).toEqual([3, -3]);
      runWeighted(out, [1, 10]);
      expectClose(a.grad!, [1, 10]);
      expectClose(b.grad!, [-1, -10]);
    },
    fd: [
      { inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], apply: ([a, b]) => sub(a, b) },
      { inputs: [{ shape: [2, 3] }, { shape: [2, 1] }], apply: ([a, b]) => sub(a, b) },
      { inputs: [{ shape: [] }, { shape: [2, 3] }], apply: ([a, b]) => sub(a, b) },
    ],
  },
  mul: {
    hand: () => {
      const a = parameter([2, -3], 'a');
      const b = parameter([4, 5], 'b');
      const out = mul(a, b);
      expect(out.op).toBe('mul');
      expect(out.toNested()).toEqual([8, -15]);
      runWeighted(out, [1, 10]);
      // ∂(a·b)/∂a = b: [1·4, 10·5]; ∂(a·b)/∂b = a: [1·2, 10·(−3)].
      expectClose(a.grad!, [4, 50]);
      expectClose(b.grad!, [2, -30]);
    },
    fd: [
      { inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], apply: ([a, b]) => mul(a, b) },
      { inputs: [{ shape: [2, 3] }, { shape: [3] }], apply: ([a, b]) => mul(a, b) },
      { inputs: [{ shape: [2, 3] }, { shape: [] }], apply: ([a, b]) => mul(a, b) },
    ],
  },
  div: {
    hand: () => {
      const a = parameter([1, 6], 'a');
      const b = parameter([4, -3], 'b');
      const out = div(a, b);
      expect(out.op).toBe('div');
      expect(out.toNested()).toEqual([0.25, -2]);
      runWeighted(out, [1, 10]);
      // ∂(a/b)/∂a = 1/b: [1/4, 10/(−3)]; ∂(a/b)/∂b = −a/b²: [−1/16, −10·6/9].
      expectClose(a.grad!, [0.25, -10 / 3]);
      expectClose(b.grad!, [-0.0625, -20 / 3]);
    },
    fd: [
      {
        inputs: [{ shape: [2, 3] }, { shape: [2, 3], lo: 0.5, hi: 2 }],
        apply: ([a, b]) => div(a, b),
      },
      {
        inputs: [{ shape: [2, 3] }, { shape: [3], lo: -2, hi: -0.5 }],
        apply: ([a, b]) => div(a, b),
      },
    ],
  },
  exp: {
    hand: () => {
      const a = parameter([0, Math.LN2, 1], 'a');
      const out = exp(a);
      expect(out.op).toBe('exp');
      expectClose(out.data, [1, 2, Math.E], 1e-15);
      runWeighted(out, [1, 10, 100]);
      // (eᵃ)' = eᵃ: [1·1, 10·2, 100·e].
      expectClose(a.grad!, [1, 20, 100 * Math.E], 1e-12);
    },
    fd: [{ inputs: [{ shape: [2, 3] }], apply: ([a]) => exp(a) }],
  },
  log: {
    hand: () => {
      const a = parameter([1, 2, Math.E, 4], 'a');
      const out = log(a);
      expect(out.op).toBe('log');
      expectClose(out.data, [0, Math.LN2, 1, 2 * Math.LN2], 1e-15);
      runWeighted(out, [1, 10, 100, 1000]);
      // (ln a)' = 1/a: [1/1, 10/2, 100/e, 1000/4].
      expectClose(a.grad!, [1, 5, 100 / Math.E, 250], 1e-12);
    },
    fd: [{ inputs: [{ shape: [2, 3], lo: 0.2, hi: 3 }], apply: ([a]) => log(a) }],
  },
  matmul: {
    hand: () => {
      const a = parameter(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        'A',
      );
      const b = parameter(
        [
          [7, 8],
          [9, 10],
          [11, 12],
        ],
        'B',
      );
      const out = matmul(a, b);
      expect(out.op).toBe('matmul');
      // Row 1: 1·7 + 2·9 + 3·11 = 58, 1·8 + 2·10 + 3·12 = 64; row 2: 139, 154.
      expect(out.toNested()).toEqual([
        [58, 64],
        [139, 154],
      ]);
      runWeighted(out, [
        [1, 2],
        [3, 4],
      ]);
      // ∂L/∂A = G·Bᵀ: [1·(7,9,11) + 2·(8,10,12), 3·(7,9,11) + 4·(8,10,12)].
      expectClose(a.grad!, [
        [23, 29, 35],
        [53, 67, 81],
      ]);
      // ∂L/∂B = Aᵀ·G: row k = A[0][k]·(1,2) + A[1][k]·(3,4).
      expectClose(b.grad!, [
        [13, 18],
        [17, 24],
        [21, 30],
      ]);
    },
    fd: [{ inputs: [{ shape: [2, 3] }, { shape: [3, 4] }], apply: ([a, b]) => matmul(a, b) }],
  },
  transpose: {
    hand: () => {
      const a = parameter(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        'A',
      );
      const out = transpose(a);
      expect(out.op).toBe('transpose');
      expect(out.shape).toEqual([3, 2]);
      expect(out.toNested()).toEqual([
        [1, 4],
        [2, 5],
        [3, 6],
      ]);
      runWeighted(out, [
        [1, 2],
        [3, 4],
        [5, 6],
      ]);
      // ∂L/∂A[i][j] = G[j][i].
      expectClose(a.grad!, [
        [1, 3, 5],
        [2, 4, 6],
      ]);
    },
    fd: [{ inputs: [{ shape: [2, 3] }], apply: ([a]) => transpose(a) }],
  },
  linear: {
    hand: () => {
      const x = parameter(
        [
          [1, 2],
          [3, 4],
        ],
        'x',
      );
      const w = parameter(
        [
          [1, 0],
          [-1, 2],
          [0.5, 0.5],
        ],
        'W',
      );
      const b = parameter([0.1, 0.2, 0.3], 'b');
      const out = linear(x, w, b);
      expect(out.op).toBe('linear');
      // z[n][j] = W[j]·x[n] + b[j]: (1 + 0,1, −1 + 4 + 0,2, 0,5 + 1 + 0,3), (3 + 0,1, −3 + 8 + 0,2, 1,5 + 2 + 0,3).
      expectClose(out.toNested(), [
        [1.1, 3.2, 1.8],
        [3.1, 5.2, 3.8],
      ]);
      runWeighted(out, [
        [1, 2, 3],
        [4, 5, 6],
      ]);
      // ∂L/∂b[j] = Σₙ G[n][j]; ∂L/∂W[j] = Σₙ G[n][j]·x[n]; ∂L/∂x[n] = Σⱼ G[n][j]·W[j].
      expectClose(b.grad!, [5, 7, 9]);
      expectClose(w.grad!, [
        [13, 18],
        [17, 24],
        [21, 30],
      ]);
      expectClose(x.grad!, [
        [0.5, 5.5],
        [2, 13],
      ]);
    },
    fd: [
      {
        inputs: [{ shape: [4, 3] }, { shape: [2, 3] }, { shape: [2] }],
        apply: ([x, w, b]) => linear(x, w, b),
      },
    ],
  },
  mean: {
    hand: () => {
      const a = parameter(
        [
          [1, 2],
          [3, 6],
        ],
        'a',
      );
      const out = mean(a);
      expect(out.op).toBe('mean');
      expect(out.shape).toEqual([]);
      expect(out.item()).toBe(3);
      runWeighted(out, 10);
      // Each of the 4 values moves the mean by 1/4 of its change: 10 · 1/4.
      expectClose(a.grad!, [2.5, 2.5, 2.5, 2.5]);
    },
    fd: [{ inputs: [{ shape: [3, 2] }], apply: ([a]) => mean(a) }],
  },
  sum: {
    hand: () => {
      const a = parameter(
        [
          [1, 2],
          [3, 6],
        ],
        'a',
      );
      const out = sum(a);
      expect(out.op).toBe('sum');
      expect(out.item()).toBe(12);
      runWeighted(out, 10);
      expectClose(a.grad!, [10, 10, 10, 10]);
    },
    fd: [{ inputs: [{ shape: [3, 2] }], apply: ([a]) => sum(a) }],
  },
  scale: {
    hand: () => {
      const a = parameter([1, -2], 'a');
      const out = scale(a, 3);
      expect(out.op).toBe('scale');
      expect(out.toNested()).toEqual([3, -6]);
      runWeighted(out, [1, 10]);
      expectClose(a.grad!, [3, 30]);
    },
    fd: [{ inputs: [{ shape: [2, 3] }], apply: ([a]) => scale(a, -1.7) }],
  },
  square: {
    hand: () => {
      const a = parameter([3, -2], 'a');
      const out = square(a);
      expect(out.op).toBe('square');
      expect(out.toNested()).toEqual([9, 4]);
      runWeighted(out, [1, 10]);
      // (a²)' = 2a: [1·6, 10·(−4)].
      expectClose(a.grad!, [6, -40]);
    },
    fd: [{ inputs: [{ shape: [2, 3] }], apply: ([a]) => square(a) }],
  },
  relu: {
    hand: () => {
      const z = parameter([-2, 0, 3], 'z');
      const out = relu(z);
      expect(out.op).toBe('relu');
      expect(out.toNested()).toEqual([0, 0, 3]);
      runWeighted(out, [1, 10, 100]);
      // Slope 0 left of 0, 1 right of it, and 0 AT 0 (PyTorch's choice).
      expectClose(z.grad!, [0, 0, 100]);
    },
    fd: [{ inputs: [{ shape: [3, 4] }], apply: ([z]) => relu(z) }],
  },
  sigmoid: {
    hand: () => {
      const z = parameter([0, Math.log(3), -Math.log(3)], 'z');
      const out = sigmoid(z);
      expect(out.op).toBe('sigmoid');
      // σ(ln 3) = 1/(1 + 1/3) = 0,75; σ(−ln 3) = 1/(1 + 3) = 0,25.
      expectClose(out.data, [0.5, 0.75, 0.25], 1e-15);
      runWeighted(out, [1, 10, 100]);
      // σ' = σ(1 − σ): 0,25, 0,1875, 0,1875.
      expectClose(z.grad!, [0.25, 1.875, 18.75], 1e-13);
    },
    fd: [{ inputs: [{ shape: [2, 3], lo: -4, hi: 4 }], apply: ([z]) => sigmoid(z) }],
  },
  tanh: {
    hand: () => {
      const z = parameter([0, Math.LN2, -Math.LN2], 'z');
      const out = tanh(z);
      expect(out.op).toBe('tanh');
      // tanh(ln 2) = (2 − 1/2)/(2 + 1/2) = 0,6.
      expectClose(out.data, [0, 0.6, -0.6], 1e-15);
      runWeighted(out, [1, 10, 100]);
      // tanh' = 1 − tanh²: 1, 0,64, 0,64.
      expectClose(z.grad!, [1, 6.4, 64], 1e-13);
    },
    fd: [{ inputs: [{ shape: [2, 3] }], apply: ([z]) => tanh(z) }],
  },
  // The N-dimensional ops, in their own file.
  ...ndCases,
  ...gptCases,
};

describe('op registry coverage', () => {
  test('every registered op has a test case', () => {
    const missing = Object.keys(opRegistry).filter((n) => !(n in cases));
    expect(missing, `ops without a test case: ${missing.join(', ')}`).toEqual([]);
  });
  test('every op file in src/ops is in the registry (the registry cannot forget a file)', () => {
    const dir = fileURLToPath(new URL('../src/ops/', import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'op.ts')
      .map((f) => f.slice(0, -'.ts'.length));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !(f in opRegistry))).toEqual([]);
  });
  test('every test case names a registered op', () => {
    expect(Object.keys(cases).filter((n) => !(n in opRegistry))).toEqual([]);
  });
  test('the registry is not empty and each entry carries its rules', () => {
    expect(Object.keys(opRegistry).length).toBeGreaterThanOrEqual(16);
    for (const [name, info] of Object.entries(opRegistry)) {
      expect(info.name).toBe(name);
      expect(info.forward.length).toBeGreaterThan(0);
      expect(info.backward.length).toBeGreaterThan(0);
      expect(['primitive', 'fused']).toContain(info.kind);
    }
  });
});

describe.each(Object.keys(opRegistry))('op %s', (name) => {
  const c = cases[name];
  test('forward and gradient match the hand computation', () => {
    expect(c, `no test case for op '${name}'`).toBeDefined();
    c.hand();
  });
  test('gradient matches central finite differences on random inputs', () => {
    expect(c, `no test case for op '${name}'`).toBeDefined();
    c.fd.forEach((spec, variant) => {
      for (const seed of [1, 2, 3]) {
        const rng = new Rng(1000 * seed + variant);
        const inputs = spec.inputs.map((s, i) => randomParam(rng, s.shape, s.lo, s.hi, `in${i}`));
        // Reduce to a scalar with fixed random weights, so every output value matters differently.
        const probe = spec.apply(inputs);
        const weights = randomParam(rng, [...probe.shape], -1, 1).toNested();
        const { maxError, worst } = gradCheck((ts) => weighted(spec.apply(ts), weights), inputs);
        expect(maxError, `variant ${variant}, seed ${seed}: ${JSON.stringify(worst)}`).toBeLessThan(1e-7);
      }
    });
  });
});

describe('the finite-difference check itself', () => {
  test('catches a gradient rule that is slightly wrong', () => {
    // A made-up op c = a³ whose backward says 3a² · 1,001: the check must flag it.
    const cube = (a: Tensor): Tensor => {
      const out = new Tensor(
        a.data.map((v) => v ** 3),
        a.shape,
        'cube',
        [a],
      );
      out.backwardFn = () => {
        const ga = a.gradBuffer();
        for (let k = 0; k < a.size; k++) ga[k] += out.grad![k] * 3 * a.data[k] ** 2 * 1.001;
      };
      return out;
    };
    const a = randomParam(new Rng(5), [3], 0.5, 2);
    expect(gradCheck(([t]) => sum(cube(t)), [a]).maxError).toBeGreaterThan(1e-4);
  });
});

describe('broadcasting', () => {
  test('a bias row [m] is added to every row of [n, m], and its gradient sums over the rows', () => {
    const a = parameter(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      'a',
    );
    const b = parameter([10, 20, 30], 'b');
    const out = add(a, b);
    expect(out.shape).toEqual([2, 3]);
    expect(out.toNested()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    runWeighted(out, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectClose(a.grad!, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectClose(b.grad!, [1 + 4, 2 + 5, 3 + 6]);
  });

  test('a scalar multiplies every value, and its gradient is Σ c·a', () => {
    const a = parameter(
      [
        [1, 2],
        [3, 4],
      ],
      'a',
    );
    const s = parameter(0.5, 's');
    const out = mul(a, s);
    expect(out.shape).toEqual([2, 2]);
    expect(out.toNested()).toEqual([
      [0.5, 1],
      [1.5, 2],
    ]);
    runWeighted(out, [
      [1, 10],
      [100, 1000],
    ]);
    expectClose(s.grad!, [1 * 1 + 10 * 2 + 100 * 3 + 1000 * 4]);
    expectClose(a.grad!, [
      [0.5, 5],
      [50, 500],
    ]);
  });

  test('a column [n, 1] is stretched across the columns', () => {
    const a = parameter(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      'a',
    );
    const col = parameter([[1], [2]], 'col');
    const out = sub(a, col);
    expect(out.toNested()).toEqual([
      [0, 1, 2],
      [2, 3, 4],
    ]);
    runWeighted(out, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expectClose(col.grad!, [[-6], [-15]]);
  });

  test('shapes that cannot be broadcast are refused, naming the op', () => {
    const a = constant([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => add(a, constant([1, 2]))).toThrow(/^add: shapes \[2, 3\] and \[2\]/);
    expect(() => mul(a, constant([[1], [2], [3]]))).toThrow(/^mul: shapes \[2, 3\] and \[3, 1\]/);
  });
});

describe('gradients accumulate', () => {
  test('a value used twice (a·a) gets both contributions: 2a', () => {
    const a = parameter([3, -1.5], 'a');
    const out = mul(a, a);
    // The graph keeps the input twice, in order (an array, not a set).
    expect(out.inputs).toEqual([a, a]);
    runWeighted(out, [1, 1]);
    expectClose(a.grad!, [6, -3]);
  });

  test('a + a has gradient 2, and a·a + a has gradient 2a + 1', () => {
    const a = parameter([3, -1.5], 'a');
    backward(sum(add(a, a)));
    expectClose(a.grad!, [2, 2]);
    zeroGrad([a]);
    backward(sum(add(mul(a, a), a)));
    expectClose(a.grad!, [7, -2]);
  });

  test('two backward() calls add up until zeroGrad', () => {
    const a = parameter([3, -1.5], 'a');
    const build = (): Tensor => sum(square(a));
    backward(build());
    expectClose(a.grad!, [6, -3]);
    backward(build());
    expectClose(a.grad!, [12, -6]);
    zeroGrad([a]);
    expect(a.grad).toBeNull();
    backward(build());
    expectClose(a.grad!, [6, -3]);
  });

  test('constants receive no gradient', () => {
    const a = parameter([1, 2], 'a');
    const k = constant([3, 4], 'k');
    backward(sum(mul(a, k)));
    expect(k.grad).toBeNull();
    expect(k.requiresGrad).toBe(false);
  });

  test('backward needs a scalar root', () => {
    const a = parameter([1, 2], 'a');
    expect(() => backward(square(a))).toThrow(/backward/);
  });
});

describe('linear equals the composite x·Wᵀ + b', () => {
  test('same values and same gradients for x, W and b', () => {
    const rng = new Rng(7);
    const make = (): Tensor[] => [
      randomParam(rng, [5, 3], -2, 2, 'x'),
      randomParam(rng, [4, 3], -2, 2, 'W'),
      randomParam(rng, [4], -2, 2, 'b'),
    ];
    const fused = make();
    const comp = fused.map((t) => parameter(t.toNested(), t.label));
    const g = randomParam(rng, [5, 4]).toNested();
    const zf = linear(fused[0], fused[1], fused[2]);
    const zc = add(matmul(comp[0], transpose(comp[1])), comp[2]);
    expect(zf.shape).toEqual(zc.shape);
    expectClose(zf.data, zc.data, 1e-13, 'z');
    backward(weighted(zf, g));
    backward(weighted(zc, g));
    fused.forEach((t, i) => expectClose(t.grad!, comp[i].grad!, 1e-13, `∂L/∂${t.label}`));
  });

  test('mismatched shapes are refused, naming the argument', () => {
    const x = constant([[1, 2]]);
    const w = constant([[1, 2, 3]]);
    expect(() => linear(x, w, constant([0]))).toThrow(/^linear: x has 2 inputs per example but W expects 3/);
    expect(() => linear(x, constant([[1, 2]]), constant([0, 0]))).toThrow(/linear: argument 'b'/);
    expect(() => matmul(x, w)).toThrow(/^matmul: inner sizes differ/);
    expect(() => transpose(constant([1, 2]))).toThrow(/^transpose: argument 'a' must be a matrix/);
  });
});

describe('activation edge cases', () => {
  test('relu at exactly 0 has gradient 0', () => {
    const z = parameter([0], 'z');
    backward(sum(relu(z)));
    expect(z.grad![0]).toBe(0);
  });

  test('sigmoid of large |z| stays finite, with no NaN in values or gradients', () => {
    const z = parameter([-1000, -50, 50, 1000, 710, -710], 'z');
    const out = sigmoid(z);
    backward(sum(out));
    for (const v of [...out.data, ...z.grad!]) expect(Number.isFinite(v)).toBe(true);
    expect(out.data[0]).toBe(0);
    expect(out.data[3]).toBe(1);
    // For very negative z, σ(z) = eᶻ/(1 + eᶻ) ≈ eᶻ: relative agreement, not a flush to 0.
    expect(Math.abs(out.data[1] / Math.exp(-50) - 1)).toBeLessThan(1e-15);
    expect(out.data[2]).toBe(1);
    expect(z.grad![0]).toBe(0);
    expect(Math.abs(z.grad![1] / Math.exp(-50) - 1)).toBeLessThan(1e-15);
  });

  test('tanh of large |z| saturates at ±1 with gradient 0', () => {
    const z = parameter([-400, 400], 'z');
    const out = tanh(z);
    backward(sum(out));
    expect(Array.from(out.data)).toEqual([-1, 1]);
    expect(Array.from(z.grad!)).toEqual([0, 0]);
  });
});

describe('activations inside a network', () => {
  // 1 input → 2 hidden units (activation under test) → 1 identity output.
  // x = 1, W1 = [[1], [−1]], b1 = [0,5, 0,5] ⇒ z1 = [1,5, −0,5]; W2 = [[2, 3]], b2 = [0,1]; y = 1.
  const W1 = [[1], [-1]];
  const b1 = [0.5, 0.5];
  const W2 = [[2, 3]];
  const b2 = [0.1];
  const z1 = [1.5, -0.5];
  const sig = (v: number): number => 1 / (1 + Math.exp(-v));
  const hand: Record<Activation, { a: number[]; da: number[] }> = {
    identity: { a: [1.5, -0.5], da: [1, 1] },
    relu: { a: [1.5, 0], da: [1, 0] },
    tanh: { a: z1.map(Math.tanh), da: z1.map((v) => 1 - Math.tanh(v) ** 2) },
    sigmoid: { a: z1.map(sig), da: z1.map((v) => sig(v) * (1 - sig(v))) },
  };

  test.each(Object.keys(hand) as Activation[])('%s: forward and every gradient by the chain rule', (act) => {
    const net = new Network(
      [
        { units: 2, activation: act },
        { units: 1, activation: 'identity' },
      ],
      1,
      { W1, b1, W2, b2 },
    );
    const { output, layers } = net.forward(constant([[1]], 'x'));
    const { a, da } = hand[act];
    const yhat = 2 * a[0] + 3 * a[1] + 0.1;
    expectClose(layers[0].z.data, z1, 1e-15, 'z1');
    expectClose(layers[0].a.data, a, 1e-15, 'a1');
    expectClose(output.data, [yhat], 1e-14, 'ŷ');
    expect(output.label).toBe('ŷ');
    const { mse: loss } = mse(output, constant([[1]], 'y'));
    expectClose([loss.item()], [(yhat - 1) ** 2], 1e-13, 'loss');
    backward(loss);
    const dy = 2 * (yhat - 1); // ∂L/∂ŷ for L = (ŷ − y)²
    expectClose(net.param('b2').grad!, [dy], 1e-13, '∂L/∂b2');
    expectClose(net.param('W2').grad!, [dy * a[0], dy * a[1]], 1e-13, '∂L/∂W2');
    // Back through W2 and the activation: ∂L/∂z1[j] = dy · W2[0][j] · a'(z1[j]); x = 1.
    const dz = [dy * 2 * da[0], dy * 3 * da[1]];
    expectClose(net.param('b1').grad!, dz, 1e-13, '∂L/∂b1');
    expectClose(net.param('W1').grad!, dz, 1e-13, '∂L/∂W1');
  });

  test.each(Object.keys(hand) as Activation[])('%s: a 3-4-3-2 network passes finite differences', (act) => {
    const rng = new Rng(11);
    const layers = [
      { units: 4, activation: act },
      { units: 3, activation: act },
      { units: 2, activation: 'identity' as const },
    ];
    const x = constant(
      Array.from({ length: 5 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)]),
    );
    const y = constant(Array.from({ length: 5 }, () => [rng.uniform(-1, 1), rng.uniform(-1, 1)]));
    const shapes = [[4, 3], [4], [3, 4], [3], [2, 3], [2]];
    const params = shapes.map((s) => randomParam(rng, s, -1, 1));
    const f = (ps: Tensor[]): Tensor => {
      const names = ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'];
      const values = Object.fromEntries(names.map((n, i) => [n, ps[i].toNested() as number[]]));
      const net = new Network(layers, 3, values);
      // Use the very tensors gradCheck perturbs, not copies.
      names.forEach((n, i) => net.params.set(n, ps[i]));
      return mse(net.forward(x).output, y).mse;
    };
    const { maxError, worst } = gradCheck(f, params);
    expect(maxError, JSON.stringify(worst)).toBeLessThan(1e-7);
  });
});
