import { rowNll } from '../ops/cross-entropy';
import { log } from '../nn/libm';
import type { Rng } from '../rng';
import { type Tensor, parameter } from '../tensor';
import type { Examples, Vocab } from './data';
import { type LayerInput, type ParamSpec, type ResolvedLayer, kindOf, places } from './layers';
import type { LmLayerSpec, LmParamValues } from './types';

export type { ResolvedLayer } from './layers';

export function resolveLayers(layers: readonly LmLayerSpec[], vocabSize: number): ResolvedLayer[] {
  return layers.map((l) => {
    if (l.type === 'embedding') return { type: 'embedding', dim: l.dim === 'vocab' ? vocabSize : l.dim };
    if (l.type === 'dense')
      return { type: 'dense', units: l.units === 'vocab' ? vocabSize : l.units, activation: l.activation };
    return { type: 'counts', smoothing: l.smoothing };
  });
}

/** Every parameter of the model in order (E, then W1, b1, W2, b2, …), as its layers declare them. */
export function lmParamSpecs(
  layers: readonly ResolvedLayer[],
  vocabSize: number,
  context: number,
): ParamSpec[] {
  const at = places(layers, vocabSize, context);
  return layers.flatMap((l, i) => kindOf(l).params(l, at[i]));
}

/** Names and shapes of the parameters, in order. */
export function lmParamShapes(
  layers: readonly ResolvedLayer[],
  vocabSize: number,
  context: number,
): [string, number[]][] {
  return lmParamSpecs(layers, vocabSize, context).map((p) => [p.name, p.shape]);
}

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

  /** Forward pass of n contexts (n × context token indices) to logits [n][V], layer by layer. */
  forward(contexts: Int32Array, n: number): LmForward {
    const fwd: LmForward = { layers: [], logits: null as unknown as Tensor };
    const at = places(this.layers, this.vocabSize, this.context);
    const input: LayerInput = {
      tokens: contexts,
      n,
      context: this.context,
      param: (name) => this.params.get(name)!,
    };
    this.layers.forEach((layer, i) => {
      const out = kindOf(layer).forward(layer, at[i], input);
      for (const { role, t } of out) if (role === 'embedding') fwd.emb = t;
      if (layer.type === 'dense') {
        const z = out[0].t;
        fwd.layers.push({ z, a: out[out.length - 1].t });
      }
      input.x = out[out.length - 1].t;
    });
    fwd.logits = input.x!;
    return fwd;
  }

  /** Logits of one context (token indices); the counting model's are ln P, so softmax gives P back. */
  logits(context: readonly number[]): Float64Array {
    if (this.counts) return Float64Array.from(this.counts.P[context[context.length - 1]], log);
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
        total -= log(this.counts.P[prev][ex.targets[i]]);
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
