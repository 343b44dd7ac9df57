import type { GptExperiment, TextVocab } from '@unha/engine';
import type { Locale } from '@unha/explain';
import { UserError } from '../errors';
import { gptWords } from './words';

/** What a GPT writes when nothing says otherwise (the contract's sample block). */
export interface GptSampleSettings {
  start: string;
  tokens: number;
  temperature: number;
  topK?: number;
  seed: number;
}

export const SAMPLE_DEFAULTS = { start: '\n', tokens: 200, temperature: 0.8, topK: 10, seed: 1 } as const;

/**
 * The experiment's sample settings with the defaults. nanoGPT starts from "\n"; a text without a
 * newline starts from its first character instead (a start outside the vocabulary cannot be read).
 */
export function sampleSettings(exp: GptExperiment, vocab: readonly string[]): GptSampleSettings {
  const s = exp.sample ?? {};
  const text = exp.data.text;
  const fallback = vocab.includes(SAMPLE_DEFAULTS.start)
    ? SAMPLE_DEFAULTS.start
    : text !== undefined && text !== ''
      ? String.fromCodePoint(text.codePointAt(0)!)
      : (vocab[0] ?? '');
  const topK = s.topK ?? SAMPLE_DEFAULTS.topK;
  return {
    start: s.start ?? fallback,
    tokens: s.tokens ?? SAMPLE_DEFAULTS.tokens,
    temperature: s.temperature ?? SAMPLE_DEFAULTS.temperature,
    ...(topK < vocab.length && { topK }),
    seed: s.seed ?? SAMPLE_DEFAULTS.seed,
  };
}

/** The model's characters as a message lists them, each quoted as JSON writes it ("\n" for a newline). */
export function vocabList(chars: readonly string[], max = 80): string {
  const shown = chars.slice(0, max).map((c) => JSON.stringify(c));
  return shown.join(' ') + (chars.length > max ? ` … (+${chars.length - max})` : '');
}

/** Every character of `text` the vocabulary does not hold, once each, as a located message. */
export function checkInVocab(flag: string, text: string, vocab: TextVocab, locale: Locale): void {
  const missing: string[] = [];
  for (const c of text) if (!vocab.index.has(c) && !missing.includes(c)) missing.push(c);
  if (missing.length === 0) return;
  const chars = vocab.chars;
  throw new UserError([gptWords(locale).outsideVocab(flag, missing, chars.length, vocabList(chars))]);
}
