// Offline and consistent (issue 4 and the reliability issue): after a first visit the whole
// site, engine included, works with the network cut; sw.js precaches every file of the build by
// content hash; a new deploy is offered, then replaces the old cache; a deploy caught half-way
// (a file that does not match the list) is never cached, so old JS never meets new WASM.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../tools/serve.mjs';
import { writeServiceWorker } from '../../tools/site/sw.mjs';
import { BASE, LAUNCH_ARGS, openPage, startSite } from './helpers.mjs';
import { settle } from './site-pages.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

function precacheOf(dir) {
  const src = readFileSync(join(dir, 'sw.js'), 'utf8');
  return {
    version: JSON.parse(/const VERSION = ("[0-9a-f]+");/.exec(src)[1]),
    list: JSON.parse(/const PRECACHE = (\[[\s\S]*?\]);\n/.exec(src)[1]),
    onDemand: JSON.parse(/const ON_DEMAND = (\[[\s\S]*?\]);\n/.exec(src)[1]),
  };
}

/** Waits for the page's service worker to be active and in control; returns the cache names. */
async function controlled(page) {
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20000 });
  return page.evaluate(() => caches.keys());
}

test('sw.js precaches every file of the build (the .wasm too) under its content hash; the code cells\' Python on first use', () => {
  const { version, list, onDemand } = precacheOf('dist');
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk('dist');
  const expected = files
    .map((p) => relative('dist', p).split(sep).join('/'))
    .filter((r) => r !== 'sw.js')
    .map((r) => [r.replace(/index\.html$/, ''), createHash('sha256').update(readFileSync(join('dist', r))).digest('hex')])
    .sort();
  // dist/pyodide/ (~13 MB) is cached the first time a cell runs, with the same hash check
  const lazy = (e) => e[0].startsWith('pyodide/');
  assert.deepEqual([...list].sort(), expected.filter((e) => !lazy(e)));
  assert.deepEqual([...onDemand].sort(), expected.filter(lazy));
  assert.ok(onDemand.some(([u]) => u === 'pyodide/pyodide.asm.wasm'));
  assert.ok(list.some(([u]) => /engine-simd-.*\.wasm$/.test(u)) && list.some(([u]) => /engine-scalar-.*\.wasm$/.test(u)));
  assert.ok(list.some(([u]) => u === 'es/03-triangle/'));
  assert.match(version, /^[0-9a-f]{16}$/);
});

test('after one visit, the site and its engine work with the network cut', async () => {
  const context = await site.browser.newContext();
  const page = await openPage(site, 'en/01-exam-rule/', { context });
  await settle(page);
  const { version, list } = precacheOf('dist');
  assert.deepEqual(await controlled(page), [`exam-rule-${version}`]);
  const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, `exam-rule-${version}`);
  assert.equal(cached, list.length);

  await context.setOffline(true);
  await page.reload();
  await settle(page);
  await page.waitForSelector('[data-widget="exam-grid"][data-ready="1"]', { timeout: 15000 });
  // A page never opened before, in the other language, with live widgets.
  await page.goto(site.url + 'es/03-triangle/');
  await settle(page);
  assert.match(await page.locator('h1').textContent(), /triángulo/i);
  await page.waitForSelector('[data-widget="exam-grid"][data-ready="1"]', { timeout: 15000 });
  await page.goto(site.url + 'es/');
  await settle(page);
  assert.equal(await page.locator('.path-item').count() > 0, true);
  assert.deepEqual(page.problems(), []);
  // And it really is offline: something not in the cache fails.
  assert.equal(await page.evaluate(() => fetch('../no-such-file.txt').then(() => 'fetched', () => 'failed')), 'failed');
  // A page never cached shows the site's own "not found" page in both languages, not the
  // browser's error page.
  const missing = await page.goto(site.url + 'en/no-such-lesson/');
  assert.equal(missing.status(), 404);
  assert.match(await page.locator('main section[lang="en"] h1').textContent(), /does not exist/);
  assert.match(await page.locator('main section[lang="es"] h1').textContent(), /no existe/);
  await context.close();
});

test('a new deploy is offered, then replaces the old cache; a half-finished deploy is never cached', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'er-deploy-'));
  cpSync('dist', dir, { recursive: true });
  const { server, url } = await serve(dir, { base: BASE });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  try {
    const mini = { url, browser };
    const context = await browser.newContext();
    const page = await openPage(mini, 'en/', { context });
    await settle(page, { quietMs: 100 });
    const v1 = precacheOf(dir).version;
    assert.deepEqual(await controlled(page), [`exam-rule-${v1}`]);
    await page.evaluate(() => caches.open('exam-rule-0123456789abcdef')); // a stale cache from long ago

    // Deploy 2: one page changes; the build writes a new sw.js.
    const home = join(dir, 'en/index.html');
    writeFileSync(home, readFileSync(home, 'utf8').replace('</main>', '<p id="deploy-2">2</p></main>'));
    const v2 = writeServiceWorker(dir).version;
    assert.notEqual(v2, v1);
    await page.reload();
    const notice = page.locator('[data-notice="update"]');
    await notice.waitFor({ timeout: 15000 });
    assert.equal(await page.locator('#deploy-2').count(), 0, 'the page still runs the version it started with');
    await Promise.all([page.waitForEvent('load'), notice.locator('button').first().click()]);
    await page.locator('#deploy-2').waitFor();
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`exam-rule-${v2}`]);

    // Deploy 3 caught half-way: sw.js lists new hashes, but a file on the server is not the one listed.
    writeFileSync(home, readFileSync(home, 'utf8').replace('<p id="deploy-2">2</p>', '<p id="deploy-3">3</p>'));
    writeServiceWorker(dir);
    writeFileSync(home, readFileSync(home, 'utf8').replace('<p id="deploy-3">3</p>', '<p id="deploy-3b">not the listed file</p>'));
    const outcome = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update().catch(() => {});
      const w = reg.installing;
      if (w) await new Promise((ok) => w.addEventListener('statechange', () => w.state === 'redundant' || w.state === 'installed' ? ok() : 0));
      return { waiting: !!reg.waiting, state: w?.state ?? 'none', keys: await caches.keys() };
    });
    assert.deepEqual(outcome, { waiting: false, state: 'redundant', keys: [`exam-rule-${v2}`] });
    await context.setOffline(true);
    await page.reload();
    await page.locator('#deploy-2').waitFor(); // the consistent version 2 keeps serving
    await context.close();
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
    rmSync(dir, { recursive: true, force: true });
  }
});
