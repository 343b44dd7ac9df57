/**
 * The float32 benchmark (issue 11): the moby-dick recipe's training step in the WebAssembly kernels on
 * one thread and on two, interleaved in the same run, with tokens/s, the projected time of the
 * recipe's 2000 steps, and the process's resident memory step after step (it must stay flat: every
 * buffer is laid out once). The tfjs-wasm peer is measured beside it by bench/tfjs-step.bench.ts.
 */
import { type GptExperiment, GptTrainer32, createGptTrainer } from '@unha/engine';
import { corpusText, findGptLesson } from '@unha/lessons';
import { startNodeHelper } from '../packages/cli/src/fast/node-helper';
import { table } from './measure';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export interface FastStepFigures {
  oneThreadMs: number;
  twoThreadsMs: number;
  tokensPerStep: number;
}

/** Steps of the recipe in float32: `warm` steps to let V8 tier the kernels up, then `steps` timed. */
export async function fastBench(
  warm = Number(process.env.FAST_WARM ?? 8),
  steps = Number(process.env.FAST_STEPS ?? 12),
): Promise<FastStepFigures> {
  console.log('\n## float32: the moby-dick recipe in the WebAssembly kernels (1 and 2 threads)\n');
  const lesson = findGptLesson('moby-dick')!;
  const exp: GptExperiment = { ...lesson.experiment, dtype: 'float32' };
  const text = corpusText('moby-dick');
  const one = createGptTrainer(exp, { text }) as GptTrainer32;
  const two = createGptTrainer(exp, { text }) as GptTrainer32;
  await two.useHelper(startNodeHelper);
  const rss: number[] = [];
  const oneMs: number[] = [];
  const twoMs: number[] = [];
  for (let i = 0; i < warm + steps; i++) {
    let a = 0;
    let b = 0;
    const ta = timed(() => (a = one.step()!.loss));
    const tb = timed(() => (b = two.step()!.loss));
    if (a !== b) throw new Error(`1 and 2 threads disagree at step ${i + 1}: ${a} vs ${b}`);
    if (i >= warm) {
      oneMs.push(ta);
      twoMs.push(tb);
    }
    rss.push(process.memoryUsage().rss);
  }
  two.close();
  const B = exp.batchSize;
  const T = exp.model.block;
  const tokensPerStep = B * T;
  const o = median(oneMs);
  const t = median(twoMs);
  const row = (name: string, ms: number): string[] => [
    name,
    ms.toFixed(0),
    (1000 / ms).toFixed(2),
    ((tokensPerStep * 1000) / ms).toFixed(0),
    `${((exp.steps * ms) / 60000).toFixed(1)} min`,
    `${(o / ms).toFixed(2)}×`,
  ];
  console.log(
    table([
      ['moby-dick, float32', 'ms/step', 'steps/s', 'tokens/s', `${exp.steps} steps`, 'speed vs 1 thread'],
      row('WebAssembly kernels, 1 thread', o),
      row('WebAssembly kernels, 2 threads', t),
    ]),
  );
  const mb = (x: number): string => `${(x / 2 ** 20).toFixed(0)} MB`;
  const after = rss.slice(warm);
  console.log(
    `(${steps} steps after ${warm} warm-up steps, median, interleaved; losses identical on 1 and 2 threads. ` +
      `Resident memory after the warm-up ${mb(after[0])}, after the last step ${mb(after[after.length - 1])}, ` +
      `largest ${mb(Math.max(...after))}: flat, nothing is allocated per step.)`,
  );
  return { oneThreadMs: o, twoThreadsMs: t, tokensPerStep };
}
