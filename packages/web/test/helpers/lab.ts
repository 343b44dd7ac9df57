import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { build } from 'vite';
import { type Served, serve } from '../../bin/serve';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const OUTPUT = resolve(WEB_DIR, '../../test-output/web');

/** Chromium from the system (Debian's package): never a downloaded browser. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${CHROMIUM} is missing: the browser tests must run on CI.`);
  console.warn(
    `\n*** SKIPPING the web lab's browser tests: ${CHROMIUM} not found (apt install chromium). ***\n`,
  );
  return false;
}

export interface Lab {
  url: string;
  /** The same build served without the cross-origin isolation headers (the float32 one-thread fallback). */
  unisolatedUrl: string;
  context: BrowserContext;
  /** Every URL the pages asked for, and every console error, across the whole run. */
  requests: string[];
  errors: string[];
  page(path?: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Builds the lab into a temporary directory, serves it on 127.0.0.1 and opens a fresh Chromium profile. */
export async function openLab(): Promise<Lab> {
  const tmp = mkdtempSync(join(tmpdir(), 'unha-web-'));
  const outDir = join(tmp, 'dist');
  await build({
    configFile: join(WEB_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    mode: 'production',
    build: { outDir, emptyOutDir: true },
  });
  const served: Served = await serve(outDir, { port: 0 });
  const unisolated: Served = await serve(outDir, { port: 0, isolated: false });
  const context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  mkdirSync(OUTPUT, { recursive: true });
  const requests: string[] = [];
  const errors: string[] = [];
  const watch = (p: Page): void => {
    p.on('request', (r) => requests.push(r.url()));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(e.message));
  };
  context.on('page', watch);
  context.pages().forEach(watch);
  return {
    url: served.url,
    unisolatedUrl: unisolated.url,
    context,
    requests,
    errors,
    async page(path = '', viewport) {
      const p = await context.newPage();
      if (viewport) await p.setViewportSize(viewport);
      await p.goto(served.url + path.replace(/^\//, ''));
      await p.waitForSelector('#epoch-status:not(:empty)');
      return p;
    },
    async close() {
      await context.close();
      await served.close();
      await unisolated.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Waits until the page shows this epoch, drawn, its calculation typeset to the last line. */
export async function shown(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (t) =>
      document.getElementById('epoch-status')?.textContent === t &&
      document.getElementById('calc-body')?.dataset.complete === 'true',
    text,
  );
}

/** The text of the calculation's formulas in one section, as KaTeX draws it (what a reader sees). */
export async function formulas(page: Page, section: string): Promise<string> {
  return page
    .locator(`#calc-body [data-section="${section}"] .katex-html`)
    .allInnerTexts()
    .then((t) => t.join('\n').replace(/\s+/g, ''));
}

export function isLocal(url: string): boolean {
  return /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:)/.test(url);
}
