import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The agent console: built into dist/console, where functions/console.ts serves it at /console/. Every file but
 * index.html lands in assets/ with a content hash in its name, which is what lets the function cache them for a year.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Source maps stay out of the deployment package; the sources are in the repository.
    sourcemap: false,
    // Every asset is a file of its own (no data: URLs), so the page's policy needs no exceptions.
    assetsInlineLimit: 0,
  },
  // The local host serves the API and the sign-in on one port; `vite` in dev mode sends them there.
  server: {
    proxy: { '/api': 'http://127.0.0.1:7071', '/.auth': 'http://127.0.0.1:7071' },
  },
});
