// Shared helpers of the benchmark scripts: headless Chromium (the flags TOOLCHAIN.md lists),
// a static server, statistics.
import { createRequire } from 'node:module';
import { serve } from '../serve.mjs';

const require = createRequire(import.meta.url);

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Serves `dir` on a free localhost port (under `base`, if the site was built with one);
 * returns { url, close }. */
export async function serveDir(dir, base) {
  const { server, url } = await serve(dir, { port: 0, ...(base ? { base } : {}) });
  return { url, raw: server, close: () => new Promise((ok) => server.close(ok)) };
}

/** The value after `--name` on a script's command line (argv without node and the script; argv[0]
 * is the site or build folder), else `dflt`. */
export function option(argv, name, dflt) {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? argv[i + 1] : dflt;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

export const round = (x, d = 2) => (x == null || !Number.isFinite(x) ? null : Number(x.toFixed(d)));

/** Writes `msg` to stderr (stdout carries only the JSON result). */
export const log = (...msg) => console.error('[bench]', ...msg);

/** The complete ('X') events of the page's main thread (CrRendererMain) in a Chromium trace. */
export function rendererMainEvents(events) {
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  return events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
}
