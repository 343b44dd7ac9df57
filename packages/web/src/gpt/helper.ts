import type { HelperInit, HelperStarter } from '@unha/engine';

/**
 * Starts the float32 kernels' helper thread in the browser: a nested Web Worker of the GPT lab's
 * worker (src/gpt/kernel-worker.ts), handed the shared memory; resolves when it says it is ready.
 * It only works on a cross-origin isolated page (the memory must be a SharedArrayBuffer): the
 * worker checks canShareMemory() before asking.
 */
export const startWebHelper: HelperStarter = (init: HelperInit) =>
  new Promise((resolve, reject) => {
    const w = new Worker(new URL('./kernel-worker.ts', import.meta.url), { type: 'module' });
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(e.message || 'the float32 helper thread did not start'));
    };
    w.onmessage = (ev: MessageEvent<unknown>) => {
      if (ev.data !== 'ready') return;
      w.onerror = null;
      resolve({ terminate: () => w.terminate() });
    };
    w.postMessage(init);
  });
