// The studio with the engine's default recipe and every core (issue 15), in headless Chromium
// through the production site and its real workers:
//   - studio_default_recipe_ms: the lab of en/12-break-more/ trains a healthy run with the
//     engine's DEFAULT recipe (batch 16, 300 steps, warmup 30, evaluation every 50 steps and at
//     the last; set by giving the page's engine client's trainRun the engine defaults instead of
//     the studio's overrides, which the studio issue replaces by the same recipe) while its six
//     panels draw live, with one worker (?workers=1): wall time from the click on "Train" to two
//     frames after the dashboard says done (the last panels drawn); median of --runs sessions;
//   - studio_default_recipe_all_workers_ms: the same with the page's default worker count
//     (navigator.hardwareConcurrency capped, engine/pool.ts);
//   - studio_default_recipe_throttled4x_ms: all workers, under Emulation.setCPUThrottlingRate 4;
//   - the scaling table: ms per default-recipe step (benchTrainWorkers op, evaluation kept
//     out) with 1, 2 and 4 workers in one page (?workers=4), and ms per evaluation;
//     workers_speedup_2 = 1 worker / 2 workers; and where a two-worker step's time goes
//     (step_parts_2_workers: the batch and the weights sent, the engine worker's own shards,
//     the wait for the helper, adding its shards, the optimizer step; the helper's compute);
//   - the overhead table: each studio session against the time its own run spent inside the
//     engine's steps (trainRun's stepsMs: Run::step, evaluations at their cadence included):
//     studio_overhead_pct (one worker) = click-to-drawn / stepsMs - 1, split into the worker's
//     rest of the request (metrics lines, messages, yields, helpers' start) and the page's
//     part (the click, the last messages, the last drawing).
//   node tools/bench/chromium_studio.mjs <site dir> [--runs 2] [--steps 20]
// Prints one JSON object on stdout; progress on stderr.
import { launchChromium, log, median, option, round, serveDir } from './lib.mjs';

const argv = process.argv.slice(2);
const siteDir = argv[0];
const opt = (name, dflt) => option(argv, name, dflt);
const runs = Number(opt('runs', '2'));
const benchSteps = Number(opt('steps', '20'));
const LAB = '[data-widget="dashboard"]';
const STEPS = 300;

/** One studio session: click to the last panel drawn, in ms; and what the engine answered. */
async function studioRun(browser, url, { throttle = 1 } = {}) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction((S) => document.querySelector(S)?.dataset.ready === '1', LAB, { timeout: 60000 });
    const lab = page.locator(LAB);
    await lab.locator('select').selectOption('healthy');
    await lab.locator('input[type=number]').nth(0).fill('1');
    await lab.locator('input[type=number]').nth(1).fill(String(STEPS));
    await lab.locator('input[type=checkbox]').setChecked(false);
    await page.evaluate(() => {
      const engine = window.__examrule.engine;
      const run = engine.run.bind(engine);
      engine.run = (op, args, opts) => {
        // the engine's default recipe: only the step count from the studio
        const a = op === 'trainRun' ? { ...args, config: { steps: args.config.steps } } : args;
        const p = run(op, a, opts);
        if (op === 'trainRun') p.then((r) => (window.__trainResult = r), () => {});
        return p;
      };
    });
    await page.waitForTimeout(300); // the empty charts are built one per frame after mounting
    if (throttle > 1) await (await ctx.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const ms = await page.evaluate((S) => new Promise((ok) => {
      const el = document.querySelector(S);
      const t0 = performance.now();
      new MutationObserver((_, obs) => {
        if (el.dataset.state !== 'done') return;
        obs.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now() - t0)));
      }).observe(el, { attributes: true, attributeFilter: ['data-state'] });
      el.querySelector('.st-row button.btn-primary').click();
    }), LAB);
    const r = await page.evaluate((S) => ({ result: window.__trainResult, metrics: document.querySelector(S).runs[0]?.metrics.length }), LAB);
    return { ms, ...r };
  } catch (e) {
    return { error: String((e && e.message) || e) };
  } finally {
    await ctx.close();
  }
}

