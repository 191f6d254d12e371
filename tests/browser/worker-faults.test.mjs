// Worker faults (issue 8): a crashed worker (a real trap inside the module) and a hung worker
// (busy for longer than the watchdog allows) are both detected and replaced; the requests
// in flight fail with a code the page can act on; a widget caught in it offers a retry that works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

const GRID = '[data-widget="exam-grid"]';

async function ready(page) {
  await page.waitForSelector(`${GRID}[data-ready="1"]`, { timeout: 15000 });
}

test('a trap inside the engine is reported as "crashed" and a fresh worker takes over', async () => {
  const page = await openPage(site, 'en/01-exam-rule/');
  await ready(page);
  const out = await page.evaluate(async () => {
    const e = window.__examrule.engine;
    const crash = await e.run('debugTrap').then(() => 'no error', (err) => err.code);
    const after = await e.run('dependence', { T: 3, mode: 'causal' });
    return { crash, generation: e.generation, dep: Array.from(after.dep, (d) => (d > 0 ? 1 : 0)).join('') };
  });
  assert.equal(out.crash, 'crashed');
  assert.equal(out.generation, 2);
  assert.equal(out.dep, '100110111');
  // The trap itself is logged by the browser as an uncaught worker error at most; no page error.
  assert.deepEqual(page.log.foreign, []);
});

test('a hung worker is replaced, and a widget caught in it offers a retry that works', async () => {
  const page = await openPage(site, 'en/01-exam-rule/');
  await ready(page);
  await page.evaluate(() => {
    window.__spin = window.__examrule.engine.run('debugSpin', { ms: 4000 }, { hungAfterMs: 1500 }).catch((e) => e.code);
  });
  // Ask the grid for new data while the worker is stuck: its request is queued behind the spin.
  await page.locator(`${GRID} select`).selectOption('none');
  assert.equal(await page.evaluate(() => window.__spin), 'hung');
  const retry = page.locator(`${GRID} .widget-status button`);
  await retry.waitFor({ timeout: 5000 });
  await retry.click();
  await page.waitForFunction(
    (sel) => [...document.querySelectorAll(`${sel} td[data-visible]`)].every((td) => td.dataset.visible === '1'),
    GRID,
  );
  assert.equal(await page.evaluate(() => window.__examrule.engine.generation), 2);
});
