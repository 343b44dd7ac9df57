/// <reference lib="webworker" />
// Only the helper's loop and what it needs (the kernels' instantiation), not the whole engine: this
// thread never sees a model, it runs the upper half of the kernels the GPT worker splits.
import { type HelperInit, serveKernels } from '../../../engine/src/fast/exec';

/**
 * The float32 kernels' helper thread in the browser, a Web Worker started by the GPT lab's worker: it
 * receives the kernels' module, the shared memory and the command block's place, says it is ready,
 * and serves commands until the trainer closes (then the GPT worker terminates it).
 */
self.onmessage = (ev: MessageEvent<HelperInit>) => {
  self.onmessage = null;
  postMessage('ready');
  serveKernels(ev.data);
};
