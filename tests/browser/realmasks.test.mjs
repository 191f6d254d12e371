// Lesson 13 "Masks in real code" on the production build, in both languages: each measured grid
// is computed by the engine in the page's worker, and each wrong mask the learner picks shows
// its real leak (padding forgotten, a convention read as another, a top-left chunk, packed
// documents without the document mask), while the right ones show none. The three break
// exercises run end to end: predict, run, evidence, a wrong repair refused and the right one
// proved, each verdict from what the engine measured.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

const W = (name) => `[data-widget="realmask-${name}"]`;
const ready = (page, sel) => page.waitForFunction((s) => document.querySelector(s)?.dataset.ready === '1', sel, { timeout: 30000 });
const until = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: 30000 });
const count = (page, sel) => page.locator(sel).count();

for (const lang of ['en', 'es']) {
  test(`${lang}: padding — combined with causal nothing leaks; forgotten, left pads leak; -inf gives NaN pad rows, handled gives 0`, async () => {
    const page = await openPage(site, `${lang}/13-masks-real-code/`);
    const sel = W('padding');
    await ready(page, sel);
    assert.equal(await page.getAttribute(sel, 'data-leaks'), '0');
    assert.equal(await count(page, `${sel} td[data-kind="leak"]:not(.is-muted)`), 0);
    assert.equal(await count(page, `${sel} .dep-grid`), 3, 'one grid per sequence of the batch');
    // real logits are the bits of each sequence alone
    for (const b of [0, 1, 2]) assert.equal(await page.getAttribute(sel, `data-diff${b}`), '0');
    const selects = page.locator(`${sel} select`);
    await selects.nth(1).selectOption('forgotten');
    await until(page, (s) => Number(document.querySelector(s).dataset.leaks) > 0, sel);
    assert.ok(Number(await page.getAttribute(sel, 'data-diff0')) > 1e-2);
    assert.ok(await count(page, `${sel} td[data-kind="leak"]:not(.is-muted)`) > 0);
    // right padding: the same forgotten mask leaks nothing into real tokens
    await selects.nth(0).selectOption('right');
    await until(page, (s) => document.querySelector(s).dataset.leaks === '0', sel);
    // back to left, correct mask, -inf: pad rows are NaN, real rows are not
    await selects.nth(0).selectOption('left');
    await selects.nth(1).selectOption('correct');
    await selects.nth(2).selectOption('neg_inf');
    await until(page, (s) => document.querySelectorAll(`${s} td[data-kind="nan"]`).length > 0, sel);
    assert.equal(await count(page, `${sel} td[data-kind="nan"]:not(.is-muted)`), 0, 'no real row is NaN');
    await page.locator(`${sel} input[type="checkbox"]`).check();
    await until(page, (s) => document.querySelectorAll(`${s} td[data-kind="nan"]`).length === 0, sel);
    assert.equal(await page.evaluate(() => document.body.innerText.includes('⟦')), false, 'no untranslated string id');
  });

  test(`${lang}: conventions — three spellings give one grid; read as another, the future leaks`, async () => {
    const page = await openPage(site, `${lang}/13-masks-real-code/`);
    const sel = W('conventions');
    await ready(page, sel);
    assert.equal(await page.getAttribute(sel, 'data-same'), '1');
    assert.equal(await count(page, `${sel} td[data-kind="leak"]`), 0);
    await page.locator(`${sel} [data-built="bool_allowed"] select`).selectOption('bool_blocked');
    await until(page, (s) => document.querySelector(s).dataset.same === '0', sel);
    const col = `${sel} [data-built="bool_allowed"]`;
    assert.ok(await count(page, `${col} td[data-kind="leak"]`) > 0, 'the inverted mask reads the future');
    assert.equal(await page.locator(`${col} .rm-verdict.is-bad`).count(), 1);
    // the additive spelling read as True = blocked happens to work
    await page.locator(`${sel} [data-built="additive"] select`).selectOption('bool_blocked');
    await until(page, (s) => document.querySelector(`${s} [data-built="additive"] .rm-verdict:not(.is-bad)`) !== null, sel);
  });

  test(`${lang}: KV-cache chunk — bottom-right matches the full recompute, top-left does not`, async () => {
    const page = await openPage(site, `${lang}/13-masks-real-code/`);
    const sel = W('chunk');
    await ready(page, sel);
    assert.ok(Number(await page.getAttribute(sel, 'data-diff')) <= 1e-5);
    assert.equal(await count(page, `${sel} td.dep-cell`), 3 * 8, 'Q rows by P + Q keys');
    assert.equal(await count(page, `${sel} td[data-kind="leak"], ${sel} td[data-kind="blind"]`), 0);
    await page.locator(`${sel} select`).selectOption('top-left');
    await until(page, (s) => Number(document.querySelector(s).dataset.diff) > 1e-3, sel);
    assert.ok(await count(page, `${sel} td[data-kind="blind"]`) > 0, 'the new queries lose cached keys');
    // P and Q are controls; a value out of range is refused in words and changes nothing
    await page.locator(`${sel} input`).nth(0).fill('40');
    await page.locator(`${sel} input`).nth(0).dispatchEvent('change');
    assert.equal(await page.locator(`${sel} .widget-status.is-error`).count(), 1);
    assert.equal(await count(page, `${sel} td.dep-cell`), 3 * 8);
    await page.locator(`${sel} input`).nth(0).fill('2');
    await page.locator(`${sel} input`).nth(0).dispatchEvent('change');
    await until(page, (s) => document.querySelectorAll(`${s} td.dep-cell`).length === 3 * 5, sel);
  });

  test(`${lang}: packed documents — the document mask stops the leak; without it a document's loss depends on the previous one`, async () => {
    const page = await openPage(site, `${lang}/13-masks-real-code/`);
    const sel = W('packed');
    await ready(page, sel);
    assert.equal(await page.getAttribute(sel, 'data-leaks'), '0');
    assert.equal(await page.getAttribute(sel, 'data-shift'), '0');
    await page.locator(`${sel} input[type="checkbox"]`).first().uncheck();
    await until(page, (s) => Number(document.querySelector(s).dataset.leaks) > 0, sel);
    assert.ok(Number(await page.getAttribute(sel, 'data-shift')) > 1e-3);
  });

  test(`${lang}: sliding window — still causal, and two layers reach 2(W - 1) + 1 tokens`, async () => {
    const page = await openPage(site, `${lang}/13-masks-real-code/`);
    const sel = W('window');
    await ready(page, sel);
    assert.equal(await page.getAttribute(sel, 'data-reach'), '5');
    assert.equal(await count(page, `${sel} td[data-kind="leak"]`), 0);
    await page.locator(`${sel} input`).fill('4');
    await page.locator(`${sel} input`).dispatchEvent('change');
    await until(page, (s) => document.querySelector(s).dataset.reach === '7', sel);
    assert.equal(await count(page, `${sel} td[data-kind="leak"]`), 0);
  });
}

