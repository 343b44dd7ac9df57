// The helper thread of the float32 kernels in Node (a worker_threads Worker): it receives the kernels'
// module, the shared memory and the command block's place, says it is ready, and serves commands until
// the main thread closes. Plain JavaScript that loads the engine's TypeScript through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveKernels } = await import('../../../engine/src/fast/exec.ts');
parentPort.postMessage('ready');
serveKernels(workerData);
