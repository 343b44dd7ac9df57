import { Rng } from '../rng';
import { exp } from '../nn/libm';
import type { LmModel } from './model';

/** How one character was drawn, number by number. */
export interface SampleStep {
  /** The context's token indices. */
  context: number[];
  logits: Float64Array;
  /** logits / temperature. */
  scaled: Float64Array;
  /** Indices kept by top-k (every index without it), in the vocabulary's order. */
  kept: number[];
  /** softmax over the kept indices (0 for the others). */
  probs: Float64Array;
  /** Running sum of probs in the vocabulary's order. */
  cdf: Float64Array;
  /** The uniform draw in [0, 1) from the seeded generator. */
  u: number;
  /** The first index whose cdf exceeds u. */
  choice: number;
}

export interface SampleOptions {
  temperature: number;
  topK?: number | undefined;
}

/** Indices of the k largest values; ties go to the lower index. */
function topIndices(x: Float64Array, k: number): number[] {
  const order = Array.from(x.keys()).sort((a, b) => x[b] - x[a] || a - b);
  return order.slice(0, k).sort((a, b) => a - b);
}

/**
 * Draws the next token: divide the logits by the temperature, keep the top k, softmax (stable: minus
 * the largest kept value), add up the probabilities into the cumulative distribution, draw u uniform in
 * [0, 1), and take the first index whose cumulative probability is above u.
 */
export function sampleNext(logits: Float64Array, o: SampleOptions, rng: Rng): Omit<SampleStep, 'context'> {
  const v = logits.length;
  const scaled = logits.map((z) => z / o.temperature);
  const kept = o.topK !== undefined && o.topK < v ? topIndices(scaled, o.topK) : Array.from(scaled.keys());
  let m = -Infinity;
  for (const i of kept) if (scaled[i] > m) m = scaled[i];
  const probs = new Float64Array(v);
  let sum = 0;
  for (const i of kept) {
    probs[i] = exp(scaled[i] - m);
    sum += probs[i];
  }
  for (const i of kept) probs[i] /= sum;
  const cdf = new Float64Array(v);
  let acc = 0;
  for (let i = 0; i < v; i++) cdf[i] = acc += probs[i];
  const u = rng.next();
  // The cdf's last value may round to just under 1: then the last kept index is chosen.
  let choice = kept[kept.length - 1];
  for (const i of kept)
    if (cdf[i] > u) {
      choice = i;
      break;
    }
  return { logits, scaled, kept, probs, cdf, u, choice };
}

export interface SampleWordsOptions {
  count: number;
  temperature?: number;
  topK?: number | undefined;
  seed: number;
  /** Characters at most per word (a model that never picks "." still stops). Default 50. */
  maxLength?: number;
}

/** Words written by the model: each starts from a context of "." and ends when "." is drawn. */
export function sampleWords(model: LmModel, o: SampleWordsOptions): { word: string; steps: SampleStep[] }[] {
  const rng = new Rng(o.seed);
  const opts: SampleOptions = { temperature: o.temperature ?? 1, topK: o.topK };
  const max = o.maxLength ?? 50;
  const out: { word: string; steps: SampleStep[] }[] = [];
  for (let w = 0; w < o.count; w++) {
    const context = new Array<number>(model.context).fill(0);
    const steps: SampleStep[] = [];
    let word = '';
    for (let n = 0; n < max; n++) {
      const s = sampleNext(model.logits(context), opts, rng);
      steps.push({ context: [...context], ...s });
      if (s.choice === 0) break;
      word += model.vocab.chars[s.choice];
      context.shift();
      context.push(s.choice);
    }
    out.push({ word, steps });
  }
  return out;
}
