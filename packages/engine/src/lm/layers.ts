import type { Activation } from '../experiment';
import { activate } from '../nn/activations';
import { embedding } from '../ops/embedding';
import { linear } from '../ops/linear';
import type { Tensor } from '../tensor';

/** A layer with its sizes known (the vocabulary's size replaces "vocab"). */
export type ResolvedLayer =
  | { type: 'embedding'; dim: number }
  | { type: 'dense'; units: number; activation: Activation }
  | { type: 'counts'; smoothing: number };

/** One parameter a layer owns: its name, its shape, and whether AdamW's weight decay applies to it. */
export interface ParamSpec {
  name: string;
  shape: number[];
  decay: boolean;
}

/** What a layer needs to know about where it sits. */
export interface LayerPlace {
  vocabSize: number;
  context: number;
  /** Values per example coming in (0 for the first layer: it reads tokens). */
  width: number;
  /** 1-based index among the dense layers (for W{l}, b{l}). */
  dense: number;
}

/** What flows between layers: the tokens of the batch and the values computed so far. */
export interface LayerInput {
  tokens: Int32Array;
  n: number;
  context: number;
  x?: Tensor;
  param: (name: string) => Tensor;
}

export interface LayerKind<L extends ResolvedLayer> {
  params(layer: L, at: LayerPlace): ParamSpec[];
  /** Values per example going out. */
  width(layer: L, at: LayerPlace): number;
  /** The tensors it computes, by role; the last is its output. */
  forward(layer: L, at: LayerPlace, input: LayerInput): { role: 'embedding' | 'z' | 'a'; t: Tensor }[];
}

/**
 * Every kind of layer a language model can have, each owning its parameters' names and shapes, whether
 * they decay, and its forward pass: the model, the trainer, the validator and the explanation read this
 * table instead of repeating a switch (the transformer's blocks join it as new kinds).
 */
export const LAYER_KINDS: { [T in ResolvedLayer['type']]: LayerKind<Extract<ResolvedLayer, { type: T }>> } = {
  embedding: {
    // The table E [V][D]: a row per character. Tables decay like weights (they are matrices).
    params: (l, at) => [{ name: 'E', shape: [at.vocabSize, l.dim], decay: true }],
    width: (l, at) => at.context * l.dim,
    forward: (_l, _at, i) => [
      { role: 'embedding', t: embedding(i.param('E'), i.tokens, i.n, i.context, 'emb') },
    ],
  },
  dense: {
    // W{l} [units][inputs] decays; the bias b{l} never does.
    params: (l, at) => [
      { name: `W${at.dense}`, shape: [l.units, at.width], decay: true },
      { name: `b${at.dense}`, shape: [l.units], decay: false },
    ],
    width: (l) => l.units,
    forward: (l, at, i) => {
      const z = linear(i.x!, i.param(`W${at.dense}`), i.param(`b${at.dense}`), `z${at.dense}`);
      const a = activate(l.activation, z, `a${at.dense}`);
      return a === z
        ? [{ role: 'z', t: z }]
        : [
            { role: 'z', t: z },
            { role: 'a', t: a },
          ];
    },
  },
  counts: {
    // The counting model has a table of counts, not parameters: nothing is learned by gradient.
    params: () => [],
    width: (_l, at) => at.vocabSize,
    forward: () => {
      throw new Error('the counting model has no forward pass of tensors');
    },
  },
};

export function kindOf<L extends ResolvedLayer>(l: L): LayerKind<L> {
  return LAYER_KINDS[l.type] as unknown as LayerKind<L>;
}

/** Walks the layers in order, giving each its place (input width, dense index). */
export function places(layers: readonly ResolvedLayer[], vocabSize: number, context: number): LayerPlace[] {
  const out: LayerPlace[] = [];
  let width = 0;
  let dense = 0;
  for (const l of layers) {
    if (l.type === 'dense') dense++;
    const at = { vocabSize, context, width, dense };
    out.push(at);
    width = kindOf(l).width(l, at);
  }
  return out;
}
