import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
// @ts-expect-error plain ESM build tool without type declarations
import { writeServiceWorker } from './tools/site/sw.mjs';

// The site is a multi-page static build. tools/site/build.mjs renders the lessons into HTML
// entry pages under web/generated/ (one per lesson per language, the course homes and the root
// language picker); that folder is Vite's root, so dist/ mirrors it: dist/<lang>/<slug>/index.html.
// Every page loads web/src/main.ts. The engine's wasm modules come from build/wasm through the
// @engine alias. BASE sets the sub-path the site is served from (GitHub Pages: /<repo>/).
const repo = import.meta.dirname;
const generated = resolve(repo, 'web/generated');

function htmlEntries(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'index.html') out[p.slice(dir.length + 1).replace(/\/?index\.html$/, '') || 'index'] = p;
      else if (e.name === '404.html' && d === dir) out['404'] = p; // GitHub Pages' not-found page
    }
  };
  walk(dir);
  return out;
}

/** KaTeX's CSS offers woff2, woff and ttf for each font; every browser that runs the engine
 * reads woff2, so only those are shipped (and precached). */
const katexWoff2Only: Plugin = {
  name: 'exam-rule:katex-woff2-only',
  enforce: 'pre',
  transform(code, id) {
    if (!/katex(\.min)?\.css$/.test(id.split('?')[0])) return null;
    return code.replace(/,\s*url\([^)]*\.woff\)\s*format\("woff"\)\s*,\s*url\([^)]*\.ttf\)\s*format\("truetype"\)/g, '');
  },
};

/** uPlot (1.6.32, the latest release) builds its default number formatter (x-axis ticks, legend)
 * from navigator.language when its module loads. A browser whose default locale is not a valid
 * language tag (WebKitGTK under LANG=C.UTF-8 reports "C") makes that throw, and every chart
 * with it; elsewhere it formats in the browser's language, not the page's. Upstream merged a
 * fix (leeoniya/uPlot#1054) that is not released yet: until then, the page's language. */
const uplotPageLanguage: Plugin = {
  name: 'exam-rule:uplot-page-language',
  transform(code, id) {
    if (!/uplot\/dist\/uPlot\.esm\.js$/.test(id.split('?')[0])) return null;
    const from = "new Intl.NumberFormat(domEnv ? nav.language : 'en-US')";
    if (!code.includes(from)) this.error('uPlot no longer builds its number formatter from navigator.language: check and drop this plugin');
    return code.replace(from, "new Intl.NumberFormat(domEnv && document.documentElement.lang || 'en')");
  },
};

/** The dev server injects styles inline, which the pages' CSP (meant for the build) forbids. */
const devWithoutCsp: Plugin = {
  name: 'exam-rule:dev-without-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n?/, ''),
};

/** After the build: dist/sw.js with the precache list (every file, with its content hash). */
function serviceWorker(outDir: string): Plugin {
  return {
    name: 'exam-rule:service-worker',
    apply: 'build',
    closeBundle() {
      const { files, version } = writeServiceWorker(outDir);
      this.info?.(`service worker ${version}: ${files} files precached`);
    },
  };
}

export default defineConfig(({ command }) => {
  // Render the lesson pages first (a fresh web/generated each time).
  execFileSync(process.execPath, [resolve(repo, 'tools/site/build.mjs')], { stdio: 'inherit' });
  const outDir = resolve(repo, 'dist');
  return {
    root: generated,
    publicDir: resolve(repo, 'web/public'),
    base: process.env.BASE ?? '/',
    resolve: {
      alias: [
        { find: '@engine', replacement: resolve(repo, 'build/wasm') },
        // Dev server: pages ask for "../../../src/main.ts", i.e. the URL /src/main.ts under the
        // generated root; it lives in web/src. (The build resolves the same path on disk.)
        ...(command === 'serve' ? [{ find: /^\/src\//, replacement: resolve(repo, 'web/src') + '/' }] : []),
      ],
    },
    worker: { format: 'es' },
    plugins: [katexWoff2Only, uplotPageLanguage, devWithoutCsp, serviceWorker(outDir)],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      assetsInlineLimit: 0, // no data: URLs (the CSP allows only same-origin files)
      rollupOptions: { input: command === 'build' ? htmlEntries(generated) : undefined },
    },
    server: { fs: { allow: [repo] } },
    optimizeDeps: { exclude: ['uplot'] }, // served as is in dev, so uplotPageLanguage applies there too
  };
});
