// Code cells (issue 16), in the production build and in both languages: the learner types code
// into the CodeMirror editor, runs it with Ctrl+Enter, and the Python worker (Pyodide + the
// engine) grades it by what it does. For each cell: the right solution passes and each usual
// mistake gets its targeted feedback (data-feedback ids, worded in the page's language); the
// perturbation test is graded by mutation (0 caught for a test that asserts nothing, all for a
// good one); a runaway cell is stopped while the page stays responsive; the code round-trips
// through progress (export and import); and after one visit the cells run offline.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ATTN, MASK, PERTURB, REPAIR, SWEEP } from './cells-solutions.mjs';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

const LIMIT_MS = 240_000; // a cold start downloads and starts Python (~13 MB) on a busy machine

/** Replaces the cell's code by typing (select all, then insert), runs it with Ctrl+Enter and
 * waits for the verdict. Returns { verdict, feedback: [ids], texts: {id: text}, status }. */
async function runCell(page, cellId, code) {
  const cell = page.locator(`[data-cell="${cellId}"]`);
  await cell.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(code);
  await cell.evaluate((el) => el.removeAttribute('data-verdict'));
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction((id) => document.querySelector(`[data-cell="${id}"]`)?.hasAttribute('data-verdict'), cellId, { timeout: LIMIT_MS });
  return cell.evaluate((el) => ({
    verdict: el.dataset.verdict,
    feedback: [...el.querySelectorAll('[data-feedback]')].map((li) => li.dataset.feedback),
    texts: Object.fromEntries([...el.querySelectorAll('[data-feedback]')].map((li) => [li.dataset.feedback, li.textContent])),
    status: el.querySelector('.cell-status')?.textContent ?? '',
    table: [...el.querySelectorAll('.cell-table tbody tr')].map((tr) => tr.dataset.status),
  }));
}

/** Console problems except one: when text is inserted into CodeMirror's contenteditable, Chrome's
 * own editing code tries to put an inline style attribute on the new text, the pages' CSP blocks
 * it (style-src 'self') and logs it; CodeMirror redraws the line from its state, so nothing is
 * lost. Every other console error, page error or foreign request still fails the test. */
const problems = (page) => page.problems().filter((p) => !/^console: Applying inline style violates .*style-src 'self'/.test(p));

const worded = {}; // feedback text by language and id: the two languages must differ

for (const lang of ['en', 'es']) {
  describe(`code cells (${lang})`, () => {
    test(`lesson 04: causal_mask, attention and the perturbation test (${lang})`, async () => {
      const page = await openPage(site, `${lang}/04-lab-mask/`);
      await page.locator('[data-cell="04-lab-mask:causal-mask"] .cm-content').waitFor();
      const texts = (worded[lang] ??= {});
      const expect = async (cell, code, verdict, id) => {
        const r = await runCell(page, `04-lab-mask:${cell}`, code);
        assert.equal(r.verdict, verdict, `${cell}: ${id}: ${JSON.stringify(r)}`);
        assert.ok(r.feedback.includes(id), `${cell}: expected ${id}, got ${r.feedback}`);
        Object.assign(texts, r.texts);
        return r;
      };
      await expect('causal-mask', MASK.right, 'pass', 'cells.fb.mask.pass');
      for (const [id, code] of Object.entries(MASK.wrong)) await expect('causal-mask', code, 'fail', id);
      const inf = await expect('causal-mask', MASK.inf, 'pass', 'cells.fb.mask.inf');
      assert.ok(inf.feedback.includes('cells.fb.mask.pass'));

      await expect('attention', ATTN.right, 'pass', 'cells.fb.attn.pass');
      for (const [id, code] of Object.entries(ATTN.wrong)) await expect('attention', code, 'fail', id);

      const good = await expect('perturbation-test', PERTURB.good, 'pass', 'cells.fb.mut.pass');
      assert.deepEqual(good.table, ['passes', 'caught', 'caught', 'caught', 'caught', 'caught']);
      const empty = await expect('perturbation-test', PERTURB.empty, 'fail', 'cells.fb.mut.score');
      assert.deepEqual(empty.table, ['passes', 'survived', 'survived', 'survived', 'survived', 'survived']);
      assert.match(empty.texts['cells.fb.mut.score'], /\b0\b.*\b5\b/);

      // an error points at the learner's own line
      const raised = await runCell(page, '04-lab-mask:causal-mask', 'def causal_mask(T):\n    rows = []\n    return rows[T]\n');
      assert.equal(raised.verdict, 'error');
      const tb = await page.locator('[data-cell="04-lab-mask:causal-mask"] .cell-traceback').textContent();
      assert.match(tb, lang === 'en' ? /line 3, in causal_mask/ : /línea 3, en causal_mask/);
      assert.match(tb, /IndexError/);
      assert.deepEqual(problems(page), []);
      await page.close();
    });

    test(`lesson 05: the sweep, graded on the healthy and the broken models (${lang})`, async () => {
      const page = await openPage(site, `${lang}/05-lab-causality/`);
      const texts = (worded[lang] ??= {});
      const right = await runCell(page, '05-lab-causality:sweep', SWEEP.right);
      assert.equal(right.verdict, 'pass', JSON.stringify(right));
      assert.deepEqual(right.table, ['right', 'right', 'right', 'right']);
      const off = await runCell(page, '05-lab-causality:sweep', SWEEP.offByOne);
      assert.equal(off.verdict, 'fail');
      assert.ok(off.feedback.includes('cells.fb.sweep.healthyLeak'), off.feedback.join());
      Object.assign(texts, right.texts, off.texts);
      assert.deepEqual(problems(page), []);
      await page.close();
    });
  });
}

