import type { Activation } from '../experiment';
import { activate } from '../nn/activations';
import { rowNll } from '../ops/cross-entropy';
import { embedding } from '../ops/embedding';
import { linear } from '../ops/linear';
import type { Rng } from '../rng';
import { type Tensor, parameter } from '../tensor';
import type { Examples, Vocab } from './data';
import type { LmLayerSpec, LmParamValues } from './types';

/** A layer with its sizes known (the vocabulary replaces "vocab"). */
export type ResolvedLayer =
  | { type: 'embedding'; dim: number }
  | { type: 'dense'; units: number; activation: Activation }
  | { type: 'counts'; smoothing: number };

export function resolveLayers(layers: readonly LmLayerSpec[], vocabSize: number): ResolvedLayer[] {
  return layers.map((l) => {
    if (l.type === 'embedding') return { type: 'embedding', dim: l.dim === 'vocab' ? vocabSize : l.dim };
    if (l.type === 'dense')
      return { type: 'dense', units: l.units === 'vocab' ? vocabSize : l.units, activation: l.activation };
    return { type: 'counts', smoothing: l.smoothing };
  });
}

/** Each parameter's name and shape, in order: E, then W1, b1, W2, b2, … of the dense layers. */
export function lmParamShapes(
  layers: readonly ResolvedLayer[],
  vocabSize: number,
  context: number,
): [string, number[]][] {
  const out: [string, number[]][] = [];
  let width = 0;
  let l = 0;
  for (const layer of layers) {
    if (layer.type === 'embedding') {
      out.push(['E', [vocabSize, layer.dim]]);
      width = context * layer.dim;
    } else if (layer.type === 'dense') {
      l++;
      out.push([`W${l}`, [layer.units, width]], [`b${l}`, [layer.units]]);
      width = layer.units;
    }
  }
  return out;
}

/** Weight decay (AdamW) applies to tensors of two or more dimensions: tables and weights, never biases. */
export const decays = (shape: readonly number[]): boolean => shape.length >= 2;

/**
 * Initial values from a seed, drawn in the order of lmParamShapes: E from the standard normal
 * (torch.randn, as makemore), then each dense layer's W row by row and then its b, uniform in
 * [−1/√inputs, 1/√inputs] (PyTorch's nn.Linear scheme), all with our seeded generator.
 */
export function initLmParams(shapes: readonly [string, number[]][], rng: Rng): LmParamValues {
  const out: LmParamValues = {};
  for (const [name, shape] of shapes) {
    if (name === 'E') {
      out[name] = Array.from({ length: shape[0] }, () =>
        Array.from({ length: shape[1] }, () => rng.normal()),
      );
    } else if (name.startsWith('W')) {
      const k = 1 / Math.sqrt(shape[1]);
      out[name] = Array.from({ length: shape[0] }, () =>
        Array.from({ length: shape[1] }, () => rng.uniform(-k, k)),
      );
    } else {
      const fanIn = shapes.find(([n]) => n === `W${name.slice(1)}`)![1][1];
      const k = 1 / Math.sqrt(fanIn);
      out[name] = Array.from({ length: shape[0] }, () => rng.uniform(-k, k));
    }
  }
  return out;
}

/** What one forward pass of a batch computed, layer by layer (the tensors of the graph). */
export interface LmForward {
  emb?: Tensor;
  layers: { z: Tensor; a: Tensor }[];
  logits: Tensor;
}

/** The counting model's table: N[a][b] counts, P[a][b] = (N + k) / Σ (N + k). Context 1 only. */
export interface CountTable {
  N: number[][];
  P: number[][];
  smoothing: number;
}

export class LmModel {
  readonly vocab: Vocab;
  readonly context: number;
  readonly layers: ResolvedLayer[];
  readonly params: Map<string, Tensor>;
  /** The counting model's table (when the model is `counts`). */
  readonly counts?: CountTable;

  constructor(
    vocab: Vocab,
    context: number,
    layers: ResolvedLayer[],
    values: LmParamValues,
    counts?: CountTable,
  ) {
    this.vocab = vocab;
    this.context = context;
    this.layers = layers;
    this.params = new Map(
      lmParamShapes(layers, vocab.chars.length, context).map(([n]) => [n, parameter(values[n], n)]),
    );
    if (counts) this.counts = counts;
  }

  get vocabSize(): number {
    return this.vocab.chars.length;
  }

  values(): LmParamValues {
    const out: LmParamValues = {};
    for (const [n, t] of this.params) out[n] = t.toNested() as number[] | number[][];
    return out;
  }

  /** Forward pass of n contexts (n × context token indices) to logits [n][V]. */
  forward(contexts: Int32Array, n: number): LmForward {
    const fwd: LmForward = { layers: [], logits: null as unknown as Tensor };
    let x: Tensor | undefined;
    let l = 0;
    for (const layer of this.layers) {
      if (layer.type === 'embedding') {
        x = embedding(this.params.get('E')!, contexts, n, this.context, 'emb');
        fwd.emb = x;
      } else if (layer.type === 'dense') {
        l++;
        const z = linear(x!, this.params.get(`W${l}`)!, this.params.get(`b${l}`)!, `z${l}`);
        const a = activate(layer.activation, z, `a${l}`);
        fwd.layers.push({ z, a });
        x = a;
      }
    }
    fwd.logits = x!;
    return fwd;
  }

  /** Logits of one context (token indices); the counting model's are ln P, so softmax gives P back. */
  logits(context: readonly number[]): Float64Array {
    if (this.counts) return Float64Array.from(this.counts.P[context[context.length - 1]], Math.log);
    return this.forward(Int32Array.from(context), 1).logits.data.slice();
  }

  /** Mean cross-entropy over examples (in chunks, so a large corpus never needs one huge batch). */
  meanLoss(ex: Examples, chunk = 4096): number {
    if (ex.count === 0) return NaN;
    const v = this.vocabSize;
    let total = 0;
    if (this.counts) {
      for (let i = 0; i < ex.count; i++) {
        const prev = ex.contexts[i * ex.context + ex.context - 1];
        total -= Math.log(this.counts.P[prev][ex.targets[i]]);
      }
      return total / ex.count;
    }
    for (let s = 0; s < ex.count; s += chunk) {
      const n = Math.min(chunk, ex.count - s);
      const z = this.forward(ex.contexts.subarray(s * ex.context, (s + n) * ex.context), n).logits.data;
      for (let r = 0; r < n; r++) total += rowNll(z, r * v, v, ex.targets[s + r]);
    }
    return total / ex.count;
  }
}

/** Counts of (previous character → next character) over examples of context ≥ 1, smoothed by k. */
export function countTable(ex: Examples, vocabSize: number, smoothing: number): CountTable {
  const N = Array.from({ length: vocabSize }, () => new Array<number>(vocabSize).fill(0));
  for (let i = 0; i < ex.count; i++) N[ex.contexts[i * ex.context + ex.context - 1]][ex.targets[i]]++;
  const P = N.map((row) => {
    const total = row.reduce((s, c) => s + c + smoothing, 0);
    // A row never seen with k = 0 has no probabilities: it stays uniform rather than 0/0.
    return row.map((c) => (total > 0 ? (c + smoothing) / total : 1 / vocabSize));
  });
  return { N, P, smoothing };
}
