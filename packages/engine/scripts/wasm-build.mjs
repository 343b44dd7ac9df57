// Compiles the float32 kernels (packages/engine/asm/*.ts, AssemblyScript) to WebAssembly and returns the
// module's bytes. The compiler is a pinned devDependency (assemblyscript, exact version), so the same
// sources give the same bytes: test/fast-wasm-build.test.ts rebuilds them and compares with the
// committed src/fast/kernels-wasm.ts.
import { main } from 'assemblyscript/asc';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ASM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../asm');

/**
 * Compiler flags: SIMD, memory imported from JS, no garbage collector. `shared` builds the variant whose
 * memory two threads share (a browser page without cross-origin isolation cannot make a shared memory,
 * so the single-thread variant exists too; the kernels are the same code).
 */
export function ascFlags(shared) {
  // Each flag beside its value: easier to read than prettier's one-per-line.
  // prettier-ignore
  return [
    'kernels.ts',
    '--baseDir', ASM_DIR,
    '-O3', '--noAssert',
    '--runtime', 'stub',
    '--enable', 'simd',
    ...(shared ? ['--enable', 'threads', '--sharedMemory'] : []),
    '--importMemory',
    '--initialMemory', '1', '--maximumMemory', '65536',
    '--outFile', 'kernels.wasm',
  ];
}

export async function buildKernels(shared) {
  let wasm = null;
  const errors = [];
  const { error } = await main(ascFlags(shared), {
    writeFile(name, contents) {
      if (name.endsWith('.wasm')) wasm = contents;
    },
    stderr: { write: (s) => errors.push(String(s)) },
    stdout: { write: () => {} },
  });
  if (error || !wasm) throw new Error(`asc failed: ${error}\n${errors.join('')}`);
  return Buffer.from(wasm);
}
