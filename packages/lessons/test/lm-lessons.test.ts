/**
 * What each language-model lesson claims, as assertions. The counts, probabilities and losses of the
 * counting lessons are recomputed here with plain loops over the split's words (not the engine's
 * count table); the trained lessons are run once with the engine's trainer and compared with the
 * counting model their story measures them against, and with the figures the story prints.
 */
import { describe, expect, it } from 'vitest';
import { LmTrainer, type LmRun, sampleWords, validateLmExperiment } from '@unha/engine';
import { allLessons, corpusWords, findLmLesson, isLmLesson, lessons, lmLessons } from '../src/index';
import type { LmLesson } from '../src/lm-lesson';

function lesson(id: string): LmLesson {
  const l = findLmLesson(id);
  if (!l) throw new Error(`no lesson ${id}`);
  return l;
}

function trainer(id: string): LmTrainer {
  const e = lesson(id).experiment;
  return new LmTrainer(e, { words: corpusWords(e.data.corpus!) });
}

const story = (id: string) => ({
  pt: lesson(id).story['pt-BR'].join(' '),
  en: lesson(id).story.en.join(' '),
});
/** A figure as each story writes it: "2,4220" in Portuguese, "2.4220" in English. */
function expectFigure(id: string, x: number, decimals: number): void {
  const en = x.toFixed(decimals);
  expect(story(id).en).toContain(en);
  expect(story(id).pt).toContain(en.replace('.', ','));
}

/** Independent bigram counts: every pair of ".word." over the training words. */
function countPairs(words: string[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const w of words) {
    const s = ['.', ...w, '.'];
    for (let i = 0; i + 1 < s.length; i++)
      n.set(s[i] + '\u0000' + s[i + 1], (n.get(s[i] + '\u0000' + s[i + 1]) ?? 0) + 1);
  }
  return n;
}

/** Mean −ln P(b | a) over the pairs of `words`, with P from the counts plus k, over an alphabet of V. */
function nll(counts: Map<string, number>, alphabet: string[], k: number, words: string[]): number {
  const rowSum = new Map<string, number>();
  for (const [key, c] of counts) {
    const a = key.split('\u0000')[0];
    rowSum.set(a, (rowSum.get(a) ?? 0) + c);
  }
  let sum = 0;
  let n = 0;
  for (const w of words) {
    const s = ['.', ...w, '.'];
    for (let i = 0; i + 1 < s.length; i++) {
      const p =
        ((counts.get(s[i] + '\u0000' + s[i + 1]) ?? 0) + k) / ((rowSum.get(s[i]) ?? 0) + k * alphabet.length);
      sum -= Math.log(p);
      n++;
    }
  }
  return sum / n;
}

describe('the language-model lessons load like the others', () => {
  it('seven lessons, each valid as written (validation changes nothing), each corpus built in', () => {
    expect(lmLessons.map((l) => l.id)).toEqual([
      'names-counts',
      'names-bigram',
      'names-mlp',
      'sampling',
      'cities-counts',
      'cities-bigram',
      'cities-mlp',
    ]);
    for (const l of lmLessons) {
      const r = validateLmExperiment(l.experiment);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value).toEqual(l.experiment);
      expect(l.kind).toBe('lm');
      expect(l.story['pt-BR'].length).toBe(l.story.en.length);
      expect(corpusWords(l.experiment.data.corpus!).length).toBeGreaterThan(1000);
      for (const t of l.tryNext) expect(t.command).toMatch(/^unha (run|sample|explain) /);
    }
  });
  it('allLessons lists the regression lessons, unchanged, then the ladder; ids are unique', () => {
    expect(allLessons.slice(0, lessons.length)).toEqual(lessons);
    expect(allLessons.filter(isLmLesson)).toEqual(lmLessons);
    expect(new Set(allLessons.map((l) => l.id)).size).toBe(allLessons.length);
    expect(lessons.some((l) => isLmLesson(l))).toBe(false);
  });
});

