import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { lessons } from '@unha/lessons';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeExperiment } from '../src/state';
import { type Lab, chromiumAvailable, openLab, shown } from './helpers/lab';

/**
 * axe-core (Deque's accessibility rules, not our code) run inside every lesson's page in Chromium,
 * at desktop and phone sizes, in both languages, before and after a few epochs: no violation of
 * WCAG 2.0, 2.1 and 2.2 levels A and AA.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** The violations axe finds in the page as it is, one line each (rule, impact, first elements). */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  // The page finishes its idle work first (which formulas overflow and take focus).
  await page.evaluate(() => new Promise((r) => requestIdleCallback(r, { timeout: 2000 })));
  const found = await page.evaluate(
    (tags) =>
      (
        window as unknown as {
          axe: { run(c: Document, o: object): Promise<{ violations: Violation[] }> };
        }
      ).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations),
    TAGS,
  );
  return found.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
}

describe.skipIf(!chromiumAvailable())('accessibility (axe-core, WCAG 2.2 A and AA) in Chromium', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await openLab();
  });

  afterAll(async () => {
    await lab?.close();
  });

  const of = (lang: string, n: number, max: number): string =>
    lang === 'en' ? `Epoch ${n} of ${max}` : `Época ${n} de ${max}`;
  /** Lessons also checked on the desktop after stepping (the phone views, at epoch 2, have every lesson's calculation; axe takes long on a network's). */
  const STEPPED = new Set(['one-neuron', 'mini-batches']);

  lessons.forEach((lesson, i) => {
    // Both languages at both sizes across the lessons: each lesson takes one language on the desktop
    // and the other on the phone.
    const [desk, phone] = i % 2 === 0 ? (['en', 'pt-BR'] as const) : (['pt-BR', 'en'] as const);
    const stepped = STEPPED.has(lesson.id);
    const what = `desktop (${desk}) at epoch 0${stepped ? ' and after 3 Next epoch' : ''}, phone (${phone}) at epoch 2`;

    it(`${lesson.id}: ${what}`, async () => {
      const max = lesson.experiment.epochs;
      const page = await lab.page(`?lesson=${lesson.id}&lang=${desk}`, DESKTOP);
      await shown(page, of(desk, 0, max));
      expect(await violations(page), `${lesson.id}, desktop, epoch 0`).toEqual([]);
      if (stepped) {
        for (let k = 1; k <= 3; k++) {
          await page.click('#next');
          await shown(page, of(desk, k, max));
        }
        expect(await violations(page), `${lesson.id}, desktop, epoch 3`).toEqual([]);
      }
      await page.close();

      const small = await lab.page(`?lesson=${lesson.id}&lang=${phone}&step=2`, PHONE);
      await shown(small, of(phone, 2, max));
      expect(await violations(small), `${lesson.id}, phone, epoch 2`).toEqual([]);
      await small.close();
    }, 240_000);
  });
  // The language-model lab: a small MLP with a 2-D embedding (every LM panel on the page), its
  // heatmap a grid of cells reached with the arrow keys, before and after a few steps.
  const LM = {
    data: {
      words: ['ana', 'bia', 'caio', 'duda', 'enzo', 'gael', 'iara', 'lara', 'luan', 'maya'],
      context: 3,
      split: { train: 0.8, val: 0.2 },
    },
    model: {
      layers: [{ type: 'embedding', dim: 2 }, { units: 8, activation: 'tanh' }, { units: 'vocab' }],
      init: { seed: 1 },
    },
    loss: 'cross-entropy',
    optimizer: { name: 'adam', lr: 0.05 },
    batchSize: 4,
    batches: 'sequential',
    steps: 20,
  };
  it('a language model: desktop (en) at step 0 and 3, phone (pt-BR) at step 2', async () => {
    const link = `?exp=${encodeExperiment(JSON.stringify(LM))}`;
    const page = await lab.page(`${link}&lang=en`, DESKTOP);
    await shown(page, 'Step 0 of 20');
    expect(await violations(page), 'LM, desktop, step 0').toEqual([]);
    for (let k = 1; k <= 3; k++) {
      await page.click('#next');
      await shown(page, `Step ${k} of 20`);
    }
    await page.locator('#heatmap td[tabindex="0"]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await violations(page), 'LM, desktop, step 3').toEqual([]);
    await page.close();
    const small = await lab.page(`${link}&lang=pt-BR&step=2`, PHONE);
    await shown(small, 'Passo 2 de 20');
    expect(await violations(small), 'LM, phone, step 2').toEqual([]);
    await small.close();
  }, 240_000);
});
