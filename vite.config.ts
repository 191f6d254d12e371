import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The site is a multi-page static build: web/ is the root; the engine's wasm modules come from
// build/wasm (see tools/build-wasm.sh) through the @engine alias. BASE sets the sub-path the
// site is served from (GitHub Pages: /<repo>/).
export default defineConfig({
  root: 'web',
  base: process.env.BASE ?? '/',
  resolve: { alias: { '@engine': resolve(import.meta.dirname, 'build/wasm') } },
  worker: { format: 'es' },
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { index: resolve(import.meta.dirname, 'web/index.html') } },
  },
  server: { fs: { allow: [import.meta.dirname] } },
});
