/**
 * `npm run bench`: speed figures with ratios against baselines measured in the same run.
 * Benchmarks are never timed tests: these machines are shared and noisy.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run as cliBench } from './cli.bench';
import { engineBench } from './engine.bench';
import { fastBench } from './fast.bench';
import { gptBench } from './gpt.bench';
import { lmBench } from './lm.bench';
import { matmulBench } from './matmul.bench';

console.log(`# LLM na Unha benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)})`);
engineBench();
lmBench();
await matmulBench();
gptBench();
await fastBench();
await cliBench();

// Benchmarks of the other packages, when present: each exports `run(): Promise<void>`.
for (const file of ['packages/sheet/bench/export.bench.ts', 'packages/web/bench/browser.bench.ts']) {
  const path = resolve(file);
  if (!existsSync(path)) continue;
  const mod = (await import(pathToFileURL(path).href)) as { run?: () => Promise<void> };
  if (typeof mod.run === 'function') await mod.run();
}
