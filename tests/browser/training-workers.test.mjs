// Data-parallel training (issue 15) in the production build: the studio's lab trains the same
// run with one worker (?workers=1) and with three (the engine worker and two helpers, on any
// machine), and the metrics the page received (every panel's input) are the same bits. The
// engine's result says how many workers trained and how many shards the helpers computed, so a
// silent fallback to one worker cannot pass for the three-worker run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

const LAB = '[data-widget="dashboard"]';
let site;
before(async () => (site = await startSite()));
after(async () => site?.close());

async function trainWith(workers, { brk, seed, steps }) {
  const context = await site.browser.newContext({ serviceWorkers: 'block' });
  const page = await openPage(site, `en/12-break-more/?workers=${workers}`, { context });
  const lab = page.locator(LAB);
  await page.waitForFunction((S) => document.querySelector(S)?.dataset.ready === '1', LAB);
  // Keep what the engine answered to the studio's own training request.
  await page.evaluate(() => {
    const engine = window.__examrule.engine;
    const run = engine.run.bind(engine);
    window.__trainResults = [];
    engine.run = (op, args, opts) => {
      const p = run(op, args, opts);
      if (op === 'trainRun') p.then((r) => window.__trainResults.push(r), () => {});
      return p;
    };
  });
  await lab.locator('select').selectOption(brk);
  await lab.locator('input[type=number]').nth(0).fill(String(seed));
  await lab.locator('input[type=number]').nth(1).fill(String(steps));
  await lab.locator('input[type=checkbox]').setChecked(false);
  await lab.locator('.st-row button.btn-primary').click();
  await page.waitForFunction((S) => document.querySelector(S).dataset.state === 'done', LAB, { timeout: 180_000 });
  const runs = await page.evaluate((S) => document.querySelector(S).runs, LAB);
  const results = await page.evaluate(() => window.__trainResults);
  assert.deepEqual(page.problems(), []);
  await context.close();
  return { run: runs.find((r) => r.brk === brk), result: results.at(-1) };
}

test('the studio\'s metrics are bit-identical with one worker and with three', async () => {
  const spec = { brk: 'no-mask', seed: 31, steps: 40 };
  const one = await trainWith(1, spec);
  const three = await trainWith(3, spec);
  assert.equal(one.result.workers, 1);
  assert.equal(one.result.helperShards, 0);
  assert.equal(three.result.workers, 3);
  const shards = Math.min(8, three.run.config.batch_size);
  // each of the two helpers computed at least one shard of every step, the engine worker at
  // least one too (how many each took follows their pace: engine/balance.ts)
  assert.ok(three.result.helperShards >= spec.steps * 2, `helper shards ${three.result.helperShards}`);
  assert.ok(three.result.helperShards <= spec.steps * (shards - 1), `helper shards ${three.result.helperShards}`);
  assert.equal(one.run.metrics.length, spec.steps);
  // Every number of every step, JSON-exact (doubles print their shortest round-trip form).
  assert.equal(JSON.stringify(three.run.metrics), JSON.stringify(one.run.metrics));
  assert.deepEqual(three.run.config, one.run.config);
  // and the runs did train: the loss fell and the break's signature shows (no mask: below the floor)
  const loss = one.run.metrics.map((m) => m.loss);
  assert.ok(loss.at(-1) < loss[0] - 1, `loss ${loss[0]} -> ${loss.at(-1)}`);
});
