import { type GptCheckpoint, GptTrainer, type GptTrainOptions } from '../gpt/train';
import type { GptExperiment } from '../gpt/types';
import { GptTrainer32 } from './trainer32';

export { GptTrainer32 } from './trainer32';
export { Gpt32, type HelperStarter } from './gpt32';
export { type HelperInit, serveKernels } from './exec';
export { canShareMemory, kernelsBytes } from './wasm';

/** The trainer the experiment's dtype asks for: the float64 graph (default) or the float32 kernels. */
export function createGptTrainer(exp: GptExperiment, opts: GptTrainOptions = {}): GptTrainer | GptTrainer32 {
  return exp.dtype === 'float32' ? new GptTrainer32(exp, opts) : new GptTrainer(exp, opts);
}

/** The trainer a checkpoint resumes in (its experiment's dtype). */
export function resumeGptTrainer(ck: GptCheckpoint, opts: GptTrainOptions = {}): GptTrainer | GptTrainer32 {
  return ck.experiment.dtype === 'float32' ? GptTrainer32.resume(ck, opts) : GptTrainer.resume(ck, opts);
}
