import { Worker } from 'node:worker_threads';
import type { HelperInit, HelperStarter } from '@unha/engine';

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
      if (m === 'ready') resolve({ terminate: () => void w.terminate() });
    });
  });
