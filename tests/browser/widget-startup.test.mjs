// Widget start-up and clean-up. Raw errors never reach the learner (issue 14): a widget that cannot start — its module arrives
// broken, or its mount throws — says so in the page's language with what the learner can do,
// and keeps the technical message inside a closed <details>; the page's other widgets start anyway.
// The failures are planted by answering the widget module's request with a bad module.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

const TEXT = {
  en: { failed: 'This part of the page could not start.', advice: /^Reload the page to try again; .*another browser.*progress are kept/, reload: 'Reload the page', details: 'Technical details' },
  es: { failed: 'Esta parte de la página no pudo arrancar.', advice: /^Recarga la página para volver a intentarlo; .*otro navegador.*progreso se conservan/, reload: 'Recargar la página', details: 'Detalles técnicos' },
};

const PLANTS = {
  'a module that does not parse': { body: 'export const mount = ;', technical: /SyntaxError|Unexpected/ },
  'a mount that throws': { body: "export const mount = () => { throw new TypeError('planted: undefined is not a constructor'); };", technical: /^TypeError: planted: undefined is not a constructor$/ },
};

for (const lang of ['en', 'es'])
  for (const [plant, { body, technical }] of Object.entries(PLANTS))
    test(`a widget that cannot start (${plant}) explains itself in ${lang}; the raw message stays in the details`, async () => {
      const L = TEXT[lang];
      const context = await site.browser.newContext({ serviceWorkers: 'block' });
      await context.route(/\/assets\/softmax-slice\.widget-[^/]*\.js$/, (r) => r.fulfill({ contentType: 'text/javascript', body }));
      const page = await openPage(site, `${lang}/02-opening-failure/`, { context });
      const w = page.locator('[data-widget="softmax-slice"]');
      await page.waitForFunction(() => document.querySelector('[data-widget="softmax-slice"]').dataset.state === 'error');

      const notice = w.locator('.widget-error[role="alert"]');
      assert.equal(await notice.locator('p').first().textContent(), L.failed);
      assert.match(await notice.locator('.widget-error-advice').textContent(), L.advice);
      assert.equal(await notice.getByRole('button', { name: L.reload }).count(), 1);
      const details = notice.locator('details.widget-error-details');
      assert.equal(await details.locator('summary').textContent(), L.details);
      assert.equal(await details.evaluate((d) => d.open), false, 'the technical message starts folded away');
      assert.match(await details.locator('code').textContent(), technical);
      // What the learner reads without opening the details holds no exception text.
      const visible = await w.evaluate((el) => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('details code, .visually-hidden').forEach((n) => n.remove());
        return copy.textContent;
      });
      assert.doesNotMatch(visible, /planted|Error|undefined|mount/);
      // The widget's build-time text is shown again, and the other widgets start anyway.
      assert.equal(await w.locator('.widget-fallback:not(.visually-hidden)').count(), await w.locator('.widget-fallback').count());
      await page.waitForFunction(() => [...document.querySelectorAll('[data-widget="exam-grid"]')].every((el) => el.dataset.ready === '1'));
      // The only console line is the developer's copy of the failure.
      assert.ok(page.problems().every((p) => /widget softmax-slice could not start/.test(p) || /Failed to load resource|SyntaxError|Unexpected token/.test(p)), page.problems().join('\n'));
      await context.close();
    });

test('a widget\'s clean-up runs when the page is discarded, not when it is kept in the back-forward cache', async () => {
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  const page = await openPage(site, 'en/10-break-forgotten-mask/', { context });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-widget]')].every((el) => el.dataset.ready === '1'));
  const charts = () => page.evaluate(() => [...document.querySelectorAll('[data-widget]')].map((el) => el.querySelectorAll('.uplot').length));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-widget]')].every((el) => el.querySelector('.uplot')));
  // The dashboards create their panels one by one: wait until the count holds still.
  let before = await charts();
  for (let same = 0; same < 2; ) {
    await page.waitForTimeout(400);
    const now = await charts();
    same = JSON.stringify(now) === JSON.stringify(before) ? same + 1 : 0;
    before = now;
  }
  await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  assert.deepEqual(await charts(), before, 'a page kept for the back button keeps its widgets');
  await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false })));
  assert.deepEqual(await charts(), [0, 0], 'the dashboards (studio and lab) destroy their charts');
  assert.deepEqual(page.problems(), []);
  await context.close();
});
