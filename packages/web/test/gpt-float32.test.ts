import { GptTrainer, validateGptExperiment } from '@unha/engine';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encodeExperiment } from '../src/state';
import { violations } from './helpers/axe';
import { chromiumAvailable } from './helpers/lab';
import { expectStayedLocal, useLab } from './helpers/lab-suite';
import { SMALL_GPT } from './helpers/gpt-experiment';

/**
 * The float32 path in the browser: the served page is cross-origin isolated, so the GPT lab's worker
 * trains a float32 experiment in the engine's WebAssembly kernels on two threads (a nested worker
 * shares the memory). Its losses are held to the float64 engine run here in the test process (within
 * float32's precision), one thread to two (the same bits), and the same build served without the
 * isolation headers trains on one thread and says why.
 */

const SMALL = SMALL_GPT;
/** Wide enough that the big kernels are split between the two threads (each half thousands of flops). */
const WIDE = {
  ...SMALL,
  model: { type: 'gpt', layers: 2, heads: 2, width: 32, block: 16, init: { seed: 3 } },
  batchSize: 8,
  optimizer: { name: 'adamw', lr: 0.005, weightDecay: 0.01 },
  clip: 1,
};
const link = (exp: object): string => `?exp=${encodeExperiment(JSON.stringify(exp))}`;
const STEPS = 10;

/** The float64 engine here: the losses at step 0 (the evaluation) and of the first steps. */
function float64Here(exp: object, steps: number): { train: number; losses: number[] } {
  const r = validateGptExperiment(structuredClone(exp));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  expect(r.value.dtype ?? 'float64').toBe('float64');
  const t = new GptTrainer(r.value);
  const train = t.evaluate('train');
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push(t.step()!.loss);
  return { train, losses };
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

async function engineLine(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.getElementById('gpt-engine')?.textContent === t, text);
}

/** The step-0 training loss and the batch loss of each of `n` steps, as the page holds them in full. */
async function lossesOf(page: Page, n: number, steps = 60): Promise<{ train: string; losses: string[] }> {
  await page.waitForFunction(() => document.getElementById('gpt-curves-readout')?.dataset.train);
  const train = (await page.getAttribute('#gpt-curves-readout', 'data-train'))!;
  const losses: string[] = [];
  for (let k = 1; k <= n; k++) {
    await page.click('#next');
    await page.waitForFunction(
      (s) => document.getElementById('epoch-status')?.textContent === s,
      `Step ${k} of ${steps}`,
    );
    losses.push((await page.getAttribute('#epoch-loss', 'data-v'))!);
  }
  return { train, losses };
}

