import { describe, expect, it } from 'vitest';
import { gradCheck } from '../src/gradcheck';
import {
  LmTrainer,
  buildExamples,
  buildVocab,
  lmRunJson,
  parseWordList,
  sampleNext,
  sampleWords,
  scheduledLr,
  validateLmExperiment,
  type LmExperiment,
} from '../src/lm/index';
import { crossEntropy } from '../src/ops/cross-entropy';
import { embedding } from '../src/ops/embedding';
import { linear } from '../src/ops/linear';
import { tanh } from '../src/ops/tanh';
import { Rng } from '../src/rng';
import { parameter } from '../src/tensor';
import { expectClose } from './helpers';

const valid = (raw: unknown): LmExperiment => {
  const r = validateLmExperiment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('tokens and examples (makemore)', () => {
  it('puts "." at 0 and sorts the characters by code point', () => {
    expect(buildVocab(['emma', 'ava', 'são']).chars).toEqual(['.', 'a', 'e', 'm', 'o', 's', 'v', 'ã']);
  });
  it('builds (context → next) pairs, ending each word with "."', () => {
    const v = buildVocab(['emma']);
    const ex = buildExamples(['emma'], v, 3);
    const show = (i: number): string =>
      Array.from(ex.contexts.subarray(i * 3, i * 3 + 3), (t) => v.chars[t]).join('') +
      '→' +
      v.chars[ex.targets[i]];
    expect(Array.from({ length: ex.count }, (_, i) => show(i))).toEqual([
      '...→e',
      '..e→m',
      '.em→m',
      'emm→a',
      'mma→.',
    ]);
  });
  it('reads a word list: trims, skips blank lines, composes accents, refuses "."', () => {
    const r = parseWordList('ana\r\n  sa\u0303o \n\nbia\n');
    expect(r.ok && r.words).toEqual(['ana', 'são', 'bia']);
    const bad = parseWordList('ana\nst. louis\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0].line).toBe(2);
  });
});

describe('the ops of a language model', () => {
  it('cross-entropy: −ln softmax by hand, and p − onehot over N', () => {
    const z = parameter(
      [
        [1, 2, 3],
        [0, 0, 0],
      ],
      'z',
    );
    const { loss, probs } = crossEntropy(z, Int32Array.of(2, 0));
    const s = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const l0 = -Math.log(Math.exp(3) / s);
    const l1 = Math.log(3);
    expect(loss.item()).toBeCloseTo((l0 + l1) / 2, 14);
    loss.gradBuffer()[0] = 1;
    loss.backwardFn!();
    expectClose(
      z.grad!,
      [Math.exp(1) / s / 2, Math.exp(2) / s / 2, (Math.exp(3) / s - 1) / 2, (1 / 3 - 1) / 2, 1 / 6, 1 / 6],
      1e-15,
    );
    expect(probs[2]).toBeCloseTo(Math.exp(3) / s, 15);
  });
  it('cross-entropy stays finite for huge logits (the max is subtracted)', () => {
    const { loss } = crossEntropy(parameter([[1000, 0]], 'z'), Int32Array.of(1));
    expect(loss.item()).toBeCloseTo(1000, 10);
  });
  it('embedding: a row used twice receives both gradients', () => {
    const e = parameter(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      'E',
    );
    const x = embedding(e, Int32Array.of(2, 2, 0), 1, 3);
    expect(Array.from(x.data)).toEqual([5, 6, 5, 6, 1, 2]);
    x.grad = Float64Array.of(1, 10, 100, 1000, 7, 8);
    x.backwardFn!();
    expect(Array.from(e.grad!)).toEqual([7, 8, 0, 0, 101, 1010]);
  });
  it('finite differences agree with the backward of embedding → tanh layer → cross-entropy', () => {
    const rng = new Rng(3);
    const m = (r: number, c: number): number[][] =>
      Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniform(-1, 1)));
    const E = parameter(m(5, 2), 'E');
    const W1 = parameter(m(4, 6), 'W1');
    const b1 = parameter(m(1, 4)[0], 'b1');
    const W2 = parameter(m(5, 4), 'W2');
    const b2 = parameter(m(1, 5)[0], 'b2');
    const ctx = Int32Array.of(0, 3, 3, 1, 1, 4);
    const tg = Int32Array.of(3, 2);
    const f = ([e, w1, bb1, w2, bb2]: (typeof E)[]): typeof E =>
      crossEntropy(linear(tanh(linear(embedding(e, ctx, 2, 3), w1, bb1)), w2, bb2), tg).loss;
    expect(gradCheck(f, [E, W1, b1, W2, b2]).maxError).toBeLessThan(1e-8);
  });
});

