import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, OUTPUT, chromiumAvailable, formulas, openLab, shown } from './helpers/lab';

/**
 * How the lab behaves in the hands of a reader, in Debian's Chromium: one answer per screen, the
 * keyboard, the editor's errors, a phone, the hyperparameter fields and the browser's history.
 */
describe.skipIf(!chromiumAvailable())('web lab interaction in Chromium', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await openLab();
  });

  afterAll(async () => {
    await lab?.close();
  });

  it('mini-batches: the calculation opens on the epoch’s last step, the one the status bar shows', async () => {
    const page = await lab.page('?lesson=mini-batches&lang=en&step=3');
    await shown(page, 'Epoch 3 of 20');
    expect(await page.textContent('#params')).toBe('W = 2.0677 · B = 0.6378');
    expect(await page.textContent('#calc-epoch')).toBe('Epoch 3, step 8 of 8');
    expect(await page.inputValue('[data-detail=step]')).toBe('8');
    const result = await page.locator('#calc-body [data-section="summary"]').innerText();
    expect(result).toContain('parameters after the update of step 8 of 8');
    expect(await formulas(page, 'summary')).toContain('W=2.0677');
    expect(await formulas(page, 'summary')).toContain('B=0.6378');
    await page.screenshot({ path: join(OUTPUT, 'desktop-en-minibatch.png') });

    // Another step chosen: its numbers say which step they follow, and the epoch's end is beside them.
    await page.selectOption('[data-detail=step]', '1');
    await page.waitForFunction(
      () => document.getElementById('calc-epoch')?.textContent === 'Epoch 3, step 1 of 8',
    );
    await shown(page, 'Epoch 3 of 20');
    const one = await page.locator('#calc-body [data-section="summary"]').innerText();
    expect(one).toContain('parameters after the update of step 1 of 8');
    expect(one).toContain('parameters at the end of epoch 3, after its last step (8 of 8)');
    const f = await formulas(page, 'summary');
    expect(f.indexOf('W=1.9685')).toBeGreaterThan(-1);
    expect(f.indexOf('W=2.0677')).toBeGreaterThan(f.indexOf('W=1.9685'));
    await page.close();
  });

  it('Tab goes through the page without falling to the body; the table is one tab stop, ↑ ↓ choose its epoch', async () => {
    const page = await lab.page('?lesson=noisy-data&lang=en&step=146');
    await shown(page, 'Epoch 146 of 300');
    await page.focus('#log-scale');
    const stops: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate(() => {
        const a = document.activeElement!;
        return a === document.body ? 'BODY' : `${a.tagName}${a.id ? '#' + a.id : ''}.${a.className}`;
      });
      stops.push(at);
      if (at.startsWith('SUMMARY')) break;
    }
    expect(stops).not.toContain('BODY');
    expect(stops.filter((s) => s.includes('table-scroll'))).toHaveLength(1);
    expect(stops.filter((s) => s.includes('linklike'))).toHaveLength(0);
    expect(stops.at(-1)).toBe('SUMMARY.');
    expect(await page.locator(':focus').innerText()).toBe('Edit the experiment (JSON)');
    // Back to the table: the arrows move through the epochs, End goes to the last one trained.
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('table-scroll');
    await page.keyboard.press('ArrowUp');
    await shown(page, 'Epoch 145 of 300');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await shown(page, 'Epoch 147 of 300');
    expect(await page.locator('#epochs-table tr.current th').innerText()).toBe('147');
    await page.keyboard.press('Home');
    await shown(page, 'Epoch 0 of 300');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('table-scroll');
    await page.close();
  });

  it('the JSON editor: a syntax error is shown beside it with its line and column, the caret there; Apply says the run restarted', async () => {
    const page = await lab.page('?lesson=one-neuron&lang=en&step=2');
    await shown(page, 'Epoch 2 of 10');
    await page.click('#editor-panel summary');
    // Line 3 lacks the comma after "epochs": 5 (counted by hand: the next field starts at column 3).
    await page.fill('#experiment-json', '{\n  "epochs": 5\n  "seed": 1\n}');
    await page.click('#apply-json');
    const issues = page.locator('#editor-panel #issues');
    await issues.waitFor({ state: 'visible' });
    expect(await issues.innerText()).toContain(
      'experiment.json, line 3, column 3: not valid JSON: a comma (,) is missing',
    );
    const area = page.locator('#experiment-json');
    expect(await area.getAttribute('aria-invalid')).toBe('true');
    expect(await area.getAttribute('aria-describedby')).toContain('issues');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('experiment-json');
    // The caret is where the problem is: offset 18 is line 3, column 3.
    expect(await area.evaluate((t: HTMLTextAreaElement) => t.selectionStart)).toBe(18);
    expect(await issues.isVisible()).toBe(true);
    expect(await issues.evaluate((e) => e.getBoundingClientRect().top < innerHeight)).toBe(true);
    await page.screenshot({ path: join(OUTPUT, 'desktop-en-json-syntax.png') });
    // Nothing changed meanwhile.
    expect(await page.textContent('#epoch-status')).toBe('Epoch 2 of 10');

    // An invalid field: named in words, with a button to its place in the text.
    const bad = {
      data: { inputs: [[1]], targets: [[3]] },
      model: { layers: [{ units: 1, activation: 'softplus' }], init: { seed: 1 } },
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 5,
    };
    await page.fill('#experiment-json', JSON.stringify(bad, null, 2));
    await page.click('#apply-json');
    await page.waitForFunction(() => document.getElementById('issues')?.textContent?.includes('softplus'));
    expect(await issues.innerText()).toContain(
      'experiment.json: model.layers[0].activation has an unknown value: "softplus"',
    );
    const go = issues
      .locator('li', { hasText: 'softplus' })
      .getByRole('button', { name: /Go to line \d+, column \d+/ });
    const [, line, column] = /line (\d+), column (\d+)/.exec(await go.innerText())!.map(Number);
    const text = JSON.stringify(bad, null, 2);
    const lines = text.split('\n');
    expect(lines[line - 1].slice(column - 1)).toMatch(/^"softplus"/);

    // Fixed and applied: the run starts again, and the page says so beside the button.
    await page.fill('#experiment-json', text.replace('softplus', 'identity'));
    await page.click('#apply-json');
    await shown(page, 'Epoch 0 of 5');
    expect(await issues.isHidden()).toBe(true);
    expect(await area.getAttribute('aria-invalid')).toBeNull();
    expect(await page.textContent('#editor-status')).toBe(
      'Applied: a new run of this experiment, from epoch 0.',
    );
    await page.close();
  });

  it('a refused hyperparameter is explained beside its field, by its label, and the run keeps its value; notices go when stale', async () => {
    const page = await lab.page('?lesson=one-neuron&lr=0.1&lang=pt-BR&step=2');
    await shown(page, 'Época 2 de 10');
    await page.fill('#lr', '-1');
    await page.press('#lr', 'Enter');
    const err = page.locator('#lr-error');
    await page.waitForFunction(() => document.getElementById('lr-error')?.textContent !== '');
    expect(await err.textContent()).toBe(
      'Taxa de aprendizado (LR): -1 não pode ser usado; precisa ser > 0. O treino continua com 0,1.',
    );
    expect(await page.getAttribute('#lr', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#lr', 'aria-describedby')).toBe('lr-error');
    expect(await page.inputValue('#lr')).toBe('-1');
    expect(await page.locator('body').innerText()).not.toContain('optimizer.lr');
    // The run goes on at 0,1: the seed's oscillation, epoch 3 is 12,5 forward again… W = 3,8.
    await page.click('#next');
    await shown(page, 'Época 3 de 10');
    expect(await page.textContent('#params')).toBe('W = 3,8 · B = 1,1');
    expect(page.url()).toContain('lr=0.1&');

    // A good value clears the mark; the notice about the restart holds only while its epoch is shown.
    await page.fill('#lr', '0,01');
    await page.press('#lr', 'Enter');
    await page.waitForURL(/lr=0\.01/);
    expect(await page.getAttribute('#lr', 'aria-invalid')).toBeNull();
    expect(await err.textContent()).toBe('');
    await page.waitForFunction(() =>
      document.getElementById('notice')?.textContent?.includes('até a época 3'),
    );
    await shown(page, 'Época 3 de 10');
    await page.click('#next');
    await shown(page, 'Época 4 de 10');
    expect(await page.textContent('#notice')).toBe('');
    await page.close();
  });

  it('phone: the greyed "Próxima época" says why beside it; a short bar that never covers the focused field; a result on the first screen', async () => {
    const phone = { width: 390, height: 844 };
    const page = await lab.page('?lesson=unbalanced-scales&lang=pt-BR', phone);
    await shown(page, 'Época 0 de 500');
    const barHeight = (): Promise<number> =>
      page.evaluate(() => document.getElementById('transport')!.getBoundingClientRect().height);
    expect(await barHeight()).toBeLessThan(110);
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Próxima época' }).click();
      await page.waitForTimeout(150);
    }
    await page.waitForFunction(() => (document.getElementById('next') as HTMLButtonElement).disabled);
    const why = page.locator('#bar-why');
    await why.waitFor({ state: 'visible' });
    expect(await why.innerText()).toContain('O treino divergiu na época 3 e parou.');
    const inView = (sel: string): Promise<boolean> =>
      page.evaluate((s) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && r.height > 0;
      }, sel);
    expect(await inView('#bar-why')).toBe(true);
    // The tap's focus was on the button that went grey: it moves to the reason, not to the page.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('why-go');
    // The first screen shows a result of the epoch on display, not only its number.
    expect(await page.textContent('#epoch-loss')).toMatch(/^perda \d/);
    expect(await inView('#epoch-loss')).toBe(true);
    await page.screenshot({ path: join(OUTPUT, 'phone-pt-diverged-bar.png') });
    await page.getByRole('button', { name: 'Ver por quê e o que tentar' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'diverged');
    const below = await page.evaluate(
      () =>
        document.getElementById('diverged')!.getBoundingClientRect().top >=
        document.getElementById('transport')!.getBoundingClientRect().bottom,
    );
    expect(below).toBe(true);
    await page.screenshot({ path: join(OUTPUT, 'phone-pt-diverged-why.png') });

    // Tabbing backwards into a field under the sticky bar scrolls it out from under the bar.
    await page.evaluate(() => {
      const r = document.getElementById('normalize')!.getBoundingClientRect();
      window.scrollBy(0, r.top - 20);
    });
    await page.locator('#diverged button').first().focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('normalize');
    const clear = await page.evaluate(
      () =>
        document.getElementById('normalize')!.getBoundingClientRect().top >=
        document.getElementById('transport')!.getBoundingClientRect().bottom,
    );
    expect(clear).toBe(true);
    await page.close();
  });

  it('history: another lesson is a new entry (Back returns), "try next" stays in the page, the layer shown is in the link', async () => {
    const page = await lab.page('?lesson=one-neuron&lang=en&step=1');
    await shown(page, 'Epoch 1 of 10');
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.selectOption('#lesson', 'four-pairs');
    await page.waitForURL(/lesson=four-pairs/);
    await page.goBack();
    await page.waitForURL(/lesson=one-neuron&.*step=1$/);
    await shown(page, 'Epoch 1 of 10');
    expect(await page.inputValue('#lesson')).toBe('one-neuron');

    // A lesson's suggestion is followed without reloading the page, and Back comes back to it.
    await page.click('#story-panel summary');
    const link = page.locator('#story-panel a[href^="?"]').first();
    const href = (await link.getAttribute('href'))!;
    await link.click();
    await page.waitForURL((u) => u.search === href);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    await page.goBack();
    await page.waitForURL(/lesson=one-neuron&.*step=1$/);
    await shown(page, 'Epoch 1 of 10');

    // "Layer shown" travels with the link.
    await page.goto(lab.url + '?lesson=two-inputs-network&lang=en&step=3');
    await shown(page, 'Epoch 3 of 300');
    await page.selectOption('[data-detail=layer]', '2');
    await page.waitForURL(/layer=2/);
    const fresh = await lab.page(new URL(page.url()).search);
    await shown(fresh, 'Epoch 3 of 300');
    expect(await fresh.inputValue('[data-detail=layer]')).toBe('2');
    expect(await fresh.locator('#calc-body').innerText()).toContain('Layer 2');
    expect(await fresh.locator('#calc-body').innerText()).not.toContain('Layer 1');
    await fresh.close();
    await page.close();
  });

  it('"Copy link" says when the clipboard refused, and shows the link to copy by hand', async () => {
    const page = await lab.page('?lesson=one-neuron&lang=en&step=2');
    await shown(page, 'Epoch 2 of 10');
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.click('#copy-link');
    await page.waitForFunction(() => document.getElementById('copied')?.textContent !== '');
    expect(await page.textContent('#copied')).toBe(
      'The browser did not let the page copy: select the link here and copy it.',
    );
    expect(await page.inputValue('#link-by-hand')).toBe(page.url());
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('link-by-hand');
    expect(
      await page.evaluate(() => {
        const i = document.getElementById('link-by-hand') as HTMLInputElement;
        return i.selectionEnd! - i.selectionStart!;
      }),
    ).toBe(page.url().length);

    // Allowed, it copies the address itself and says so.
    await lab.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lab.url });
    const ok = await lab.page('?lesson=one-neuron&lang=en&step=2');
    await shown(ok, 'Epoch 2 of 10');
    await ok.click('#copy-link');
    await ok.waitForFunction(() => document.getElementById('copied')?.textContent !== '');
    expect(await ok.textContent('#copied')).toBe('Link copied');
    expect(await ok.evaluate(() => navigator.clipboard.readText())).toBe(ok.url());
    expect(await ok.isHidden('#link-by-hand')).toBe(true);
    await ok.close();
    await page.close();
  });

  it('landmarks and live regions: the transport is a named region, no two regions share a name, playing is not read aloud epoch by epoch', async () => {
    const page = await lab.page('?lesson=one-neuron&lr=0.01&lang=en&epochs=400');
    await shown(page, 'Epoch 0 of 400');
    const transport = page.getByRole('region', { name: 'Epochs: step and play' });
    expect(await transport.getByRole('button', { name: 'Next epoch' }).isVisible()).toBe(true);
    const names = await page.getByRole('region').evaluateAll((els) =>
      els.map((e) => {
        const by = e.getAttribute('aria-labelledby');
        return by ? document.getElementById(by)?.textContent : e.getAttribute('aria-label');
      }),
    );
    expect(names.length).toBeGreaterThan(3);
    expect(new Set(names).size).toBe(names.length);

    // While playing, the status changes every frame; what is announced changes only on pause or a step.
    expect(await page.getAttribute('#epoch-status', 'aria-live')).toBeNull();
    await page.evaluate(() => {
      const w = window as unknown as { said: number };
      w.said = 0;
      new MutationObserver(() => w.said++).observe(document.getElementById('announce')!, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.selectOption('#speed', '60');
    await page.click('#play');
    await page.waitForFunction(
      () => Number(/\d+/.exec(document.getElementById('epoch-status')!.textContent)![0]) >= 30,
    );
    expect(await page.evaluate(() => (window as unknown as { said: number }).said)).toBe(0);
    await page.click('#play');
    await page.waitForFunction(
      () => document.querySelector('#play')?.getAttribute('aria-pressed') === 'false',
    );
    const status = await page.textContent('#epoch-status');
    await page.waitForFunction(
      (s) => document.getElementById('announce')?.textContent?.startsWith(`${s}.`),
      status,
    );
    expect(await page.evaluate(() => (window as unknown as { said: number }).said)).toBeLessThanOrEqual(2);
    await page.close();
  });
});
