import type { HelperInit, HelperStarter } from '@unha/engine';

/**
 * Starts the float32 kernels' helper thread in the browser: a nested Web Worker of the GPT lab's
 * worker (src/gpt/kernel-worker.ts), handed the shared memory; resolves when it says it is ready.
 * It only works on a cross-origin isolated page (the memory must be a SharedArrayBuffer): the
 * worker checks canShareMemory() before asking.
 */
/** How long after 'ready' the first command waits (ms); see kernel-worker.ts. */
const GRACE_MS = 100;

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
      // The helper reads the command block's sequence right after 'ready' (in serveKernels): the first
      // command must come after that, or both threads wait for ever. A moment's grace, once per run.
      setTimeout(() => resolve({ terminate: () => w.terminate() }), GRACE_MS);
    };
    w.postMessage(init);
  });