/** Saves a prediction, runs the broken program, and returns whether the page judged it right. */
async function predictAndRun(page, sel, claim) {
  await page.locator(`${sel} input[type="radio"][value="${claim}"]`).check();
  await page.locator(`${sel} [data-step="2"] button`).click();
  await page.locator(`${sel} [data-step="3"] button`).click();
  await until(page, (s) => document.querySelector(s).dataset.observed === '1', sel);
  return page.getAttribute(sel, 'data-prediction-right');
}
const prove = async (page, sel) => {
  await page.evaluate((s) => delete document.querySelector(s).dataset.fixed, sel);
  await page.locator(`${sel} [data-step="4"] button`).click();
  await until(page, (s) => document.querySelector(s).dataset.fixed !== undefined, sel);
  return page.getAttribute(sel, 'data-fixed');
};

test('es at 360 px: each sequence\'s figures wrap inside the widget instead of running off the column', async () => {
  const page = await openPage(site, null);
  await page.setViewportSize({ width: 360, height: 900 });
  await page.goto(`${site.url}es/13-masks-real-code/`);
  await ready(page, W('padding'));
  const cut = await page.evaluate((s) => {
    const w = document.querySelector(s).getBoundingClientRect();
    return [...document.querySelectorAll(`${s} .rm-figures li`)]
      .filter((li) => li.getBoundingClientRect().right > w.right + 0.5 || li.scrollWidth > li.clientWidth + 1).map((li) => li.textContent);
  }, W('padding'));
  assert.ok((await count(page, `${W('padding')} .rm-figures li`)) >= 9, 'three figures per sequence');
  assert.deepEqual(cut, [], 'figures past the widget\'s edge');
});

