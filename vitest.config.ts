import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

// Unit tests of the front end (no browser, no engine): happy-dom provides the DOM.
export default mergeConfig(viteConfig, defineConfig({
  test: { root: import.meta.dirname, include: ['tests/web/**/*.test.ts'], environment: 'happy-dom' },
}));