const tiny = {
  data: {
    words: ['emma', 'olivia', 'ava', 'isabella', 'sophia'],
    context: 2,
    split: { train: 0.8, val: 0.2 },
  },
  model: {
    layers: [{ type: 'embedding', dim: 2 }, { units: 4, activation: 'tanh' }, { units: 'vocab' }],
    init: { seed: 1 },
  },
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 0.1 },
  batchSize: 4,
  batches: 'sequential',
  steps: 3,
};

describe('LmTrainer', () => {
  it('splits the words in order and takes sequential batches (k·B + r) mod n', () => {
    const t = new LmTrainer(valid(tiny), { trace: 'full' });
    expect(t.data.trainWords).toEqual(['emma', 'olivia', 'ava', 'isabella']);
    expect(t.data.valWords).toEqual(['sophia']);
    const n = t.data.train.count;
    expect(n).toBe(5 + 7 + 4 + 9);
    t.step();
    const s2 = t.step()!;
    expect(s2.batch).toEqual([4, 5, 6, 7]);
    for (let k = 0; k < 10; k++) t.step();
    expect(t.stepsRun).toBe(3);
  });
  it('each step reports its batch loss before the update, recomputed here from the records', () => {
    const t = new LmTrainer(valid(tiny), { trace: 'full' });
    const s = t.step()!;
    const probs = s.records!.find((r) => r.role === 'probs')!;
    const targets = s.batch.map((i) => t.data.train.targets[i]);
    const v = t.data.vocab.chars.length;
    const mean = targets.reduce((acc, tg, r) => acc - Math.log(probs.value[r * v + tg]), 0) / targets.length;
    expect(s.loss).toBeCloseTo(mean, 13);
    const logits = s.records!.find((r) => r.role === 'logits')!;
    for (let r = 0; r < targets.length; r++)
      for (let j = 0; j < v; j++)
        expect(logits.grad![r * v + j]).toBeCloseTo(
          (probs.value[r * v + j] - (j === targets[r] ? 1 : 0)) / targets.length,
          15,
        );
  });
  it('the counting model: P = (N + k) / row sum, and its losses by hand', () => {
    const t = new LmTrainer(
      valid({
        data: { words: ['ab', 'b'], split: { train: 1, val: 0 } },
        model: { layers: [{ type: 'counts', smoothing: 1 }] },
        loss: 'cross-entropy',
      }),
    );
    // pairs: .a a b b .  and  .b b .   → N[.][a]=1 N[.][b]=1 N[a][b]=1 N[b][.]=2 ; V = 3
    expect(t.model.counts!.N).toEqual([
      [0, 1, 1],
      [0, 0, 1],
      [2, 0, 0],
    ]);
    const r = t.run();
    const p = [2 / 5, 2 / 4, 3 / 5, 3 / 5, 2 / 5];
    expect(r.final.trainLoss).toBeCloseTo(-p.reduce((s, x) => s + Math.log(x), 0) / 5, 14);
    expect(r.steps).toEqual([]);
  });
  it('adamw decays the tables and weights, never the biases', () => {
    const exp = valid({ ...tiny, optimizer: { name: 'adamw', lr: 0.1, weightDecay: 0.5 }, steps: 1 });
    const t = new LmTrainer(exp, { trace: 'full' });
    const s = t.step()!;
    const decay = Object.fromEntries(s.updates!.map((u) => [u.name, u.decay]));
    expect(decay).toEqual({ E: 0.95, W1: 0.95, b1: undefined, W2: 0.95, b2: undefined });
  });
  it('the same seed gives the same run; random batches come from it', () => {
    const exp = valid({ ...tiny, batches: 'random', steps: 5, seed: 7 });
    const a = lmRunJson(new LmTrainer(exp).run());
    expect(lmRunJson(new LmTrainer(exp).run())).toEqual(a);
    expect(
      lmRunJson(new LmTrainer(valid({ ...tiny, batches: 'random', steps: 5, seed: 8 })).run()),
    ).not.toEqual(a);
  });
});

