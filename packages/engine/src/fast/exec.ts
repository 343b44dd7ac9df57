import { type KernelExports, SPLIT_KERNELS, type SplitKernel, instantiateKernels } from './wasm';

/**
 * How the float32 kernels run: on this thread alone, or split between this thread and a helper thread
 * that shares the memory. A split kernel's range [0, count) is cut in two at a point rounded to
 * `align`; the helper runs the upper part while this thread runs the lower, then this thread waits.
 * Every output element is computed by one thread with the same order of sums, so the numbers do not
 * depend on the number of threads.
 */
export interface Exec {
  readonly k: KernelExports;
  readonly threads: number;
  /** `work` is the cost of one unit of the range (small calls are not split). */
  split(name: SplitKernel, count: number, args: readonly number[], align?: number, work?: number): void;
  /** Stops the helper thread (its loop returns). */
  close(): void;
}

/** Below this much work a split costs more than it saves (a wake-up is tens of microseconds). */
const MIN_SPLIT = 2048;

export class SerialExec implements Exec {
  readonly threads = 1;
  constructor(readonly k: KernelExports) {}
  split(name: SplitKernel, count: number, args: readonly number[]): void {
    const fn: (...a: number[]) => void = this.k[name];
    fn(0, count, ...args);
  }
  close(): void {}
}

/**
 * The command block, CONTROL_BYTES at `control` in the shared memory: Int32 words
 * [0] sequence number (this thread counts up), [1] the sequence the helper finished, [2] the kernel's
 * number in SPLIT_KERNELS (−1: stop), [3] lo, [4] hi, [5] 1 when the helper's kernel threw;
 * then from byte 64 the kernel's other arguments as Float64.
 */
export const CONTROL_BYTES = 256;
const SEQ = 0;
const DONE = 1;
const OP = 2;
const LO = 3;
const HI = 4;
const FAILED = 5;
const ARGS_AT = 64;
const SPIN = 4000;

/** What a helper thread needs: post it to the worker, which calls serveKernels with it. */
export interface HelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
}

export class SharedExec implements Exec {
  readonly threads = 2;
  private readonly words: Int32Array;
  private readonly args: Float64Array;
  private seq = 0;

  constructor(
    readonly k: KernelExports,
    memory: WebAssembly.Memory,
    control: number,
  ) {
    this.words = new Int32Array(memory.buffer, control, ARGS_AT / 4);
    this.args = new Float64Array(memory.buffer, control + ARGS_AT, (CONTROL_BYTES - ARGS_AT) / 8);
  }

  split(name: SplitKernel, count: number, args: readonly number[], align = 4, work = 1): void {
    const fn: (...a: number[]) => void = this.k[name];
    const mid = Math.floor(count / 2 / align) * align;
    if (mid === 0 || count * work < MIN_SPLIT) {
      fn(0, count, ...args);
      return;
    }
    const w = this.words;
    w[OP] = SPLIT_KERNELS.indexOf(name);
    w[LO] = mid;
    w[HI] = count;
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    const s = ++this.seq;
    Atomics.store(w, SEQ, s);
    Atomics.notify(w, SEQ);
    fn(0, mid, ...args);
    let spins = 0;
    while (Atomics.load(w, DONE) !== s) {
      if (++spins > SPIN) Atomics.wait(w, DONE, Atomics.load(w, DONE), 1000);
    }
    if (w[FAILED] === 1) throw new Error(`float32 kernels: the helper thread failed in ${name}`);
  }

  close(): void {
    const w = this.words;
    w[OP] = -1;
    Atomics.store(w, SEQ, ++this.seq);
    Atomics.notify(w, SEQ);
  }
}

/**
 * The helper thread's loop (call it in a worker; it returns when the main thread closes): wait for a
 * command, run the upper part of the range, report done.
 */
export function serveKernels(init: HelperInit): void {
  const k = instantiateKernels(init.module, init.memory);
  const w = new Int32Array(init.memory.buffer, init.control, ARGS_AT / 4);
  const args = new Float64Array(init.memory.buffer, init.control + ARGS_AT, (CONTROL_BYTES - ARGS_AT) / 8);
  let last = Atomics.load(w, SEQ);
  for (;;) {
    let spins = 0;
    while (Atomics.load(w, SEQ) === last) {
      if (++spins > SPIN) Atomics.wait(w, SEQ, last, 1000);
    }
    last = Atomics.load(w, SEQ);
    const op = w[OP];
    if (op < 0) return;
    const name = SPLIT_KERNELS[op];
    const fn: (...a: number[]) => void = k[name];
    try {
      fn(w[LO], w[HI], ...Array.from(args.subarray(0, fn.length - 2)));
      w[FAILED] = 0;
    } catch {
      w[FAILED] = 1;
    }
    Atomics.store(w, DONE, last);
    Atomics.notify(w, DONE);
  }
}
