/// <reference lib="webworker" />
// Only the helper's loop and what it needs (the kernels' instantiation), not the whole engine: this
// thread never sees a model, it runs the upper half of the kernels the GPT worker splits.
import { type HelperInit, serveKernels } from '../../../engine/src/fast/exec';
import { instantiateKernels } from '../../../engine/src/fast/wasm';

/**
 * The float32 kernels' helper thread in the browser, a Web Worker started by the GPT lab's worker: it
 * receives the kernels' module, the shared memory and the command block's place, says it is ready,
 * and serves commands until the trainer closes (then the GPT worker terminates it).
 *
 * serveKernels reads the command block's sequence number when it starts: a command posted before that
 * is never seen (both threads would wait for ever). So the kernels are instantiated once here first
 * (their code compiled for this thread) and serveKernels' own start is short; the starter
 * (helper.ts) also waits a moment after 'ready' before the first command. See the report on exec.ts.
 */
self.onmessage = (ev: MessageEvent<HelperInit>) => {
  self.onmessage = null;
  instantiateKernels(ev.data.module, ev.data.memory);
  postMessage('ready');
  serveKernels(ev.data);
};
