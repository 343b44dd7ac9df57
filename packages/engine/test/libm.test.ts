import { describe, expect, it } from 'vitest';
import { cos, exp, expm1, log, pow, sin, tanh } from '../src/nn/libm';

/**
 * The fdlibm ports of nn/libm*.ts against Node's own Math.* (V8's fdlibm in Node 20), bit for bit, on
 * a seeded sample of the ranges the engine uses: the reference here is the engine Node ships, not
 * this code. (A one-off run over 10^7 inputs per function, and the same inputs in Chromium, gave no
 * difference either; see the commit that added these files.) Node 20 is the runtime these bits are
 * pinned to: another Node's V8 may answer differently, which is the very reason for the ports.
 */

const N = 100_000;

/** mulberry32, with two draws per number for all 53 bits. */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => next() + next() / 4294967296;
}

/** Node 20's V8 (11.3): its Math.* is the reference; later V8s moved some functions to other libms. */
const NODE20 = process.versions.v8.startsWith('11.3.');
if (!NODE20)
  console.warn(
    `\n*** libm.test.ts: V8 ${process.versions.v8} is not Node 20's; checking against the hashes recorded from Node 20's Math.* only. ***\n`,
  );

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * Over N drawn inputs: how many give other bits than `ref` on Node 20 (Object.is: −0 and NaN count),
 * the first of them, and an FNV-style hash of all the results, to hold against the hash of Node 20's
 * Math.* on the same inputs (recorded below) when the test runs on another Node.
 */
function compare(
  mine: (x: number) => number,
  ref: (x: number) => number,
  draws: ((u: () => number) => number)[],
  seed: number,
): { differ: number; first?: string; hash: string } {
  const u = uniform(seed);
  let differ = 0;
  let first: string | undefined;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < N; i++) {
    const x = draws[i % draws.length](u);
    const y = mine(x);
    bits[0] = y;
    h1 = Math.imul(h1 ^ words[0], 16777619);
    h2 = Math.imul(h2 ^ words[1], 16777619) ^ (h1 >>> 7);
    if (NODE20 && !Object.is(y, ref(x))) {
      differ++;
      first ??= `x = ${x}: ${y} vs ${ref(x)}`;
    }
  }
  return {
    differ,
    first,
    hash: (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0'),
  };
}

// Exact powers of two (2^k for whole k is exact in every libm), to spread inputs over many binades.
const binade = (u: () => number, lo: number, span: number): number => 2 ** (lo + Math.floor(span * u()));

const EDGES = [
  0,
  -0,
  1,
  -1,
  NaN,
  Infinity,
  -Infinity,
  5e-324,
  2.2250738585072014e-308,
  1e-300,
  2 ** -28,
  2 ** -27,
  0.3,
  0.5,
  0.78125,
  Math.LN2 / 2,
  Math.LN2,
  1.5 * Math.LN2,
  Math.PI / 4,
  Math.PI / 2,
  Math.PI,
  (3 * Math.PI) / 2,
  2 * Math.PI,
  22,
  709.782712893384,
  709.79,
  -708.4,
  -745.1332191019411,
  -745.2,
  1e6,
];

