// Progress kept on the device (issue 4, and the storage part of the reliability issue), on the
// production build: answers, notes and completion survive a reload and are shared by both
// languages; export then import restores them; bad files are refused without touching anything;
// unreadable stored data is set aside and reported; a full quota is reported.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';
import { settle } from './site-pages.mjs';

const KEY = 'exam-rule:progress';
const LESSON = 'en/02-opening-failure/';
const QUIZ = '#quiz-what-breaks';
const RECALL = '#recall-low-loss-bad-generation-text';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

const stored = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);
const entries = async (page) => JSON.parse((await stored(page)) ?? '{"entries":{}}').entries;

async function answer(page, which) {
  const quiz = page.locator(QUIZ);
  await quiz.locator(which === 'right' ? 'input[data-correct="1"]' : 'input:not([data-correct])').first().check();
  await quiz.locator('button[type="submit"]').click();
}

test('answers, notes and completion survive a reload, and both languages share them', async () => {
  const context = await site.browser.newContext();
  const page = await openPage(site, LESSON, { context });
  await settle(page);

  await answer(page, 'wrong');
  const quiz = page.locator(QUIZ);
  await quiz.locator('li.is-wrong').waitFor();
  assert.equal(await quiz.locator('.quiz-feedback:not([hidden])').count(), 1);
  assert.equal(await quiz.locator('.quiz-answers').isVisible(), false, 'the answer key stays hidden after a wrong answer');
  await answer(page, 'right');
  await quiz.locator('li.is-right').waitFor();
  assert.match(await quiz.locator('.quiz-result').textContent(), /Right/);

  await page.locator(RECALL).fill('Without the mask the model copies the next token.');
  await page.locator(RECALL).press('Tab');
  await page.locator('#recall-low-loss-bad-generation-status', { hasText: 'Saved' }).waitFor();
  await page.locator('button[data-done]').click();
  assert.equal(await page.locator('button[data-done]').getAttribute('aria-pressed'), 'true');

  await page.reload();
  await settle(page);
  assert.equal(await quiz.locator('input[data-correct="1"]').isChecked(), true);
  assert.equal(await quiz.locator('li.is-right .quiz-feedback').isVisible(), true);
  assert.equal(await page.locator(RECALL).inputValue(), 'Without the mask the model copies the next token.');
  assert.equal(await page.locator('button[data-done]').getAttribute('aria-pressed'), 'true');
  const e = await entries(page);
  assert.deepEqual(e['quiz:02-opening-failure:what-breaks'], { choice: 1, correct: true, tries: 2 });

  // The Spanish page of the same lesson shows the same progress.
  await page.goto(site.url + 'es/02-opening-failure/');
  await settle(page);
  assert.equal(await page.locator(QUIZ).locator('input[data-correct="1"]').isChecked(), true);
  assert.equal(await page.locator(RECALL).inputValue(), 'Without the mask the model copies the next token.');

  // The course home marks the lesson done, the next step first to continue with.
  await page.goto(site.url + 'en/');
  await settle(page);
  assert.equal(await page.locator('.path-item[data-lesson="02-opening-failure"]').getAttribute('data-state'), 'done');
  assert.equal(await page.locator('.path-item[data-lesson="01-exam-rule"]').getAttribute('data-state'), 'none');
  assert.match(await page.locator('a[data-continue]').textContent(), /Continue/);
  assert.deepEqual(page.problems(), []);
  await context.close();
});

test('export to a file, reset with confirmation, then import: everything comes back', async () => {
  const context = await site.browser.newContext({ acceptDownloads: true });
  const page = await openPage(site, LESSON, { context });
  await settle(page);
  await answer(page, 'right');
  await page.locator(RECALL).fill('Notes to keep ✓ — ñ');
  await page.locator(RECALL).press('Tab');
  await page.goto(site.url + 'en/');
  await settle(page);
  const before = await entries(page);
  assert.ok(Object.keys(before).length >= 3);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-action="export"]').click()]);
  assert.match(download.suggestedFilename(), /^exam-rule-progress-\d{4}-\d\d-\d\d\.json$/);
  const text = readFileSync(await download.path(), 'utf8');
  const file = JSON.parse(text);
  assert.equal(file.app, 'exam-rule');
  assert.equal(file.schema, 1);
  assert.deepEqual(file.entries, before);

  // Reset: cancelling keeps everything; confirming erases.
  await page.locator('button[data-action="reset"]').click();
  await page.locator('#reset-dialog button[value="cancel"]').click();
  assert.deepEqual(await entries(page), before);
  await page.locator('button[data-action="reset"]').click();
  assert.equal(await page.locator('#reset-dialog').isVisible(), true);
  await page.locator('#reset-dialog button[value="reset"]').click();
  await page.locator('[data-progress-message]', { hasText: 'erased' }).waitFor();
  assert.equal(await stored(page), null);
  assert.equal(await page.locator('.path-item[data-lesson="02-opening-failure"]').getAttribute('data-state'), 'none');

  await page.locator('#import-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.locator('[data-progress-message]', { hasText: 'Imported' }).waitFor({ timeout: 15000 });
  assert.deepEqual(await entries(page), before);
  assert.equal(await page.locator('.path-item[data-lesson="02-opening-failure"]').getAttribute('data-state'), 'started');
  await page.goto(site.url + LESSON);
  await settle(page);
  assert.equal(await page.locator(RECALL).inputValue(), 'Notes to keep ✓ — ñ');
  assert.deepEqual(page.problems(), []);
  await context.close();
});

