// The site (issue 4), on the production build served from /exam-rule/ by a plain static server:
// every page loads cleanly in both languages, deep links work, the language switch keeps your
// lesson and section, the root page picks and remembers a language, phones get no sideways
// scroll, and the Content-Security-Policy really refuses inline code and eval.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';
import { builtPages, lessonPages, settle } from './site-pages.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

test('every page in both languages loads with no console error, no foreign request, no missing string', async () => {
  const pages = builtPages();
  for (const lang of ['en', 'es']) assert.ok(lessonPages(lang).length >= 2, `lessons built for ${lang}`);
  const problems = [];
  for (const lang of ['en', 'es']) {
    const context = await site.browser.newContext({ locale: lang });
    for (const path of pages.filter((p) => p.startsWith(`${lang}/`) || (p === '' && lang === 'en'))) {
      const page = await openPage(site, path, { context });
      await settle(page);
      const facts = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelector('h1')?.textContent?.trim() ?? '',
        title: document.title,
        marker: document.body.innerText.includes('⟦'),
        unknownWidgets: [...document.querySelectorAll('[data-widget][data-state="error"]')].map((el) => `${el.dataset.widget}: ${el.textContent.trim().slice(-80)}`),
      }));
      const where = path || '(root)';
      for (const p of page.problems()) problems.push(`${where}: ${p}`);
      if (path === '') continue; // the root page redirects to a language
      if (facts.lang !== lang) problems.push(`${where}: <html lang="${facts.lang}">`);
      if (!facts.h1 || !facts.title) problems.push(`${where}: no h1 or title`);
      if (facts.marker) problems.push(`${where}: a string id without translation is shown (⟦…⟧)`);
      for (const w of facts.unknownWidgets) problems.push(`${where}: widget failed to mount: ${w}`);
      await page.close();
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('a deep link to a Spanish lesson section loads directly from the static host', async () => {
  const context = await site.browser.newContext({ locale: 'en-US' });
  const page = await openPage(site, null, { context });
  const res = await page.goto(site.url + 'es/03-triangle/#off-by-one');
  assert.equal(res.status(), 200);
  await settle(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.match(await page.locator('h1').textContent(), /triángulo/i);
  const top = await page.evaluate(() => document.getElementById('off-by-one').getBoundingClientRect().top);
  assert.ok(top >= -2 && top < 200, `the section is scrolled into view (top ${top})`);
  assert.deepEqual(page.problems(), []);
  await context.close();
});

test('switching language keeps the lesson and the section, both ways, and is remembered', async () => {
  const context = await site.browser.newContext({ locale: 'en-US' });
  const page = await openPage(site, 'en/03-triangle/#off-by-one', { context });
  await settle(page, { quietMs: 100 });
  await page.locator('a.lang-switch').click();
  await page.waitForURL(/\/es\/03-triangle\/#off-by-one$/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');

  // Scroll to another section by hand (no hash in the URL), then switch back.
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(300);
  await page.evaluate(() => document.getElementById('post-softmax').scrollIntoView());
  await page.waitForFunction(() => Math.abs(document.getElementById('post-softmax').getBoundingClientRect().top - 72) < 8);
  await page.locator('a.lang-switch').click();
  await page.waitForURL(/\/en\/03-triangle\/#post-softmax$/);
  await settle(page, { quietMs: 100 });
  const top = await page.evaluate(() => document.getElementById('post-softmax').getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 200, `the same section is in view after the switch (top ${top})`);

  // The last explicit choice is remembered (the root page uses it over the browser's language).
  assert.equal(await page.evaluate(() => localStorage.getItem('exam-rule:lang')), 'en');
  assert.deepEqual(page.problems(), []);
  await context.close();
});

test('the root page picks the browser language, and a remembered choice wins', async () => {
  for (const [locale, expected] of [['es-ES', 'es'], ['en-GB', 'en'], ['fr-FR', 'en']]) {
    const context = await site.browser.newContext({ locale });
    const page = await openPage(site, '', { context });
    await page.waitForURL(new RegExp(`/exam-rule/${expected}/$`));
    assert.deepEqual(page.problems(), []);
    await context.close();
  }
  const context = await site.browser.newContext({ locale: 'es-ES' });
  const page = await openPage(site, 'es/', { context });
  await page.locator('a.lang-switch').click(); // choose English explicitly
  await page.waitForURL(/\/en\/$/);
  await page.goto(site.url);
  await page.waitForURL(/\/exam-rule\/en\/$/);
  await context.close();
});

test('on a 360 px phone no lesson scrolls sideways (wide grids scroll inside their own box)', async () => {
  const wide = [];
  for (const lang of ['en', 'es']) {
    const context = await site.browser.newContext({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 1, colorScheme: lang === 'es' ? 'dark' : 'light' });
    for (const path of [`${lang}/`, ...lessonPages(lang)]) {
      const page = await openPage(site, path, { context });
      await settle(page, { quietMs: 200 });
      const w = await page.evaluate(() => document.scrollingElement.scrollWidth);
      if (w > 360) wide.push(`${path}: ${w}px`);
      if (path === `${lang}/03-triangle/`) {
        await page.locator('[data-widget="exam-grid"]').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: `/tmp/site-360-${lang}.png` });
      }
      await page.close();
    }
    await context.close();
  }
  assert.deepEqual(wide, []);
});

test('the Content-Security-Policy refuses eval, inline scripts and inline style attributes', async () => {
  // A same-origin script (allowed by script-src 'self') that tries eval: code run by the test
  // driver itself is exempt from the page's CSP, so the attempt must come from a page script.
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/exam-rule/__csp-probe.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: "try { (0, eval)('1 + 1'); window.__evalRan = true; } catch (e) { window.__evalError = e.name; }\n" +
        "try { new Function('return 1')(); window.__functionRan = true; } catch (e) { window.__functionError = e.name; }",
    }),
  );
  const page = await openPage(site, 'en/01-exam-rule/', { context });
  await settle(page, { quietMs: 100 });
  await page.addScriptTag({ url: site.url + '__csp-probe.js' });
  await assert.rejects(page.addScriptTag({ content: 'window.__inlineRan = true' })); // inline: refused
  const out = await page.evaluate(() => {
    const p = document.createElement('p');
    p.setAttribute('style', 'display: none');
    document.body.append(p);
    return {
      evalError: window.__evalError, evalRan: window.__evalRan === true,
      functionError: window.__functionError, functionRan: window.__functionRan === true,
      inlineRan: window.__inlineRan === true, styleApplied: getComputedStyle(p).display === 'none',
    };
  });
  assert.deepEqual(out, { evalError: 'EvalError', evalRan: false, functionError: 'EvalError', functionRan: false, inlineRan: false, styleApplied: false });
  assert.deepEqual(page.log.foreign, []);
  await context.close();
});

test('no cookies are set by any page', async () => {
  const context = await site.browser.newContext();
  for (const path of ['en/', 'en/01-exam-rule/', 'es/02-opening-failure/']) {
    const page = await openPage(site, path, { context });
    await settle(page, { quietMs: 100 });
    assert.equal(await page.evaluate(() => document.cookie), '');
  }
  assert.deepEqual(await context.cookies(), []);
  await context.close();
});