for (const [id, corpus, v] of [
  ['names-counts', 'english-names', 27],
  ['cities-counts', 'brazilian-cities', 41],
] as const)
  describe(`${id}: the counts, recounted by hand`, () => {
    const t = trainer(id);
    const run = t.run();
    const { trainWords, valWords } = t.data;
    const alphabet = t.data.vocab.chars;
    const N = countPairs(trainWords);
    const cell = (a: string, b: string) => N.get(a + '\u0000' + b) ?? 0;
    const row = (a: string) => alphabet.reduce((s, b) => s + cell(a, b), 0);

    it('the split: 90% of the shuffled corpus trains, the rest validates, every word once', () => {
      const all = corpusWords(corpus);
      expect(alphabet.length).toBe(v);
      expect(trainWords.length).toBe(Math.round(0.9 * all.length));
      expect([...trainWords, ...valWords].sort()).toEqual(all);
      expect(trainWords.slice(0, 20)).not.toEqual(all.slice(0, 20));
    });
    it('the losses the story gives: ln V, smoothing 1 on train and validation, smoothing 0', () => {
      const train1 = nll(N, alphabet, 1, trainWords);
      const val1 = nll(N, alphabet, 1, valWords);
      expect(run.final.trainLoss).toBeCloseTo(train1, 10);
      expect(run.final.valLoss!).toBeCloseTo(val1, 10);
      expectFigure(id, train1, 4);
      expectFigure(id, val1, 4);
      expectFigure(id, nll(N, alphabet, 0, trainWords), 4);
      expect(nll(N, alphabet, 0, valWords)).toBe(Infinity);
      expectFigure(id, Math.log(v), 3);
      let zeros = 0;
      for (const a of alphabet) for (const b of alphabet) if (cell(a, b) === 0) zeros++;
      expect(story(id).en).toContain(`${zeros} of`);
      expect(story(id).pt).toContain(`${zeros} d`);
      const pairs = trainWords.reduce((s, w) => s + [...w].length + 1, 0);
      expect(t.data.train.count).toBe(pairs);
    });
    if (id === 'names-counts')
      it('the table’s facts: starts, ends, q → u, the unseen pair of "bjorn"', () => {
        expect([cell('.', 'a'), cell('.', 'c'), cell('.', 'm'), row('.')]).toEqual([655, 612, 612, 7565]);
        expect([cell('a', '.'), row('a')]).toEqual([1571, 5762]);
        expect([cell('q', 'u'), row('q')]).toEqual([47, 48]);
        expect((47 + 1) / (48 + 27)).toBeCloseTo(0.64, 3);
        expect(valWords).toContain('bjorn');
        expect(cell('b', 'j')).toBe(0);
        expect(trainWords.length).toBe(7565);
        expect(t.data.train.count).toBe(53046);
      });
    else
      it('the table’s facts: ão, " d", "o ", s and c first, the unseen "óleo" and çú', () => {
        expect([cell('ã', 'o'), row('ã')]).toEqual([595, 679]);
        expect([cell(' ', 'd'), row(' ')]).toEqual([1268, 4098]);
        let best = 0;
        for (const c of N.values()) best = Math.max(best, c);
        expect(cell('o', ' ')).toBe(best);
        expect(best).toBe(1904);
        expect([cell('.', 's'), cell('.', 'c'), row('.')]).toEqual([680, 601, 4768]);
        expect(valWords).toEqual(expect.arrayContaining(['óleo', 'pão de açúcar']));
        expect([cell('.', 'ó'), cell('ç', 'ú')]).toEqual([0, 0]);
        expect(new TextEncoder().encode('ã')).toEqual(new Uint8Array([0xc3, 0xa3]));
      });
  });

