/**
 * What each GPT lesson claims, as assertions. The two small lessons are trained here for their full
 * steps with the engine's GptTrainer; the figures their stories print are recomputed from that run
 * and compared as the story rounds them (the engine is deterministic float64, checked against
 * PyTorch to ~1e-15 in the engine's own tests, so a figure rounded to 3–4 decimals is stable). What
 * can be worked out without the engine is: the vocabulary and split from the text, the parameter
 * count from nanoGPT's shapes (12·L·C² + 13·L·C + V·C + block·C + 2C), the sequential windows from
 * the contract's formula, and the first loss from a plain forward pass written apart from the engine
 * (bench/gpt-baseline.ts). moby-dick is far too slow to train in float64 here: it is checked for
 * validity, its size and its first loss only.
 */
import { describe, expect, it } from 'vitest';
import {
  GptTrainer,
  type GptExperiment,
  Rng,
  encodeText,
  gptParamSpecs,
  sampleText,
  validateGptExperiment,
} from '@unha/engine';
import { PlainGpt } from '../../../bench/gpt-baseline';
import {
  allLessons,
  corpusText,
  findGptLesson,
  gptLessons,
  isGptLesson,
  isTextCorpusId,
  lessons,
  lmLessons,
  readingLessons,
} from '../src/index';
import type { GptLesson } from '../src/gpt-lesson';

function lesson(id: string): GptLesson {
  const l = findGptLesson(id);
  if (!l) throw new Error(`no lesson ${id}`);
  return l;
}
const textOf = (e: GptExperiment): string => e.data.text ?? corpusText(e.data.corpus!);
const story = (id: string) => ({
  pt: lesson(id).story['pt-BR'].join(' '),
  en: lesson(id).story.en.join(' '),
});
const summary = (id: string) => ({ pt: lesson(id).summary['pt-BR'], en: lesson(id).summary.en });

