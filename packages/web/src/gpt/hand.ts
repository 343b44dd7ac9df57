import type { Inspection } from './protocol';
import { libm } from '@unha/engine';

/**
 * The hand calculation behind one number the GPT lab shows, worked from the forward records of the
 * inspection (no DOM, no engine): an attention weight (its score q·k/√d with every entry, then the
 * softmax of its row) or a next-character probability (the softmax of the logits row). The score and
 * the weights written as results are the records' own; the products, sums and exponentials in
 * between are the arithmetic a person would write, and agree with them to the last digits.
 */

/** A softmax written out: the row, its maximum, each exp(zⱼ − max), their sum and each share. */
export interface SoftmaxWork {
  z: number[];
  max: number;
  exps: number[];
  sum: number;
  /** exps[j] / sum, worked here. */
  shares: number[];
}

export interface ScoreCalc {
  kind: 'score';
  layer: number;
  head: number;
  /** The query's position (the heatmap's row) and the key's (its column), 0-based. */
  row: number;
  col: number;
  d: number;
  q: number[];
  k: number[];
  /** qₘ·kₘ for each m. */
  products: number[];
  /** Σₘ qₘkₘ. */
  dot: number;
  sqrtD: number;
  /** The record's score q·k/√d (before the mask). */
  score: number;
  /** A future position: the mask sets its score to −∞ and its weight to 0. */
  masked: boolean;
  /** The softmax of the row over the visible positions 0 … row, from the record's scores. */
  softmax: SoftmaxWork;
  /** The record's weight of the cell (0 when masked). */
  weight: number;
}

export interface ProbCalc {
  kind: 'prob';
  /** The character's index in the vocabulary. */
  index: number;
  softmax: SoftmaxWork;
  /** The record's probability. */
  p: number;
}

export type HandCalc = ScoreCalc | ProbCalc;

export function softmaxWork(z: number[]): SoftmaxWork {
  const max = Math.max(...z);
  const exps = z.map((v) => libm.exp(v - max));
  let sum = 0;
  for (const e of exps) sum += e;
  return { z, max, exps, sum, shares: exps.map((e) => e / sum) };
}

const slice = (a: Float64Array, from: number, n: number): number[] => Array.from(a.subarray(from, from + n));

export function scoreCalc(ins: Inspection, layer: number, head: number, row: number, col: number): ScoreCalc {
  const { T, d } = ins;
  const rec = ins.layers[layer];
  if (!rec || head < 0 || head >= ins.heads || row < 0 || row >= T || col < 0 || col >= T)
    throw new RangeError(`no attention cell at layer ${layer}, head ${head}, row ${row}, column ${col}`);
  const q = slice(rec.q, (head * T + row) * d, d);
  const k = slice(rec.k, (head * T + col) * d, d);
  const products = q.map((v, m) => v * k[m]);
  let dot = 0;
  for (const p of products) dot += p;
  const rowAt = (head * T + row) * T;
  return {
    kind: 'score',
    layer,
    head,
    row,
    col,
    d,
    q,
    k,
    products,
    dot,
    sqrtD: Math.sqrt(d),
    score: rec.scores[rowAt + col],
    masked: col > row,
    softmax: softmaxWork(slice(rec.scores, rowAt, row + 1)),
    weight: rec.weights[rowAt + col],
  };
}

export function probCalc(ins: Inspection, index: number): ProbCalc {
  if (index < 0 || index >= ins.logits.length)
    throw new RangeError(`no character ${index} in the vocabulary`);
  return { kind: 'prob', index, softmax: softmaxWork(Array.from(ins.logits)), p: ins.probs[index] };
}
