import { KERNELS_SHARED_BASE64, KERNELS_SINGLE_BASE64 } from './kernels-wasm';

/** The float32 kernels' exports (asm/*.ts); pointers are byte offsets into the shared memory. */
export interface KernelExports {
  matmulNT: (
    lo: number,
    hi: number,
    y: number,
    x: number,
    w: number,
    b: number,
    K: number,
    N: number,
  ) => void;
  matmulNN: (
    lo: number,
    hi: number,
    dx: number,
    dy: number,
    w: number,
    N: number,
    K: number,
    acc: number,
  ) => void;
  matmulTN: (
    lo: number,
    hi: number,
    dw: number,
    dy: number,
    x: number,
    M: number,
    N: number,
    K: number,
  ) => void;
  colSum: (lo: number, hi: number, db: number, dy: number, M: number, N: number) => void;
  encoderFwd: (
    lo: number,
    hi: number,
    out: number,
    tokens: number,
    wte: number,
    wpe: number,
    T: number,
    C: number,
  ) => void;
  encoderBwd: (
    lo: number,
    hi: number,
    dwte: number,
    dwpe: number,
    dout: number,
    tokens: number,
    R: number,
    T: number,
    C: number,
  ) => void;
  layerNormFwd: (
    lo: number,
    hi: number,
    out: number,
    mean: number,
    rstd: number,
    x: number,
    w: number,
    b: number,
    C: number,
  ) => void;
  layerNormBwdX: (
    lo: number,
    hi: number,
    dx: number,
    dout: number,
    x: number,
    mean: number,
    rstd: number,
    w: number,
    C: number,
  ) => void;
  layerNormBwdParams: (
    lo: number,
    hi: number,
    dw: number,
    db: number,
    dout: number,
    x: number,
    mean: number,
    rstd: number,
    R: number,
    C: number,
  ) => void;
  attentionFwd: (
    lo: number,
    hi: number,
    out: number,
    att: number,
    qkv: number,
    T: number,
    C: number,
    H: number,
  ) => void;
  attentionBwd: (
    lo: number,
    hi: number,
    dqkv: number,
    dout: number,
    qkv: number,
    att: number,
    scratch: number,
    T: number,
    C: number,
    H: number,
  ) => void;
  geluFwd: (lo: number, hi: number, out: number, x: number) => void;
  geluBwd: (lo: number, hi: number, dx: number, x: number, dout: number) => void;
  addTo: (lo: number, hi: number, out: number, a: number, b: number) => void;
  crossEntropy: (
    lo: number,
    hi: number,
    losses: number,
    dz: number,
    z: number,
    targets: number,
    V: number,
    scale: number,
  ) => void;
  sumSquares: (lo: number, hi: number, x: number) => number;
  scaleBy: (lo: number, hi: number, x: number, s: number) => void;
  coupledDecay: (lo: number, hi: number, g: number, p: number, wd: number) => void;
  adam: (
    lo: number,
    hi: number,
    p: number,
    g: number,
    m: number,
    v: number,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    decay: number,
    bc1: number,
    bc2: number,
  ) => void;
  sgd: (
    lo: number,
    hi: number,
    p: number,
    g: number,
    buf: number,
    lr: number,
    momentum: number,
    first: number,
  ) => void;
  zero: (lo: number, hi: number, x: number) => void;
}

/** Kernels that take (lo, hi) first and may be split between threads, by name. */
export type SplitKernel = {
  [K in keyof KernelExports]: KernelExports[K] extends (lo: number, hi: number, ...rest: number[]) => void
    ? K
    : never;
}[keyof KernelExports];

/** Their numbers in the two threads' command block (the same list on both sides). */
export const SPLIT_KERNELS: readonly SplitKernel[] = [
  'matmulNT',
  'matmulNN',
  'matmulTN',
  'colSum',
  'encoderFwd',
  'encoderBwd',
  'layerNormFwd',
  'layerNormBwdX',
  'layerNormBwdParams',
  'attentionFwd',
  'attentionBwd',
  'geluFwd',
  'geluBwd',
  'addTo',
  'crossEntropy',
  'scaleBy',
  'coupledDecay',
  'adam',
  'sgd',
  'zero',
];

const compiled = new Map<boolean, WebAssembly.Module>();

/** The module's bytes: for a shared memory (two threads) or a plain one. */
export function kernelsBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const bin = atob(shared ? KERNELS_SHARED_BASE64 : KERNELS_SINGLE_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The kernels' compiled module (once per thread; a Module can also be posted to a worker). */
export function kernelsModule(shared: boolean): WebAssembly.Module {
  let m = compiled.get(shared);
  if (!m) {
    m = new WebAssembly.Module(kernelsBytes(shared));
    compiled.set(shared, m);
  }
  return m;
}

/** The kernels bound to a memory (shared between the threads). */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort: () => {
        throw new Error('float32 kernels: abort');
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}

/** Bytes below this are the kernels' own (their static data); buffers start here. */
export const RESERVED_BYTES = 65536;
const PAGE = 65536;

/** A shared memory of at least `bytes` (a plain one where SharedArrayBuffer is missing). */
export function kernelMemory(bytes: number, shared: boolean): WebAssembly.Memory {
  const pages = Math.ceil((bytes + RESERVED_BYTES) / PAGE);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
}

/** Whether this JavaScript can share memory between threads (cross-origin isolated in a browser). */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const iso = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return iso !== false;
}