describe('the learning-rate schedule (nanoGPT get_lr)', () => {
  const exp = valid({
    ...tiny,
    optimizer: { name: 'sgd', lr: 1 },
    steps: 10,
    schedule: { warmup: 4, decaySteps: 8, minLr: 0.1 },
  });
  it('warms up linearly, decays along a cosine, then stays at minLr', () => {
    expect(scheduledLr(exp, 0)).toBeCloseTo(1 / 5, 15);
    expect(scheduledLr(exp, 3)).toBeCloseTo(4 / 5, 15);
    expect(scheduledLr(exp, 4)).toBeCloseTo(1, 15);
    expect(scheduledLr(exp, 6)).toBeCloseTo(0.1 + 0.5 * 0.9, 15);
    expect(scheduledLr(exp, 8)).toBeCloseTo(0.1, 15);
    expect(scheduledLr(exp, 9)).toBe(0.1);
  });
});

describe('sampling', () => {
  it('divides by the temperature, keeps the top k, and picks the first cdf above u', () => {
    const rng = new Rng(5);
    const u = new Rng(5).next();
    const s = sampleNext(Float64Array.of(1, 3, 2, 0), { temperature: 0.5, topK: 2 }, rng);
    expect(s.kept).toEqual([1, 2]);
    const p1 = 1 / (1 + Math.exp(-2));
    expectClose(s.probs, [0, p1, 1 - p1, 0], 1e-15);
    expect(s.u).toBe(u);
    expect(s.choice).toBe(u < p1 ? 1 : 2);
  });
  it('writes the same names for the same seed', () => {
    const t = new LmTrainer(valid({ ...tiny, steps: 20 }));
    t.run();
    const a = sampleWords(t.model, { count: 5, seed: 1 }).map((w) => w.word);
    expect(sampleWords(t.model, { count: 5, seed: 1 }).map((w) => w.word)).toEqual(a);
  });
});

describe('bad experiments are located', () => {
  const codes = (raw: unknown): string[] => {
    const r = validateLmExperiment(raw);
    return r.ok ? [] : r.issues.map((i) => `${i.path.join('.')}:${i.code}`);
  };
  it('a word with ".", "vocab" not last, context 0, a dense layer first', () => {
    expect(codes({ ...tiny, data: { ...tiny.data, words: ['ok', 'st.x'] } })).toEqual([
      'data.words.1:unknown_value',
    ]);
    expect(
      codes({
        ...tiny,
        model: { layers: [{ type: 'embedding', dim: 2 }, { units: 'vocab' }, { units: 3 }] },
      }),
    ).toEqual(['model.layers.1.units:unknown_value']);
    expect(codes({ ...tiny, data: { ...tiny.data, context: 0 } })).toEqual(['data.context:out_of_range']);
    expect(codes({ ...tiny, model: { layers: [{ units: 'vocab' }] } })).toEqual([
      'model.layers.0:unknown_value',
    ]);
  });
  it('initial values of the wrong shape, once the vocabulary is known', () => {
    const exp = valid({
      ...tiny,
      model: { ...tiny.model, init: { E: [[0.1, 0.2]], W1: [[0.1]], b1: [0], W2: [[0.1]], b2: [0] } },
    });
    expect(() => new LmTrainer(exp)).toThrow(/model\.init\.E shape/);
  });
});