describe.skipIf(!chromiumAvailable())('the float32 GPT in Chromium', () => {
  const failed: string[] = [];
  const lab = useLab((opened) => {
    opened.context.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    opened.context.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.url()}: ${r.status()}`);
    });
  });

  it('the served page is cross-origin isolated, and every asset it loads (scripts, workers, KaTeX fonts) still loads', async () => {
    const page = await lab.page('?lesson=one-neuron&lang=en');
    await page.waitForFunction(() => document.getElementById('calc-body')?.dataset.complete === 'true');
    const seen = await page.evaluate(async () => {
      await document.fonts.ready;
      return {
        isolated: crossOriginIsolated,
        sab: typeof SharedArrayBuffer,
        katexFonts: [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded')
          .length,
      };
    });
    expect(seen).toMatchObject({ isolated: true, sab: 'function' });
    expect(seen.katexFonts).toBeGreaterThan(0);
    await page.close();
    const gpt = await lab.page(`${link(SMALL)}&dtype=float32&lang=en`);
    await engineLine(gpt, 'float32 · 2 threads');
    expect(await gpt.evaluate(() => crossOriginIsolated)).toBe(true);
    await gpt.close();
    expect(failed).toEqual([]);
  }, 120_000);

  it(`a float32 GPT trains in the WebAssembly kernels: its loss at step 0 and its first ${STEPS} batch losses are the float64 engine's within 1e-4 relative`, async () => {
    const here = float64Here(SMALL, STEPS);
    const page = await lab.page(`${link(SMALL)}&dtype=float32&lang=en`);
    await engineLine(page, 'float32 · 2 threads');
    expect(await page.inputValue('#dtype')).toBe('float32');
    const got = await lossesOf(page, STEPS);
    expect(relative(Number(got.train), here.train)).toBeLessThan(1e-4);
    got.losses.forEach((l, i) =>
      expect(relative(Number(l), here.losses[i]), `step ${i + 1}`).toBeLessThan(1e-4),
    );
    // float32, not the float64 engine again: the numbers are not the same bits.
    expect(got.losses.some((l, i) => Number(l) !== here.losses[i])).toBe(true);
    await page.close();
  }, 120_000);

  it('one thread (threads=1 in the link) and two threads give the same losses, to the bit', async () => {
    const here = float64Here(WIDE, STEPS);
    const two = await lab.page(`${link(WIDE)}&dtype=float32&lang=en`);
    await engineLine(two, 'float32 · 2 threads');
    const a = await lossesOf(two, STEPS);
    await two.close();
    const one = await lab.page(`${link(WIDE)}&dtype=float32&threads=1&lang=en`);
    await engineLine(one, 'float32 · 1 thread');
    const b = await lossesOf(one, STEPS);
    await one.close();
    expect(b).toEqual(a);
    a.losses.forEach((l, i) =>
      expect(relative(Number(l), here.losses[i]), `step ${i + 1}`).toBeLessThan(1e-4),
    );
  }, 180_000);

  it('float64 keeps the hand calculation; float32, chosen in the bar, says its calculation is worked in float64', async () => {
    const page = await lab.page(`${link(SMALL)}&lang=en`);
    await engineLine(page, 'float64 · 1 thread');
    expect(await page.inputValue('#dtype')).toBe('float64');
    expect(await page.isHidden('#calc-dtype-note')).toBe(true);
    await page.selectOption('#dtype', 'float32');
    await engineLine(page, 'float32 · 2 threads');
    expect(new URL(page.url()).searchParams.get('dtype')).toBe('float32');
    expect(await page.isVisible('#calc-dtype-note')).toBe(true);
    expect(await page.textContent('#calc-dtype-note')).toContain('worked in float64');
    await page.close();
  }, 120_000);

  it('served without the isolation headers, float32 runs on one thread and the page says why, in both languages; axe passes', async () => {
    const here = float64Here(SMALL, 3);
    for (const [lang, line, status] of [
      ['en', 'float32 · 1 thread (this page is not cross-origin isolated)', 'Step 3 of 60'],
      ['pt-BR', 'float32 · 1 thread (esta página não está isolada entre origens)', 'Passo 3 de 60'],
    ] as const) {
      const page = await lab.context.newPage();
      await page.goto(`${lab.unisolatedUrl}${link(SMALL)}&dtype=float32&lang=${lang}&step=3`);
      await engineLine(page, line);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      await page.waitForFunction(
        (s) =>
          document.getElementById('epoch-status')?.textContent === s &&
          document.getElementById('attention')?.dataset.complete === 'true',
        status,
      );
      // It trains all the same: step 3's batch loss is the float64 engine's within float32's precision.
      expect(relative(Number(await page.getAttribute('#epoch-loss', 'data-v')), here.losses[2])).toBeLessThan(
        1e-4,
      );
      await page.click('#head-1-1 td[data-row="2"][data-col="1"]');
      await page.waitForFunction(() => document.getElementById('gpt-calc')?.dataset.kind === 'score');
      expect(await page.isVisible('#calc-dtype-note')).toBe(true);
      expect(await violations(page), lang).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it('axe finds no violation on the isolated float32 page in either language, with a calculation open', async () => {
    for (const [lang, status] of [
      ['en', 'Step 2 of 60'],
      ['pt-BR', 'Passo 2 de 60'],
    ] as const) {
      const page = await lab.page(`${link(SMALL)}&dtype=float32&lang=${lang}&step=2`);
      await page.waitForFunction(
        (s) =>
          document.getElementById('epoch-status')?.textContent === s &&
          document.getElementById('attention')?.dataset.complete === 'true',
        status,
      );
      await page.click('#gpt-probs button[data-index="0"]');
      await page.waitForFunction(() => document.getElementById('gpt-calc')?.dataset.kind === 'prob');
      expect(await violations(page), lang).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('the lesson picker offers the moby-dick recipe', async () => {
    const page = await lab.page('?lesson=gpt-tiny&lang=en');
    expect(await page.locator('#lesson option[value="moby-dick"]').count()).toBe(1);
    await page.close();
  });

  it('nothing left the machine and nothing logged an error', () => {
    expectStayedLocal(lab);
    expect(failed).toEqual([]);
  });
});
