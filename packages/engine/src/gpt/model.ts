import { add } from '../ops/add';
import { bmm } from '../ops/bmm';
import { causalMask } from '../ops/causal-mask';
import { rowNll } from '../ops/cross-entropy';
import { embedding } from '../ops/embedding';
import { gelu } from '../ops/gelu';
import { mergeHeads } from '../ops/merge-heads';
import { splitHeads } from '../ops/split-heads';
import { layerNorm } from '../ops/layer-norm';
import { linear } from '../ops/linear';
import { mul } from '../ops/mul';
import { reshape } from '../ops/reshape';
import { scale } from '../ops/scale';
import { softmax } from '../ops/softmax';
import { transposeLast } from '../ops/transpose-last';
import type { Rng } from '../rng';
import { Tensor, parameter } from '../tensor';
import type { ParamSpec } from '../lm/layers';
import type { TextVocab } from './data';
import type { GptModelSpec, GptParamValues } from './types';

/** LayerNorm's ε, as nanoGPT's (PyTorch's default). */
export const LN_EPS = 1e-5;
/** nanoGPT's initial standard deviation of every weight. */
export const INIT_STD = 0.02;

type Shape = Pick<GptModelSpec, 'layers' | 'width' | 'block'>;

/**
 * Every parameter in nanoGPT's state_dict order, with PyTorch's [out][in] shapes. Tensors of two or more
 * dimensions decay under AdamW (nanoGPT's configure_optimizers); biases and LayerNorm weights do not.
 * The output head is tied: lm_head.weight IS transformer.wte.weight, so it is not listed twice.
 */
export function gptParamSpecs(m: Shape, vocabSize: number): ParamSpec[] {
  const c = m.width;
  const p = (name: string, shape: number[]): ParamSpec => ({ name, shape, decay: shape.length >= 2 });
  const out = [p('transformer.wte.weight', [vocabSize, c]), p('transformer.wpe.weight', [m.block, c])];
  for (let i = 0; i < m.layers; i++) {
    const h = `transformer.h.${i}`;
    out.push(
      p(`${h}.ln_1.weight`, [c]),
      p(`${h}.ln_1.bias`, [c]),
      p(`${h}.attn.c_attn.weight`, [3 * c, c]),
      p(`${h}.attn.c_attn.bias`, [3 * c]),
      p(`${h}.attn.c_proj.weight`, [c, c]),
      p(`${h}.attn.c_proj.bias`, [c]),
      p(`${h}.ln_2.weight`, [c]),
      p(`${h}.ln_2.bias`, [c]),
      p(`${h}.mlp.c_fc.weight`, [4 * c, c]),
      p(`${h}.mlp.c_fc.bias`, [4 * c]),
      p(`${h}.mlp.c_proj.weight`, [c, 4 * c]),
      p(`${h}.mlp.c_proj.bias`, [c]),
    );
  }
  out.push(p('transformer.ln_f.weight', [c]), p('transformer.ln_f.bias', [c]));
  return out;
}

/** The number of parameters (the tied head counted once, as nanoGPT's get_num_params with wpe). */
export function gptParamCount(m: Shape, vocabSize: number): number {
  return gptParamSpecs(m, vocabSize).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
}

/**
 * nanoGPT's initialisation from our seeded generator, in the order of gptParamSpecs, row by row:
 * every weight N(0, 0.02), the residual projections (c_proj) N(0, 0.02/√(2·layers)) so that the sum of
 * 2·layers residual additions keeps its scale, biases 0, LayerNorm weights 1.
 */