describe('sampling: the draw the story walks through', () => {
  const t = trainer('sampling');
  const e = lesson('sampling').experiment;
  const [first] = sampleWords(t.model, {
    count: 1,
    seed: e.sample!.seed!,
    temperature: e.sample!.temperature,
  });
  const N = countPairs(t.data.trainWords);
  const alphabet = t.data.vocab.chars;
  /** P(b | a) with smoothing 1, from the hand counts. */
  const p = (a: string, b: string) => {
    const rowSum = alphabet.reduce((s, c) => s + (N.get(a + '\u0000' + c) ?? 0), 0);
    return ((N.get(a + '\u0000' + b) ?? 0) + 1) / (rowSum + alphabet.length);
  };
  it('seed 1: u = 0.6271 falls in m’s slice of the cdf, then u = 0.0027 in "."’s: the name "m"', () => {
    expect(first.word).toBe('m');
    const [s1, s2] = first.steps;
    expect(s1.u.toFixed(4)).toBe('0.6271');
    // The slice of m after ".": the probabilities of ".", a … l added up by hand, from the counts.
    const before = alphabet.slice(0, alphabet.indexOf('m')).reduce((s, b) => s + p('.', b), 0);
    expect(before.toFixed(4)).toBe('0.6242');
    expect(p('.', 'm').toFixed(4)).toBe('0.0807');
    expect((before + p('.', 'm')).toFixed(4)).toBe('0.7050');
    expect(s1.u).toBeGreaterThanOrEqual(before);
    expect(s1.u).toBeLessThan(before + p('.', 'm'));
    expect(s2.u.toFixed(4)).toBe('0.0027');
    const pEnd = p('m', '.');
    expect(pEnd.toFixed(4)).toBe('0.0544');
    expect(s2.u).toBeLessThan(pEnd);
    for (const f of ['0.6271', '0.6242', '0.0807', '0.7050', '0.0027', '0.0544']) {
      expect(story('sampling').en).toContain(f);
      expect(story('sampling').pt).toContain(f.replace('.', ','));
    }
  });
  it('top-k 3 after ".": a, c and m (c and m tie at 612; ties go to the lower index)', () => {
    const [w] = sampleWords(t.model, { count: 1, seed: 1, topK: 3 });
    expect(w.steps[0].kept.map((i) => alphabet[i])).toEqual(['a', 'c', 'm']);
  });
});

/** Runs a lesson to its end; the loss figures its story prints must be the run's. */
function trained(id: string): { run: LmRun; first: number; t: LmTrainer } {
  const t = trainer(id);
  const run = t.run();
  expect(run.diverged).toBeUndefined();
  return { run, first: run.steps[0].loss, t };
}

const LONG = 600_000; // a full training run; the machine may be shared

describe('the trained rungs reach (bigram) and beat (MLP) the counting model', () => {
  for (const [bigram, counts] of [
    ['names-bigram', 'names-counts'],
    ['cities-bigram', 'cities-counts'],
  ] as const)
    it(
      `${bigram}: within 0.002 of ${counts} on training and validation`,
      () => {
        const c = trainer(counts).run().final;
        const { run, first } = trained(bigram);
        expect(Math.abs(run.final.trainLoss - c.trainLoss)).toBeLessThan(0.002);
        expect(Math.abs(run.final.valLoss! - c.valLoss!)).toBeLessThan(0.002);
        expectFigure(bigram, first, 4);
        expectFigure(bigram, run.final.trainLoss, 4);
        expectFigure(bigram, run.final.valLoss!, 4);
      },
      LONG,
    );
  for (const [mlp, counts] of [
    ['names-mlp', 'names-counts'],
    ['cities-mlp', 'cities-counts'],
  ] as const)
    it(
      `${mlp}: validation loss below ${counts}'s`,
      () => {
        const c = trainer(counts).run().final;
        const { run, first, t } = trained(mlp);
        expect(run.final.valLoss!).toBeLessThan(c.valLoss! - 0.04);
        expectFigure(mlp, first, 4);
        expectFigure(mlp, run.final.trainLoss, 4);
        expectFigure(mlp, run.final.valLoss!, 4);
        if (mlp === 'cities-mlp') {
          // The towns the story quotes, sampled from the trained model as its command says.
          const towns = sampleWords(t.model, { count: 20, seed: 1, temperature: 0.8 }).map((s) => s.word);
          for (const w of ['prata', 'cavanta', 'arraxil do posta', 'são de mardo pidia', 'paréta leé']) {
            expect(towns).toContain(w);
            expect(story(mlp).pt).toContain(`“${w}”`);
          }
        }
      },
      LONG,
    );
});
