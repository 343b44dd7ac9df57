import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { type EpochTrace, type Trainer, epochJson, traceJsonFrame } from '@unha/engine';

/**
 * Text to a stream in chunks of about `chunk` characters, waiting for 'drain' whenever the stream
 * says its buffer is full: a slow reader (a pipe to a pager) holds the writer back instead of the
 * text piling up in memory.
 */
export class ChunkWriter {
  private buf = '';

  constructor(
    private readonly out: Writable,
    private readonly chunk = 1 << 16,
  ) {}

  /** Adds text; returns a promise to await when a chunk went out and the stream asked to wait. */
  write(text: string): Promise<void> | undefined {
    this.buf += text;
    return this.buf.length >= this.chunk ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.buf === '') return;
    const ok = this.out.write(this.buf);
    this.buf = '';
    if (!ok) await once(this.out, 'drain');
  }
}

/**
 * Trains to the end writing `unha run --json` epoch by epoch: the same bytes as
 * JSON.stringify(traceToJson(trace)) and a newline, without holding the epochs or the text.
 */
export async function streamRunJson(
  trainer: Trainer,
  out: Writable,
  onEpoch?: (e: EpochTrace) => void,
): Promise<void> {
  const w = new ChunkWriter(out);
  const trace = trainer.trace;
  await w.write(traceJsonFrame(trace).head);
  let sep = '';
  for (let e = trainer.stepEpoch(); e !== null; e = trainer.stepEpoch()) {
    onEpoch?.(e);
    const wait = w.write(sep + epochJson(trace, e));
    if (wait) await wait;
    sep = ',';
  }
  // The tail holds `diverged`, known only now.
  await w.write(`${traceJsonFrame(trace).tail}\n`);
  await w.flush();
}

/** Lines to a stream through a ChunkWriter (a table of a million rows is not one string). */
export async function writeLines(lines: Iterable<string>, out: Writable): Promise<void> {
  const w = new ChunkWriter(out);
  for (const l of lines) {
    const wait = w.write(`${l}\n`);
    if (wait) await wait;
  }
  await w.flush();
}

/** A language model's run as its JSON contract reads it (part 1's LmRun, the GPT's GptRun). */
export interface StepRun {
  steps: { step: number; loss: number; lr: number }[];
  final: { trainLoss: number; valLoss?: number; params: Record<string, unknown> };
}

/**
 * Trains a language model to the end writing its `unha run --json` contract step by step: the same
 * text as JSON.stringify(toJson(trainer.run())), without holding the steps or the text. `toJson` is
 * the engine's lmRunJson or gptRunJson; each step is written as it writes one.
 */
export async function streamStepsJson<
  S extends { step: number; loss: number; lr: number },
  R extends StepRun,
>(
  trainer: { step(): S | null; result(): R },
  toJson: (run: R) => unknown,
  out: Writable,
  onStep?: (s: S) => void,
): Promise<void> {
  const w = new ChunkWriter(out);
  const HEAD = '{"steps":[';
  await w.write(HEAD);
  let sep = '';
  for (let s = trainer.step(); s !== null; s = trainer.step()) {
    onStep?.(s);
    const one = toJson({ steps: [{ step: s.step, loss: s.loss, lr: s.lr }], final: EMPTY_FINAL } as R);
    const wait = w.write(sep + JSON.stringify((one as { steps: unknown[] }).steps[0]));
    if (wait) await wait;
    sep = ',';
  }
  // The final losses and parameters, and `diverged`, known only now.
  const whole = JSON.stringify(toJson({ ...trainer.result(), steps: [] }));
  if (!whole.startsWith(`${HEAD}]`)) throw new Error('the run JSON no longer starts with its steps');
  await w.write(`${whole.slice(HEAD.length)}\n`);
  await w.flush();
}

const EMPTY_FINAL = { trainLoss: 0, params: {} };
