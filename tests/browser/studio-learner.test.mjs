// The studio as a learner meets it (issue 19), in the production build: code and repairs that
// fit their column at 1280 and 360 px with one diff marker and the right function named; radio
// buttons beside their labels; a bad value in an imported file refused by key, and one already
// stored set aside with a message instead of a crash; a seed field that refuses letters; charts
// whose series are told apart on the chart itself; the 404 page in both languages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

const EX = '[data-widget="break-forgotten-mask"]';
let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

const TEXT = {
  en: { save: 'Save my prediction', run: 'Train the broken model', badSeed: /whole number from 0/, setAside: /was set aside/, refused: /“studio:break-00:prediction”/, unchanged: /unchanged/ },
  es: { save: 'Guardar mi predicción', run: 'Entrenar el modelo roto', badSeed: /número entero entre 0/, setAside: /se apartó/, refused: /«studio:break-00:prediction»/, unchanged: /no ha cambiado/ },
};

for (const lang of ['en', 'es'])
  for (const width of [1280, 360])
    test(`code and repairs fit their column (${lang}, ${width} px): full width, wrapped, one diff marker, the right function named`, async () => {
      const context = await site.browser.newContext({ viewport: { width, height: 900 }, serviceWorkers: 'block' });
      const page = await openPage(site, `${lang}/12-break-more/`, { context });
      const W = '[data-widget="break-exercise"][data-break="post-softmax-mask"]';
      await page.waitForFunction((W) => document.querySelector(W)?.dataset.ready === '1', W);
      // Unlock every step so the repair cards are laid out.
      await page.evaluate((W) => document.querySelectorAll(W + ' .st-step').forEach((s) => (s.dataset.locked = '0')), W);
      const m = await page.evaluate((W) => {
        const el = document.querySelector(W);
        const box = (q) => q.getBoundingClientRect();
        const code = el.querySelector('.st-code');
        const step = code.closest('.st-step-body');
        const options = [...el.querySelectorAll('.st-option')].map((o) => ({ w: box(o).width, sw: o.scrollWidth, cw: o.clientWidth, diff: box(o.querySelector('.st-diff')).width }));
        const choices = [...el.querySelectorAll('label.st-choice')].map((l) => {
          const i = l.querySelector('input');
          const text = document.createRange();
          text.selectNodeContents(l);
          return { dy: Math.abs(box(i).top - box(l).top), left: box(i).left < box(l).left + 4 };
        });
        return {
          code: box(code).width, step: step.clientWidth, codeScroll: code.scrollWidth - code.clientWidth,
          header: el.querySelector('.st-code .ln').textContent,
          options, choices, page: document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth,
          marks: [...el.querySelectorAll('.st-diff .ln.is-add, .st-diff .ln.is-del')].map((l) => ({ mark: l.dataset.mark, text: l.lastChild.textContent })),
        };
      }, W);
      assert.ok(m.code >= 0.97 * m.step, `code block ${m.code} px in a ${m.step} px column`);
      assert.ok(m.codeScroll <= 1, `code scrolls sideways by ${m.codeScroll} px`);
      assert.match(m.header, /attention_row\(/, 'the header names the function the lines belong to');
      for (const o of m.options) {
        assert.ok(o.sw <= o.cw + 1, `a repair card overflows: ${o.sw} > ${o.cw}`);
        assert.ok(o.diff <= o.w, `a diff is wider than its card: ${o.diff} > ${o.w}`);
      }
      assert.ok(m.marks.length > 0);
      for (const x of m.marks) {
        assert.ok(x.mark === '+' || x.mark === '−', `marker ${x.mark}`);
        assert.doesNotMatch(x.text, /^[+-] /, 'a second marker in the text');
      }
      for (const c of m.choices) assert.ok(c.dy < 12 && c.left, 'a radio button sits beside its label, not above it');
      assert.ok(m.page <= 1, `the page scrolls sideways by ${m.page} px`);
      assert.deepEqual(page.problems(), []);
      await context.close();
    });

for (const lang of ['en', 'es'])
  test(`bad saved values (${lang}): an import naming the key is refused; a stored one is set aside, the exercise still works`, async () => {
    const L = TEXT[lang];
    const context = await site.browser.newContext({ serviceWorkers: 'block' });
    const page = await openPage(site, `${lang}/`, { context });
    await page.waitForFunction(() => document.querySelector('button[data-action="import"]')?.disabled === false);
    const file = JSON.stringify({ app: 'exam-rule', schema: 1, savedAt: '2026-01-01T00:00:00Z', entries: { 'seen:01-exam-rule': true, 'studio:break-00:prediction': 42 } });
    const before = await page.evaluate(() => localStorage.getItem('exam-rule:progress'));
    await page.locator('#import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.waitForFunction(() => document.querySelector('[data-progress-message]')?.dataset.tone === 'error', null, { timeout: 20_000 });
    const msg = await page.locator('[data-progress-message]').textContent();
    assert.match(msg, L.refused);
    assert.match(msg, L.unchanged);
    assert.equal(await page.evaluate(() => localStorage.getItem('exam-rule:progress')), before);

    // The same value already in storage (an older import, a hand edit): set aside, said, no crash.
    await page.evaluate((f) => localStorage.setItem('exam-rule:progress', f), file);
    await page.goto(`${site.url}${lang}/10-break-forgotten-mask/`);
    await page.waitForFunction((W) => document.querySelector(W)?.dataset.ready === '1', EX);
    const w = page.locator(EX);
    assert.match(await w.locator('.widget-status').textContent(), L.setAside);
    assert.equal(await page.evaluate(() => window.__examrule.store.get('set-aside:studio:break-00:prediction')), 42);
    assert.equal(await page.evaluate(() => window.__examrule.store.get('studio:break-00:prediction')), undefined);
    // The prediction step works as for a new learner; a seed with letters is refused, not read as 0.
    for (const q of ['train', 'val', 'sample']) await w.locator(`fieldset input[name$="-${q}"]`).first().check();
    await w.getByRole('button', { name: L.save }).click();
    await w.locator('input.st-seed').fill('abc');
    await w.getByRole('button', { name: L.run }).click();
    assert.match(await w.locator('.widget-status').textContent(), L.badSeed);
    assert.equal(await page.evaluate((W) => document.querySelector(W).runs.length, EX), 0);
    assert.deepEqual(page.problems(), []);
    await context.close();
  });

test('charts tell their series apart on the chart: distinct colours, a legend with the runs', async () => {
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  const page = await openPage(site, 'en/12-break-more/', { context });
  const LAB = '[data-widget="dashboard"]';
  await page.waitForFunction((S) => document.querySelector(S)?.dataset.ready === '1', LAB);
  const lab = page.locator(LAB);
  await lab.locator('input[type=number]').nth(1).fill('1');
  await lab.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction((S) => document.querySelector(S).dataset.state === 'done', LAB, { timeout: 120_000 });
  const legend = (panel) => lab.locator(`[data-panel="${panel}"] .dash-legend`).evaluate((l) => ({
    series: [...l.querySelectorAll('.dash-key:not(.dash-key-run) line')].map((x) => `${x.getAttribute('stroke')} ${x.getAttribute('stroke-dasharray') ?? ''}`),
    runs: [...l.querySelectorAll('.dash-key-run')].map((x) => x.textContent.trim()),
  }));
  const loss = await legend('loss');
  // train, teacher-forced val, autoregressive val (if evaluated), the floor: no two alike.
  assert.equal(new Set(loss.series).size, loss.series.length, loss.series.join(' | '));
  const spectral = await legend('spectral');
  assert.ok(spectral.series.length >= 9);
  assert.equal(new Set(spectral.series.map((s) => s.split(' ')[0])).size, spectral.series.length, 'each spectral series has its own colour');
  // The grey healthy baseline is named on the chart with the run it is compared with.
  assert.equal(loss.runs.length, 2, loss.runs.join(', '));
  assert.match(await lab.locator('[role="status"]').last().textContent(), /finished: 1 step\./);
  assert.deepEqual(page.problems(), []);
  await context.close();
});

test('a missing page is the site’s own 404 page, in both languages, with working links', async () => {
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  const page = await openPage(site, null, { context });
  const res = await page.goto(site.url + 'es/no-existe/ni/esto/');
  assert.equal(res.status(), 404);
  assert.match(await page.locator('section[lang="en"] h1').textContent(), /does not exist/);
  assert.match(await page.locator('section[lang="es"] h1').textContent(), /no existe/);
  for (const lang of ['en', 'es']) {
    const href = await page.locator(`section[lang="${lang}"] a`).getAttribute('href');
    const r = await page.request.get(new URL(href, page.url()).href);
    assert.equal(r.status(), 200, href);
  }
  assert.deepEqual(page.problems().filter((p) => !/404/.test(p)), []);
  await context.close();
});
