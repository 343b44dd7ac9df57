import { fileURLToPath } from 'node:url';
import { gptLessons } from '@unha/lessons';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumAvailable } from './helpers/lab';
import { type GptBits, gptBits } from './helpers/libm-page';

/**
 * The same float64 GPT in Node and in Debian's Chromium, bit for bit: gpt-tiny's initial parameters
 * (Box–Muller: log and cos), the losses of its first steps (exp and log in the softmax and the
 * cross-entropy, GELU's exp) and the parameters after them (AdamW's β^t). Chromium's V8 answers
 * Math.exp, Math.log, Math.cos and `**` one ulp away from Node's for a few percent of inputs; the
 * engine's fdlibm ports (packages/engine/src/nn/libm*.ts) are what make the two runs agree. The page
 * runs the engine's own code, bundled by vite from the same sources this process imports.
 */

const STEPS = 30;
const ENTRY = fileURLToPath(new URL('./helpers/libm-page.ts', import.meta.url));

/** helpers/libm-page.ts as one script that sets `window.LibmPage`. */
async function pageScript(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: { write: false, minify: false, lib: { entry: ENTRY, formats: ['iife'], name: 'LibmPage' } },
  });
  const result = Array.isArray(out) ? out[0] : out;
  if (!('output' in result)) throw new Error('vite returned a watcher, not a bundle');
  return result.output[0].code;
}

describe.skipIf(!chromiumAvailable())('the float64 GPT in Chromium and in Node', () => {
  it(`gpt-tiny: initial parameters, the first ${STEPS} losses and the parameters after them, bit for bit`, async () => {
    const lesson = gptLessons.find((l) => l.id === 'gpt-tiny');
    if (!lesson) throw new Error('gpt-tiny is missing');
    const experiment = lesson.experiment;
    const node = gptBits(experiment, STEPS);
    const script = await pageScript();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ content: script });
      const web = await page.evaluate(
        ([exp, steps]) =>
          (
            window as unknown as { LibmPage: { gptBits: (e: unknown, n: number) => GptBits } }
          ).LibmPage.gptBits(exp, steps),
        [experiment, STEPS] as const,
      );
      expect(node.losses.length).toBe(STEPS);
      expect(web.initial).toEqual(node.initial);
      expect(web.losses).toEqual(node.losses);
      expect(web.after).toEqual(node.after);
    } finally {
      await browser.close();
    }
  });
});