export function initGptParams(m: Shape, vocabSize: number, rng: Rng): GptParamValues {
  const out: GptParamValues = {};
  const projStd = INIT_STD / Math.sqrt(2 * m.layers);
  for (const { name, shape } of gptParamSpecs(m, vocabSize)) {
    if (shape.length === 2) {
      const std = name.endsWith('c_proj.weight') ? projStd : INIT_STD;
      out[name] = Array.from({ length: shape[0] }, () =>
        Array.from({ length: shape[1] }, () => std * rng.normal()),
      );
    } else {
      const isLnWeight = /\.ln_(1|2|f)\.weight$/.test(name);
      out[name] = new Array<number>(shape[0]).fill(isLnWeight ? 1 : 0);
    }
  }
  return out;
}

/** One forward pass: the logits and every named value of the graph (names in docs/gpt.md). */
export interface GptForward {
  B: number;
  T: number;
  logits: Tensor;
  /** Tensors of the graph by name (attention's are [B·H, T, …]). */
  named: Map<string, Tensor>;
  /** LayerNorm statistics by name (`h.0.ln_1.mean`, `…rstd`): numbers, not part of the graph. */
  stats: Map<string, Float64Array>;
}

export interface Dropout {
  p: number;
  rng: Rng;
}

/** Inverted dropout: a 0/(1/(1−p)) mask from the seeded generator, multiplied in (a constant). */
function drop(x: Tensor, d: Dropout | undefined, label: string): Tensor {
  if (!d || d.p <= 0) return x;
  const m = new Float64Array(x.size);
  const keep = 1 / (1 - d.p);
  for (let k = 0; k < m.length; k++) m[k] = d.rng.next() < d.p ? 0 : keep;
  return mul(x, new Tensor(m, x.shape), label);
}

/**
 * nanoGPT's GPT: token + position embeddings, `layers` blocks of pre-LayerNorm causal self-attention
 * and MLP (GELU) with residual connections, a final LayerNorm and the output head tied to wte.
 * Written with the engine's ops, so every intermediate value and its gradient can be looked at.
 */
export class GptModel {
  readonly vocab: TextVocab;
  readonly spec: GptModelSpec;
  readonly params: Map<string, Tensor>;

  constructor(vocab: TextVocab, spec: GptModelSpec, values: GptParamValues) {
    this.vocab = vocab;
    this.spec = spec;
    this.params = new Map(
      gptParamSpecs(spec, vocab.chars.length).map(({ name }) => [name, parameter(values[name], name)]),
    );
  }

  get vocabSize(): number {
    return this.vocab.chars.length;
  }

  private p(name: string): Tensor {
    return this.params.get(name)!;
  }

  values(): GptParamValues {
    const out: GptParamValues = {};
    for (const [n, t] of this.params) out[n] = t.toNested() as number[] | number[][];
    return out;
  }

