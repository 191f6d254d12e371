// The studio's labs (issue 6) in the production build and the real engine worker: the blind lab
// in both languages (four runs, diagnoses saved, reveal, score, signatures measured on the
// learner's own runs, all of it kept after a reload); a share link that reproduces a run bit for
// bit; the run's downloads (JSON, CSV, manifest, PNG); cancelling a run.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

const BLIND = '[data-widget="break-blind-lab"]';
const LAB = '[data-widget="dashboard"]';
let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

const stored = (page, key) => page.evaluate((k) => window.__examrule.store.get(k), key);

function minAvg(losses, w = 20) {
  let best = Infinity;
  for (let i = w - 1; i < losses.length; i++) best = Math.min(best, losses.slice(i - w + 1, i + 1).reduce((a, b) => a + b, 0) / w);
  return best;
}

const TEXT = {
  en: { train: 'Train the four runs', reveal: 'Reveal and score', score: 'Your score: 2/3', hidden: 'hidden until the reveal', finding: /below the floor|honest/, same: /both have the cause/ },
  es: { train: 'Entrenar los cuatro runs', reveal: 'Revelar y puntuar', score: 'Tu puntuación: 2/3', hidden: 'oculto hasta la revelación', finding: /bajó del suelo|honesto/, same: /tienen la misma causa/ },
};

