import { gptParamSpecs } from '../gpt/model';
import type { GptModelSpec } from '../gpt/types';

/** Where one parameter lives in the flat buffers (offsets in floats from the buffer's start). */
export interface ParamSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
  decay: boolean;
}

/** A bump allocator of float-sized slots over the kernels' memory (byte offsets, 16-byte aligned). */
export class Arena {
  private next: number;
  constructor(start: number) {
    this.next = start;
  }
  /** Room for n floats (or int32s); returns the byte offset. */
  take(n: number): number {
    const at = this.next;
    this.next += Math.ceil((n * 4) / 16) * 16;
    return at;
  }
  get end(): number {
    return this.next;
  }
}

/** The parameters in nanoGPT's state_dict order, one after the other in one flat buffer. */
export function paramSlots(
  spec: Pick<GptModelSpec, 'layers' | 'width' | 'block'>,
  vocabSize: number,
): ParamSlot[] {
  let offset = 0;
  return gptParamSpecs(spec, vocabSize).map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    // Every tensor starts on a 16-byte boundary so that the kernels' vector loads stay aligned.
    const slot = { name: p.name, shape: p.shape, offset, size, decay: p.decay };
    offset += Math.ceil(size / 4) * 4;
    return slot;
  });
}

/** The floats the flat parameter buffer needs (with the alignment gaps). */
export function paramFloats(slots: readonly ParamSlot[]): number {
  const last = slots[slots.length - 1];
  return Math.ceil((last.offset + last.size) / 4) * 4;
}

/** One block's saved values for the backward pass (byte offsets). */
export interface LayerBuffers {
  ln1: number;
  ln1Mean: number;
  ln1Rstd: number;
  qkv: number;
  att: number;
  atty: number;
  /** The residual after attention: x + c_proj(y). */
  resAttn: number;
  ln2: number;
  ln2Mean: number;
  ln2Rstd: number;
  fc: number;
  gelu: number;
}

/** Every buffer of a float32 GPT for up to `rows` windows of the block (byte offsets into the memory). */
export interface GptBuffers {
  params: number;
  grads: number;
  m: number;
  v: number;
  floats: number;
  tokens: number;
  targets: number;
  /** residual streams: res[0] the embeddings, res[l + 1] block l's output. */
  res: number[];
  layers: LayerBuffers[];
  lnf: number;
  lnfMean: number;
  lnfRstd: number;
  logits: number;
  losses: number;
  /** Scratch of the backward pass. */
  dres: number;
  dtmp: number;
  dqkv: number;
  datty: number;
  dfc: number;
  dgelu: number;
  /** ∂z of the attention scores: T·T floats per (window, head) pair. */
  attScratch: number;
  /** Bytes used. */
  end: number;
}

/** Lays out the buffers of a GPT for `windows` windows of `block` positions from byte `start`. */
export function layoutGpt(spec: GptModelSpec, vocabSize: number, windows: number, start: number): GptBuffers {
  const a = new Arena(start);
  const { width: C, heads: H, block: T, layers: L } = spec;
  const R = windows * T;
  const floats = paramFloats(paramSlots(spec, vocabSize));
  const params = a.take(floats);
  const grads = a.take(floats);
  const m = a.take(floats);
  const v = a.take(floats);
  const tokens = a.take(R);
  const targets = a.take(R);
  const res = Array.from({ length: L + 1 }, () => a.take(R * C));
  const layers = Array.from({ length: L }, (): LayerBuffers => ({
    ln1: a.take(R * C),
    ln1Mean: a.take(R),
    ln1Rstd: a.take(R),
    qkv: a.take(R * 3 * C),
    att: a.take(windows * H * T * T),
    atty: a.take(R * C),
    resAttn: a.take(R * C),
    ln2: a.take(R * C),
    ln2Mean: a.take(R),
    ln2Rstd: a.take(R),
    fc: a.take(R * 4 * C),
    gelu: a.take(R * 4 * C),
  }));
  const lnf = a.take(R * C);
  const lnfMean = a.take(R);
  const lnfRstd = a.take(R);
  const logits = a.take(R * vocabSize);
  const losses = a.take(R);
  const dres = a.take(R * C);
  const dtmp = a.take(R * C);
  const dqkv = a.take(R * 3 * C);
  const datty = a.take(R * C);
  const dfc = a.take(R * 4 * C);
  const dgelu = a.take(R * 4 * C);
  const attScratch = a.take(windows * H * T * T);
  return {
    params,
    grads,
    m,
    v,
    floats,
    tokens,
    targets,
    res,
    layers,
    lnf,
    lnfMean,
    lnfRstd,
    logits,
    losses,
    dres,
    dtmp,
    dqkv,
    datty,
    dfc,
    dgelu,
    attScratch,
    end: a.end,
  };
}
