import { findLesson } from '@unha/lessons';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, chromiumAvailable, openLab, shown } from './helpers/lab';

/** A number as the page writes it (either locale, true minus, scientific with e): back to a number. */
const parse = (t: string): number => Number(t.replace('−', '-').replace(',', '.'));

/** Full-batch gradient descent on a linear neuron with L = mean (ŷ − y)², by hand: the predictions after `epochs`. */
function linearGd(inputs: number[][], targets: number[], lr: number, epochs: number): number[] {
  let w = inputs[0].map(() => 0);
  let b = 0;
  const predict = (x: number[]): number => x.reduce((t, xi, i) => t + w[i] * xi, b);
  for (let e = 0; e < epochs; e++) {
    const err = inputs.map((x, n) => predict(x) - targets[n]);
    const n = inputs.length;
    w = w.map((wi, i) => wi - lr * (2 / n) * err.reduce((t, en, k) => t + en * inputs[k][i], 0));
    b -= lr * (2 / n) * err.reduce((t, en) => t + en, 0);
  }
  return inputs.map(predict);
}

const next = async (page: Page, status: string): Promise<void> => {
  await page.click('#next');
  await shown(page, status);
};

describe.skipIf(!chromiumAvailable())('web lab views in Chromium', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await openLab();
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('a diverged run’s predictions are marked off the chart, with their values', async () => {
    const page = await lab.page('?lesson=unbalanced-scales&step=2&lang=en');
    await shown(page, 'Epoch 2 of 500');
    const exp = findLesson('unbalanced-scales')!.experiment;
    const preds = linearGd(
      exp.data.inputs,
      exp.data.targets.map((t) => t[0]),
      0.05,
      2,
    );
    // The hand-made run really is off the targets' scale (about −5e6 … −2,5e7 against 60 … 260).
    expect(Math.max(...preds)).toBeLessThan(-1e6);
    const fit = page.locator('#fit-panel svg');
    expect(await fit.locator('.off-scale').count()).toBe(8);
    expect(await fit.locator('circle.dot-data').count()).toBe(0);
    const label = (await fit.locator('text.off-label').textContent()) ?? '';
    expect(label).toMatch(/^8 predictions below the chart:/);
    const [lo, hi] = label
      .split(':')[1]
      .split('…')
      .map((t) => parse(t.trim()));
    expect(lo / Math.min(...preds)).toBeCloseTo(1, 4);
    expect(hi / Math.max(...preds)).toBeCloseTo(1, 4);
    // Each marker names its own prediction.
    const titles = await fit.locator('.off-scale title').allTextContents();
    expect(titles.some((t) => t.includes('prediction −'))).toBe(true);
    // Every marker sits on the chart's bottom edge (the arrows point down, out of it).
    const y0 = await fit.evaluate((svg) => {
      const axis = svg.querySelector('.axes line.axis');
      return Number(axis?.getAttribute('y1'));
    });
    const tips = await fit
      .locator('.off-scale')
      .evaluateAll((els) => els.map((e) => Number(/^M[\d.]+ ([\d.]+)/.exec(e.getAttribute('d') ?? '')?.[1])));
    for (const t of tips) expect(t).toBeCloseTo(y0, 0);
    await page.close();
  });

  it('the data chart’s value axis stays put while one neuron oscillates (the target does not jump)', async () => {
    // LR 0,1: the seed's oscillation, ŷ = 1,5 → 12,5 → 1,5 …; the target y = 7 never moves.
    const page = await lab.page('?lesson=one-neuron&lang=en');
    await shown(page, 'Epoch 0 of 10');
    const target = async (): Promise<[number, string]> => [
      Number(await page.locator('#fit-panel circle.dot-data').getAttribute('cy')),
      (await page.locator('#fit-panel .axes').textContent()) ?? '',
    ];
    const seen: [number, string][] = [];
    for (let e = 1; e <= 6; e++) {
      await next(page, `Epoch ${e} of 10`);
      seen.push(await target());
    }
    for (const [cy, ticks] of seen) {
      expect(cy).toBeCloseTo(seen[0][0], 5);
      expect(ticks).toBe(seen[0][1]);
    }
    await page.close();
  });

  it('overfitting: the loss chart names its two lines and the data chart shows the validation points (pt-BR, en)', async () => {
    for (const [lang, train, val] of [
      ['pt-BR', 'treino', 'validação'],
      ['en', 'training', 'validation'],
    ]) {
      const page = await lab.page(`?lesson=overfitting&step=20&lang=${lang}`);
      await page.waitForFunction(() => document.querySelectorAll('#fit-panel circle.dot-val').length > 0);
      expect(await page.locator('#loss-panel .legend text').allTextContents()).toEqual([train, val]);
      expect(await page.locator('#fit-panel .legend text').allTextContents()).toEqual([train, val]);
      // The lesson: 10 training points and 30 validation points (lessons' overfitData).
      expect(await page.locator('#fit-panel circle.dot-data').count()).toBe(10 + 1); // + the legend's
      expect(await page.locator('#fit-panel circle.dot-val').count()).toBe(30 + 1);
      await page.close();
    }
  });

  it('each chart carries a short summary in words, with the numbers worked by hand', async () => {
    // LR 0,01: epoch 1 gives W = 0,83, B = 0,11 (the seed); the loss of epoch 2 is (0,83·3 + 0,11 − 7)² = 19,36,
    // down from 30,25; after epoch 2 W = 1,094, B = 0,198, so the line runs from 0,198 at x = 0 to 4,574 at x = 4.
    const page = await lab.page('?lesson=one-neuron&lr=0.01&step=2&lang=pt-BR');
    await shown(page, 'Época 2 de 10');
    const summary = async (id: string): Promise<string> => {
      const svgDescribed = await page.locator(`svg[aria-describedby="${id}"]`).count();
      expect(svgDescribed).toBe(1);
      return (await page.locator(`#${id}`).textContent()) ?? '';
    };
    expect(await summary('loss-summary')).toBe('Depois da época 2 a perda de treino é 19,36, caindo.');
    expect(await summary('fit-summary')).toBe(
      'Depois da época 2 a linha do modelo vai de 0,198 em x = 0 a 4,574 em x = 4; o exemplo de treino tem alvo 7.',
    );
    expect(await summary('landscape-summary')).toMatch(
      /^Depois da época 2 os parâmetros estão em W = 1,094, B = 0,198 \(perda 19,36\)/,
    );
    expect(await summary('network-summary')).toBe('1 camada, 2 parâmetros; o maior peso é W1[1,1] = 1,094.');
    // While playing the words wait; on pause they say where the run stopped.
    await page.selectOption('#speed', '5');
    await page.fill('#epochs', '1000');
    await page.press('#epochs', 'Enter');
    await page.click('#play');
    await page.waitForFunction(() =>
      /Época [4-9]/.test(document.getElementById('epoch-status')?.textContent ?? ''),
    );
    expect(await summary('loss-summary')).toContain('época 2 ');
    await page.click('#play');
    await page.waitForFunction(() => {
      const epoch = /Época (\d+)/.exec(document.getElementById('epoch-status')?.textContent ?? '')?.[1];
      return document.getElementById('loss-summary')?.textContent?.startsWith(`Depois da época ${epoch} `);
    });
    await page.close();
  });

  it('the network diagram keeps its elements from epoch to epoch and changes only their numbers', async () => {
    const page = await lab.page('?lesson=overfitting&step=1&lang=en');
    await shown(page, 'Epoch 1 of 1000');
    const edges = page.locator('#network-panel line.edge');
    expect(await edges.count()).toBe(16 + 16 * 16 + 16);
    const before = await page.evaluate(() => {
      const line = document.querySelector('#network-panel line.edge') as SVGLineElement & { tag?: string };
      line.tag = 'kept';
      return line.querySelector('title')?.textContent;
    });
    await next(page, 'Epoch 2 of 1000');
    const after = await page.evaluate(() => {
      const line = document.querySelector('#network-panel line.edge') as SVGLineElement & { tag?: string };
      return { tag: line.tag, title: line.querySelector('title')?.textContent };
    });
    expect(after.tag).toBe('kept');
    expect(after.title).not.toBe(before);
    expect(after.title).toMatch(/^W1\[1,1\] = /);
    // 33 units, too many for numbers under them: the caption does not promise them.
    expect(await page.locator('#network-panel .bias-label').count()).toBe(0);
    expect(await page.locator('#network-panel .caption').textContent()).not.toContain('under the units');
    await page.close();
    const small = await lab.page('?lesson=one-neuron&lang=en');
    expect(await small.locator('#network-panel .bias-label').count()).toBe(1);
    expect(await small.locator('#network-panel .caption').textContent()).toContain('under the units');
    await small.close();
  });

  it('on a phone the diverged run’s numbers fit: the bias under the unit and the table’s B column', async () => {
    const page = await lab.page('?lesson=unbalanced-scales&step=2&lang=pt-BR', { width: 390, height: 844 });
    await shown(page, 'Época 2 de 500');
    const inside = async (inner: string, outer: string): Promise<boolean> =>
      page.evaluate(
        ([i, o]) => {
          const a = document.querySelector(i)!.getBoundingClientRect();
          const b = document.querySelector(o)!.getBoundingClientRect();
          return a.left >= b.left - 0.5 && a.right <= b.right + 0.5;
        },
        [inner, outer] as const,
      );
    expect(await inside('#network-panel .bias-label', '#network-panel svg')).toBe(true);
    expect(await page.locator('#network-panel .bias-label').textContent()).toBe('−4986,9');
    expect(await inside('#epochs-table thead th:last-child', '#table-panel .table-scroll')).toBe(true);
    expect(await page.locator('#epochs-table thead th:last-child').textContent()).toBe('B');
    // One rule for numbers: five significant digits, scientific from a million (the loss is 2,8812e9).
    const row = await page.locator('#epochs-table tr.current').innerText();
    expect(row.split(/\s+/)).toEqual(['2', '2,8812e9', '−2413,5', '−298511', '−4986,9']);
    await page.close();
  });

  it('a lesson’s words name the lab’s controls (links in the story, plain words in the summary), not the terminal’s flags', async () => {
    for (const [lang, normalize] of [
      ['pt-BR', 'Normalizar entradas'],
      ['en', 'Normalize inputs'],
    ]) {
      const page = await lab.page(`?lesson=unbalanced-scales&lang=${lang}`);
      const lead = page.locator('#story-panel summary .lead');
      expect(await lead.textContent()).not.toContain('--');
      expect(await lead.textContent()).toContain(normalize);
      // No link inside the summary: it is itself the control that opens the story (axe: nested-interactive).
      expect(await lead.locator('a').count()).toBe(0);
      const link = page.locator('#story-panel .story a', { hasText: normalize }).first();
      expect(await link.getAttribute('href')).toBe(`?lesson=unbalanced-scales&normalize=1&lang=${lang}`);
      // The story's prose (commands written out as code aside) has no training flag left.
      const prose = await page.locator('#story-panel .story p').evaluateAll((ps) =>
        ps
          .map((p) =>
            [...p.childNodes]
              .filter((n) => n.nodeName !== 'CODE')
              .map((n) => n.textContent)
              .join(''),
          )
          .join(' '),
      );
      expect(prose).not.toMatch(/--(lr|normalize|optimizer|epochs|batch-size|layers)\b/);
      expect(prose).toContain(lang === 'en' ? 'LR 0.0001' : 'LR 0,0001');
      await page.close();
    }
  });
});
