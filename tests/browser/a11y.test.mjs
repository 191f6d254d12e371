// Accessibility (issue 4): axe-core finds no serious or critical violation on any page, in both
// languages and both colour schemes, including the states a learner reaches (a checked quiz,
// the reset dialog, a storage notice); and the keyboard reaches every control with a visible focus.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';
import { builtPages, settle } from './site-pages.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

/** Serious and critical violations on the page as it is now. axe is injected as an inline
 * script, which the site's CSP refuses: the test contexts bypass the CSP for that reason only. */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const out = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return out.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test('no serious or critical axe violation on any page (English light, Spanish dark)', async () => {
  const found = [];
  for (const [lang, colorScheme] of [['en', 'light'], ['es', 'dark']]) {
    const context = await site.browser.newContext({ bypassCSP: true, colorScheme, serviceWorkers: 'block' });
    for (const path of builtPages().filter((p) => p.startsWith(`${lang}/`))) {
      const page = await openPage(site, path, { context });
      await settle(page);
      for (const v of await axe(page)) found.push(`${path} [${colorScheme}] ${v.impact} ${v.id}: ${v.help} — ${v.nodes.join(', ')}`);
      await page.close();
    }
    await context.close();
  }
  assert.deepEqual(found, []);
});

test('the states a learner reaches are accessible too: answered quiz, saved note, reset dialog, storage notice', async () => {
  const context = await site.browser.newContext({ bypassCSP: true, serviceWorkers: 'block' });
  const page = await openPage(site, 'en/02-opening-failure/', { context });
  await settle(page);
  await page.locator('#quiz-what-breaks input:not([data-correct])').first().check();
  await page.locator('#quiz-what-breaks button[type="submit"]').click();
  await page.locator('#quiz-what-breaks input[data-correct="1"]').check();
  await page.locator('#quiz-what-breaks button[type="submit"]').click();
  await page.locator('#recall-silent-text').fill('A note.');
  await page.locator('#recall-silent-text').blur();
  await page.evaluate(() => localStorage.setItem('exam-rule:progress', 'broken'));
  await page.goto(site.url + 'en/');
  await settle(page);
  await page.locator('[data-notice="storage-aside"]').waitFor();
  await page.locator('button[data-action="reset"]').click();
  const found = await axe(page);
  assert.deepEqual(found, []);
  await context.close();
});

test('the keyboard reaches the language switch, the TOC, quiz options, recall boxes and widget controls, with a visible focus', async () => {
  const page = await openPage(site, 'en/02-opening-failure/');
  await settle(page);
  const seen = new Set();
  let invisibleFocus = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const kind =
        el.matches('a.skip-link') ? 'skip' :
        el.matches('a.lang-switch') ? 'switch' :
        el.closest('nav.toc') ? 'toc' :
        el.closest('form.quiz') && el.matches('input[type=radio]') ? 'quiz-option' :
        el.closest('form.quiz') && el.matches('button') ? 'quiz-check' :
        el.matches('.recall textarea') ? 'recall' :
        el.closest('[data-widget]') ? 'widget' :
        el.matches('button[data-done]') ? 'done' :
        el.closest('.pager') ? 'pager' : 'other';
      const visible = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
      return { kind, visible, what: el.outerHTML.slice(0, 80) };
    });
    if (!f) continue;
    seen.add(f.kind);
    if (!f.visible) invisibleFocus.push(f.what);
    if (f.kind === 'pager') break;
  }
  for (const k of ['skip', 'switch', 'toc', 'quiz-option', 'quiz-check', 'recall', 'widget', 'done', 'pager']) assert.ok(seen.has(k), `keyboard reaches ${k}`);
  assert.deepEqual(invisibleFocus, []);
});