/** The same hash as compare()'s, of a list of results. */
function hashOf(ys: number[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const y of ys) {
    bits[0] = y;
    h1 = Math.imul(h1 ^ words[0], 16777619);
    h2 = Math.imul(h2 ^ words[1], 16777619) ^ (h1 >>> 7);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

type Draw = (u: () => number) => number;

/** The sampled ranges: what the engine passes (exp of logits minus their maximum, log of sums and probabilities, Box–Muller's 2πv and the schedule's π·ratio, tanh of activations), and more. */
const CASES: {
  name: string;
  mine: (x: number) => number;
  ref: (x: number) => number;
  draws: Draw[];
  seed: number;
  /** compare(ref, ref, …).hash computed on Node 20 (v20.20.2, V8 11.3): Node 20's own Math.* bits. */
  node20: string;
}[] = [
  {
    name: 'exp on [−745.2, 0], small positives, tiny arguments',
    mine: exp,
    ref: Math.exp,
    draws: [(u) => -745.2 * u(), (u) => -20 * u(), (u) => 5 * u(), (u) => (u() - 0.5) * binade(u, -40, 40)],
    seed: 1,
    node20: '30e734e035d2f8ee',
  },
  {
    name: 'log on (0, 1e6], near 1, across binades',
    mine: log,
    ref: Math.log,
    draws: [(u) => 1e6 * u(), (u) => 2 * u(), (u) => 1 + (u() - 0.5) * 1e-5, (u) => u() * binade(u, -60, 80)],
    seed: 2,
    node20: 'f60377d2cf0508ef',
  },
  {
    name: 'cos on [0, 2π], [0, π], [−20, 20]',
    mine: cos,
    ref: Math.cos,
    draws: [(u) => 2 * Math.PI * u(), (u) => Math.PI * u(), (u) => (u() - 0.5) * 40],
    seed: 3,
    node20: '3a50926de60a8a3f',
  },
  {
    name: 'sin on [0, 2π], [−20, 20]',
    mine: sin,
    ref: Math.sin,
    draws: [(u) => 2 * Math.PI * u(), (u) => (u() - 0.5) * 40],
    seed: 4,
    node20: 'c47f91a944ce0bf3',
  },
  {
    name: 'tanh on [−20, 20], [−2, 2], near 0',
    mine: tanh,
    ref: Math.tanh,
    draws: [(u) => (u() - 0.5) * 40, (u) => (u() - 0.5) * 4, (u) => (u() - 0.5) * 1e-3],
    seed: 5,
    node20: '70eb6da9e0e442b6',
  },
  {
    name: 'expm1 (under tanh) on [−45, 45], [−1, 1]',
    mine: expm1,
    ref: Math.expm1,
    draws: [(u) => (u() - 0.5) * 90, (u) => (u() - 0.5) * 2],
    seed: 6,
    node20: '09563ba200b58801',
  },
];

describe('libm ports give Node 20’s Math.* bits', () => {
  for (const c of CASES)
    it(c.name, () => {
      // LIBM_PRINT_NODE20=1 on Node 20 prints the reference hash of Math.* itself, to fill in `node20`.
      if (process.env.LIBM_PRINT_NODE20) console.log(c.name, compare(c.ref, c.ref, c.draws, c.seed).hash);
      const r = compare(c.mine, c.ref, c.draws, c.seed);
      expect({ differ: r.differ, first: r.first }).toEqual({ differ: 0, first: undefined });
      expect(r.hash).toBe(c.node20);
    });

  it('the special and boundary values', () => {
    if (!NODE20) return;
    for (const [f, ref] of [
      [exp, Math.exp],
      [log, Math.log],
      [cos, Math.cos],
      [sin, Math.sin],
      [tanh, Math.tanh],
      [expm1, Math.expm1],
    ] as const)
      for (const x of [...EDGES, ...EDGES.map((v) => -v)])
        expect(Object.is(f(x), ref(x)), `${f.name}(${x})`).toBe(true);
  });

  it('β^t of Adam’s bias correction: the lessons’ betas for every t up to 20 000, and random β, t', () => {
    const pairs: [number, number][] = [];
    for (const b of [0.8, 0.9, 0.95, 0.98, 0.99, 0.999]) for (let t = 1; t <= 20_000; t++) pairs.push([b, t]);
    const u = uniform(7);
    for (let i = 0; i < N; i++) pairs.push([u(), 1 + Math.floor(u() * 10_000)]);
    const mine = pairs.map(([b, t]) => pow(b, t));
    if (NODE20) {
      const node = pairs.map(([b, t]) => b ** t);
      if (process.env.LIBM_PRINT_NODE20) console.log('pow', hashOf(node));
      expect(mine.filter((y, i) => !Object.is(y, node[i])).length).toBe(0);
    }
    expect(hashOf(mine)).toBe('1a946beed4dfc672'); // Node 20's own `**` on these pairs
  });
});
