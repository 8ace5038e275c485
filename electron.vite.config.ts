/**
 * Builds the three parts of the desktop app with electron-vite:
 * - main → out/main/index.js (ESM, like the package; dependencies stay external), and
 *   out/main/shard.js, the script the session's shard processes run (forked with Electron's own
 *   binary as Node: ELECTRON_RUN_AS_NODE);
 * - preload → out/preload/index.cjs (CommonJS, one self-contained file: a sandboxed preload can
 *   neither be ESM nor require anything but `electron`);
 * - renderer → out/renderer (React; relative asset paths so the page loads from a file URL).
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve('src/main/index.ts'), shard: resolve('src/core/runtime/shard/shardEntry.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
