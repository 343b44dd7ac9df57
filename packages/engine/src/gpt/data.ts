import type { Issue } from '../errors';
import { trainCount } from '../lm/data';
import type { GptExperiment } from './types';

/** The characters of a text as nanoGPT's `sorted(set(data))`: distinct code points in code-point order. */
export interface TextVocab {
  chars: string[];
  index: Map<string, number>;
}

const byCodePoint = (a: string, b: string): number => a.codePointAt(0)! - b.codePointAt(0)!;

/** The vocabulary of a text: every distinct character (a code point, as Python's str iterates). */
export function buildTextVocab(text: string): TextVocab {
  const chars = [...new Set(Array.from(text))].sort(byCodePoint);
  return { chars, index: new Map(chars.map((c, i) => [c, i])) };
}

/** The characters of `text` that the vocabulary does not have, each once, in order of appearance. */
export function outsideVocab(vocab: TextVocab, text: string): string[] {
  return [...new Set(Array.from(text).filter((c) => !vocab.index.has(c)))];
}

/** Token indices of a text; throws on a character outside the vocabulary (check with outsideVocab). */
export function encodeText(vocab: TextVocab, text: string): Int32Array {
  const cs = Array.from(text);
  const out = new Int32Array(cs.length);
  cs.forEach((c, i) => {
    const k = vocab.index.get(c);
    if (k === undefined) throw new Error(`encodeText: ${JSON.stringify(c)} is not in the vocabulary`);
    out[i] = k;
  });
  return out;
}

export function decodeTokens(vocab: TextVocab, tokens: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++) s += vocab.chars[tokens[i]];
  return s;
}

export interface GptDataset {
  vocab: TextVocab;
  tokens: Int32Array;
  train: Int32Array;
  val: Int32Array;
}

/**
 * The text as tokens, split as the contract says: the first round(train·n) tokens (half up) train and
 * the rest validate (the val fraction is informative: what is not training validates).
 */
export function prepareGptData(exp: GptExperiment, text: string): GptDataset {
  const vocab = buildTextVocab(text);
  const tokens = encodeText(vocab, text);
  const n = Math.min(tokens.length, trainCount(exp.data.split.train, tokens.length));
  return { vocab, tokens, train: tokens.subarray(0, n), val: tokens.subarray(n) };
}

/** What the text must have for the experiment to train: at least block + 1 training tokens. */
export function checkGptData(exp: GptExperiment, data: GptDataset): Issue[] {
  const need = exp.model.block + 1;
  if (data.train.length >= need) return [];
  return [
    {
      code: 'too_large',
      path: ['model', 'block'],
      expected: { key: 'textLength', n: need },
      received: `${exp.model.block} (${data.train.length})`,
    },
  ];
}

/**
 * The windows an evaluation reads: length T = min(block, n − 1), starting at 0, T, 2T, … (each needs
 * T + 1 tokens, the last one a target), at most `windows` of them, evenly strided when there are more
 * (window j·total/windows, rounded down). Deterministic, so every interface reports the same loss.
 */
export function evalStarts(n: number, block: number, windows: number): { starts: number[]; T: number } {
  const T = Math.min(block, n - 1);
  if (T < 1) return { starts: [], T: 0 };
  const total = Math.floor((n - 1) / T);
  const count = Math.min(total, windows);
  const starts = Array.from({ length: count }, (_, j) =>
    count === total ? j * T : Math.floor((j * total) / count) * T,
  );
  return { starts, T };
}