const result = {};
const server = await serveDir(siteDir);
const browser = await launchChromium();
try {
  const lab = `${server.url}en/12-break-more/`;
  // ---- scaling: ms per step with 1, 2, 4 workers in one page ------------------------------
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(`${lab}?workers=4`);
  await page.waitForFunction(() => window.__examrule?.engine, null, { timeout: 30000 });
  result.scaling = [];
  // 1 and 2 workers in adjacent pairs, four times, then 4: this machine's speed drifts by 1.5x
  // within a minute, so the speed-up is the median of each pair's own ratio
  for (const workers of [1, 2, 1, 2, 1, 2, 1, 2, 4]) {
    const r = await page.evaluate((a) => window.__examrule.engine.run('benchTrainWorkers', a).catch((e) => ({ error: String(e.message ?? e) })),
      { workers, steps: benchSteps, warmup: 3, evals: workers === 1 ? 3 : 1 });
    if (r.error) { result.scaling_error = r.error; log(`scaling (${workers} workers): ${r.error}`); continue; }
    result.scaling.push({ workers, used: r.workers, helper_shards: r.helperShards, step_ms: round(median(r.ms), 2),
      step_ms_min: round(Math.min(...r.ms), 2), eval_ms: round(median(r.evalMs), 2),
      parts: r.parts ? Object.fromEntries(Object.entries(r.parts).map(([k, v]) => [k, round(v, 2)])) : null });
  }
  await ctx.close();
  const stepOf = (w) => {
    const xs = result.scaling.filter((r) => r.workers === w).map((r) => r.step_ms);
    return xs.length ? median(xs) : null;
  };
  result.step_ms_1_worker = round(stepOf(1), 2);
  result.step_ms_2_workers = round(stepOf(2), 2);
  result.step_ms_4_workers = round(stepOf(4), 2);
  const pairs = [];
  for (let i = 0; i + 1 < result.scaling.length; i++) {
    const [a, b] = result.scaling.slice(i, i + 2);
    if (a.workers === 1 && b.workers === 2) pairs.push(a.step_ms / b.step_ms);
  }
  result.workers_speedup_2_pairs = pairs.map((x) => round(x, 2));
  result.workers_speedup_2 = pairs.length ? round(median(pairs), 2) : null;
  // 4 workers: against the one-worker steps of the whole session
  result.workers_speedup_4 = result.step_ms_4_workers ? round(result.step_ms_1_worker / result.step_ms_4_workers, 2) : null;
  result.eval_ms = round(median(result.scaling.map((r) => r.eval_ms)), 2);
  // where a two-worker step's time goes (engine/sharded-step.ts), median of the two-worker rows
  const two = result.scaling.filter((r) => r.workers === 2 && r.parts);
  if (two.length) result.step_parts_2_workers = Object.fromEntries(Object.keys(two[0].parts).map((k) => [k, round(median(two.map((r) => r.parts[k])), 2)]));
  for (const r of result.scaling) log(`step with ${r.workers} worker(s) (${r.used} used): ${r.step_ms} ms (fastest ${r.step_ms_min}); evaluation ${r.eval_ms} ms`);

  // ---- the studio, default recipe ----------------------------------------------------------
  for (const [key, query, throttle] of [['studio_default_recipe_ms', '?workers=1', 1], ['studio_default_recipe_all_workers_ms', '', 1],
    ['studio_default_recipe_throttled4x_ms', '', 4]]) {
    const sessions = [];
    for (let i = 0; i < runs; i++) sessions.push(await studioRun(browser, lab + query, { throttle }));
    const ok = sessions.filter((s) => !s.error && s.metrics === STEPS);
    if (!ok.length) { result[`${key}_error`] = sessions[0]?.error ?? `the run did not reach ${STEPS} steps`; log(`${key}: ${result[`${key}_error`]}`); continue; }
    result[key] = round(median(ok.map((s) => s.ms)), 0);
    result[`${key}_all`] = ok.map((s) => round(s.ms, 0));
    result[`${key}_workers`] = ok[0].result?.workers ?? null;
    // the same sessions, split: inside the engine's steps (evaluations at their cadence
    // included), the rest of the worker's request, and the page around it
    const split = ok.filter((s) => s.result?.stepsMs > 0).map((s) => ({ steps: s.result.stepsMs, worker: s.result.ms - s.result.stepsMs,
      page: s.ms - s.result.ms, pct: 100 * (s.ms / s.result.stepsMs - 1), parts: s.result.parts }));
    if (split.length) {
      const mid = split.sort((a, b) => a.pct - b.pct)[(split.length - 1) >> 1];
      result[`${key}_split`] = { engine_steps_ms: round(mid.steps, 0), worker_rest_ms: round(mid.worker, 0), page_ms: round(mid.page, 0),
        overhead_pct: round(mid.pct, 1), parts: mid.parts ? Object.fromEntries(Object.entries(mid.parts).map(([k, v]) => [k, round(v, 2)])) : null };
    }
    log(`${key}: ${result[key]} ms (${result[`${key}_all`].join(', ')}), ${result[`${key}_workers`]} worker(s); ${JSON.stringify(result[`${key}_split`])}`);
  }
  // ---- overhead: each studio session against its own engine steps ----------------------------
  // (the machine's speed drifts between the scaling table and the sessions; within one run it
  // does not move much, so the ratio is taken there)
  const one = result.studio_default_recipe_ms_split;
  if (one) {
    result.overhead = { engine_steps_ms: one.engine_steps_ms, worker_rest_ms: one.worker_rest_ms, page_ms: one.page_ms };
    result.studio_overhead_pct = one.overhead_pct;
    log(`overhead (1 worker): ${JSON.stringify(result.overhead)} -> ${result.studio_overhead_pct} %`);
  }
  const all = result.studio_default_recipe_all_workers_ms_split;
  if (all) result.studio_overhead_all_workers_pct = all.overhead_pct;
} finally {
  await browser.close();
  await server.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
