import type { Issue } from '../errors';
import { type SampleStep, sampleNext } from '../lm/sample';
import { Rng } from '../rng';
import { encodeText, outsideVocab } from './data';
import type { TextVocab } from './data';

/** What sampling reads of a model: the float64 GptModel or the float32 Gpt32. */
export interface GptSampler {
  vocab: TextVocab;
  spec: { block: number };
  nextLogits(context: readonly number[]): Float64Array;
}

export interface SampleTextOptions {
  /** The text the model continues (every character must be in its vocabulary). */
  start: string;
  /** Characters to write. */
  tokens: number;
  temperature?: number;
  topK?: number | undefined;
  seed: number;
  /** Called with each character as it is drawn (the CLI streams them). */
  onToken?: (ch: string, s: SampleStep) => void;
}

/** Characters of a start text the model cannot read, as issues at `path` (never dropped silently). */
export function startIssues(
  model: Pick<GptSampler, 'vocab'>,
  start: string,
  path: (string | number)[] = ['start'],
): Issue[] {
  const bad = outsideVocab(model.vocab, start);
  return bad.length === 0
    ? []
    : [
        {
          code: 'unknown_value',
          path,
          expected: { key: 'oneOf', values: model.vocab.chars },
          received: JSON.stringify(bad.join('')),
        },
      ];
}

/**
 * Text written by the model: from `start`, draw the next character (part 1's sampleNext: temperature,
 * top-k, the cumulative distribution and a seeded u), append it, and go on; the context is the last
 * `block` characters. An empty start begins from the vocabulary's first character (nanoGPT starts
 * from "\n"; a text without one has no such token).
 */
export function sampleText(model: GptSampler, o: SampleTextOptions): { text: string; steps: SampleStep[] } {
  const issues = startIssues(model, o.start);
  if (issues.length > 0)
    throw new Error(`sampleText: characters outside the vocabulary: ${issues[0].received}`);
  const rng = new Rng(o.seed);
  const context = o.start === '' ? [0] : Array.from(encodeText(model.vocab, o.start));
  const steps: SampleStep[] = [];
  let text = '';
  for (let n = 0; n < o.tokens; n++) {
    const ctx = context.slice(-model.spec.block);
    const s = {
      context: ctx,
      ...sampleNext(model.nextLogits(ctx), { temperature: o.temperature ?? 1, topK: o.topK }, rng),
    };
    steps.push(s);
    const ch = model.vocab.chars[s.choice];
    text += ch;
    context.push(s.choice);
    o.onToken?.(ch, s);
  }
  return { text, steps };
}
