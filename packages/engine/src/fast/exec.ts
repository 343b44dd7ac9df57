import { type KernelExports, SPLIT_KERNELS, type SplitKernel, instantiateKernels } from './wasm';

/**
 * How the float32 kernels run: on this thread alone, or shared with a helper thread over the same
 * memory. A split kernel's range [0, count) is cut into chunks at fixed points (multiples of `align`);
 * this thread takes chunks from the front, the helper from the back, each claiming one at a time, so
 * that a helper that is slow to wake (a busy machine) only takes less of the work and never holds this
 * thread up. Every output element is computed by one thread with the same order of sums whichever chunk
 * and thread it falls to, so the numbers do not depend on the number of threads.
 */
export interface Exec {
  readonly k: KernelExports;
  readonly threads: number;
  /** `work` is the cost of one unit of the range (small calls are not split). */
  split(name: SplitKernel, count: number, args: readonly number[], align?: number, work?: number): void;
  /** Stops the helper thread (its loop returns). */
  close(): void;
}

/** Below this much work a split costs more than it saves (a claim is an atomic operation or two). */
const MIN_SPLIT = 4096;
/** Chunks per split kernel: enough to balance two threads when one is late, few enough to stay cheap. */
const CHUNKS = 8;

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
 * The command block, CONTROL_BYTES at `control` in the shared memory, Int32 words:
 * [0] TICKET = seq·2¹² + n·2⁸ + back·2⁴ + front: the command's sequence number, its number of chunks,
 *     and how many were claimed from each end (a chunk is claimed by a compare-and-swap of this word);
 * [1] DONE, chunks finished; [2] the kernel's number in SPLIT_KERNELS (−1: stop); [3] count;
 * [4] chunk size; [5] 1 when a kernel threw on the helper; from byte 64, the kernel's other arguments
 * as Float64. The fields are written before the ticket is published and stay put until every chunk is
 * done, so whoever claims a chunk of a ticket reads that ticket's command.
 */
export const CONTROL_BYTES = 256;
const TICKET = 0;
const DONE = 1;
const OP = 2;
const COUNT = 3;
const SIZE = 4;
const FAILED = 5;
const ARGS_AT = 64;
const MAX_ARGS = 12;
const SPIN = 2000;

const chunks = (t: number): number => (t >> 8) & 15;
const claimed = (t: number): number => ((t >> 4) & 15) + (t & 15);

/** Claims a chunk of the current ticket from the front (or the back): its index, or −1 when none is left. */
function claim(w: Int32Array, back: boolean): number {
  for (;;) {
    const t = Atomics.load(w, TICKET);
    const n = chunks(t);
    if (claimed(t) >= n) return -1;
    if (Atomics.compareExchange(w, TICKET, t, t + (back ? 16 : 1)) === t)
      return back ? n - 1 - ((t >> 4) & 15) : t & 15;
  }
}

/** Runs chunk c of the command in the block (arguments read from it, no array built). */
function runChunk(k: KernelExports, w: Int32Array, a: Float64Array, c: number): void {
  const fn: (...x: number[]) => void = k[SPLIT_KERNELS[w[OP]]];
  const size = w[SIZE];
  const lo = c * size;
  const hi = Math.min(w[COUNT], lo + size);
  fn(lo, hi, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
}

/** What a helper thread needs: post it to the worker, which calls serveKernels with it. */
export interface HelperInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: number;
}

const OPS = new Map(SPLIT_KERNELS.map((name, i) => [name, i]));

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
    this.args = new Float64Array(memory.buffer, control + ARGS_AT, MAX_ARGS);
  }

  split(name: SplitKernel, count: number, args: readonly number[], align = 4, work = 1): void {
    const size = Math.ceil(count / CHUNKS / align) * align;
    const n = Math.ceil(count / size);
    if (n < 2 || count * work < MIN_SPLIT) {
      const fn: (...a: number[]) => void = this.k[name];
      fn(0, count, ...args);
      return;
    }
    const w = this.words;
    const a = this.args;
    w[OP] = OPS.get(name)!;
    w[COUNT] = count;
    w[SIZE] = size;
    for (let i = 0; i < args.length; i++) a[i] = args[i];
    this.publish(n);
    for (let c = claim(w, false); c >= 0; c = claim(w, false)) {
      runChunk(this.k, w, a, c);
      Atomics.add(w, DONE, 1);
    }
    // Chunks the helper took may still run: wait for them (spinning first, they are short).
    let spins = 0;
    for (let d = Atomics.load(w, DONE); d !== n; d = Atomics.load(w, DONE))
      if (++spins > SPIN) Atomics.wait(w, DONE, d, 10);
    if (w[FAILED] === 1) throw new Error(`float32 kernels: the helper thread failed in ${name}`);
  }

  private publish(n: number): void {
    const w = this.words;
    Atomics.store(w, DONE, 0);
    w[FAILED] = 0;
    this.seq = (this.seq + 1) & 0x7ffff;
    Atomics.store(w, TICKET, (this.seq << 12) | (n << 8));
    Atomics.notify(w, TICKET);
  }

  close(): void {
    this.words[OP] = -1;
    this.publish(1);
  }
}

/**
 * The helper thread's loop (call it in a worker; it returns when the main thread closes): claim chunks
 * from the back of each command, report each one done, wait for the next command.
 */
export function serveKernels(init: HelperInit): void {
  const k = instantiateKernels(init.module, init.memory);
  const w = new Int32Array(init.memory.buffer, init.control, ARGS_AT / 4);
  const a = new Float64Array(init.memory.buffer, init.control + ARGS_AT, MAX_ARGS);
  for (;;) {
    const c = claim(w, true);
    if (c >= 0) {
      if (w[OP] < 0) return;
      try {
        runChunk(k, w, a, c);
      } catch {
        w[FAILED] = 1;
      }
      Atomics.add(w, DONE, 1);
      Atomics.notify(w, DONE);
      continue;
    }
    // Nothing left to claim: spin a little (the next command usually follows at once), then sleep.
    const t = Atomics.load(w, TICKET);
    let spins = 0;
    while (Atomics.load(w, TICKET) === t && claimed(t) >= chunks(t)) {
      if (++spins > SPIN) Atomics.wait(w, TICKET, t, 1000);
    }
  }
}
