// The break-then-fix studio (issue 6), in the production build and the real engine worker:
// Break 00 end to end in both languages (prediction gate, run, evidence, hints, wrong repairs
// refused with their hint, the right repair retrains on the healthy path and the sweep turns
// green, all of it saved and still there after a reload), with the dashboard's signatures read
// from the metrics the page received, and no serious accessibility problem in the states the
// learner reaches.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const W = '[data-widget="break-forgotten-mask"]';
let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

/** Mean of `w` consecutive losses, lowest over the run (what the studio compares to the floor). */
function minAvg(losses, w = 20) {
  let best = Infinity;
  for (let i = w - 1; i < losses.length; i++) best = Math.min(best, losses.slice(i - w + 1, i + 1).reduce((a, b) => a + b, 0) / w);
  return best;
}

const runsOf = (page) => page.evaluate((W) => document.querySelector(W).runs, W);
const stored = (page, key) => page.evaluate((k) => window.__examrule.store.get(k), key);
const stage = (page) => page.evaluate((W) => document.querySelector(W).dataset.stage, W);

async function seriousAxe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const v = await page.evaluate(async (W) => (await window.axe.run(document.querySelector(W), { resultTypes: ['violations'] })).violations
    .map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.slice(0, 3).map((n) => n.target.join(' ')) })), W);
  return v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
}

const TEXT = {
  en: { save: 'Save my prediction', run: 'Train the broken model', apply: 'Apply this repair', applyEdit: 'Apply my line', refused: 'Refused.', zerosHint: 'Adding 0 changes nothing', nullHint: 'still hands the blocks nullptr', below: 'went below the floor', solved: 'Solved',
    why: /corpus sentence|before writing any word|never ended|too early/, go: 'Continue it', unknown: /is not in the corpus vocabulary/, before: /solved this one before/, committed: /Committed/, rule: /Rule: up to 5 % is about the same/ },
  es: { save: 'Guardar mi predicción', run: 'Entrenar el modelo roto', apply: 'Aplicar esta reparación', applyEdit: 'Aplicar mi línea', refused: 'Rechazada.', zerosHint: 'Sumar 0 no cambia nada', nullHint: 'sigue dando nullptr', below: 'bajó del suelo', solved: 'Resuelto',
    why: /frase del corpus|antes de escribir ninguna palabra|no termina nunca|demasiado pronto/, go: 'Continuarla', unknown: /no está en el vocabulario del corpus/, before: /Este ya lo resolviste/, committed: /Comprometida/, rule: /Regla: hasta un 5 % es más o menos lo mismo/ },
};

/** The samples a step received: rate and count, from the page's own list. */
async function samplesOf(stepLoc) {
  const box = stepLoc.locator('.st-ev-samples');
  const items = await box.locator('li').evaluateAll((lis) => lis.map((li) => ({
    ok: li.dataset.grammatical === '1', at: Number(li.dataset.refusedAt), marked: li.querySelector('mark.st-refused')?.textContent ?? null,
    why: li.querySelector('.st-sample-why')?.textContent ?? null, text: li.textContent })));
  return { n: Number(await box.getAttribute('data-n')), ok: Number(await box.getAttribute('data-grammatical')), items, rate: await box.locator('.st-rate').textContent() };
}

