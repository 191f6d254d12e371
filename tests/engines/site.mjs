// The built site (dist/, BASE=/exam-rule/) as the engine suites serve it: a copy in a temporary
// folder whose pages load one extra first script, __capture.js, that records console errors,
// uncaught errors, failed resource loads and unhandled rejections in window.__pageProblems
// (classic WebDriver has no console log to read). The copy's sw.js is rewritten for the changed
// pages, so the service worker still precaches a consistent build. `cut()` stops the server:
// the network is gone for the pages, which then only have their service worker.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../tools/serve.mjs';
import { writeServiceWorker } from '../../tools/site/sw.mjs';
import { BASE } from '../browser/helpers.mjs';

export { BASE };

// A classic script (runs before the page's module scripts); same origin, so the CSP allows it.
const CAPTURE = `(() => {
  const list = (window.__pageProblems = []);
  const text = (x) => (x instanceof Error ? x.name + ': ' + x.message + ' @ ' + (x.stack || '').split('\\n')[0] : String(x));
  const origError = console.error;
  console.error = function (...a) { list.push('console: ' + a.map(text).join(' ')); return origError.apply(this, a); };
  addEventListener('error', (e) => {
    const t = e.target;
    // Firefox fires "error" on a modulepreload link for a module that a <script type=module> of
    // the page has already loaded (Vite's preload helper adds such links); nothing failed.
    if (t && t.rel === 'modulepreload' && [...document.scripts].some((x) => x.type === 'module' && x.src === t.href)) return;
    if (t && t !== window) list.push('failed to load: ' + (t.src || t.href || t.tagName));
    else list.push('pageerror: ' + (e.error ? text(e.error) : e.message));
  }, true);
  addEventListener('unhandledrejection', (e) => list.push('unhandled rejection: ' + text(e.reason)));
})();
`;

function htmlFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (e.endsWith('.html')) out.push(p);
  }
  return out;
}

export async function startCapturingSite() {
  const dir = mkdtempSync(join(tmpdir(), 'er-engines-'));
  cpSync('dist', dir, { recursive: true });
  writeFileSync(join(dir, '__capture.js'), CAPTURE);
  for (const f of htmlFiles(dir)) {
    const html = readFileSync(f, 'utf8');
    if (!html.includes('<head>')) throw new Error(`${f}: no <head>`);
    writeFileSync(f, html.replace('<head>', `<head><script src="${BASE}__capture.js"></script>`));
  }
  writeServiceWorker(dir);
  const { server, url } = await serve(dir, { base: BASE });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  let open = true;
  const cut = async () => {
    if (!open) return;
    open = false;
    const closed = new Promise((ok) => server.close(ok));
    for (const s of sockets) s.destroy();
    await closed;
  };
  return {
    url,
    cut,
    async close() {
      await cut();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