  /** Forward pass of B windows of T tokens each (tokens row-major, B·T) to logits [B·T, V]. */
  forward(tokens: Int32Array, B: number, T: number, dropout?: Dropout): GptForward {
    const { width: C, heads: H, layers } = this.spec;
    if (T > this.spec.block) throw new Error(`GptModel: ${T} positions but the block is ${this.spec.block}`);
    const named = new Map<string, Tensor>();
    const stats = new Map<string, Float64Array>();
    const keep = <X extends Tensor>(name: string, t: X): X => {
      named.set(name, t);
      return t;
    };
    const ln = (x: Tensor, prefix: string, name: string): Tensor => {
      const r = layerNorm(x, this.p(`${prefix}.weight`), this.p(`${prefix}.bias`), LN_EPS, name);
      stats.set(`${name}.mean`, r.mean);
      stats.set(`${name}.rstd`, r.rstd);
      return keep(name, r.out);
    };
    const tok = keep('tok', embedding(this.p('transformer.wte.weight'), tokens, B * T, 1, 'tok'));
    const positions = Int32Array.from({ length: T }, (_, t) => t);
    const pos = keep('pos', embedding(this.p('transformer.wpe.weight'), positions, T, 1, 'pos'));
    const sum = reshape(add(reshape(tok, [B, T, C]), pos), [B * T, C]);
    let x = keep('x', drop(sum, dropout, 'x'));
    const d = C / H;
    for (let i = 0; i < layers; i++) {
      const h = `transformer.h.${i}`;
      const r = `h.${i}`;
      const ln1 = ln(x, `${h}.ln_1`, `${r}.ln_1`);
      const qkv = keep(
        `${r}.attn.qkv`,
        linear(ln1, this.p(`${h}.attn.c_attn.weight`), this.p(`${h}.attn.c_attn.bias`)),
      );
      const [q, k, v] = splitHeads(qkv, B, T, H);
      keep(`${r}.attn.q`, q);
      keep(`${r}.attn.k`, k);
      keep(`${r}.attn.v`, v);
      // (q·kᵀ)·(1/√d), in this order, as nanoGPT writes it.
      const scores = keep(`${r}.attn.scores`, scale(bmm(q, transposeLast(k)), 1 / Math.sqrt(d)));
      const masked = keep(`${r}.attn.masked`, causalMask(scores));
      const weights = keep(`${r}.attn.weights`, softmax(masked));
      const y = keep(`${r}.attn.y`, bmm(drop(weights, dropout, `${r}.attn.drop`), v));
      const merged = keep(`${r}.attn.merged`, mergeHeads(y, B, T, H));
      const proj = linear(merged, this.p(`${h}.attn.c_proj.weight`), this.p(`${h}.attn.c_proj.bias`));
      const out = keep(`${r}.attn.out`, drop(proj, dropout, `${r}.attn.out`));
      x = keep(`${r}.x_attn`, add(x, out));
      const ln2 = ln(x, `${h}.ln_2`, `${r}.ln_2`);
      const fc = keep(
        `${r}.mlp.fc`,
        linear(ln2, this.p(`${h}.mlp.c_fc.weight`), this.p(`${h}.mlp.c_fc.bias`)),
      );
      const g = keep(`${r}.mlp.gelu`, gelu(fc));
      const mproj = linear(g, this.p(`${h}.mlp.c_proj.weight`), this.p(`${h}.mlp.c_proj.bias`));
      const mout = keep(`${r}.mlp.out`, drop(mproj, dropout, `${r}.mlp.out`));
      x = keep(`${r}.x_out`, add(x, mout));
    }
    const lnf = ln(x, 'transformer.ln_f', 'ln_f');
    // The tied head: logits = ln_f · wteᵀ (a linear layer whose weight is the token table, no bias).
    const zero = new Tensor(new Float64Array(this.vocabSize), [this.vocabSize]);
    const logits = keep('logits', linear(lnf, this.p('transformer.wte.weight'), zero, 'logits'));
    return { B, T, logits, named, stats };
  }

  /** Logits of the next token after `context` (its last `block` tokens are read). */
  nextLogits(context: readonly number[]): Float64Array {
    const ctx = context.slice(-this.spec.block);
    const T = ctx.length;
    const z = this.forward(Int32Array.from(ctx), 1, T).logits.data;
    const v = this.vocabSize;
    return z.slice((T - 1) * v, T * v);
  }

  /** Mean cross-entropy over every position of the windows [s, s+T) of `tokens`, targets one ahead. */
  meanLoss(tokens: Int32Array, starts: readonly number[], T: number, chunk = 16): number {
    if (starts.length === 0 || T < 1) return NaN;
    const v = this.vocabSize;
    let total = 0;
    for (let c = 0; c < starts.length; c += chunk) {
      const rows = starts.slice(c, c + chunk);
      const input = new Int32Array(rows.length * T);
      rows.forEach((s, r) => input.set(tokens.subarray(s, s + T), r * T));
      const z = this.forward(input, rows.length, T).logits.data;
      rows.forEach((s, r) => {
        for (let t = 0; t < T; t++) total += rowNll(z, (r * T + t) * v, v, tokens[s + t + 1]);
      });
    }
    return total / (starts.length * T);
  }
}