for (const lang of ['en', 'es'])
  test(`Break 00 end to end (${lang}): predict, train, read the evidence, hints, refused and accepted repairs, green sweep`, async (t) => {
    const L = TEXT[lang];
    const context = await site.browser.newContext({ bypassCSP: true, serviceWorkers: 'block' });
    const page = await openPage(site, `${lang}/10-break-forgotten-mask/`, { context });
    await page.waitForFunction((W) => document.querySelector(W)?.dataset.ready === '1', W);
    const w = page.locator(W);

    // The code is the engine's real C++, with the line that drops the mask marked.
    const bug = await w.locator('.st-code .ln.is-bug').first().textContent();
    assert.match(bug, /brk_ == Break::no_mask\) M = nullptr;/);

    // Run is locked until a prediction is saved; a partial prediction is not accepted.
    const runBtn = w.getByRole('button', { name: L.run });
    assert.equal(await runBtn.isDisabled(), true);
    await w.locator('fieldset input[name$="-train"][value="below"]').check();
    await w.getByRole('button', { name: L.save }).click();
    assert.equal(await runBtn.isDisabled(), true);
    assert.equal(await stored(page, 'studio:break-00:prediction'), undefined);
    await w.locator('fieldset input[name$="-val"][value="same"]').check();
    await w.locator('fieldset input[name$="-sample"][value="broken"]').check();
    await w.locator('textarea').first().fill('It will copy the next word.');
    await w.getByRole('button', { name: L.save }).click();
    assert.deepEqual((await stored(page, 'studio:break-00:prediction')).answers, { train: 'below', val: 'same', sample: 'broken' });
    assert.equal(await runBtn.isDisabled(), false);

    // Train the broken model; the evidence appears when the engine has answered. The focus
    // never drops to <body> (Cancel while training, then the evidence).
    await runBtn.click();
    assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'BODY');
    await page.waitForFunction((W) => document.querySelector(W + ' .st-ev-sweep'), W, { timeout: 300_000 });
    assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'BODY');
    assert.equal(await stage(page), 'observe');
    const [broken] = await runsOf(page);
    assert.equal(broken.brk, 'no-mask');
    assert.equal(broken.status, 'done');
    assert.equal(broken.metrics.length, broken.steps);
    const floor = broken.entropyFloor;
    assert.ok(floor > 1.2 && floor < 1.3, `entropy floor ${floor}`);
    // The signature of the missing mask, from the metrics the page received.
    assert.ok(minAvg(broken.metrics.map((m) => m.loss)) < floor, 'train loss does not go under the floor');
    const lastEval = broken.metrics.filter((m) => 'val_loss' in m).at(-1);
    assert.ok(lastEval.val_loss_ar > 2 * lastEval.val_loss, `val ${lastEval.val_loss} vs autoregressive ${lastEval.val_loss_ar}`);
    // Panel 6 no longer flags every head at initialisation: a head is dead only when it adds
    // under a fifth of its block's strongest head, and none does, with or without the mask.
    assert.deepEqual([...new Set(broken.metrics.map((m) => m.dead_heads))], [0]);
    // ... and what the page shows: the loss panel's summary, the sweep, the attention map.
    assert.match(await w.locator('[data-panel="loss"] .dash-summary').textContent(), new RegExp(L.below));
    assert.equal(await w.locator('.st-step').nth(3).locator('.st-ev-sweep').getAttribute('data-all-ok'), '0');
    assert.ok(Number(await w.locator('.st-step').nth(3).locator('.st-attn').getAttribute('data-future-mass')) > 0.2);
    // The prediction is compared with the measurements: "train below" right, "val same" wrong,
    // "samples broken" right; each verdict shows its numbers and rule.
    assert.equal(await w.locator('.st-compare tr[data-q="train"]').getAttribute('data-observed'), 'below');
    assert.equal(await w.locator('.st-compare tr[data-q="val"]').getAttribute('data-observed'), 'tfLow');
    assert.equal(await w.locator('.st-compare tr[data-q="sample"]').getAttribute('data-observed'), 'broken');
    assert.match(await w.locator('.st-compare tr[data-q="val"] .st-rule').textContent(), L.rule);
    assert.deepEqual(await stored(page, 'studio:break-00:predictionScore'), { matched: 2, judged: 3, seed: 1 });
    // The prediction is committed: it cannot change after the run.
    assert.equal(await w.locator('fieldset input[name$="-val"][value="tfLow"]').isDisabled(), true);
    // 20+ samples shown as a rate with the count; the broken model writes (almost) no corpus
    // sentence, and every refused sample says where and why, in the page's language.
    const brokenSamples = await samplesOf(w.locator('.st-step').nth(3));
    assert.ok(brokenSamples.n >= 20 && brokenSamples.items.length === brokenSamples.n, `${brokenSamples.n} samples`);
    assert.ok(brokenSamples.ok / brokenSamples.n <= 0.1, `broken model: ${brokenSamples.ok}/${brokenSamples.n} grammatical`);
    assert.match(brokenSamples.rate, new RegExp(`${brokenSamples.ok}\\D+${brokenSamples.n}.*%`));
    for (const it of brokenSamples.items.filter((x) => !x.ok)) {
      assert.match(it.why, L.why, it.text);
      const words = it.text.split('—')[0].replace(/^[^:]*:\s*/, '').trim().split(/\s+/);
      if (it.at >= 0 && it.at < words.length && it.marked !== null) assert.equal(it.marked, words[it.at]);
    }
    assert.ok(brokenSamples.items.some((x) => x.marked !== null), 'some refused word is marked');

    // Hints, one at a time.
    const hintBtn = w.locator('.st-step').nth(4).locator('button');
    for (let n = 1; n <= 3; n++) {
      await hintBtn.click();
      assert.equal(await w.locator('.st-hint-list li').count(), n);
    }
    assert.equal(await hintBtn.isDisabled(), true);
    assert.equal(await stored(page, 'studio:break-00:hints'), 3);

    // A wrong repair is run: the engine trains with the mask it produces (zeros: nothing
    // hidden) from the same seed, and it is refused because its evidence is red.
    await w.locator('[data-repair="zeros"] input').check();
    await w.getByRole('button', { name: L.apply }).click();
    await page.waitForFunction((W) => document.querySelector(W).dataset.lastRepair === 'refused', W, { timeout: 300_000 });
    const feedback = w.locator('.st-step').nth(5).locator('.st-feedback');
    assert.match(await feedback.textContent(), new RegExp(`${L.zerosHint}`));
    const tried = await page.evaluate((W) => document.querySelector(W).tried, W);
    assert.equal(tried.length, 1);
    assert.deepEqual([tried[0].status, tried[0].seed, tried[0].maskData.train.mask.every((x) => x === 0)], ['done', 1, true]);
    assert.ok(minAvg(tried[0].metrics.map((m) => m.loss)) < floor, 'a mask of zeros hides nothing: under the floor again');
    const checks = await feedback.locator('.st-evidence li').evaluateAll((lis) => lis.map((li) => li.dataset.ok));
    assert.deepEqual(checks.slice(0, 2), ['0', '0'], 'sweep and floor red');
    assert.equal((await runsOf(page)).length, 1);
    assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'BODY');
    // A hand edit that still hands the blocks no mask produces the same masks: judged by the
    // same (already trained) run.
    await page.evaluate((W) => (document.querySelector(W).dataset.lastRepair = ''), W);
    await w.locator('details.st-edit summary').click();
    await w.locator('input.st-edit-line').fill('if (brk_ == Break::no_mask) M = nullptr; // fixed?');
    await w.getByRole('button', { name: L.applyEdit }).click();
    await page.waitForFunction((W) => document.querySelector(W).dataset.lastRepair === 'refused', W, { timeout: 60_000 });
    assert.match(await feedback.textContent(), new RegExp(L.nullHint));
    assert.equal((await page.evaluate((W) => document.querySelector(W).tried, W)).length, 1);
    assert.deepEqual(await stored(page, 'studio:break-00:attempts'), ['zeros', 'edit:still-null']);
    assert.equal(await stored(page, 'studio:break-00:solved'), undefined);

    // The right repair switches the engine to the healthy path, retrains, reruns the sweep.
    await w.locator('[data-repair="delete-switch"] input').check();
    await w.getByRole('button', { name: L.apply }).click();
    await page.waitForFunction((W) => document.querySelector(W).dataset.solved === '1', W, { timeout: 300_000 });
    const runs = await runsOf(page);
    assert.deepEqual(runs.map((r) => [r.brk, r.seed, r.status]), [['no-mask', 1, 'done'], ['healthy', 1, 'done']]);
    assert.ok(minAvg(runs[1].metrics.map((m) => m.loss)) > floor, 'the repaired model must stay above the floor');
    const verify = w.locator('.st-step').nth(6);
    assert.equal(await verify.locator('.st-ev-sweep').getAttribute('data-all-ok'), '1');
    assert.equal(await verify.locator('.st-sweep span[data-ok="0"]').count(), 0);
    assert.deepEqual(await verify.locator('.st-evidence').first().locator('li').evaluateAll((lis) => lis.map((li) => li.dataset.ok)), ['1', '1', '1']);
    assert.match(await verify.textContent(), new RegExp(L.solved));
    const solved = await stored(page, 'studio:break-00:solved');
    assert.deepEqual(solved.evidence, { sweepOk: true, aboveFloor: true, learned: true, seed: 1, steps: 300 });
    // The repaired model writes the corpus's sentences; the broken one did not.
    const fixedSamples = await samplesOf(verify);
    assert.ok(fixedSamples.n >= 20);
    assert.ok(fixedSamples.ok / fixedSamples.n >= 0.5, `repaired model: ${fixedSamples.ok}/${fixedSamples.n} grammatical`);
    assert.ok(fixedSamples.ok / fixedSamples.n > brokenSamples.ok / brokenSamples.n + 0.4);
    t.diagnostic(`grammatical samples: broken ${brokenSamples.ok}/${brokenSamples.n}, repaired ${fixedSamples.ok}/${fixedSamples.n}`);
    // Solved: Apply is off (a second click used to start a duplicate run).
    assert.equal(await w.getByRole('button', { name: L.apply }).isDisabled(), true);
    // Prompt both models: case and punctuation are normalised, unknown words refused by name.
    const prompt = verify.locator('.st-prompt');
    await prompt.locator('input').fill('Ella.');
    await prompt.getByRole('button', { name: L.go }).click();
    await page.waitForFunction((W) => document.querySelectorAll(W + ' .st-prompt-grid ol').length === 2, W, { timeout: 60_000 });
    assert.equal(await prompt.locator('.st-prompt-grid').getAttribute('data-prompt'), 'ella');
    const cont = await prompt.locator('.st-prompt-grid > div').evaluateAll((ds) => ds.map((d) => [d.dataset.run, [...d.querySelectorAll('li')].map((li) => li.textContent)]));
    assert.deepEqual(cont.map((c) => c[0]), ['healthy', 'no-mask']);
    for (const [, texts] of cont) for (const x of texts) assert.match(x, /^[✓✕][^:]*: ella\b/);
    await prompt.locator('input').fill('yo ' + 'x'.repeat(100_000));
    await prompt.getByRole('button', { name: L.go }).click();
    const refusal = await prompt.locator('p.st-bad').textContent();
    assert.match(refusal, L.unknown);
    assert.ok(refusal.length < 120, `refusal echoes ${refusal.length} characters`);
    // Both runs overlaid on one dashboard, with the summaries written at the end.
    assert.equal(await w.locator('.dash-runs tbody tr').count(), 3);
    assert.deepEqual(await seriousAxe(page), []);

    // Everything survives a reload: the "solved before" message is visible (not in a locked
    // step), the prediction stays locked, and the runs come back from their seed with their
    // verdicts; the lesson is marked done on the home page.
    await page.reload();
    await page.waitForFunction((W) => document.querySelector(W)?.dataset.ready === '1', W);
    assert.equal(await page.evaluate((W) => document.querySelector(W).dataset.solved, W), '1');
    assert.match(await w.locator('.st-banner').textContent(), L.before);
    assert.equal(await w.locator('.st-banner').isVisible(), true);
    assert.equal(await w.locator('fieldset input[name$="-train"][value="below"]').isChecked(), true);
    assert.equal(await w.locator('fieldset input[name$="-train"][value="above"]').isDisabled(), true);
    assert.equal(await w.locator('textarea').first().inputValue(), 'It will copy the next word.');
    assert.match(await w.locator('.st-step').nth(1).locator('.st-saved').textContent(), L.committed);
    assert.equal(await w.locator('.st-hint-list li').count(), 3);
    await page.waitForFunction((W) => document.querySelector(W).runs?.length === 2 && document.querySelector(W).runs.every((r) => r.status === 'done') && document.querySelector(W).querySelector('.st-solved'), W, { timeout: 300_000 });
    const again = await runsOf(page);
    assert.deepEqual(again.map((r) => r.metrics.map((m) => m.loss)), runs.map((r) => r.metrics.map((m) => m.loss)), 'same seed, same numbers');
    assert.equal(await w.locator('.st-compare tr[data-q="train"]').getAttribute('data-ok'), '1');
    await page.goto(`${site.url}${lang}/`);
    assert.equal(await page.locator('.path-item[data-lesson="10-break-forgotten-mask"]').getAttribute('data-state'), 'done');
    assert.deepEqual(page.problems(), []);
    await context.close();
  });

