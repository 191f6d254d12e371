// Issue 2 "done when": the production build served from a sub-path by a plain static server
// (lesson 01's page: the root /exam-rule/ is the language picker)
// loads the engine in its worker, draws the T=4 exam-rule grid as the lower triangle, shows a
// full grid when the mask is switched off, with no console error and no request leaving localhost.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

async function gridPattern(page) {
  return page.$$eval('[data-widget="exam-grid"] td[data-visible]', (tds) => tds.map((td) => td.dataset.visible).join(''));
}

test('the exam-rule grid is computed by the engine and follows the mask mode', async () => {
  const page = await openPage(site, 'en/01-exam-rule/');
  const widget = page.locator('[data-widget="exam-grid"]').first();
  await widget.locator('td[data-visible]').first().waitFor({ timeout: 15000 });
  // Set T=4 and causal explicitly, whatever the page's defaults are.
  await widget.locator('input[type=number]').fill('4');
  await widget.locator('input[type=number]').dispatchEvent('change');
  await widget.locator('select').selectOption('causal');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-widget="exam-grid"]');
    return el?.dataset.t === '4' && el?.dataset.mode === 'causal' && el.querySelectorAll('td[data-visible]').length === 16;
  });
  assert.equal(await gridPattern(page), '1000' + '1100' + '1110' + '1111');

  await widget.locator('select').selectOption('none');
  await page.waitForFunction(() => document.querySelector('[data-widget="exam-grid"]')?.dataset.mode === 'none');
  assert.equal(await gridPattern(page), '1'.repeat(16));

  assert.deepEqual(page.problems(), []);
});
