import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit tests of the front end and of the page pipeline (no browser, no engine): happy-dom
// provides the DOM. Kept apart from vite.config.ts, which renders every page when loaded.
export default defineConfig({
  resolve: { alias: { '@engine': resolve(import.meta.dirname, 'build/wasm') } },
  test: { root: import.meta.dirname, include: ['tests/web/**/*.test.ts'], environment: 'happy-dom' },
});
