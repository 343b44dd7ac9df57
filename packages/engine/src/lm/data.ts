import type { Issue } from '../errors';
import { Rng } from '../rng';
import type { LmExperiment } from './types';

/** The boundary token: it starts every context and ends every word, at index 0 of the vocabulary. */
export const BOUNDARY = '.';

export interface Vocab {
  /** chars[0] is the boundary ".", then the distinct characters in code-point order. */
  chars: string[];
  index: Map<string, number>;
}

/** Code-point order, as Python's sorted() (JavaScript's default sort compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  return a.codePointAt(0)! - b.codePointAt(0)!;
}

/** makemore's convention: "." at 0, then the sorted distinct characters of all the words. */
export function buildVocab(words: readonly string[]): Vocab {
  const seen = new Set<string>();
  for (const w of words) for (const ch of w) seen.add(ch);
  seen.delete(BOUNDARY);
  const chars = [BOUNDARY, ...[...seen].sort(byCodePoint)];
  return { chars, index: new Map(chars.map((c, i) => [c, i])) };
}

export function vocabFromChars(chars: readonly string[]): Vocab {
  return { chars: [...chars], index: new Map(chars.map((c, i) => [c, i])) };
}

/** Characters (code points, so "ã" is one character even though it takes two bytes in UTF-8). */
export const charsOf = (word: string): string[] => Array.from(word);

/**
 * A word list as a file holds it: one word per line (LF or CRLF), spaces at either end trimmed,
 * blank lines skipped, each word in Unicode's composed form (NFC: "ã" typed as a + combining tilde
 * becomes the one character ã). A word with "." is an error: "." is the boundary token.
 */
export function parseWordList(text: string): { ok: true; words: string[] } | { ok: false; issues: Issue[] } {
  const words: string[] = [];
  const issues: Issue[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const w = line.trim().normalize('NFC');
    if (w === '') return;
    if (w.includes(BOUNDARY))
      issues.push({
        code: 'unknown_value',
        path: [],
        line: i + 1,
        expected: { key: 'word' },
        received: JSON.stringify(w),
      });
    else words.push(w);
  });
  if (issues.length > 0) return { ok: false, issues };
  if (words.length === 0)
    return {
      ok: false,
      issues: [{ code: 'empty', path: [], expected: { key: 'atLeastOne', what: 'word' } }],
    };
  return { ok: true, words };
}

/** The examples of some words, as makemore builds them, in the words' order. */
export interface Examples {
  count: number;
  context: number;
  /** count × context token indices, row-major. */
  contexts: Int32Array;
  targets: Int32Array;
  /** Index (in its split's word list) of the word each example comes from. */
  word: Int32Array;
}

/**
 * For each word the context starts as `context` boundary tokens; for each character of the word and
 * then the final ".", the example is (context → that character), and the context shifts left to take
 * it. "emma" with context 3: ... → e, ..e → m, .em → m, emm → a, mma → .
 */
export function buildExamples(words: readonly string[], vocab: Vocab, context: number): Examples {
  let count = 0;
  for (const w of words) count += charsOf(w).length + 1;
  const contexts = new Int32Array(count * context);
  const targets = new Int32Array(count);
  const word = new Int32Array(count);
  let k = 0;
  words.forEach((w, wi) => {
    const ctx = new Array<number>(context).fill(0);
    for (const ch of [...charsOf(w), BOUNDARY]) {
      const t = vocab.index.get(ch);
      if (t === undefined) throw new Error(`buildExamples: '${ch}' is not in the vocabulary`);
      contexts.set(ctx, k * context);
      targets[k] = t;
      word[k] = wi;
      k++;
      ctx.shift();
      ctx.push(t);
    }
  });
  return { count, context, contexts, targets, word };
}

export interface LmDataset {
  vocab: Vocab;
  trainWords: string[];
  valWords: string[];
  train: Examples;
  val: Examples;
}

/** Half up, as a person rounds (0.5 → 1): round(train·n) words train. */
export const trainCount = (fraction: number, n: number): number => Math.floor(fraction * n + 0.5);

/**
 * The vocabulary comes from ALL the words (so a validation word's characters are known), the first
 * round(train·n) words train and the rest validate, after an optional seeded shuffle (Fisher–Yates with
 * the experiment's generator, drawn before anything else).
 */
export function prepareLmData(
  exp: LmExperiment,
  words: readonly string[],
  rng: Rng = new Rng(exp.seed ?? 0),
): LmDataset {
  const vocab = buildVocab(words);
  const order = exp.data.shuffle ? rng.permutation(words.length).map((i) => words[i]) : [...words];
  const nTrain = Math.min(order.length, trainCount(exp.data.split.train, order.length));
  const trainWords = order.slice(0, nTrain);
  // Fractions that add up to 1: the rest validates. Less than 1 (0.8 / 0.1, makemore's split): the next
  // round(val·n) words validate and the others are left out (a test set).
  const { train, val } = exp.data.split;
  const rest = Math.abs(train + val - 1) < 1e-9;
  const valWords = rest ? order.slice(nTrain) : order.slice(nTrain, nTrain + trainCount(val, order.length));
  return {
    vocab,
    trainWords,
    valWords,
    train: buildExamples(trainWords, vocab, exp.data.context),
    val: buildExamples(valWords, vocab, exp.data.context),
  };
}
