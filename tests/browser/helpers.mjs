// Shared set-up for browser tests: serve dist/ (built with BASE=/exam-rule/) from the plain
// static server, launch Debian's Chromium headless, and record what a page does: console
// errors, uncaught exceptions, and every request (so tests can prove nothing leaves localhost).
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';

export const BASE = '/exam-rule/';
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function startSite() {
  const { server, url } = await serve('dist', { base: BASE });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** A new page that records problems. `page.problems()` lists console errors, page errors and
 * requests to any origin other than the test server. */
export async function openPage(site, path = '', { context } = {}) {
  const ctx = context ?? (await site.browser.newContext());
  const page = await ctx.newPage();
  const origin = new URL(site.url).origin;
  const log = { errors: [], foreign: [], requests: [] };
  page.on('console', (m) => m.type() === 'error' && log.errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    log.requests.push(r.url());
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) log.foreign.push(u);
  });
  page.problems = () => [...log.errors, ...log.foreign.map((u) => `foreign request: ${u}`)];
  page.log = log;
  if (path !== null) await page.goto(site.url + path);
  return page;
}