for (const lang of ['en', 'es'])
  test(`blind lab (${lang}): three hidden failures, diagnoses, reveal, score, signatures of the learner's runs`, async () => {
    const L = TEXT[lang];
    const context = await site.browser.newContext({ serviceWorkers: 'block', acceptDownloads: true });
    const page = await openPage(site, `${lang}/11-break-three-failures/`, { context });
    await page.waitForFunction((B) => document.querySelector(B)?.dataset.ready === '1', BLIND);
    const w = page.locator(BLIND);
    const labSeed = await stored(page, 'studio:blind:seed');
    assert.ok(Number.isInteger(labSeed) && labSeed >= 0, `lab seed ${labSeed}`);
    // Diagnosing and revealing wait for the runs.
    assert.equal(await page.evaluate((B) => document.querySelector(B).dataset.stage, BLIND), 'train');
    assert.equal(await w.getByRole('button', { name: L.reveal }).isDisabled(), true);

    await w.getByRole('button', { name: L.train }).click();
    await page.waitForFunction((B) => document.querySelector(B).dataset.stage === 'diagnose', BLIND, { timeout: 600_000 });
    const runs = await page.evaluate((B) => document.querySelector(B).runs, BLIND);
    assert.deepEqual(runs.map((r) => [r.label, r.status, r.metrics.length, r.seed]).map((x) => x.slice(1)), Array(4).fill(['done', 300, labSeed]));
    assert.equal(runs[0].brk, 'healthy');
    assert.deepEqual(runs.slice(1).map((r) => r.label), ['01', '02', '03']);
    assert.deepEqual(runs.slice(1).map((r) => r.brk).sort(), ['init-x100', 'no-mask', 'no-warmup']);
    // Before the reveal the page does not name the causes.
    const table = await w.locator('.dash-runs tbody').textContent();
    for (const b of ['init-x100', 'no-warmup', 'no-mask']) assert.ok(!table.includes(b), `the runs table names ${b} before the reveal`);
    assert.equal(await w.locator('.dash-runs tbody').getByText(L.hidden).count(), 3);
    // ... nor do the downloads, nor the sentences under the charts (they describe, not diagnose).
    for (const label of ['01', '02', '03']) {
      const [d] = await Promise.all([page.waitForEvent('download'),
        w.locator(`.dash-runs tr:has(th:text-is("${label}")) .dash-files button`).first().click()]);
      const json = JSON.parse(await readFile(await d.path()));
      assert.equal(json.brk, 'hidden');
      assert.equal(d.suggestedFilename(), `exam-rule-run-${label}-seed${labSeed}.json`);
    }
    assert.doesNotMatch(await w.locator('[data-panel="loss"] .dash-summary').textContent(), L.finding);
    // "All four" names every run on the chart itself, the grey healthy one included.
    const keys = await w.locator('[data-panel="loss"] .dash-key-run').allTextContents();
    assert.deepEqual(keys.map((k) => k.trim()).sort(), [runs[0].label, '01', '02', '03'].sort());

    // The signatures, read from the metrics the page received.
    const by = Object.fromEntries(runs.map((r) => [r.brk, r]));
    const h = by.healthy.metrics, init = by['init-x100'].metrics, warm = by['no-warmup'].metrics, mask = by['no-mask'].metrics;
    const floor = by.healthy.entropyFloor;
    assert.ok(init[0].act_rms[0] > 100 * h[0].act_rms[0], `init x100: block 0 RMS at step 0 ${init[0].act_rms[0]} vs ${h[0].act_rms[0]}`);
    const maxSigma = (m) => Math.max(...Object.values(m.spectral));
    assert.ok(maxSigma(init[0]) > 50 * maxSigma(h[0]), 'init x100: spectral norm at step 0');
    const maxGrad = (ms) => Math.max(...ms.map((m) => m.grad_norm_pre_clip));
    assert.ok(maxGrad(init) > 100 * maxGrad(h), `init x100: largest pre-clip gradient ${maxGrad(init)} vs ${maxGrad(h)}`);
    assert.equal(warm[0].lr, by['no-warmup'].config.lr_max);
    assert.ok(warm[0].lr > 10 * h[0].lr, `no warmup: lr at step 0 ${warm[0].lr} vs ${h[0].lr}`);
    assert.ok(minAvg(mask.map((m) => m.loss)) < floor && minAvg(h.map((m) => m.loss)) > floor, 'missing mask: under the floor, healthy above');
    const lastEval = (ms) => ms.filter((m) => 'val_loss' in m).at(-1);
    assert.ok(lastEval(mask).val_loss_ar > 2 * lastEval(mask).val_loss);
    // Healthy: both validations agree (the KV cache and the batched pass differ only by rounding).
    assert.ok(Math.abs(lastEval(h).val_loss_ar - lastEval(h).val_loss) < 1e-4 * lastEval(h).val_loss);

    // Diagnoses: right for 01 and 02, 03 given the cause of 01 (so the score is 2/3).
    const truth = runs.slice(1).map((r) => r.brk);
    const picks = [truth[0], truth[1], truth[0]];
    for (const [i, label] of ['01', '02', '03'].entries()) {
      const d = w.locator(`.st-diagnosis[data-run="${label}"]`);
      await d.locator(`input[value="${picks[i]}"]`).check();
      await d.locator('textarea').fill(`evidence for ${label}`);
      await d.locator('textarea').blur();
    }
    // Two runs with one cause: the page warns (each cause breaks exactly one run).
    assert.match(await w.locator('.st-step').nth(1).locator('p.st-bad').textContent(), L.same);
    assert.deepEqual(await stored(page, 'studio:blind:diagnosis:03'), { ...(await stored(page, 'studio:blind:diagnosis:03')), cause: truth[0], text: 'evidence for 03' });
    await w.getByRole('button', { name: L.reveal }).click();
    await page.waitForFunction((B) => document.querySelector(B).dataset.stage === 'revealed', BLIND);
    assert.equal((await w.locator('.st-score').textContent()).trim(), L.score);
    assert.deepEqual(await w.locator('.st-step').nth(2).locator('.st-evidence li').evaluateAll((lis) => lis.map((li) => li.dataset.ok)), ['1', '1', '0']);
    const reveal = await stored(page, 'studio:blind:reveal');
    assert.deepEqual([reveal.score, reveal.seed, reveal.truth, reveal.picks], [2, labSeed, truth, picks]);
    assert.deepEqual(await stored(page, 'studio:blind:score'), { ...(await stored(page, 'studio:blind:score')), score: 2, of: 3, seed: labSeed });
    // The diagnoses are locked now; the table shows the learner's own numbers.
    assert.equal(await w.locator('.st-diagnosis[data-run="03"] input').first().isDisabled(), true);
    const sig = w.locator('table.st-signatures');
    assert.equal(await sig.locator('thead th').count(), 5);
    assert.equal(await sig.locator('tbody tr').count(), 9);
    // After the reveal the runs table names the engine paths.
    assert.ok((await w.locator('.dash-runs tbody').textContent()).includes('init-x100'));

    // A reload keeps the seed, the diagnoses and the score, and the runs come back from the
    // seed (same numbers) with the signature table.
    await page.reload();
    await page.waitForFunction((B) => document.querySelector(B)?.dataset.ready === '1', BLIND);
    assert.equal(await stored(page, 'studio:blind:seed'), labSeed);
    assert.equal(await page.evaluate((B) => document.querySelector(B).dataset.stage, BLIND), 'revealed');
    assert.equal((await w.locator('.st-score').textContent()).trim(), L.score);
    assert.equal(await w.locator('.st-diagnosis[data-run="01"] textarea').inputValue(), 'evidence for 01');
    await page.waitForFunction((B) => document.querySelector(B).runs?.length === 4 && document.querySelector(B).runs.every((r) => r.status === 'done')
      && document.querySelector(B).querySelector('table.st-signatures'), BLIND, { timeout: 600_000 });
    const back = await page.evaluate((B) => document.querySelector(B).runs, BLIND);
    assert.deepEqual(back.map((r) => r.metrics.at(-1).loss), runs.map((r) => r.metrics.at(-1).loss));
    assert.deepEqual(page.problems(), []);
    await context.close();
  });

async function trainInLab(page, { brk, seed, steps, baseline = false }) {
  const lab = page.locator(LAB);
  await page.waitForFunction((S) => document.querySelector(S)?.dataset.ready === '1', LAB);
  if (brk) await lab.locator('select').selectOption(brk);
  await lab.locator('input[type=number]').nth(0).fill(String(seed));
  await lab.locator('input[type=number]').nth(1).fill(String(steps));
  await lab.locator('input[type=checkbox]').setChecked(baseline);
  await lab.locator('.st-row button.btn-primary').click();
  await page.waitForFunction((S) => document.querySelector(S).dataset.state === 'done', LAB, { timeout: 120_000 });
  return page.evaluate((S) => document.querySelector(S).runs, LAB);
}

