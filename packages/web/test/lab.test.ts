import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, OUTPUT, chromiumAvailable, formulas, isLocal, openLab, shown } from './helpers/lab';

/**
 * The web lab opened as a person would, in Debian's Chromium: the seed's first epochs in both
 * languages, the link that reproduces a view, files in and out, divergence, and the promise that
 * nothing leaves the machine and nothing logs an error.
 */
describe.skipIf(!chromiumAvailable())('web lab in Chromium', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await openLab();
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('pt-BR: "Próxima época" computes the seed’s epoch 1 (3,8 and 1,1), then 12,5 forward in epoch 2', async () => {
    const page = await lab.page('?lesson=one-neuron&lang=pt-BR');
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    await shown(page, 'Época 0 de 10');
    await page.getByRole('button', { name: 'Próxima época' }).click();
    await shown(page, 'Época 1 de 10');
    expect(await page.textContent('#params')).toBe('W = 3,8 · B = 1,1');
    const row1 = await page.locator('#epochs-table tr.current').innerText();
    expect(row1.split(/\s+/)).toEqual(['1', '30,25', '3,8', '1,1']);
    expect(await formulas(page, 'forward')).toContain('=0,5⋅3+0=1,5');
    expect(await formulas(page, 'loss')).toContain('30,25');
    const update = await formulas(page, 'update');
    expect(update).toContain('=0,5−0,1⋅(−33)=3,8');
    expect(update).toContain('=0−0,1⋅(−11)=1,1');
    expect(page.url()).toContain('step=1');
    await page.screenshot({ path: join(OUTPUT, 'desktop-pt-epoch1.png'), fullPage: true });

    await page.getByRole('button', { name: 'Próxima época' }).click();
    await shown(page, 'Época 2 de 10');
    expect(await formulas(page, 'forward')).toContain('=3,8⋅3+1,1=12,5');
    expect(await page.textContent('#params')).toBe('W = 0,5 · B = 0');
    await page.screenshot({ path: join(OUTPUT, 'desktop-pt-epoch2.png') });
    await page.close();
  });

  it('en with the keyboard: → steps, ← goes back, numbers in English', async () => {
    const page = await lab.page('?lesson=one-neuron&lang=en');
    expect(await page.getByRole('button', { name: 'Next epoch' }).isVisible()).toBe(true);
    await page.keyboard.press('ArrowRight');
    await shown(page, 'Epoch 1 of 10');
    expect(await page.textContent('#params')).toBe('W = 3.8 · B = 1.1');
    expect(await formulas(page, 'update')).toContain('=0.5−0.1⋅(−33)=3.8');
    await page.keyboard.press('ArrowRight');
    await shown(page, 'Epoch 2 of 10');
    expect(await formulas(page, 'forward')).toContain('=3.8⋅3+1.1=12.5');
    await page.keyboard.press('ArrowLeft');
    await shown(page, 'Epoch 1 of 10');
    // The language changes in place: same epoch, same numbers, written the Brazilian way.
    await page.selectOption('#lang', 'pt-BR');
    await shown(page, 'Época 1 de 10');
    expect(await page.textContent('#params')).toBe('W = 3,8 · B = 1,1');
    expect(await formulas(page, 'update')).toContain('=0,5−0,1⋅(−33)=3,8');
    expect(page.url()).toContain('lang=pt-BR&step=1');
    await page.selectOption('#lang', 'en');
    await shown(page, 'Epoch 1 of 10');
    // Focus is visible on the controls when tabbing.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await page.close();
  });

  it('the URL holds the state: a changed rate is in the link, and the link reproduces the view', async () => {
    const page = await lab.page('?lesson=one-neuron&lr=0.1&lang=pt-BR&step=2');
    await shown(page, 'Época 2 de 10');
    await page.fill('#lr', '0,01');
    await page.press('#lr', 'Enter');
    await page.waitForURL(/lr=0\.01/);
    await shown(page, 'Época 2 de 10');
    await page.waitForFunction(
      () => document.getElementById('params')?.textContent === 'W = 1,094 · B = 0,198',
    );
    expect(await page.textContent('#notice')).toContain('refeito desde o início até a época 2');
    const url = page.url();
    expect(url).toContain('lesson=one-neuron&lr=0.01&lang=pt-BR&step=2');
    const calc = await page.locator('#calc-body').innerText();
    const table = await page.locator('#epochs-table').innerText();

    const fresh = await lab.context.newPage();
    await fresh.goto(url);
    await shown(fresh, 'Época 2 de 10');
    await fresh.waitForFunction(
      () => document.getElementById('params')?.textContent === 'W = 1,094 · B = 0,198',
    );
    expect(await fresh.inputValue('#lr')).toBe('0,01');
    expect(await fresh.locator('#calc-body').innerText()).toBe(calc);
    expect(await fresh.locator('#epochs-table').innerText()).toBe(table);
    expect(fresh.url()).toBe(url);
    await fresh.close();
    await page.close();
  });

  it('more epochs go on from where the run is; the end of a run says so', async () => {
    const page = await lab.page('?lesson=one-neuron&lr=0.01&lang=en&step=10');
    await shown(page, 'Epoch 10 of 10');
    expect(await page.isDisabled('#next')).toBe(true);
    await page.fill('#epochs', '12');
    await page.press('#epochs', 'Enter');
    await page.waitForURL(/epochs=12/);
    expect(await page.textContent('#notice')).toContain('nothing was recomputed');
    await page.waitForFunction(() => !(document.getElementById('next') as HTMLButtonElement).disabled);
    await page.click('#next');
    await shown(page, 'Epoch 11 of 12');
    expect(page.url()).toContain('lesson=one-neuron&lr=0.01&epochs=12&lang=en&step=11');
    await page.close();
  });

  it('a network is read a layer and a unit at a time', async () => {
    const page = await lab.page('?lesson=two-inputs-network&lang=en&step=3');
    await shown(page, 'Epoch 3 of 300');
    await page.selectOption('[data-detail=layer]', '2');
    await page.selectOption('[data-detail=unit]', '5');
    await page.waitForFunction(() => document.getElementById('calc-body')?.textContent?.includes('Layer 2'));
    await shown(page, 'Epoch 3 of 300');
    const forward = await page.locator('#calc-body [data-section="forward"]').innerText();
    expect(forward).not.toContain('Layer 1');
    expect(await page.locator('#calc-body .math').first().getAttribute('aria-label')).toMatch(/^z2\[5\] = /);
    await page.close();
  });

  it('a file that is invalid is explained in the page’s language, naming the field, and nothing is lost', async () => {
    const page = await lab.page('?lesson=one-neuron&lang=pt-BR&step=1');
    await shown(page, 'Época 1 de 10');
    const bad = {
      data: { inputs: [[1], [2]], targets: [[3], [5]] },
      model: { layers: [{ units: 1, activation: 'softplus' }], init: { seed: 1 } },
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 5,
    };
    await page.setInputFiles('#file', {
      name: 'meu.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    const issues = page.locator('#issues');
    await issues.waitFor({ state: 'visible' });
    const text = await issues.innerText();
    expect(text).toContain('nada foi trocado');
    expect(text).toContain('meu.json: model.layers[0].activation tem um valor desconhecido: "softplus"');
    // The run on display is untouched, and the file's text waits in the editor to be fixed.
    expect(await page.textContent('#epoch-status')).toBe('Época 1 de 10');
    expect(await page.textContent('#params')).toBe('W = 3,8 · B = 1,1');
    expect(await page.inputValue('#experiment-json')).toContain('softplus');
    await page.screenshot({ path: join(OUTPUT, 'desktop-pt-issues.png') });

    // Fixed in the editor and applied: it runs, and the link carries it.
    await page.fill(
      '#experiment-json',
      JSON.stringify({ ...bad, model: { ...bad.model, layers: [{ units: 1, activation: 'identity' }] } }),
    );
    await page.click('#apply-json');
    await shown(page, 'Época 0 de 5');
    expect(page.url()).toContain('exp=');
    expect(await issues.isHidden()).toBe(true);
    await page.keyboard.press('ArrowRight');
    await shown(page, 'Época 1 de 5');
    await page.close();
  });

  it('downloads the experiment as JSON and as a spreadsheet', async () => {
    const page = await lab.page('?lesson=one-neuron&lr=0.01&lang=en');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const exp = JSON.parse(readFileSync(await json.path(), 'utf8')) as { optimizer: { lr: number } };
    expect(exp.optimizer.lr).toBe(0.01);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
    expect(xlsx.suggestedFilename()).toBe('one-neuron.xlsx');
    const bytes = readFileSync(await xlsx.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    await page.close();
  });

  it('divergence is explained, with what to try', async () => {
    const page = await lab.page('?lesson=four-pairs&lr=0.15&lang=en&step=200');
    const panel = page.locator('#diverged');
    await panel.waitFor({ state: 'visible' });
    const text = await panel.innerText();
    expect(text).toContain('The training diverged');
    expect(text).toMatch(/At epoch \d+/);
    const suggested = /Try a smaller learning rate \(LR = (0\.\d+)\)/.exec(text)?.[1];
    expect(suggested).toBeDefined();
    expect(text).toContain('Each of these was trained again for 200 epochs without diverging');
    expect(text).toContain('Use Adam');
    await page.screenshot({ path: join(OUTPUT, 'desktop-en-diverged.png') });
    await page.getByRole('button', { name: /Try a smaller learning rate/ }).click();
    // The button applies the suggested rate, and the run it starts does not diverge.
    await page.waitForURL(new RegExp(`lr=${suggested!.replace('.', '\\.')}(&|$)`));
    await panel.waitFor({ state: 'hidden' });
    await page.close();
  });

  it('every lesson plays without an error, and the network lessons show their diagram', async () => {
    for (const lesson of ['four-pairs', 'two-inputs', 'two-inputs-network', 'two-neurons']) {
      const page = await lab.page(`?lesson=${lesson}&lang=en&epochs=40`);
      await page.selectOption('#speed', '1000');
      await page.click('#play');
      await shown(page, 'Epoch 40 of 40');
      await page.waitForFunction(
        () => document.querySelector('#play')?.getAttribute('aria-pressed') === 'false',
      );
      expect(await page.locator('#calc-body .katex').count()).toBeGreaterThan(3);
      expect(await page.locator('#network-panel svg line.edge').count()).toBeGreaterThan(0);
      if (lesson === 'two-inputs-network')
        await page.screenshot({ path: join(OUTPUT, 'desktop-en-network.png'), fullPage: true });
      await page.close();
    }
  });

  it('fits a phone: no sideways scrolling, the controls reachable', async () => {
    const page = await lab.page('?lesson=one-neuron&lang=pt-BR&step=2', { width: 390, height: 844 });
    await shown(page, 'Época 2 de 10');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByRole('button', { name: 'Próxima época' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(OUTPUT, 'phone-pt-top.png') });
    for (const [panel, name] of [
      ['#calc-panel', 'phone-pt-calc.png'],
      ['#landscape-panel', 'phone-pt-landscape.png'],
    ]) {
      await page.locator(panel).scrollIntoViewIfNeeded();
      // Sections just scrolled to are laid out on the next frames (content-visibility), fonts as needed.
      await page.evaluate(async () => {
        for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
        await document.fonts.ready;
      });
      // The math is drawn with KaTeX's own fonts, loaded from the page's origin: the face is there and
      // loaded, its file came from this server, and it sets text wider or narrower than the fallback.
      const font = await page.evaluate(() => {
        const loaded = [...document.fonts].filter(
          (f) => f.family.replace(/["']/g, '') === 'KaTeX_Main' && f.status === 'loaded',
        ).length;
        const files = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => /KaTeX_Main-Regular[^/]*\.woff2$/.test(n));
        const ctx = document.createElement('canvas').getContext('2d')!;
        const width = (font: string): number => {
          ctx.font = font;
          return ctx.measureText('W = 0,5·3 + 0 = 1,5').width;
        };
        return {
          loaded,
          files,
          katex: width('40px KaTeX_Main, monospace'),
          fallback: width('40px monospace'),
        };
      });
      expect(font.loaded).toBeGreaterThan(0);
      expect(font.files.length).toBeGreaterThan(0);
      for (const f of font.files) expect(f.startsWith(lab.url)).toBe(true);
      expect(Math.abs(font.katex - font.fallback)).toBeGreaterThan(1);
      await page.screenshot({ path: join(OUTPUT, name) });
    }
    await page.close();
  });

  it('nothing left the machine and nothing logged an error', () => {
    expect(lab.requests.length).toBeGreaterThan(0);
    expect(lab.requests.filter((u) => !isLocal(u))).toEqual([]);
    expect(lab.errors).toEqual([]);
  });
});
