// Nothing depends on the browser's default locale (issue 14): a browser whose default language is
// not a valid language tag — Linux's "en-US@posix" here, "C" in WebKit under LANG=C.UTF-8 (see
// tests/engines/) — still starts the studio's widgets and charts, in both page languages. (The
// charting library used to build a number formatter from navigator.language when it loaded.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

for (const lang of ['en', 'es'])
  test(`the studio starts under the default locale "en-US@posix" (${lang} page)`, async () => {
    const context = await site.browser.newContext({ locale: 'en-US@posix', serviceWorkers: 'block' });
    const page = await openPage(site, `${lang}/10-break-forgotten-mask/`, { context });
    assert.equal(await page.evaluate(() => navigator.language), 'en-US@posix');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-widget]')].every((el) => el.dataset.ready === '1' || el.dataset.state === 'error'), null, { timeout: 30000 });
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('[data-widget]')].map((el) => `${el.dataset.widget}:${el.dataset.state}:${el.dataset.ready}`)),
      ['break-forgotten-mask:mounted:1', 'dashboard:mounted:1']);
    await page.waitForSelector('[data-widget="dashboard"] .dash-chart canvas');
    assert.deepEqual(page.problems(), []);
    await context.close();
  });