test('a bad progress file is refused with a message, and the current progress is untouched', async () => {
  const context = await site.browser.newContext();
  const page = await openPage(site, LESSON, { context });
  await settle(page);
  await answer(page, 'right');
  await page.goto(site.url + 'es/');
  await settle(page);
  const raw = await stored(page);
  assert.ok(raw);

  const file = (entries, extra = {}) => JSON.stringify({ app: 'exam-rule', schema: 1, savedAt: '2026-01-01T00:00:00Z', entries, ...extra });
  const bad = [
    ['not JSON', '{"app": "exam-rule", oops'],
    ['another app', '{"app":"notes","schema":1,"savedAt":"x","entries":{}}'],
    ['a newer schema', file({}, { schema: 2 })],
    ['a bad entry name', file({ 'no spaces allowed': 1 })],
    ['nesting too deep', file({ k: [[[[[1]]]]] })],
    ['an unknown field', file({}, { extra: true })],
    ['too large', file({ k: 'x'.repeat(2 * 1024 * 1024) })],
  ];
  for (const [what, content] of bad) {
    await page.locator('#import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(content) });
    const msg = page.locator('[data-progress-message][data-tone="error"]');
    await page.waitForFunction(() => {
      const m = document.querySelector('[data-progress-message]');
      return m?.dataset.tone === 'error' && m.textContent.includes('No se ha importado');
    }, null, { timeout: 15000 });
    assert.match(await msg.textContent(), /Tu progreso actual no ha cambiado/, what);
    assert.equal(await stored(page), raw, `${what}: stored progress unchanged`);
    // The engine did the checking (wasm/src/io/progress.cpp); its reason reaches the learner in
    // the page's language (translated from its code by web/src/ui/errors.ts), specifics kept.
    if (what === 'nesting too deep') assert.match(await msg.textContent(), /tiene más de 4 niveles de anidamiento/);
    if (what === 'not JSON') assert.match(await msg.textContent(), /no es JSON válido/);
    assert.doesNotMatch(await msg.textContent(), /\b(is nested|not valid JSON|must be)\b/, `${what}: no English left`);
    await page.evaluate(() => (document.querySelector('[data-progress-message]').textContent = ''));
  }
  assert.deepEqual(page.problems(), []);
  await context.close();
});

test('import says it needs WebAssembly when the browser has none, and changes nothing', async () => {
  const context = await site.browser.newContext();
  await context.addInitScript(() => {
    delete globalThis.WebAssembly;
  });
  const page = await openPage(site, 'en/', { context });
  await settle(page);
  await page.evaluate(() => window.__examrule.store.set('seen:01-exam-rule', true));
  const raw = await stored(page);
  const good = JSON.stringify({ app: 'exam-rule', schema: 1, savedAt: 'x', entries: { other: 1 } });
  await page.locator('#import-file').setInputFiles({ name: 'ok.json', mimeType: 'application/json', buffer: Buffer.from(good) });
  await page.locator('[data-progress-message]', { hasText: 'WebAssembly' }).waitFor();
  assert.equal(await stored(page), raw);
  await context.close();
});

test('unreadable stored progress is set aside (not wiped), the learner is told and can download it', async () => {
  for (const [lang, raw, text] of [
    ['en', 'this is not JSON {', /could not be read \(it is not valid JSON\)/],
    ['es', '{"app":"some-other-site","prefs":{"theme":"dark"}}', /no lo ha escrito este curso/],
  ]) {
    const context = await site.browser.newContext({ acceptDownloads: true });
    const page = await openPage(site, `${lang}/01-exam-rule/`, { context });
    await settle(page, { quietMs: 100 });
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, raw]);
    await page.reload();
    await settle(page, { quietMs: 100 });
    const notice = page.locator('[data-notice="storage-aside"][role="alert"]');
    await notice.waitFor();
    assert.match(await notice.textContent(), text);
    const aside = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('exam-rule:progress:set-aside:')).map((k) => localStorage.getItem(k)));
    assert.deepEqual(aside, [raw]);
    const [download] = await Promise.all([page.waitForEvent('download'), notice.locator('button').first().click()]);
    assert.equal(readFileSync(await download.path(), 'utf8'), raw);
    // The site works on: the visit is recorded in a fresh, valid progress.
    assert.equal((await entries(page))['seen:01-exam-rule'], true);
    assert.deepEqual(page.problems(), []);
    await context.close();
  }
});

test('a full storage quota is reported, answers stay on the page, and saving resumes when there is room', async () => {
  const context = await site.browser.newContext();
  await context.addInitScript((key) => {
    window.__quotaFull = true;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (k === key && window.__quotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, k, v);
    };
  }, KEY);
  const page = await openPage(site, LESSON, { context });
  await settle(page);
  const notice = page.locator('[data-notice="storage-write"][role="alert"]');
  await notice.waitFor();
  assert.match(await notice.textContent(), /storage of this browser is full/);
  await answer(page, 'right');
  await page.locator(`${QUIZ} li.is-right`).waitFor();
  assert.equal(await stored(page), null);

  await page.evaluate(() => (window.__quotaFull = false));
  await answer(page, 'right');
  await notice.waitFor({ state: 'detached' });
  assert.deepEqual((await entries(page))['quiz:02-opening-failure:what-breaks'], { choice: 1, correct: true, tries: 2 });
  assert.equal((await entries(page))['seen:02-opening-failure'], true, 'what was kept in memory is saved too');
  assert.deepEqual(page.problems(), []);
  await context.close();
});
