/**
 * tfjs-core's gradients, registered for the bench's peer. tfjs-core's Node entry (a CommonJS bundle)
 * registers no gradients: the full `@tensorflow/tfjs` package does it by importing
 * `@tensorflow/tfjs-core/dist/register_all_gradients`, an ES module of extensionless imports that Node
 * cannot load as it is. That package would bring layers, converter, data, webgl and core-js (with an
 * install script), so instead this bundles that one module with esbuild (already here: tsx's
 * compiler) in memory and runs it. Its copy of tfjs-core finds the same engine and gradient registry,
 * which tfjs keeps on the global object precisely so that two copies share them.
 */
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';

let done = false;

export function registerTfjsGradients(): void {
  if (done) return;
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  const local = createRequire(entry);
  const module = { exports: {} };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the bundle built just above
  const run = new Function('module', 'exports', 'require', code) as (
    m: object,
    e: object,
    r: NodeJS.Require,
  ) => void;
  run(module, module.exports, local);
  done = true;
}
