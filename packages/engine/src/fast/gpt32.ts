import type { TextVocab } from '../gpt/data';
import { LN_EPS } from '../gpt/model';
import type { GptModelSpec, GptParamValues } from '../gpt/types';
import { CONTROL_BYTES, type Exec, type HelperInit, SerialExec, SharedExec } from './exec';
import { type GptBuffers, type ParamSlot, layoutGpt, paramSlots } from './layout';
import {
  type KernelExports,
  RESERVED_BYTES,
  type SplitKernel,
  canShareMemory,
  instantiateKernels,
  kernelMemory,
  kernelsModule,
} from './wasm';

/** How many leading pointer arguments of the element-wise kernels point into flat buffers. */
const FLAT_BUFFERS: Record<string, number> = {
  coupledDecay: 2,
  sgd: 3,
  adam: 4,
  scaleBy: 1,
};

/** Starts a helper thread with `init` (a Node worker or a Web Worker calling serveKernels) and resolves once it runs. */
export type HelperStarter = (init: HelperInit) => Promise<{ terminate(): void }>;

if (LN_EPS !== 1e-5) throw new Error('the kernels assume LayerNorm ε = 1e-5');

/**
 * nanoGPT's GPT in float32 over flat buffers: the same model as GptModel (gpt/model.ts), computed by
 * the WebAssembly kernels with every buffer laid out once (nothing is allocated per step). Forward and
 * backward are written out by hand in the order of the float64 graph; the float64 engine is the
 * reference the tests compare this with.
 */
export class Gpt32 {
  readonly spec: GptModelSpec;
  readonly vocab: TextVocab;
  readonly slots: ParamSlot[];
  readonly buf: GptBuffers;
  /** Windows of the block the buffers hold (the batch, or an evaluation chunk). */
  readonly windows: number;
  readonly memory: WebAssembly.Memory;
  private readonly module: WebAssembly.Module;
  private readonly control: number;
  private exec: Exec;
  private helper: { terminate(): void } | undefined;
  private readonly bySlot: Map<string, ParamSlot>;

  constructor(spec: GptModelSpec, vocab: TextVocab, values: GptParamValues, windows: number) {
    this.spec = spec;
    this.vocab = vocab;
    this.windows = windows;
    const V = vocab.chars.length;
    this.slots = paramSlots(spec, V);
    this.bySlot = new Map(this.slots.map((s) => [s.name, s]));
    this.control = RESERVED_BYTES;
    this.buf = layoutGpt(spec, V, windows, RESERVED_BYTES + CONTROL_BYTES);
    const shared = canShareMemory();
    this.memory = kernelMemory(this.buf.end, shared);
    this.module = kernelsModule(shared);
    this.exec = new SerialExec(instantiateKernels(this.module, this.memory));
    this.setParams(values);
  }

  get threads(): number {
    return this.exec.threads;
  }

  /** The kernels, for calls on this thread alone. */
  get kernels(): KernelExports {
    return this.exec.k;
  }

  /** A kernel over [0, count), split between the threads when there are two. */
  split(name: SplitKernel, count: number, args: readonly number[]): void {
    this.exec.split(name, count, args);
  }

  /** An element-wise kernel over floats [offset, offset + size) of flat buffers (the range is shifted). */
  splitAt(name: SplitKernel, offset: number, size: number, args: readonly number[]): void {
    const shifted = args.map((a, i) => (i < (FLAT_BUFFERS[name] ?? 0) ? a + offset * 4 : a));
    this.exec.split(name, size, shifted);
  }

  /** Whether a second thread can join (the memory is shared). */
  get canUseHelper(): boolean {
    return this.memory.buffer instanceof SharedArrayBuffer;
  }

  /** Splits the big kernels with a helper thread from now on (same numbers, about twice as fast). */
  async useHelper(start: HelperStarter): Promise<void> {
    if (!this.canUseHelper || this.helper) return;
    this.helper = await start({ module: this.module, memory: this.memory, control: this.control });
    this.exec = new SharedExec(this.exec.k, this.memory, this.control);
  }

  /** Stops the helper thread, if any (the model goes on with one thread). */
  close(): void {
    if (!this.helper) return;
    this.exec.close();
    this.helper.terminate();
    this.helper = undefined;
    this.exec = new SerialExec(this.exec.k);
  }

  get vocabSize(): number {
    return this.vocab.chars.length;
  }

