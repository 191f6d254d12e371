// Lesson 12's three short breaks (issue 6), in the real engine worker: each one trains its
// broken model, shows the evidence that gives it away (measured, not assumed), refuses a
// plausible wrong repair with its own hint, and is solved only after the right repair's
// healthy retrain passes the causality sweep.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site, context, page;
before(async () => {
  site = await startSite();
  context = await site.browser.newContext({ serviceWorkers: 'block' });
  page = await openPage(site, 'en/12-break-more/', { context });
});
after(async () => site?.close());

const CASES = {
  'post-softmax-mask': {
    wrong: 'multiply-scores',
    hint: /exp\(0\) = 1/,
    right: 'mask-before',
    // Rows no longer sum to 1, yet no weight sits above the diagonal; the sweep still fails.
    check: (ev) => {
      assert.ok(ev.rowSum < 0.99, `mean row sum ${ev.rowSum}`);
      assert.equal(ev.futureMass, 0);
      assert.deepEqual(ev.observed, { rows: 'less', sweep: 'fail', val: 'tfLow' });
    },
  },
  'diag-blocked': {
    wrong: 'plus-one',
    hint: /next token/,
    right: 'delete-switch',
    // Position 0 has no visible key, so its row reaches into the future.
    check: (ev) => {
      assert.ok(ev.futureMass > 0, 'row 0 should attend to later positions');
      assert.deepEqual(ev.observed, { self: 'everything', sweep: 'fail', val: 'tfLow' });
    },
  },
  'no-mask-at-inference': {
    wrong: 'cache-only',
    hint: /KV cache hides the bug/,
    right: 'delete-switch',
    // Training is healthy; the inference path leaks (sweep) and its teacher-forced loss is worse.
    check: (ev) => {
      assert.equal(ev.observed.train, 'above');
      assert.equal(ev.observed.sweep, 'fail');
      assert.ok(ev.val.ar < ev.val.tf, `autoregressive ${ev.val.ar} should beat teacher-forced ${ev.val.tf}`);
    },
  },
};

for (const [brk, c] of Object.entries(CASES))
  test(`${brk}: evidence, a refused repair, the right repair proven`, async () => {
    const W = `[data-widget="break-exercise"][data-break="${brk}"]`;
    const w = page.locator(W);
    await page.waitForFunction((W) => document.querySelector(W)?.dataset.ready === '1', W);
    const questions = w.locator('.st-step').nth(1).locator('fieldset');
    for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator('input').first().check();
    await w.locator('.st-step').nth(1).locator('button').click();
    await w.locator('.st-step').nth(2).locator('button.btn-primary').click();
    await page.waitForFunction((W) => document.querySelector(W + ' .st-ev-sweep'), W, { timeout: 400_000 });
    const ev = await page.evaluate((W) => {
      const el = document.querySelector(W);
      const attn = el.querySelector('.st-step:nth-child(4) .st-attn');
      const run = el.runs[0];
      const last = run.metrics.filter((m) => 'val_loss' in m).at(-1);
      return {
        brk: run.brk,
        observed: Object.fromEntries([...el.querySelectorAll('.st-compare tr[data-q]')].map((tr) => [tr.dataset.q, tr.dataset.observed])),
        rowSum: attn ? Number(attn.dataset.rowSum) : null,
        futureMass: attn ? Number(attn.dataset.futureMass) : null,
        val: { tf: last.val_loss, ar: last.val_loss_ar },
        accept: el.querySelector('.st-compare tr[data-q="val"]').dataset.accept.split(' '),
        rule: el.querySelector('.st-compare tr[data-q="val"] .st-rule').textContent,
      };
    }, W);
    assert.equal(ev.brk, brk);
    c.check(ev);
    // Every verdict on the two validations follows the band shown with it.
    const gap = Math.abs(ev.val.ar - ev.val.tf) / Math.min(ev.val.ar, ev.val.tf);
    const lower = ev.val.ar > ev.val.tf ? 'tfLow' : 'arLow';
    assert.deepEqual(ev.accept.sort(), gap <= 0.05 ? ['same'] : gap >= 0.1 ? [lower] : ['same', lower].sort());
    assert.match(ev.rule, /teacher-forced.*autoregressive.*%/);

    // The wrong repair is run with the mask it produces and refused because its evidence is red.
    await w.locator(`[data-repair="${c.wrong}"] input`).check();
    await w.locator('.st-step').nth(5).locator('button.btn-primary').click();
    await page.waitForFunction((W) => document.querySelector(W).dataset.lastRepair === 'refused', W, { timeout: 400_000 });
    const fb = w.locator('.st-step').nth(5).locator('.st-feedback');
    assert.match(await fb.textContent(), c.hint);
    const tried = await page.evaluate((W) => document.querySelector(W).tried.map((r) => [r.status, !!r.maskData]), W);
    assert.deepEqual(tried, [['done', true]]);
    assert.ok((await fb.locator('.st-evidence li[data-ok="0"]').count()) > 0, 'some evidence is red');
    assert.equal(await page.evaluate((W) => document.querySelector(W).dataset.solved, W), '0');

    await w.locator(`[data-repair="${c.right}"] input`).check();
    await w.locator('.st-step').nth(5).locator('button.btn-primary').click();
    await page.waitForFunction((W) => document.querySelector(W).dataset.solved === '1', W, { timeout: 400_000 });
    assert.equal(await w.locator('.st-step').nth(6).locator('.st-ev-sweep').getAttribute('data-all-ok'), '1');
    const runs = await page.evaluate((W) => document.querySelector(W).runs.map((r) => r.brk), W);
    assert.deepEqual(runs, [brk, 'healthy']);
    // Solved: Apply is off for good (a second click used to start a duplicate run).
    assert.equal(await w.locator('.st-step').nth(5).locator('button.btn-primary').isDisabled(), true);
    assert.deepEqual(page.problems(), []);
  });
