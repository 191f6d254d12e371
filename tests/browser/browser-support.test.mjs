// Browser support (issue 8): a browser without WebAssembly SIMD gets the scalar module and the
// widgets still work; a browser without WebAssembly at all still shows every lesson's text, and
// each widget says why it cannot run. Both are simulated in the real worker script: the test
// rewrites it on the way to the page so that SIMD validation fails, or WebAssembly is absent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

/** Opens a lesson with `prelude` prepended to the engine worker's script. */
async function openWithWorkerPrelude(prelude, path) {
  const context = await site.browser.newContext();
  await context.route(/\/assets\/worker-[^/]*\.js$/, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: prelude + '\n' + (await res.text()) });
  });
  return openPage(site, path, { context });
}

test('without WebAssembly SIMD the scalar module loads and the grid is still computed', async () => {
  const page = await openWithWorkerPrelude('WebAssembly.validate = () => false;', 'en/01-exam-rule/');
  const info = await page.evaluate(() => window.__examrule.engine.ready);
  assert.equal(info.simd, false);
  assert.equal(info.backend, 'eigen-wasm-scalar');
  const grid = page.locator('[data-widget="exam-grid"]').first();
  await grid.locator('td[data-visible]').first().waitFor({ timeout: 15000 });
  const T = Number(await grid.getAttribute('data-t'));
  const cells = await grid.locator('td[data-visible]').evaluateAll((tds) => tds.map((td) => td.dataset.visible).join(''));
  let expected = '';
  for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) expected += j <= i ? '1' : '0';
  assert.equal(cells, expected);
  assert.deepEqual(page.problems(), []);
});

test('without WebAssembly the lesson text stays readable and widgets explain why they cannot run', async () => {
  const page = await openWithWorkerPrelude('delete globalThis.WebAssembly;', 'es/01-exam-rule/');
  const status = page.locator('[data-widget="exam-grid"] .widget-status.is-error').first();
  await status.waitFor({ timeout: 15000 });
  assert.match(await status.textContent(), /WebAssembly/);
  // The lesson's own text is all there, and the widget's text fallback still describes the figure.
  assert.ok((await page.locator('main h2').count()) >= 3);
  assert.ok((await page.locator('main article').innerText()).length > 2000);
  assert.ok((await page.locator('[data-widget="exam-grid"] .widget-fallback').first().textContent()).length > 20);
  assert.equal(await page.locator('[data-widget="exam-grid"] .widget-status button').count(), 0); // no pointless retry
});
