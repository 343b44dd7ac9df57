/**
 * The moby-dick recipe in float32 (nanoGPT's CPU recipe: 4 layers, 4 heads, width 128, block 64,
 * batch 12), steps per second on two threads: in headless Chromium (the GPT lab's worker and its
 * nested helper worker, on the cross-origin isolated page) beside Node (worker_threads helper) in the
 * same run. Issue 11's target: the browser within 1.5× of the CLI's steps/s.
 *
 * V8 runs wasm first in its baseline compiler (Liftoff) and optimizes it later: both sides train
 * WARMUP steps before the clock starts.
 */
import { type GptExperiment, GptTrainer32, validateGptExperiment } from '@unha/engine';
import { gptLessons, loadCorpusText } from '@unha/lessons';
import type { Page } from 'playwright-core';
import { startNodeHelper } from '../../cli/src/fast/node-helper';
import { encodeExperiment } from '../src/state';
import type { Lab } from '../test/helpers/lab';

const WARMUP = 10;
const MEASURED = 20;

/**
 * The recipe as the lesson has it, in float32, with a light evaluation (12 windows) and a short sample:
 * the lab evaluates and samples at step 0 before it trains, which is not the step being measured.
 */
function recipe(): GptExperiment {
  const lesson = gptLessons.find((l) => l.id === 'moby-dick');
  if (!lesson) throw new Error('no moby-dick lesson');
  const exp = structuredClone(lesson.experiment);
  return {
    ...exp,
    dtype: 'float32',
    eval: { every: 1000, windows: 12 },
    sample: { ...exp.sample, tokens: 8 },
  };
}

function validated(raw: unknown): GptExperiment {
  const r = validateGptExperiment(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Steps/s in Node: the engine's GptTrainer32 with the CLI's helper thread. */
async function nodeStepsPerSecond(threads: number): Promise<{ perSecond: number; threads: number }> {
  const t = new GptTrainer32(validated(recipe()), { text: await loadCorpusText('moby-dick') });
  // The CLI's helper thread, with the same grace after 'ready' as the page's (src/gpt/helper.ts).
  if (threads > 1)
    await t.useHelper(async (init) => {
      const helper = await startNodeHelper(init);
      await new Promise((ok) => setTimeout(ok, 100));
      return helper;
    });
  try {
    for (let i = 0; i < WARMUP; i++) t.step();
    const t0 = performance.now();
    for (let i = 0; i < MEASURED; i++) t.step();
    return { perSecond: MEASURED / ((performance.now() - t0) / 1000), threads: t.threads };
  } finally {
    t.close();
  }
}

/** Steps/s in the page: playing as fast as the worker goes, timed between two steps the page shows. */
async function browserStepsPerSecond(
  lab: Lab,
  threads: number,
): Promise<{ perSecond: number; engine: string }> {
  const one = threads === 1 ? '&threads=1' : '';
  const page: Page = await lab.page(`?exp=${encodeExperiment(JSON.stringify(recipe()))}&lang=en${one}`);
  try {
    await page.waitForFunction(
      () => document.getElementById('gpt-curves-readout')?.dataset.train,
      undefined,
      {
        timeout: 600_000,
      },
    );
    const engine = (await page.textContent('#gpt-engine')) ?? '';
    await page.selectOption('#speed', '0');
    // A string, not a function: tsx's name-keeping helper would not exist inside the page.
    const perSecond = await page.evaluate<number>(`new Promise((resolve) => {
      const status = document.getElementById('epoch-status');
      const stepNow = () => Number(status.textContent.match(/(\\d+)/)[1]);
      let start;
      const obs = new MutationObserver(() => {
        const s = stepNow();
        const now = performance.now();
        if (start === undefined && s >= ${WARMUP}) start = { s, now };
        else if (start !== undefined && s >= start.s + ${MEASURED}) {
          obs.disconnect();
          document.getElementById('play').click();
          resolve(((s - start.s) * 1000) / (now - start.now));
        }
      });
      obs.observe(status, { childList: true, characterData: true, subtree: true });
      document.getElementById('play').click();
    })`);
    return { perSecond, engine };
  } finally {
    await page.close();
  }
}

export async function float32Steps(lab: Lab): Promise<void> {
  console.log(
    `\nThe moby-dick recipe in float32 (0.8 M parameters, batch 12 × block 64), steps/s after ${WARMUP} warm-up steps, over ${MEASURED} steps:`,
  );
  // Two threads (the target), then one thread on each side: where a gap comes from.
  for (const threads of [2, 1]) {
    const node = await nodeStepsPerSecond(threads);
    const web = await browserStepsPerSecond(lab, threads);
    console.log(`  Node (the CLI's engine), ${node.threads} thread(s): ${node.perSecond.toFixed(3)} steps/s`);
    console.log(`  Chromium (the GPT lab's worker, ${web.engine}): ${web.perSecond.toFixed(3)} steps/s`);
    console.log(
      `  Node / browser: ${(node.perSecond / web.perSecond).toFixed(2)}×${threads === 2 ? ' (target: at most 1.5×)' : ''}`,
    );
  }
}
