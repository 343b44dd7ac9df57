import { availableParallelism } from 'node:os';
import {
  Gpt32,
  type GptCheckpoint,
  type GptExperiment,
  type GptModel,
  type GptTrainer,
  type GptTrainer32,
  canShareMemory,
  gptModelFromCheckpoint,
} from '@unha/engine';
import type { Locale } from '@unha/explain';
import { UserError } from '../errors';
import { gptWords } from '../gpt/words';
import { words } from '../words';
import { startNodeHelper } from './node-helper';

/** Either trainer createGptTrainer gives (by the experiment's dtype). */
export type AnyGptTrainer = GptTrainer | GptTrainer32;
export type Dtype = 'float32' | 'float64';

/** `--dtype` and `--threads` as commander gives them (text). */
export interface ComputeFlags {
  dtype?: string;
  threads?: string;
}

/** The flags read and held to their values: a bad one is words before anything is loaded. */
export interface Compute {
  dtype?: Dtype;
  threads?: 1 | 2;
}

const DTYPES: readonly Dtype[] = ['float32', 'float64'];

export function computeFrom(o: ComputeFlags, locale: Locale): Compute {
  const gw = gptWords(locale);
  const out: Compute = {};
  if (o.dtype !== undefined) {
    const d = o.dtype.trim().toLowerCase() as Dtype;
    if (!DTYPES.includes(d)) throw new UserError([words(locale).badFlag('--dtype', o.dtype, gw.dtypeNames)]);
    out.dtype = d;
  }
  if (o.threads !== undefined) {
    const t = o.threads.trim();
    if (t !== '1' && t !== '2')
      throw new UserError([words(locale).badFlag('--threads', o.threads, gw.threadsRange)]);
    out.threads = t === '1' ? 1 : 2;
  }
  return out;
}

/**
 * The threads a float32 run uses: --threads, else two where the kernels' memory can be shared and the
 * machine has a second core (a second thread on one core only takes turns with the first).
 */
export function threadsFor(c: Compute): 1 | 2 {
  if (c.threads !== undefined) return c.threads;
  return canShareMemory() && availableParallelism() > 1 ? 2 : 1;
}

/** Refuses --threads 2 on a float64 experiment (its graph runs on one thread), naming the source. */
export function checkThreads(exp: GptExperiment, c: Compute, source: string, locale: Locale): void {
  if (c.threads === 2 && exp.dtype !== 'float32')
    throw new UserError([gptWords(locale).threadsFloat64(source)]);
}

/** Has a float32 trainer split its big kernels with a helper thread when `threads` is 2. */
export async function startThreads(t: AnyGptTrainer, threads: 1 | 2): Promise<void> {
  if (threads === 2 && 'useHelper' in t) await t.useHelper(startNodeHelper);
}

/** Stops a float32 trainer's helper thread (a float64 trainer has none). */
export function closeTrainer(t: AnyGptTrainer): void {
  if ('close' in t) t.close();
}

/** "float32 · 2 threads": how the run computes, for the headers. */
export function computeText(t: AnyGptTrainer, locale: Locale): string {
  const dtype: Dtype = t.experiment.dtype === 'float32' ? 'float32' : 'float64';
  return gptWords(locale).computedIn(dtype, 'threads' in t ? t.threads : 1);
}

/**
 * Runs `body` with a trainer, its helper thread started first and stopped after, whatever happens
 * (an error, Ctrl-C): nothing is left running to keep the process from exiting.
 */
export async function withTrainer<T>(
  t: AnyGptTrainer,
  threads: 1 | 2,
  body: (t: AnyGptTrainer) => Promise<T> | T,
): Promise<T> {
  try {
    await startThreads(t, threads);
    return await body(t);
  } finally {
    closeTrainer(t);
  }
}

/** The help of the two flags on each command that trains a GPT (the pt-BR lines are in gpt/words.ts). */
export const DTYPE_HELP =
  "a GPT: float32 (WebAssembly kernels, fast) or float64 (exact, traced); default: the experiment's dtype";
export const THREADS_HELP = 'a GPT in float32: 1 or 2 threads (default: 2 when the machine has two cores)';

/** --dtype and --threads on a model that is not a GPT: refused by name, like the GPT's other flags. */
export function refuseComputeFlags(o: ComputeFlags, source: string | undefined, locale: Locale): void {
  for (const [flag, v] of [
    ['--dtype', o.dtype],
    ['--threads', o.threads],
  ] as const)
    if (v !== undefined) throw new UserError([gptWords(locale).gptOnly(flag, source ?? '--data')]);
}

/**
 * The model a checkpoint holds, in the dtype it trained in (or `dtype`, --dtype): a float32 run's
 * samples and predictions then come from the same float32 arithmetic as the samples `unha train`
 * printed (one thread: a sample is one window at a time).
 */
export function checkpointModel(ck: GptCheckpoint, dtype?: Dtype): GptModel | Gpt32 {
  if ((dtype ?? ck.experiment.dtype) !== 'float32') return gptModelFromCheckpoint(ck);
  const chars = ck.vocab;
  const vocab = { chars: [...chars], index: new Map(chars.map((ch, i) => [ch, i])) };
  return new Gpt32(ck.experiment.model, vocab, ck.params, 1);
}