for (const lang of ['en', 'es']) {
  test(`${lang}: break — padding forgotten: the evidence shows the leak, only the padding mask AND the ignored pads repair it`, async () => {
    const page = await openPage(site, `${lang}/13-masks-real-code/`);
    const sel = '[data-widget="realmask-break"][data-break="padding"]';
    await ready(page, sel);
    assert.ok(await page.locator(`${sel} [data-step="3"] button`).isDisabled(), 'no run before a prediction');
    assert.equal(await predictAndRun(page, sel, 'no'), '0', 'the logits do change: "no" is judged wrong by the measurement');
    assert.ok(await count(page, `${sel} [data-step="3"] td[data-kind="leak"]:not(.is-muted)`) > 0);
    const [mask, loss] = [page.locator(`${sel} [data-step="4"] select`).nth(0), page.locator(`${sel} [data-step="4"] select`).nth(1)];
    await mask.selectOption('inverted');
    await loss.selectOption('ignore');
    assert.equal(await prove(page, sel), '0', 'the inverted padding mask is refused');
    await mask.selectOption('correct');
    await loss.selectOption('all');
    assert.equal(await prove(page, sel), '0', 'the right mask with the pads counted in the loss is refused');
    await loss.selectOption('ignore');
    assert.equal(await prove(page, sel), '1');
    assert.ok((await page.locator(`${sel} pre`).nth(1).textContent()).includes('attention_mask.bool()'));
    // progress keeps the prediction and the repair: a reload shows them
    await page.reload();
    await ready(page, sel);
    assert.ok(await page.locator(`${sel} input[type="radio"][value="no"]`).isChecked());
    assert.ok(await page.locator(`${sel} [data-step="2"] button`).isDisabled());
    assert.ok((await page.locator(`${sel} .rmb-note`).textContent()).length > 0, 'says it was repaired before');
    assert.deepEqual(page.problems(), []);
  });

  test(`${lang}: break — top-left chunk: differs from the full recompute; only the diagonal P repairs it`, async () => {
    const page = await openPage(site, `${lang}/13-masks-real-code/`);
    const sel = '[data-widget="realmask-break"][data-break="chunk"]';
    await ready(page, sel);
    assert.equal(await predictAndRun(page, sel, 'yes'), '1');
    const offset = page.locator(`${sel} [data-step="4"] input`);
    await offset.fill('99');
    await page.locator(`${sel} [data-step="4"] button`).click();
    assert.equal(await page.locator(`${sel} .widget-status.is-error`).count(), 1, 'an offset out of range is refused in words');
    await offset.fill('6');
    assert.equal(await prove(page, sel), '0', 'one diagonal too far leaks the future');
    assert.ok(await count(page, `${sel} [data-step="4"] td[data-kind="leak"]`) > 0);
    await offset.fill('5');
    assert.equal(await prove(page, sel), '1');
    assert.ok((await page.locator(`${sel} pre`).nth(1).textContent()).includes('tril(diagonal=5)'));
  });

  test(`${lang}: break — packed without the document mask: a document's loss depends on the previous one until the mask is added`, async () => {
    const page = await openPage(site, `${lang}/13-masks-real-code/`);
    const sel = '[data-widget="realmask-break"][data-break="packed"]';
    await ready(page, sel);
    assert.equal(await predictAndRun(page, sel, 'yes'), '1');
    const boxes = page.locator(`${sel} [data-step="4"] input[type="checkbox"]`);
    await boxes.nth(1).check();
    assert.equal(await prove(page, sel), '0', 'restarting the positions alone does not stop the leak');
    await boxes.nth(0).check();
    assert.equal(await prove(page, sel), '1');
    assert.equal(await page.evaluate(() => document.body.innerText.includes('⟦')), false);
  });
}
