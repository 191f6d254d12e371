// The mask heatmap at its largest T (32), as a learner sets it: at 1280 px the whole mask, the
// whole attention matrix and its row-sum column fit the lesson column (nothing cut off); at
// 360 px what does not fit scrolls inside the widget instead of being clipped.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

async function heatmapAt32(lang, width) {
  const page = await openPage(site, null);
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${site.url}${lang}/04-lab-mask/`);
  const sel = '[data-widget="mask-heatmap"]';
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.t === '8', sel, { timeout: 60000 });
  const input = page.locator(`${sel} input[type=number]`).first();
  await input.fill('32');
  await input.dispatchEvent('change');
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.t === '32', sel, { timeout: 60000 });
  return page;
}

for (const lang of ['en', 'es']) {
  test(`${lang}: at T = 32 and 1280 px the mask, the weights and the row sums are all in view`, async () => {
    const page = await heatmapAt32(lang, 1280);
    const fit = await page.evaluate(() => {
      const w = document.querySelector('[data-widget="mask-heatmap"]');
      const box = w.querySelector('.side-by-side').getBoundingClientRect();
      const lastOf = (s) => [...w.querySelectorAll(s)].at(-1).getBoundingClientRect();
      return {
        boxRight: box.right,
        maskRight: lastOf('.mask-matrix td.mm-cell').right,
        heatRight: lastOf('.heatmap td.hm-cell').right,
        sumRight: lastOf('.heatmap td.hm-sum').right,
        sums: w.querySelectorAll('.heatmap td.hm-sum').length,
      };
    });
    assert.equal(fit.sums, 32, 'one row sum per query');
    for (const k of ['maskRight', 'heatRight', 'sumRight']) assert.ok(fit[k] <= fit.boxRight + 0.5, `${k} ${fit[k]} is past the column's edge ${fit.boxRight}`);
    assert.deepEqual(page.problems(), []);
  });
}

test('at T = 32 and 360 px the grids scroll inside the widget (nothing clipped)', async () => {
  const page = await heatmapAt32('en', 360);
  const scroll = await page.evaluate(() => {
    const w = document.querySelector('[data-widget="mask-heatmap"]');
    // every table wider than its box has an ancestor inside the widget that scrolls sideways
    return [...w.querySelectorAll('table')].map((t) => {
      for (let e = t.parentElement; e && e !== w; e = e.parentElement)
        if (e.scrollWidth > e.clientWidth + 1) return getComputedStyle(e).overflowX;
      return 'fits';
    });
  });
  assert.equal(scroll.length, 2);
  for (const s of scroll) assert.ok(s === 'auto' || s === 'scroll' || s === 'fits', `a grid is clipped (overflow-x: ${s})`);
  assert.deepEqual(page.problems(), []);
});