/** A figure as each story writes it: "2,5074" in Portuguese, "2.5074" in English. */
function expectFigure(id: string, x: number, decimals: number, where = story(id)): void {
  const en = x.toFixed(decimals);
  expect(where.en).toContain(en);
  expect(where.pt).toContain(en.replace('.', ','));
}
/** A whole number with thousands separated: "812 928" in Portuguese, "812,928" in English. */
function expectCount(id: string, n: number): void {
  const grouped = (sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  expect(story(id).en).toContain(grouped(','));
  expect(story(id).pt).toContain(grouped(' '));
}

/** The sorted distinct characters (every text here is in the Basic Multilingual Plane). */
const vocabOf = (text: string): string[] => [...new Set(text)].sort();
/** nanoGPT's parameters, counted from its shapes (wte, wpe, L blocks, ln_f). */
const parameterCount = (V: number, m: { layers: number; width: number; block: number }): number =>
  V * m.width + m.block * m.width + m.layers * (12 * m.width ** 2 + 13 * m.width) + 2 * m.width;

function softmax(z: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(z));
  const e = Array.from(z, (x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}
/** Mean −ln p(target) over B·T rows of logits [B·T, V], by hand. */
function crossEntropy(logits: Float64Array, V: number, targets: number[]): number {
  let total = 0;
  targets.forEach((y, r) => {
    const row = logits.subarray(r * V, (r + 1) * V);
    const max = Math.max(...row);
    let sum = 0;
    for (const z of row) sum += Math.exp(z - max);
    total += max + Math.log(sum) - row[y];
  });
  return total / targets.length;
}

/** Each small lesson is trained once, step 1 traced, and shared by the tests below. */
const runs = new Map<string, { trainer: GptTrainer; first: ReturnType<GptTrainer['step']> & object }>();
function trained(id: string) {
  let r = runs.get(id);
  if (!r) {
    const trainer = new GptTrainer(lesson(id).experiment, { trace: (s) => s === 1 });
    const first = trainer.step()!;
    trainer.run();
    r = { trainer, first };
    runs.set(id, r);
  }
  return r;
}

describe('the GPT lessons load like the others', () => {
  it('three lessons, each valid as written, listed after the language models in allLessons', () => {
    expect(gptLessons.map((l) => l.id)).toEqual(['gpt-tiny', 'attention', 'moby-dick']);
    for (const l of gptLessons) {
      const r = validateGptExperiment(l.experiment);
      expect(r.ok, l.id).toBe(true);
      if (r.ok) expect(r.value).toEqual(l.experiment);
      expect(isGptLesson(l)).toBe(true);
      for (const loc of ['pt-BR', 'en'] as const) {
        expect(l.title[loc].length).toBeGreaterThan(0);
        expect(l.story[loc].length).toBe(l.story.en.length);
        for (const t of l.tryNext) expect(t.why[loc].length).toBeGreaterThan(0);
      }
    }
    // The reading lessons (issue 12) come last.
    expect(allLessons).toEqual([...lessons, ...lmLessons, ...gptLessons, ...readingLessons]);
    expect(new Set(allLessons.map((l) => l.id)).size).toBe(allLessons.length);
    expect(allLessons.filter(isGptLesson)).toEqual(gptLessons);
    expect(lesson('moby-dick').experiment.data.corpus).toBe('moby-dick');
    expect(isTextCorpusId('moby-dick')).toBe(true);
  });

  it('the recipe trains in float32 and says so in both stories; the small lessons stay float64', () => {
    expect(lesson('moby-dick').experiment.dtype).toBe('float32');
    expect(story('moby-dick').en).toContain('float32');
    expect(story('moby-dick').pt).toContain('float32');
    // The stories no longer claim the float64 graph's speed for the recipe.
    expect(story('moby-dick').en).not.toContain('every number is float64');
    expect(story('moby-dick').pt).not.toContain('cada número é float64');
    for (const id of ['gpt-tiny', 'attention'])
      expect(lesson(id).experiment.dtype ?? 'float64').toBe('float64');
  });
});

describe('gpt-tiny', () => {
  const exp = lesson('gpt-tiny').experiment;
  const text = textOf(exp);

  it('12 characters, 47 train and 5 validate, 1016 parameters', () => {
    expect(vocabOf(text).join('')).toBe('\n .adlnopstu');
    expect(text.length).toBe(52);
    expect(Math.floor(0.9 * 52 + 0.5)).toBe(47);
    const n = parameterCount(12, exp.model);
    expect(n).toBe(1016);
    expect(12 * 8 ** 2 + 13 * 8).toBe(872);
    const { trainer } = trained('gpt-tiny');
    expect(trainer.data.train.length).toBe(47);
    expect(trainer.data.val.length).toBe(5);
    let sizes = 0;
    for (const [, t] of trainer.model.params) sizes += t.size;
    expect(sizes).toBe(n);
    for (const f of ['1016', '12·8² + 13·8', '872', '47', '52']) {
      expect(story('gpt-tiny').en).toContain(f);
      expect(story('gpt-tiny').pt).toContain(f);
    }
  });

  it('step 1 reads the sequential windows the story names; its loss is a plain forward’s, near ln 12', () => {
    const { trainer, first } = trained('gpt-tiny');
    // The contract: row r of batch k starts at ((k·B + r)·block) mod (n − block).
    const starts = [0, 1, 2, 3].map((r) => (r * 4) % (47 - 4));
    expect(first.starts).toEqual(starts);
    const train = text.slice(0, 47);
    expect(starts.map((s) => train.slice(s, s + 4))).toEqual(['o sa', 'po p', 'ula.', '\no p']);
    const plain = new PlainGpt(trainer.initial, exp.model).loss(trainer.data.train, starts, 4);
    expect(Math.abs(plain - first.loss)).toBeLessThan(1e-9 * first.loss);
    // Initial weights N(0, 0.02) make every logit small: the loss starts at about the uniform guess.
    expect(Math.abs(first.loss - Math.log(12))).toBeLessThan(0.05);
    expectFigure('gpt-tiny', first.loss, 4);
    expectFigure('gpt-tiny', Math.log(12), 4);
  });

  it('trains its 300 steps and the loss goes down to the figures the story prints', () => {
    const { trainer, first } = trained('gpt-tiny');
    const run = trainer.result();
    expect(run.steps.length).toBe(300);
    expect(run.diverged).toBeUndefined();
    expect(run.final.trainLoss).toBeLessThan(first.loss / 5);
    expectFigure('gpt-tiny', run.steps[49].loss, 4);
    expectFigure('gpt-tiny', run.final.trainLoss, 4);
    expectFigure('gpt-tiny', first.loss, 4, summary('gpt-tiny'));
    expectFigure('gpt-tiny', run.final.trainLoss, 4, summary('gpt-tiny'));
  });

  it('after "apo " it is a coin flip between pula and nada; after "o sa" it is sure of p', () => {
    const { trainer } = trained('gpt-tiny');
    const chars = trainer.data.vocab.chars;
    const next = (ctx: string) =>
      softmax(trainer.model.nextLogits(Array.from(encodeText(trainer.data.vocab, ctx))));
    const coin = next('apo ');
    const p = coin[chars.indexOf('p')];
    const n = coin[chars.indexOf('n')];
    for (const x of [p, n]) {
      expect(x).toBeGreaterThan(0.4);
      expect(x).toBeLessThan(0.5);
    }
    // The text itself: after "sapo " come "pula" and "nada", once each.
    expect(text.match(/sapo (\w)/g)).toEqual(['sapo p', 'sapo n']);
    expectFigure('gpt-tiny', p, 3);
    expectFigure('gpt-tiny', n, 3);
    const sure = next('o sa')[chars.indexOf('p')];
    expect(sure).toBeGreaterThan(0.9);
    expectFigure('gpt-tiny', sure, 3);
  });

  it('writes what the story quotes from the lesson’s sample settings', () => {
    const { trainer } = trained('gpt-tiny');
    const s = exp.sample!;
    const out = sampleText(trainer.model, {
      start: s.start!,
      tokens: s.tokens!,
      temperature: s.temperature,
      seed: s.seed!,
    });
    const quoted = (s.start + out.text).replace(/\n/g, ' / ');
    expect(story('gpt-tiny').en).toContain(quoted);
    expect(story('gpt-tiny').pt).toContain(quoted);
  });
});

describe('attention', () => {
  const exp = lesson('attention').experiment;
  const text = textOf(exp);

  it('the text: 100 characters, 11 distinct; after "a" come four characters, after "ha" the word ends', () => {
    expect(text.length).toBe(100);
    expect(vocabOf(text).length).toBe(11);
    expect(story('attention').en).toContain(text.trimEnd().replace(/\n/g, ' / '));
    const after = (s: string) => {
      const next = new Set<string>();
      for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) next.add(text[i + s.length]);
      return [...next].sort().join('');
    };
    expect(after('a')).toBe(' .nr');
    expect(after('ha')).toBe(' .');
  });

  it('step 1: tiny scores, so each row’s weights are within 0.003 of 1/(t+1); the mask’s cells are −∞ and 0', () => {
    const { first } = trained('attention');
    const rec = (name: string) => first.records!.find((r) => r.name === name)!;
    const scores = rec('h.0.attn.scores');
    const masked = rec('h.0.attn.masked');
    const weights = rec('h.0.attn.weights');
    const [B, H, T] = weights.shape;
    expect([H, T]).toEqual([1, 8]);
    const maxScore = Math.max(...Array.from(scores.value, Math.abs));
    expect(maxScore).toBeLessThan(0.011);
    let dev = 0;
    for (let b = 0; b < B * H; b++)
      for (let i = 0; i < T; i++) {
        let sum = 0;
        for (let j = 0; j < T; j++) {
          const k = (b * T + i) * T + j;
          sum += weights.value[k];
          if (j > i) {
            expect(masked.value[k]).toBe(-Infinity);
            expect(weights.value[k]).toBe(0);
          } else dev = Math.max(dev, Math.abs(weights.value[k] - 1 / (i + 1)));
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      }
    expect(dev).toBeLessThan(0.003);
    expectFigure('attention', first.loss, 4);
    expectFigure('attention', Math.log(11), 4);
    expect(Math.abs(first.loss - Math.log(11))).toBeLessThan(0.05);
  });

  it('the key bias gets a zero gradient (the softmax ignores a constant added to a row) and stays at rounding noise', () => {
    const { trainer, first } = trained('attention');
    const C = 8;
    const g = first.updates!.find((u) => u.name === 'transformer.h.0.attn.c_attn.bias')!.grad;
    const gq = Math.max(...Array.from(g.slice(0, C), Math.abs));
    const gk = Math.max(...Array.from(g.slice(C, 2 * C), Math.abs));
    expect(gk).toBeLessThan(1e-15);
    expect(gq).toBeGreaterThan(1e-6);
    const b = Array.from(trainer.model.params.get('transformer.h.0.attn.c_attn.bias')!.data);
    expect(Math.max(...b.slice(C, 2 * C).map(Math.abs))).toBeLessThan(1e-9);
    expectFigure('attention', Math.max(...b.slice(0, C).map(Math.abs)), 2);
  });

  it('trains its 500 steps; the last "a" of "a aranha" looks at the "h"; the future never reaches the past', () => {
    const { trainer, first } = trained('attention');
    const run = trainer.result();
    expect(run.steps.length).toBe(500);
    expect(run.final.trainLoss).toBeLessThan(first.loss / 4);
    expectFigure('attention', run.final.trainLoss, 4);
    expectFigure('attention', run.final.valLoss!, 4);
    const forward = (s: string) => trainer.model.forward(encodeText(trainer.data.vocab, s), 1, 8);
    const f = forward('a aranha');
    const w = f.named.get('h.0.attn.weights')!.data;
    const row7 = Array.from(w.slice(7 * 8, 8 * 8));
    expect(row7.indexOf(Math.max(...row7))).toBe(6);
    expectFigure('attention', row7[6], 3);
    expectFigure('attention', row7[6], 3, summary('attention'));
    // Another last character: the first seven positions' logits are the same to the last bit.
    const g = forward('a aranh.');
    const V = trainer.data.vocab.chars.length;
    expect(Array.from(g.logits.data.slice(0, 7 * V))).toEqual(Array.from(f.logits.data.slice(0, 7 * V)));
    expect(Array.from(g.logits.data.slice(7 * V))).not.toEqual(Array.from(f.logits.data.slice(7 * V)));
  });
});

describe('moby-dick (not trained here: 2000 steps of 0.8 M parameters in float64)', () => {
  const exp = lesson('moby-dick').experiment;
  const text = textOf(exp);
  const V = vocabOf(text).length;

  it('nanoGPT’s CPU recipe, exactly', () => {
    expect(exp.model).toEqual({
      type: 'gpt',
      layers: 4,
      heads: 4,
      width: 128,
      block: 64,
      dropout: 0,
      init: { seed: 1337 },
    });
    expect(exp.optimizer).toEqual({ name: 'adamw', lr: 1e-3, beta1: 0.9, beta2: 0.99, weightDecay: 0.1 });
    expect([exp.batchSize, exp.steps, exp.clip]).toEqual([12, 2000, 1]);
    expect(exp.schedule).toEqual({ warmup: 100, decaySteps: 2000, minLr: 1e-4 });
    expect(exp.eval).toEqual({ every: 250, windows: 200 });
  });

  it('812 928 parameters (about 0.8 M), counted from the shapes and by the engine', () => {
    expect(V).toBe(89);
    const n = parameterCount(V, exp.model);
    expect(n).toBe(812_928);
    expect(Math.abs(n / 1e6 - 0.8)).toBeLessThan(0.02);
    expect(gptParamSpecs(exp.model, V).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0)).toBe(n);
    expect(12 * 128 ** 2 + 13 * 128).toBe(198_272);
    expectCount('moby-dick', n);
    expectCount('moby-dick', 198_272);
    expectCount('moby-dick', text.length);
    const nTrain = Math.floor(0.9 * text.length + 0.5);
    expectCount('moby-dick', nTrain);
    expectCount('moby-dick', text.length - nTrain);
  });

  it('the first step’s loss is near ln 89', () => {
    const trainer = new GptTrainer(exp, { text });
    const n = trainer.data.train.length;
    // The contract's random windows: s = floor(u·(n − block)), u from Rng(seed), row by row.
    const rng = new Rng(exp.seed ?? 0);
    const starts = Array.from({ length: 12 }, () => Math.floor(rng.next() * (n - 64)));
    const tokens = new Int32Array(12 * 64);
    const targets: number[] = [];
    starts.forEach((s, r) => {
      tokens.set(trainer.data.train.subarray(s, s + 64), r * 64);
      targets.push(...trainer.data.train.subarray(s + 1, s + 65));
    });
    const loss = crossEntropy(trainer.model.forward(tokens, 12, 64).logits.data, V, targets);
    // With N(0, 0.02) weights the final LayerNorm's output has unit variance and each logit
    // (a dot product with a row of wte over 128 values) a deviation of about 0.02·√128 ≈ 0.23,
    // which raises the expected loss above ln V by about 0.23²/2 ≈ 0.03: 0.1 is a safe band.
    expect(Math.abs(loss - Math.log(V))).toBeLessThan(0.1);
    expectFigure('moby-dick', Math.log(V), 2);
  }, 180_000); // one forward of 768 positions through 0.8 M parameters: seconds, more on a loaded machine
});