test('the dashboard is keyboard operable: a focused chart reads its values with the arrow keys', async () => {
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  const page = await openPage(site, 'en/11-break-three-failures/', { context });
  const lab = page.locator('[data-widget="dashboard"]');
  await page.waitForFunction(() => document.querySelector('[data-widget="dashboard"]')?.dataset.ready === '1');
  await lab.locator('input[type=number]').nth(1).fill('40');
  await lab.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-widget="dashboard"]').dataset.state === 'done', null, { timeout: 60_000 });
  const chart = lab.locator('[data-panel="act"] .dash-chart');
  await chart.focus();
  await page.keyboard.press('Home');
  const first = await lab.locator('[data-panel="act"] .dash-readout').textContent();
  await page.keyboard.press('ArrowRight');
  const second = await lab.locator('[data-panel="act"] .dash-readout').textContent();
  assert.match(first, /^step 0: /);
  assert.match(second, /^step 1: /);
  // The read-out carries the numbers the page received: init x100, block 0 at step 0.
  const runs = await page.evaluate(() => document.querySelector('[data-widget="dashboard"]').runs);
  const bad = runs.find((r) => r.brk === 'init-x100');
  assert.ok(first.includes(`${bad.label} · block 0`), first);
  assert.deepEqual(page.problems(), []);
  await context.close();
});