for (const lang of ['en', 'es'])
  test(`lesson 10: the learner's own mask repairs the forgotten mask only when its evidence is green (${lang})`, async () => {
    const page = await openPage(site, `${lang}/10-break-forgotten-mask/`);
    const id = '10-break-forgotten-mask:repair';
    const right = await runCell(page, id, REPAIR.right);
    assert.equal(right.verdict, 'pass', JSON.stringify(right));
    assert.deepEqual(right.table, ['right', 'info', 'info']);
    for (const [fid, code] of Object.entries(REPAIR.wrong)) {
      const r = await runCell(page, id, code);
      assert.equal(r.verdict, 'fail', `${fid}: ${JSON.stringify(r)}`);
      assert.deepEqual(r.feedback, ['cells.fb.repair.leaks', fid]);
      assert.equal(r.table[0], 'wrong');
    }
    assert.deepEqual(problems(page), []);
    await page.close();
  });

test('feedback is worded in each page\'s language', () => {
  const ids = Object.keys(worded.en ?? {}).filter((id) => id in (worded.es ?? {}));
  assert.ok(ids.length >= 12, ids.join());
  for (const id of ids) if (id !== 'cells.fb.mut.score') assert.notEqual(worded.en[id], worded.es[id], id);
});

test('a runaway cell is stopped after the visible limit; the page stays responsive and the code stays', async () => {
  const page = await openPage(site, 'en/04-lab-mask/');
  const id = '04-lab-mask:causal-mask';
  await runCell(page, id, MASK.right); // Python loaded: the limit now counts the run only
  const loop = 'def causal_mask(T):\n    while True:\n        pass\n';
  const cell = page.locator(`[data-cell="${id}"]`);
  await cell.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(loop);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction((sel) => /stopped after \d+ s/.test(document.querySelector(sel).textContent), `[data-cell="${id}"] .cell-status`);
  // while Python spins, the page answers at once
  const t0 = Date.now();
  assert.equal(await page.evaluate(() => 6 * 7), 42);
  assert.ok(Date.now() - t0 < 2000);
  await page.waitForFunction((i) => document.querySelector(`[data-cell="${i}"]`).dataset.verdict === 'error', id, { timeout: 60_000 });
  assert.match(await cell.locator('.cell-status').textContent(), /more than \d+ s.*restarted/);
  assert.match(await cell.locator('.cm-content').innerText(), /while True/);
  // a fresh Python runs the next cell
  const r = await runCell(page, id, MASK.right);
  assert.equal(r.verdict, 'pass');
  await page.close();
});

test('the code round-trips through progress (reload, export to a file, import in a fresh browser), with the pass', async () => {
  const context = await site.browser.newContext({ acceptDownloads: true });
  const page = await openPage(site, 'en/04-lab-mask/', { context });
  const id = '04-lab-mask:causal-mask';
  const code = MASK.right.replace('return', '# mine, ñ ✓\n    return');
  assert.equal((await runCell(page, id, code)).verdict, 'pass');
  // a run that raises keeps the code too
  await runCell(page, '04-lab-mask:attention', 'def attention(q, k, v, mask):\n    raise ValueError("mine")\n');
  await page.reload();
  const editor = (p, cell) => p.locator(`[data-cell="${cell}"] .cm-content`);
  await editor(page, id).waitFor();
  assert.match(await editor(page, id).innerText(), /# mine, ñ ✓/);
  assert.match(await editor(page, '04-lab-mask:attention').innerText(), /raise ValueError\("mine"\)/);
  await page.goto(site.url + 'en/');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-action="export"]').click()]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(file.entries[`cell:${id}`], { code, passed: true });
  const fresh = await site.browser.newContext();
  const p2 = await openPage(site, 'en/', { context: fresh });
  await p2.locator('#import-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await p2.locator('[data-progress-message]', { hasText: 'Imported' }).waitFor({ timeout: 30000 });
  await p2.goto(site.url + 'en/04-lab-mask/');
  await editor(p2, id).waitFor();
  assert.equal((await editor(p2, id).innerText()).trim(), code.trim());
  await context.close();
  await fresh.close();
});

test('after one visit with a run, the cells work offline', async () => {
  const context = await site.browser.newContext();
  const page = await openPage(site, 'en/04-lab-mask/', { context });
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 60_000 });
  assert.equal((await runCell(page, '04-lab-mask:causal-mask', MASK.right)).verdict, 'pass');
  await context.setOffline(true);
  await page.reload();
  const r = await runCell(page, '04-lab-mask:attention', ATTN.right);
  assert.equal(r.verdict, 'pass');
  await context.close();
});

test('keyboard: Tab indents inside the editor; Escape then Tab leaves it for the Run button', async () => {
  const page = await openPage(site, 'en/04-lab-mask/');
  const cell = page.locator('[data-cell="04-lab-mask:causal-mask"]');
  await cell.locator('.cm-content').click();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cell-editor')), true, 'Tab alone stays in the editor');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'btn btn-primary cell-run');
  await page.close();
});

test('a lesson without a cell loads neither the editor nor Python', async () => {
  const page = await openPage(site, 'en/03-triangle/');
  await page.waitForLoadState('networkidle');
  assert.ok(!page.log.requests.some((u) => /pyodide|python-worker|\/cell-/.test(u)), page.log.requests.filter((u) => /assets/.test(u)).join('\n'));
  await page.close();
});
