// The site's Vite config with two folders swapped, so a benchmark can build the real site
// against another engine build without touching dist/ or build/wasm:
//   ER_ENGINE_DIR=build/bench-wasm ER_OUT_DIR=build/bench/site \
//     npx vite build --config tools/bench/vite.bench.config.mjs
// Everything else (pages, worker, CSP, service worker) is the production configuration.
import { resolve } from 'node:path';
import siteConfig from '../../vite.config.ts';
import { writeServiceWorker } from '../site/sw.mjs';

const repo = resolve(import.meta.dirname, '../..');

export default (env) => {
  const cfg = typeof siteConfig === 'function' ? siteConfig(env) : siteConfig;
  const outDir = resolve(repo, process.env.ER_OUT_DIR ?? 'build/bench/site');
  cfg.build.outDir = outDir;
  const engineDir = resolve(repo, process.env.ER_ENGINE_DIR ?? 'build/bench-wasm');
  const alias = cfg.resolve.alias;
  if (Array.isArray(alias)) {
    const entry = alias.find((a) => a.find === '@engine');
    if (!entry) throw new Error('vite.bench.config: no @engine alias in vite.config.ts');
    entry.replacement = engineDir;
  } else {
    if (!alias['@engine']) throw new Error('vite.bench.config: no @engine alias in vite.config.ts');
    alias['@engine'] = engineDir;
  }
  cfg.plugins = cfg.plugins
    .filter((p) => p.name !== 'exam-rule:service-worker')
    .concat({ name: 'exam-rule:service-worker', apply: 'build', closeBundle: () => void writeServiceWorker(outDir) });
  return cfg;
};
