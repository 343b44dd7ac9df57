/**
 * One-off check of the engine's fdlibm ports (packages/engine/src/nn/libm*.ts), too long for the test
 * suite: N inputs per function (default 10^7) over the ranges the engine uses, hashed, in this Node
 * (its Math.* and the ports) and in Debian's Chromium (the ports, and its Math.* for contrast).
 * The ports must hash like Node 20's Math.* in both. Usage: npx tsx bench/libm-sweep.ts [N]
 */
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { sweep } from './libm-sweep-page';

const N = Number(process.argv[2] ?? 1e7);
const entry = fileURLToPath(new URL('./libm-sweep-page.ts', import.meta.url));
const out = await build({
  configFile: false,
  logLevel: 'warn',
  build: { write: false, minify: false, lib: { entry, formats: ['iife'], name: 'LibmSweep' } },
});
const result = Array.isArray(out) ? out[0] : out;
if (!('output' in result)) throw new Error('vite returned a watcher');

const nodeMath = sweep(N, true);
const nodePorts = sweep(N, false);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
await page.addScriptTag({ content: result.output[0].code });
type Sweep = (n: number, m: boolean) => Record<string, string>;
const run = (m: boolean): Promise<Record<string, string>> =>
  page.evaluate(([n, mm]) => (window as unknown as { LibmSweep: { sweep: Sweep } }).LibmSweep.sweep(n, mm), [
    N,
    m,
  ] as const);
const webPorts = await run(false);
const webMath = await run(true);
console.log(
  `Node ${process.version} (V8 ${process.versions.v8}); ${await page.evaluate(() => navigator.userAgent)}; N = ${N}`,
);
await browser.close();
let ok = true;
for (const k of Object.keys(nodeMath)) {
  const same = nodeMath[k] === nodePorts[k] && nodePorts[k] === webPorts[k];
  ok &&= same;
  console.log(
    `${k.padEnd(24)} Node Math ${nodeMath[k]}  Node ports ${nodePorts[k]}  Chromium ports ${webPorts[k]}  ` +
      `${same ? 'identical' : 'DIFFERENT'}  (Chromium Math ${webMath[k] === nodeMath[k] ? 'identical' : 'differs'})`,
  );
}
process.exit(ok ? 0 : 1);