  f32(byteOffset: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, byteOffset, n);
  }

  i32(byteOffset: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, byteOffset, n);
  }

  slot(name: string): ParamSlot {
    return this.bySlot.get(name)!;
  }

  /** Byte offset of a parameter in a flat buffer (params, grads, m or v). */
  at(base: number, name: string): number {
    return base + this.slot(name).offset * 4;
  }

  setParams(values: GptParamValues): void {
    const all = this.f32(this.buf.params, this.buf.floats);
    for (const s of this.slots) {
      const v = values[s.name];
      const flat = (Array.isArray(v[0]) ? (v as number[][]).flat() : v) as number[];
      for (let i = 0; i < s.size; i++) all[s.offset + i] = flat[i];
    }
  }

  /** The parameters by nanoGPT's names, as float64 numbers (each an exact float32). */
  values(base = this.buf.params): GptParamValues {
    const all = this.f32(base, this.buf.floats);
    const out: GptParamValues = {};
    for (const s of this.slots) {
      const flat = Array.from(all.subarray(s.offset, s.offset + s.size));
      out[s.name] =
        s.shape.length === 2
          ? Array.from({ length: s.shape[0] }, (_, r) => flat.slice(r * s.shape[1], (r + 1) * s.shape[1]))
          : flat;
    }
    return out;
  }

  /** Logits of the next token after `context` (its last `block` tokens). */
  nextLogits(context: readonly number[]): Float64Array {
    const ctx = context.slice(-this.spec.block);
    const T = ctx.length;
    this.i32(this.buf.tokens, T).set(ctx);
    this.forward(1, T, false);
    const V = this.vocabSize;
    return Float64Array.from(this.f32(this.buf.logits + (T - 1) * V * 4, V));
  }

  /**
   * Forward pass of B windows of T tokens already in buf.tokens (B·T of them): logits in buf.logits,
   * and, when `targets` is true, each position's −ln p in buf.losses (targets in buf.targets).
   */
  forward(B: number, T: number, withLosses: boolean): void {
    const { width: C, heads: H, layers: L } = this.spec;
    const V = this.vocabSize;
    const R = B * T;
    const b = this.buf;
    const x = this.exec;
    const P = (name: string): number => this.at(b.params, name);
    x.split(
      'encoderFwd',
      R,
      [b.res[0], b.tokens, P('transformer.wte.weight'), P('transformer.wpe.weight'), T, C],
      1,
      C,
    );
    for (let l = 0; l < L; l++) {
      const h = `transformer.h.${l}`;
      const s = b.layers[l];
      x.split(
        'layerNormFwd',
        R,
        [s.ln1, s.ln1Mean, s.ln1Rstd, b.res[l], P(`${h}.ln_1.weight`), P(`${h}.ln_1.bias`), C],
        1,
        C,
      );
      x.split(
        'matmulNT',
        R,
        [s.qkv, s.ln1, P(`${h}.attn.c_attn.weight`), P(`${h}.attn.c_attn.bias`), C, 3 * C],
        2,
        3 * C * C,
      );
      x.split('attentionFwd', B * H, [s.atty, s.att, s.qkv, T, C, H], 1, T * T * C);
      x.split(
        'matmulNT',
        R,
        [b.dtmp, s.atty, P(`${h}.attn.c_proj.weight`), P(`${h}.attn.c_proj.bias`), C, C],
        2,
        C * C,
      );
      x.split('addTo', R * C, [s.resAttn, b.res[l], b.dtmp]);
      x.split(
        'layerNormFwd',
        R,
        [s.ln2, s.ln2Mean, s.ln2Rstd, s.resAttn, P(`${h}.ln_2.weight`), P(`${h}.ln_2.bias`), C],
        1,
        C,
      );
      x.split(
        'matmulNT',
        R,
        [s.fc, s.ln2, P(`${h}.mlp.c_fc.weight`), P(`${h}.mlp.c_fc.bias`), C, 4 * C],
        2,
        4 * C * C,
      );
      x.split('geluFwd', R * 4 * C, [s.gelu, s.fc]);
      x.split(
        'matmulNT',
        R,
        [b.dtmp, s.gelu, P(`${h}.mlp.c_proj.weight`), P(`${h}.mlp.c_proj.bias`), 4 * C, C],
        2,
        4 * C * C,
      );
      x.split('addTo', R * C, [b.res[l + 1], s.resAttn, b.dtmp]);
    }
    x.split(
      'layerNormFwd',
      R,
      [b.lnf, b.lnfMean, b.lnfRstd, b.res[L], P('transformer.ln_f.weight'), P('transformer.ln_f.bias'), C],
      1,
      C,
    );
    // The tied head: logits = ln_f · wteᵀ, no bias.
    x.split('matmulNT', R, [b.logits, b.lnf, P('transformer.wte.weight'), 0, C, V], 2, C * V);
    if (withLosses) x.split('crossEntropy', R, [b.losses, 0, b.logits, b.targets, V, 0], 1, V);
  }

  /**
   * Loss and gradients of B windows (tokens and targets in place): the forward pass, the mean
   * cross-entropy (returned, summed in float64), and ∂L/∂p of every parameter in buf.grads (overwritten).
   */
  lossAndGrads(B: number, T: number): number {
    const { width: C, heads: H, layers: L } = this.spec;
    const V = this.vocabSize;
    const R = B * T;
    const b = this.buf;
    const x = this.exec;
    const P = (name: string): number => this.at(b.params, name);
    const G = (name: string): number => this.at(b.grads, name);
    this.forward(B, T, false);
    // Softmax and cross-entropy; ∂z = (p − onehot)/(B·T) replaces the logits.
    x.split('crossEntropy', R, [b.losses, b.logits, b.logits, b.targets, V, 1 / R], 1, V);
    const losses = this.f32(b.losses, R);
    let loss = 0;
    for (let i = 0; i < R; i++) loss += losses[i];
    loss /= R;
    x.split('zero', b.floats, [b.grads], 4, 1);
    // Head: ∂ln_f = ∂z·wte; ∂wte += ∂zᵀ·ln_f.
    x.split('matmulNN', R, [b.dres, b.logits, P('transformer.wte.weight'), V, C, 0], 4, V * C);
    x.split('matmulTN', V, [G('transformer.wte.weight'), b.logits, b.lnf, R, V, C], 4, R * C);
    // ln_f: ∂res[L] = LayerNorm's backward of ∂ln_f (in dtmp, then moved to dres).
    x.split('zero', R * C, [b.dtmp]);
    x.split(
      'layerNormBwdX',
      R,
      [b.dtmp, b.dres, b.res[L], b.lnfMean, b.lnfRstd, P('transformer.ln_f.weight'), C],
      1,
      C,
    );
    x.split(
      'layerNormBwdParams',
      C,
      [
        G('transformer.ln_f.weight'),
        G('transformer.ln_f.bias'),
        b.dres,
        b.res[L],
        b.lnfMean,
        b.lnfRstd,
        R,
        C,
      ],
      1,
      R,
    );
    // From here dres is ∂L/∂(the residual stream), the stream's gradient flowing down the blocks.
    const dres = b.dtmp;
    const spare = b.dres;
    for (let l = L - 1; l >= 0; l--) {
      const h = `transformer.h.${l}`;
      const s = b.layers[l];
      // res[l+1] = resAttn + c_proj(gelu): c_proj's backward.
      x.split('matmulNN', R, [b.dgelu, dres, P(`${h}.mlp.c_proj.weight`), C, 4 * C, 0], 4, 4 * C * C);
      x.split('matmulTN', C, [G(`${h}.mlp.c_proj.weight`), dres, s.gelu, R, C, 4 * C], 4, R * 4 * C);
      x.split('colSum', C, [G(`${h}.mlp.c_proj.bias`), dres, R, C], 4, R);
      x.split('geluBwd', R * 4 * C, [b.dfc, s.fc, b.dgelu]);
      x.split('matmulNN', R, [spare, b.dfc, P(`${h}.mlp.c_fc.weight`), 4 * C, C, 0], 4, 4 * C * C);
      x.split('matmulTN', 4 * C, [G(`${h}.mlp.c_fc.weight`), b.dfc, s.ln2, R, 4 * C, C], 4, R * C);
      x.split('colSum', 4 * C, [G(`${h}.mlp.c_fc.bias`), b.dfc, R, 4 * C], 4, R);
      // ln_2: its input's gradient adds to the stream's.
      x.split(
        'layerNormBwdX',
        R,
        [dres, spare, s.resAttn, s.ln2Mean, s.ln2Rstd, P(`${h}.ln_2.weight`), C],
        1,
        C,
      );
      x.split(
        'layerNormBwdParams',
        C,
        [G(`${h}.ln_2.weight`), G(`${h}.ln_2.bias`), spare, s.resAttn, s.ln2Mean, s.ln2Rstd, R, C],
        1,
        R,
      );
      // resAttn = res[l] + c_proj(y): attention's projection.
      x.split('matmulNN', R, [b.datty, dres, P(`${h}.attn.c_proj.weight`), C, C, 0], 4, C * C);
      x.split('matmulTN', C, [G(`${h}.attn.c_proj.weight`), dres, s.atty, R, C, C], 4, R * C);
      x.split('colSum', C, [G(`${h}.attn.c_proj.bias`), dres, R, C], 4, R);
      x.split('attentionBwd', B * H, [b.dqkv, b.datty, s.qkv, s.att, b.attScratch, T, C, H], 1, T * T * C);
      x.split('matmulNN', R, [spare, b.dqkv, P(`${h}.attn.c_attn.weight`), 3 * C, C, 0], 4, 3 * C * C);
      x.split('matmulTN', 3 * C, [G(`${h}.attn.c_attn.weight`), b.dqkv, s.ln1, R, 3 * C, C], 4, R * C);
      x.split('colSum', 3 * C, [G(`${h}.attn.c_attn.bias`), b.dqkv, R, 3 * C], 4, R);
      x.split(
        'layerNormBwdX',
        R,
        [dres, spare, b.res[l], s.ln1Mean, s.ln1Rstd, P(`${h}.ln_1.weight`), C],
        1,
        C,
      );
      x.split(
        'layerNormBwdParams',
        C,
        [G(`${h}.ln_1.weight`), G(`${h}.ln_1.bias`), spare, b.res[l], s.ln1Mean, s.ln1Rstd, R, C],
        1,
        R,
      );
    }
    x.split(
      'encoderBwd',
      C,
      [G('transformer.wte.weight'), G('transformer.wpe.weight'), dres, b.tokens, R, T, C],
      4,
      R,
    );
    return loss;
  }
}
