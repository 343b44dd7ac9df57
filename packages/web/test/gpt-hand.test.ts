import { describe, expect, it } from 'vitest';
import { parseGptState, serializeGptState } from '../src/gpt/state';
import { probCalc, scoreCalc, softmaxWork } from '../src/gpt/hand';
import type { Inspection } from '../src/gpt/protocol';

/**
 * The hand calculations read the right entries of the forward records: an inspection of two positions
 * and one head, written here with numbers worked by hand (q·k, /√d, exp, sum).
 */
function inspection(): Inspection {
  // One head, T = 2, d = 2: q and k rows, scores q·kᵀ/√2 with the future cell kept before the mask.
  const q = [1, 2, 0.5, -1];
  const k = [3, 4, -2, 1];
  const s = Math.SQRT1_2;
  const scores = [11 * s, 0 * s, 1.5 * s, -2 * s];
  // Row 1 sees positions 0 and 1: softmax(1.5/√2, −2/√2).
  const e0 = Math.exp(1.5 * s);
  const e1 = Math.exp(-2 * s);
  const weights = [1, 0, e0 / (e0 + e1), e1 / (e0 + e1)];
  const f = (a: number[]): Float64Array => Float64Array.from(a);
  return {
    step: 3,
    text: 'ab',
    tokens: [0, 1],
    outside: [],
    cut: 0,
    T: 2,
    heads: 1,
    d: 2,
    layers: [{ q: f(q), k: f(k), scores: f(scores), weights: f(weights) }],
    logits: f([Math.log(1), Math.log(3)]),
    probs: f([0.25, 0.75]),
  };
}

describe('the GPT lab’s hand calculations', () => {
  it('a cell: q of its row, k of its column, their products and sum, the score and the row’s softmax', () => {
    const c = scoreCalc(inspection(), 0, 0, 1, 0);
    expect(c.q).toEqual([0.5, -1]);
    expect(c.k).toEqual([3, 4]);
    expect(c.products).toEqual([1.5, -4]);
    expect(c.dot).toBe(-2.5);
    expect(c.sqrtD).toBe(Math.SQRT2);
    expect(c.score).toBeCloseTo(1.5 * Math.SQRT1_2, 15);
    expect(c.masked).toBe(false);
    expect(c.softmax.z.length).toBe(2);
    expect(c.softmax.max).toBeCloseTo(1.5 * Math.SQRT1_2, 15);
    expect(c.softmax.exps[0]).toBe(1);
    expect(c.softmax.sum).toBeCloseTo(1 + Math.exp(-3.5 * Math.SQRT1_2), 15);
    expect(c.softmax.shares[0]).toBeCloseTo(c.weight, 15);
  });

  it('a future cell is masked with weight 0; its row is the visible positions only', () => {
    const c = scoreCalc(inspection(), 0, 0, 0, 1);
    expect(c.masked).toBe(true);
    expect(c.weight).toBe(0);
    expect(c.softmax.z).toEqual([11 * Math.SQRT1_2]);
    expect(() => scoreCalc(inspection(), 0, 0, 2, 0)).toThrow(RangeError);
  });

  it('a bar: the softmax of the logits row', () => {
    const c = probCalc(inspection(), 1);
    expect(c.softmax.shares[1]).toBeCloseTo(0.75, 15);
    expect(c.p).toBe(0.75);
    expect(softmaxWork([0, 0]).shares).toEqual([0.5, 0.5]);
  });

  it('the link keeps the lesson, language, steps and text', () => {
    const s = parseGptState('?lesson=gpt-tiny&lang=pt-BR&step=12&text=ol%C3%A1%20mundo', 'en');
    expect(s).toEqual({ lesson: 'gpt-tiny', lang: 'pt-BR', step: 12, text: 'olá mundo' });
    expect(serializeGptState(s)).toBe('?lesson=gpt-tiny&lang=pt-BR&step=12&text=ol%C3%A1+mundo');
    expect(parseGptState('?lesson=gpt-tiny&step=-3', 'en').step).toBe(0);
  });

  it('the link keeps the dtype and threads=1; other values are dropped', () => {
    const s = parseGptState('?lesson=moby-dick&lang=en&dtype=float32&threads=1', 'en');
    expect(s).toEqual({ lesson: 'moby-dick', lang: 'en', step: 0, dtype: 'float32', threads: 1 });
    expect(serializeGptState(s)).toBe('?lesson=moby-dick&lang=en&dtype=float32&threads=1');
    const bad = parseGptState('?lesson=moby-dick&dtype=float16&threads=3', 'en');
    expect(bad.dtype).toBeUndefined();
    expect(bad.threads).toBeUndefined();
  });
});
