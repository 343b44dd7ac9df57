import { Worker } from 'node:worker_threads';
import type { HelperInit, HelperStarter } from '@unha/engine';

/** The longest wait for the helper to reach its loop before the run goes on regardless. */
const LISTEN_LIMIT_MS = 5000;

/**
 * Resolves once the helper sleeps in its loop of commands, waiting on the command block's first word
 * (Atomics.notify there reports a waiter). The worker says 'ready' before it reads the block: a first
 * command posted in between was missed and left this thread waiting for it forever (seen under
 * vitest, where the first split follows 'ready' within a millisecond). Waking it is harmless: it
 * finds no new command and sleeps again.
 */
async function listening(init: HelperInit): Promise<void> {
  const word = new Int32Array(init.memory.buffer, init.control, 1);
  const start = performance.now();
  while (Atomics.notify(word, 0, 1) === 0 && performance.now() - start < LISTEN_LIMIT_MS)
    await new Promise((r) => setTimeout(r, 1));
}

/**
 * Starts the float32 kernels' helper thread as a Node worker sharing the model's memory; resolves when
 * it is ready. The worker does not keep the process alive (unref), so a run that ends exits.
 */
export const startNodeHelper: HelperStarter = (init: HelperInit) =>
  new Promise((resolve, reject) => {
    const w = new Worker(new URL('./kernel-worker.js', import.meta.url), { workerData: init });
    w.unref();
    w.once('error', reject);
    w.once('message', (m) => {
      if (m === 'ready') listening(init).then(() => resolve({ terminate: () => void w.terminate() }), reject);
    });
  });
