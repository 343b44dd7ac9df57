import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { ISOLATION } from './bin/isolation.ts';

/**
 * The lab is a static site: everything (code, KaTeX and its fonts) is bundled into dist/, nothing is
 * fetched from elsewhere at run time. The workspace packages export their TypeScript sources, which
 * Vite compiles like the lab's own. The dev server and the preview send the same cross-origin
 * isolation headers as bin/serve.ts, so that the float32 kernels get their second thread there too.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Fonts are files next to the CSS, never inlined data the size of a font.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', headers: ISOLATION },
  preview: { host: '127.0.0.1', headers: ISOLATION },
});
