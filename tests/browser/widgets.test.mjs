// The mask-core lesson widgets (issue 5) on the real lesson pages of the production build, in
// both languages: grids with tokens and row highlighting, the graded grid quiz (right and wrong,
// saved to progress and shown again on return), the softmax slice, the mask heatmap with its PNG,
// and the MHA perturbation table with its manifest.json. Every number checked here was computed
// by the engine in the page's worker.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

const LANGS = ['en', 'es'];

async function ready(page, sel) {
  await page.waitForFunction((s) => document.querySelector(s)?.dataset.ready === '1', sel, { timeout: 20000 });
  return page.locator(sel);
}

async function readDownload(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), click()]);
  const stream = await dl.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: dl.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

const noMarkers = async (page) => assert.equal(await page.evaluate(() => document.body.innerText.includes('⟦')), false, 'no untranslated string id');

for (const lang of LANGS) {
  test(`${lang}: lesson 2 grids — no mask is full, causal is the lower triangle, rows highlight what they may see`, async () => {
    const page = await openPage(site, `${lang}/02-opening-failure/`);
    const none = await ready(page, '[data-widget="exam-grid"][data-mode="none"]');
    const causal = await ready(page, '[data-widget="exam-grid"][data-mode="causal"]');
    const pattern = (loc) => loc.locator('td[data-visible]').evaluateAll((tds) => tds.map((td) => td.dataset.visible).join(''));
    assert.equal(await pattern(none), '1'.repeat(16));
    assert.equal(await pattern(causal), '1000' + '1100' + '1110' + '1111');
    // fixed figures: no controls
    assert.equal(await causal.locator('select, input').count(), 0);
    // token labels from the directive on the column headers
    const tokens = (await causal.getAttribute('data-tokens')).split('|');
    const heads = await causal.locator('th[data-col]').allTextContents();
    tokens.forEach((tok, j) => assert.ok(heads[j].includes(tok), `column ${j} is labelled ${tok}`));
    // hovering query 2 highlights exactly keys 0, 1, 2 and says so in words (wait until every
    // widget of the page is drawn, so the layout under the mouse no longer moves)
    await page.waitForFunction(() => [...document.querySelectorAll('[data-widget]')].every((el) => el.dataset.ready === '1'), null, { timeout: 20000 });
    await causal.locator('td[data-i="2"][data-j="3"]').hover();
    const lit = await causal.evaluate((el) => ({
      cols: [...el.querySelectorAll('th[data-col].is-seen')].map((th) => th.dataset.col),
      cells: [...el.querySelectorAll('td.is-seen')].map((td) => td.dataset.i + td.dataset.j),
    }));
    assert.deepEqual(lit, { cols: ['0', '1', '2'], cells: ['20', '21', '22'] });
    const summary = await causal.locator('.exam-grid-summary').textContent();
    assert.ok(summary.includes(tokens[2]) && summary.includes(tokens[0]) && !summary.includes(tokens[3]), summary);
    // keyboard: focus a cell, arrow down moves the highlighted query
    await causal.locator('td[tabindex="0"]').focus();
    const before = Number(await causal.locator('.exam-grid').getAttribute('data-current'));
    await page.keyboard.press('ArrowDown');
    assert.equal(Number(await causal.locator('.exam-grid').getAttribute('data-current')), Math.min(3, before + 1));
    await noMarkers(page);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  test(`${lang}: the softmax slice — engine numbers, the leak on the next token, exactly 0 with the mask, editable scores`, async () => {
    const page = await openPage(site, `${lang}/02-opening-failure/`);
    const w = await ready(page, '[data-widget="softmax-slice"]');
    const read = (causal, cls) =>
      w.locator(`table[data-causal="${causal}"] tr.${cls} td[data-key]`).evaluateAll((tds) => tds.map((td) => Number(td.dataset.v)));
    const check = async () => {
      const shifted = await read(0, 'r-shifted');
      const exps = await read(0, 'r-exp');
      const weights = await read(0, 'r-weights');
      const sum = Number(await w.locator('table[data-causal="0"] tr.r-sum td').getAttribute('data-v'));
      assert.equal(Math.max(...shifted), 0, 'the shift makes the row max exactly 0');
      shifted.forEach((s, j) => assert.ok(Math.abs(exps[j] - Math.exp(s)) < 1e-6, `exp of key ${j}`));
      assert.ok(Math.abs(sum - exps.reduce((a, b) => a + b)) < 1e-5, 'sum of exp');
      weights.forEach((v, j) => assert.ok(Math.abs(v - exps[j] / sum) < 1e-6, `weight ${j} = exp / sum`));
      assert.ok(weights[1] > 0, 'without the mask the token to predict gets some weight');
      const masked = await read(1, 'r-weights');
      assert.deepEqual(masked, [1, 0, 0, 0], 'with the mask query 0 keeps everything on key 0');
      return weights;
    };
    const w0 = await check();
    // the learner raises the score of key 1 (the token to predict): its weight climbs, the mask still zeroes it
    const inp = w.locator('input[data-key="1"]');
    const s1 = Number(await inp.inputValue());
    await inp.fill(String(s1 + 3));
    await w.locator('button.btn').click();
    await page.waitForFunction(
      (old) => Number(document.querySelector('[data-widget="softmax-slice"] table[data-causal="0"] tr.r-weights td[data-key="1"]').dataset.v) > old + 0.1,
      w0[1],
    );
    const w1 = await check();
    assert.ok(w1[1] > 0.85, `key 1 now dominates (${w1[1]})`);
    // a score the engine refuses is reported next to the control
    await inp.fill('1e7');
    await w.locator('button.btn').click();
    await page.waitForFunction(() => document.querySelector('[data-widget="softmax-slice"] .widget-status')?.classList.contains('is-error'));
    // ... in the page's language, naming the key it refused
    assert.match(await w.locator('.widget-status').textContent(), lang === 'es' ? /puntuación de la key 1 tiene que ser/ : /score 1/);
    await noMarkers(page);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  test(`${lang}: the grid quiz is graded by the engine, right and wrong, saved to progress and shown on return`, async () => {
    const context = await site.browser.newContext();
    const page = await openPage(site, `${lang}/02-opening-failure/`, { context });
    const q = await ready(page, '[data-widget="grid-quiz"]');
    const T = 5;
    assert.equal(await q.locator('td.is-visible').count(), 0, 'the grid starts empty');
    // wrong on purpose: only the diagonal, plus one future cell
    for (let i = 0; i < T; i++) await q.locator(`td[data-i="${i}"][data-j="${i}"]`).click();
    await q.locator('td[data-i="0"][data-j="1"]').click();
    await q.getByRole('button', { name: lang === 'en' ? 'Check' : 'Comprobar' }).click();
    await page.waitForFunction(() => document.querySelector('[data-widget="grid-quiz"]').dataset.graded);
    assert.equal(await q.getAttribute('data-graded'), 'wrong');
    const wrongCells = await q.locator('td[data-wrong="1"]').evaluateAll((tds) => tds.map((td) => `${td.dataset.i}${td.dataset.j}`).sort());
    assert.deepEqual(wrongCells, ['01', '10', '20', '21', '30', '31', '32', '40', '41', '42', '43']);
    let saved = await page.evaluate(() => window.__examrule.store.get('grade:02-opening-failure:grid-quiz'));
    assert.equal(saved.correct, 14);
    assert.equal(saved.wrong, 11);
    assert.equal(saved.total, 25);
    assert.ok(!Number.isNaN(Date.parse(saved.at)));

    // right: with the keyboard only. Clear, then walk the grid and toggle every cell j <= i.
    await q.getByRole('button', { name: lang === 'en' ? 'Clear' : 'Borrar' }).click();
    await q.locator('td[data-i="0"][data-j="0"]').click(); // focus + toggle (0,0)
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        if (!(i === 0 && j === 0) && j <= i) await page.keyboard.press(j % 2 ? 'Enter' : ' ');
        if (j < T - 1) await page.keyboard.press('ArrowRight');
      }
      if (i < T - 1) {
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Home');
      }
    }
    await q.getByRole('button', { name: lang === 'en' ? 'Check' : 'Comprobar' }).click();
    await page.waitForFunction(() => document.querySelector('[data-widget="grid-quiz"]').dataset.graded === 'right');
    assert.equal(await q.locator('td[data-wrong="1"]').count(), 0);
    saved = await page.evaluate(() => window.__examrule.store.get('grade:02-opening-failure:grid-quiz'));
    assert.deepEqual([saved.correct, saved.wrong, saved.total], [25, 0, 25]);

    // on return the saved result and the learner's grid are shown
    await page.reload();
    const again = await ready(page, '[data-widget="grid-quiz"]');
    assert.match(await again.locator('.quiz-saved').textContent(), /25/);
    assert.equal(await again.locator('td.is-visible').count(), 15);
    await noMarkers(page);
    assert.deepEqual(page.problems(), []);
    await context.close();
  });

  test(`${lang}: lab 2 perturbation table passes for causal, fails for every broken mode; manifest.json holds the real results`, async () => {
    const page = await openPage(site, `${lang}/04-lab-mask/`);
    const w = await ready(page, '[data-widget="mha-perturbation"]');
    const verdicts = () => w.locator('.perturb-summary p').evaluateAll((ps) => ps.map((p) => `${p.dataset.mode}:${p.dataset.verdict}`));
    assert.deepEqual(await verdicts(), ['causal:pass', 'post_softmax:fail']);
    const col = (n) => w.locator(`tr[data-pos] td:nth-of-type(${n})`).evaluateAll((tds) => tds.map((td) => Number(td.dataset.v)));
    const good = await col(2);
    const bad = await col(4);
    assert.equal(good.length, 8);
    assert.ok(good.slice(0, 7).every((d) => d === 0), 'causal: positions 0..6 bit-identical');
    assert.ok(good[7] > 1e-3, 'causal: position 7 changed');
    assert.ok(Math.max(...bad.slice(0, 7)) > 1e-3, 'post-softmax: earlier positions moved');

    const { name, bytes } = await readDownload(page, () => w.getByRole('button', { name: /manifest\.json/ }).click());
    assert.equal(name, 'manifest.json');
    const m = JSON.parse(bytes.toString('utf8'));
    for (const k of ['experiment', 'date', 'seed', 'config', 'engine', 'results_summary']) assert.ok(k in m, `manifest has ${k}`);
    assert.match(m.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual([m.seed, m.config.T, m.config.d_model, m.config.n_heads], [0, 8, 16, 2]);
    assert.ok(m.engine.version && m.engine.backend, 'engine version and backend');
    assert.equal(m.results_summary.correct_perturbation_max_diff_positions_0_6, Math.max(...good.slice(0, 7)));
    assert.ok(Math.abs(m.results_summary.broken_perturbation_max_diff_positions_0_6 - Math.max(...bad.slice(0, 7))) < 1e-9);
    assert.equal(m.results_summary.correct_passes, true);
    assert.equal(m.results_summary.broken_passes, false);

    // the other broken variants fail too: no mask leaks backwards; the off-by-one mask leaks into
    // row 0 (a fully masked row is uniform) and leaves position 7 blind to its own input
    for (const mode of ['none', 'diag_blocked']) {
      await w.locator('select').selectOption(mode);
      await page.waitForFunction((m) => document.querySelector('[data-widget="mha-perturbation"]').dataset.broken === m, mode);
      assert.deepEqual(await verdicts(), ['causal:pass', `${mode}:fail`]);
    }
    const offByOne = await col(4);
    assert.ok(offByOne[0] > 1e-3, 'diag_blocked: row 0 has no legal key left and spreads over all of them, the future included');
    assert.ok(offByOne[7] > 1e-3, 'diag_blocked: position 7 still changes (its query is its own input)');
    await noMarkers(page);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });

  test(`${lang}: lab 2 mask heatmap — the mask from the engine, masked rows summing to 1, a real PNG of both panels`, async () => {
    const page = await openPage(site, `${lang}/04-lab-mask/`);
    const w = await ready(page, '[data-widget="mask-heatmap"]');
    const mask = await w.locator('.mask-matrix td[data-v]').evaluateAll((tds) => tds.map((td) => Number(td.dataset.v)));
    assert.equal(mask.length, 64);
    mask.forEach((v, k) => assert.equal(v, k % 8 <= Math.floor(k / 8) ? 0 : -1e9));
    const att = await w.locator('.heatmap td.hm-cell').evaluateAll((tds) => tds.map((td) => Number(td.dataset.w)));
    for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) assert.equal(att[i * 8 + j], 0);
    const sums = await w.locator('.heatmap td.hm-sum').evaluateAll((tds) => tds.map((td) => Number(td.dataset.sum)));
    assert.equal(sums.length, 8);
    sums.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-5, `row sums to 1 (${s})`));

    const { name, bytes } = await readDownload(page, () => w.locator('button.btn-download').click());
    assert.match(name, /\.png$/);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    assert.ok(width > 1.5 * height && height >= 300, `two panels side by side (${width}×${height})`);

    // T is live: at T=3 the mask is 3×3
    await w.locator('input[type=number]').first().fill('3');
    await w.locator('input[type=number]').first().dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector('[data-widget="mask-heatmap"]').dataset.t === '3');
    assert.equal(await w.locator('.mask-matrix td[data-v]').count(), 9);
    await noMarkers(page);
    assert.deepEqual(page.problems(), []);
    await page.close();
  });
}
