import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { KERNELS_SHARED_BASE64, KERNELS_SINGLE_BASE64 } from '../src/fast/kernels-wasm';
import { type KernelExports, SPLIT_KERNELS, kernelsBytes } from '../src/fast/wasm';

// The committed kernels (src/fast/kernels-wasm.ts, base64) must be what the pinned AssemblyScript
// compiler makes of asm/*.ts today: a change to the sources without `npm run build:wasm -w @unha/engine`
// (or a hand edit of the generated file) fails here. The build script is plain JavaScript; it is loaded
// by URL so that the type checker does not look for its declarations.
const BUILD = new URL('../scripts/wasm-build.mjs', import.meta.url).href;
type Build = { buildKernels: (shared: boolean) => Promise<Uint8Array<ArrayBuffer>> };

const built: Record<'shared' | 'single', Uint8Array<ArrayBuffer>> = {
  shared: new Uint8Array(),
  single: new Uint8Array(),
};

beforeAll(async () => {
  const { buildKernels } = (await import(BUILD)) as Build;
  built.shared = await buildKernels(true);
  built.single = await buildKernels(false);
}, 180_000);

/**
 * Each kernel's parameter count as the KernelExports interface declares it: the type checker holds
 * these numbers to the interface (a missing kernel or a wrong count does not compile), and the test
 * holds the module's functions to them (a wasm function's `length` is its parameter count).
 */
const ARITY: { [K in keyof KernelExports]: Parameters<KernelExports[K]>['length'] } = {
  matmulNT: 8,
  matmulNN: 8,
  matmulTN: 8,
  colSum: 6,
  encoderFwd: 8,
  encoderBwd: 9,
  layerNormFwd: 9,
  layerNormBwdX: 9,
  layerNormBwdParams: 10,
  attentionFwd: 8,
  attentionBwd: 10,
  geluFwd: 4,
  geluBwd: 5,
  addTo: 5,
  crossEntropy: 8,
  sumSquares: 3,
  scaleBy: 4,
  coupledDecay: 5,
  adam: 13,
  sgd: 8,
  zero: 3,
};

function memory(shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 2, maximum: 2, shared });
}

function instantiate(bytes: Uint8Array<ArrayBuffer>, shared: boolean): WebAssembly.Instance {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: memory(shared) } });
}

describe('the committed float32 kernels are their sources, compiled', () => {
  it('both variants are byte for byte what scripts/wasm-build.mjs builds from asm/*.ts', () => {
    const committed = {
      shared: Buffer.from(KERNELS_SHARED_BASE64, 'base64'),
      single: Buffer.from(KERNELS_SINGLE_BASE64, 'base64'),
    };
    expect(built.shared.length).toBeGreaterThan(1000);
    // Buffer.equals rather than toEqual: a mismatch should say "rebuild", not print 8 kB of bytes.
    const hint = 'run `npm run build:wasm -w @unha/engine` and commit src/fast/kernels-wasm.ts';
    expect(committed.shared.equals(built.shared), hint).toBe(true);
    expect(committed.single.equals(built.single), hint).toBe(true);
    // And the engine decodes the constants into those very bytes (its own atob loop, no Buffer).
    expect(Buffer.from(kernelsBytes(true)).equals(committed.shared)).toBe(true);
    expect(Buffer.from(kernelsBytes(false)).equals(committed.single)).toBe(true);
  });

  it('the shared variant imports a shared memory, the single one a plain memory, and nothing else', () => {
    for (const [bytes, shared] of [
      [built.shared, true],
      [built.single, false],
    ] as const) {
      const m = new WebAssembly.Module(bytes);
      expect(WebAssembly.Module.imports(m)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      // The import's shared flag is not listed by Module.imports; WebAssembly itself checks it on linking.
      expect(() => instantiate(bytes, shared)).not.toThrow();
      expect(() => instantiate(bytes, !shared)).toThrow(/shared/);
    }
  });

  it('every kernel of KernelExports is exported with its parameter count, SPLIT_KERNELS among them', () => {
    for (const [bytes, shared] of [
      [built.shared, true],
      [built.single, false],
    ] as const) {
      const fns = instantiate(bytes, shared).exports as Record<string, unknown>;
      const exported = WebAssembly.Module.exports(new WebAssembly.Module(bytes))
        .filter((e) => e.kind === 'function')
        .map((e) => e.name);
      expect([...exported].sort()).toEqual(Object.keys(ARITY).sort());
      for (const [name, n] of Object.entries(ARITY))
        expect((fns[name] as (...a: number[]) => void).length, name).toBe(n);
      // The split kernels take (lo, hi) first, so each has at least two parameters; their list has no repeats.
      for (const name of SPLIT_KERNELS) expect(ARITY[name], name).toBeGreaterThanOrEqual(2);
      expect(new Set(SPLIT_KERNELS).size).toBe(SPLIT_KERNELS.length);
    }
  });

  it('npm ci installs the exact compiler: assemblyscript pinned in @unha/engine and in the lock file', () => {
    const req = createRequire(import.meta.url);
    const json = <T>(file: string | URL): T => JSON.parse(readFileSync(file, 'utf8')) as T;
    type Pkg = { version: string; devDependencies: Record<string, string> };
    const version = json<Pkg>(new URL('../package.json', import.meta.url)).devDependencies.assemblyscript;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/); // no ^ or ~: another compiler could give other bytes
    const lock = json<{ packages: Record<string, Pkg> }>(
      new URL('../../../package-lock.json', import.meta.url),
    );
    expect(lock.packages['packages/engine'].devDependencies.assemblyscript).toBe(version);
    expect(lock.packages['node_modules/assemblyscript'].version).toBe(version);
    // binaryen (asc's optimiser) is pinned by the lock file too.
    expect(lock.packages['node_modules/binaryen'].version).toMatch(/^\d+\.\d+\.\d+/);
    const installed = json<Pkg>(req.resolve('assemblyscript/package.json'));
    expect(installed.version).toBe(version);
  });
});
