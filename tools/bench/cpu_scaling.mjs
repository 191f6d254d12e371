// The scaling of data-parallel training measured in CPU time, for a machine whose cores are
// busy with other work (where wall-clock speed-ups mean nothing): a Chromium trace of
// `benchTrainWorkers` with 1, 2 and 4 workers gives the CPU time each worker thread used per
// step. With free cores a step would take about as long as its busiest thread, so
//   cpu_speedup_W = CPU per step of 1 worker / CPU per step of the busiest of W workers,
// and the total over all threads shows what the sharding and the messages add.
// Then one traced studio session (the lab, one worker, the engine's default recipe as in
// chromium_studio.mjs): the CPU the engine worker used against 300 steps' worth
// (studio_cpu_overhead_pct: evaluations, metrics lines, messages), and the page's main thread.
//   node tools/bench/cpu_scaling.mjs <site dir> [--steps 30]
import { launchChromium, log, option, round, serveDir } from './lib.mjs';

const argv = process.argv.slice(2);
const siteDir = argv[0];
const steps = Number(option(argv, 'steps', 30));
const warmup = 3;

/** CPU time (ms) per thread name over the trace's tasks. */
function cpuByThread(events) {
  const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const cpu = {};
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask') continue;
    const n = names.get(`${e.pid}:${e.tid}`) ?? 'other';
    cpu[n] = (cpu[n] ?? 0) + (e.tdur ?? 0) / 1000;
  }
  return cpu;
}

async function tracedStudio(stepCpuMs) {
  const LAB = '[data-widget="dashboard"]';
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}en/12-break-more/?workers=1`);
  await page.waitForFunction((S) => document.querySelector(S)?.dataset.ready === '1', LAB, { timeout: 60000 });
  const lab = page.locator(LAB);
  await lab.locator('select').selectOption('healthy');
  await lab.locator('input[type=number]').nth(0).fill('1');
  await lab.locator('input[type=number]').nth(1).fill('300');
  await lab.locator('input[type=checkbox]').setChecked(false);
  await page.evaluate(() => {
    const engine = window.__examrule.engine;
    const run = engine.run.bind(engine);
    engine.run = (op, args, opts) => run(op, op === 'trainRun' ? { ...args, config: { steps: args.config.steps } } : args, opts);
  });
  await page.waitForTimeout(300);
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
  await lab.locator('.st-row button.btn-primary').click();
  await page.waitForFunction((S) => document.querySelector(S).dataset.state === 'done', LAB, { timeout: 600000, polling: 250 });
  await page.waitForTimeout(200);
  const cpu = cpuByThread(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
  await ctx.close();
  const worker = cpu['DedicatedWorker thread'] ?? null;
  const out = { studio_cpu_by_thread_ms: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v, 0)])),
    studio_cpu_engine_worker_ms: round(worker, 0), studio_cpu_engine_steps_ms: round(300 * stepCpuMs, 0),
    studio_cpu_overhead_pct: worker ? round(100 * (worker / (300 * stepCpuMs) - 1), 1) : null };
  log(`studio, 1 worker, traced: engine worker CPU ${out.studio_cpu_engine_worker_ms} ms against 300 steps' ${out.studio_cpu_engine_steps_ms} ms ` +
    `(+${out.studio_cpu_overhead_pct} %); CPU by thread ${JSON.stringify(out.studio_cpu_by_thread_ms)}`);
  return out;
}

const server = await serveDir(siteDir);
const browser = await launchChromium();
const result = { rows: [] };
try {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}en/12-break-more/?workers=4`);
  await page.waitForFunction(() => window.__examrule?.engine, null, { timeout: 30000 });
  const bench = (workers) => page.evaluate((a) => window.__examrule.engine.run('benchTrainWorkers', a), { workers, steps, warmup, evals: 0 });
  await bench(4); // starts the helpers and warms every module up
  for (const workers of [1, 2, 4]) {
    await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    const r = await bench(workers);
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
    const cpu = new Map();
    for (const e of events) {
      const k = `${e.pid}:${e.tid}`;
      if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || !/DedicatedWorker/.test(names.get(k) ?? '')) continue;
      cpu.set(k, (cpu.get(k) ?? 0) + (e.tdur ?? 0) / 1000);
    }
    const perStep = [...cpu.values()].map((ms) => ms / (steps + warmup)).filter((ms) => ms > 0.5).sort((a, b) => b - a);
    const row = { workers, used: r.workers, wall_step_ms: round(r.ms.reduce((a, b) => a + b, 0) / r.ms.length, 2),
      cpu_per_step_ms_by_thread: perStep.map((x) => round(x, 2)), cpu_per_step_total_ms: round(perStep.reduce((a, b) => a + b, 0), 2) };
    result.rows.push(row);
    log(`${workers} worker(s): CPU per step by thread ${row.cpu_per_step_ms_by_thread.join(', ')} ms (total ${row.cpu_per_step_total_ms}); wall ${row.wall_step_ms} ms`);
  }
  await ctx.close();
  const one = result.rows[0].cpu_per_step_total_ms;
  Object.assign(result, await tracedStudio(one));
  for (const r of result.rows) {
    result[`cpu_speedup_${r.workers}`] = round(one / r.cpu_per_step_ms_by_thread[0], 2);
    result[`cpu_added_${r.workers}_pct`] = round(100 * (r.cpu_per_step_total_ms / one - 1), 1);
  }
  log(`CPU-time speed-up: 2 workers ${result.cpu_speedup_2}x, 4 workers ${result.cpu_speedup_4}x; CPU added by sharding and messages: ${result.cpu_added_2_pct} %, ${result.cpu_added_4_pct} %`);
} finally {
  await browser.close();
  await server.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