test('a share link reproduces the run bit for bit, and the run downloads as JSON, CSV, manifest and PNG', async () => {
  const context = await site.browser.newContext({ serviceWorkers: 'block', acceptDownloads: true });
  const page = await openPage(site, 'en/12-break-more/', { context });
  const [run] = await trainInLab(page, { brk: 'no-warmup', seed: 4242, steps: 60 });
  assert.deepEqual([run.brk, run.seed, run.metrics.length, run.status], ['no-warmup', 4242, 60, 'done']);
  const link = await page.locator(`${LAB} a.dash-share`).getAttribute('href');
  const u = new URL(link);
  assert.deepEqual([u.searchParams.get('break'), u.searchParams.get('seed'), u.searchParams.get('steps'), u.hash], ['no-warmup', '4242', '60', '#studio-lab']);

  // Downloads, from the runs table.
  const grab = async (name) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.locator(`${LAB} .dash-files`).getByRole('button', { name, exact: true }).click()]);
    return readFile(await d.path());
  };
  const json = JSON.parse(await grab('JSON'));
  assert.deepEqual(json.metrics, run.metrics);
  const csv = (await grab('CSV')).toString().trim().split('\n');
  assert.equal(csv.length, 61);
  assert.match(csv[0], /^step,lr,loss,grad_norm_pre_clip,grad_norm_post_clip,act_rms_block0/);
  assert.equal(Number(csv[1].split(',')[1]), run.metrics[0].lr);
  const manifest = JSON.parse(await grab('manifest.json'));
  const info = await page.evaluate(() => window.__examrule.engine.ready);
  assert.equal(manifest.kind, 'exam-rule-run');
  assert.deepEqual([manifest.break, manifest.seed, manifest.steps_done, manifest.config.batch_size], ['no-warmup', 4242, 60, run.config.batch_size]);
  assert.deepEqual(manifest.engine, { version: info.version, backend: info.backend });
  assert.equal(manifest.share_link, link);
  assert.ok(!Number.isNaN(Date.parse(manifest.date)));
  assert.equal(manifest.results.lr0, run.metrics[0].lr);
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator(`${LAB} .dash-actions button`).click()]);
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);

  // Someone opens the link: the controls are filled in and one click reproduces the run.
  const other = await site.browser.newContext({ serviceWorkers: 'block' });
  const page2 = await openPage(site, null, { context: other });
  await page2.goto(link);
  await page2.waitForFunction((S) => document.querySelector(S)?.dataset.ready === '1', LAB);
  const lab2 = page2.locator(LAB);
  assert.match(await lab2.locator('.st-feedback').textContent(), /seed 4242, 60 steps/);
  assert.equal(await lab2.locator('select').inputValue(), 'no-warmup');
  await lab2.getByRole('button', { name: 'Run the shared experiment' }).click();
  await page2.waitForFunction((S) => document.querySelector(S).dataset.state === 'done', LAB, { timeout: 120_000 });
  const again = await page2.evaluate((S) => document.querySelector(S).runs, LAB);
  const shared = again.find((r) => r.brk === 'no-warmup');
  assert.deepEqual(shared.metrics, run.metrics);
  assert.deepEqual(shared.config, run.config);
  // With the grey baseline on (the default), the healthy run of the same seed comes along.
  assert.deepEqual(again.map((r) => r.brk), ['healthy', 'no-warmup']);
  assert.deepEqual([...page.problems(), ...page2.problems()], []);
  await other.close();
  await context.close();
});

test('cancel stops a long run, keeps what it measured, and the next run works', async () => {
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  const page = await openPage(site, 'en/10-break-forgotten-mask/', { context });
  const lab = page.locator(LAB);
  await page.waitForFunction((S) => document.querySelector(S)?.dataset.ready === '1', LAB);
  await lab.locator('input[type=number]').nth(1).fill('3000');
  await lab.locator('input[type=checkbox]').setChecked(false);
  await lab.locator('.st-row button.btn-primary').click();
  await page.waitForFunction((S) => document.querySelector(S).runs[0]?.metrics.length >= 20, LAB, { timeout: 60_000 });
  await lab.locator('.dash-progress button').click();
  await page.waitForFunction((S) => document.querySelector(S).dataset.state === 'done', LAB, { timeout: 30_000 });
  const [run] = await page.evaluate((S) => document.querySelector(S).runs, LAB);
  assert.equal(run.status, 'cancelled');
  assert.ok(run.metrics.length >= 20 && run.metrics.length < 3000, `${run.metrics.length} steps kept`);
  assert.equal(await lab.locator('.dash-runs tbody tr').getAttribute('data-status'), 'cancelled');
  assert.equal(await lab.locator('.dash-progress').isHidden(), true);
  const runs = await trainInLab(page, { brk: 'healthy', seed: 3, steps: 30 });
  assert.deepEqual(runs.map((r) => [r.brk, r.status, r.metrics.length]), [['no-mask', 'cancelled', run.metrics.length], ['healthy', 'done', 30]]);
  assert.deepEqual(page.problems(), []);
  await context.close();
});
