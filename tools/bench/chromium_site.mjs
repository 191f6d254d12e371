// The production site in headless Chromium, through the real engine worker:
//   - first_widget_ms: cold load of a lesson page (fresh profile) until its first widget is
//     live (data-ready="1"), from navigation start; median of `loads` loads;
//   - lesson_bytes_gz: the JS + WASM that page downloads, gzip -9 sizes summed;
//   - GEMM GFLOPS of the engine's kernels in the worker (benchGemm op);
//   - ms per training step in the worker with the SIMD module and with ?engine=scalar
//     (benchTrain op);
//   - the main thread while the studio trains in the worker, in two flows: lesson 10's
//     dashboard drawing its live charts (main_thread_*), and Break 00 from the saved prediction
//     through the run to the evidence (main_thread_break00_*); --main-runs sessions each:
//       _long_task_count / _long_tasks: tasks over 50 ms, as Chromium's Long Tasks API reports
//         them (the standard definition of a blocked main thread; each session first checks
//         that the observer sees a planted 80 ms task: _long_task_observer_ok);
//       _max_input_delay_ms: a key press every ~30 ms through the browser's input pipeline,
//         the longest wait from the event's creation to its handler;
//       _max_timer_gap_ms: the longest gap between 4 ms timer ticks, stricter: it also counts
//         back-to-back short tasks and time the thread waited for a core;
//   - main_thread_max_task_cpu_ms (and main_thread_break00_max_task_cpu_ms): in one more
//     session, traced, the most CPU time one main-thread task used: what the page's code holds
//     the thread for, without the time the thread waited for a core (on a 2-core machine, with
//     one core training, that wait is large and varies from session to session).
//   node tools/bench/chromium_site.mjs <site dir> [--V 367] [--reps 7] [--lesson en/01-exam-rule/]
//                                      [--studio en/10-break-forgotten-mask/] [--main-runs 3]
//                                      [--only first,gemm,train,main]
// Prints one JSON object on stdout; progress on stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { studioFlows } from './flows.mjs';
import { launchChromium, log, median, option, rendererMainEvents, round, serveDir } from './lib.mjs';

const argv = process.argv.slice(2);
const siteDir = argv[0];
const opt = (name, dflt) => option(argv, name, dflt);
const V = Number(opt('V', '367'));
const reps = Number(opt('reps', '7'));
const loads = Number(opt('loads', '5'));
const lesson = opt('lesson', 'en/01-exam-rule/');
const trainSteps = Number(opt('steps', '20'));
const studio = opt('studio', 'en/10-break-forgotten-mask/');
const mainRuns = Number(opt('main-runs', '3'));
const only = new Set(opt('only', 'first,gemm,train,main').split(','));

// Records, in the page, when the first widget becomes live (before any page script runs).
const READY_PROBE = () => {
  const mark = () => {
    if (window.__benchReadyAt == null && document.querySelector('[data-widget][data-ready="1"]'))
      window.__benchReadyAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { subtree: true, attributes: true, childList: true, attributeFilter: ['data-ready'] });
};

async function coldLoad(browser, url) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const files = new Set();
  page.on('response', (r) => {
    const p = new URL(r.url()).pathname;
    if (/\.(m?js|wasm)$/.test(p)) files.add(p);
  });
  await page.addInitScript(READY_PROBE);
  await page.goto(url);
  await page.waitForFunction(() => window.__benchReadyAt != null, null, { timeout: 30000 });
  const ms = await page.evaluate(() => window.__benchReadyAt);
  await ctx.close();
  return { ms, files: [...files] };
}

/** Runs `fn(engine, args)` in a lesson page of a fresh context; `query` e.g. '?engine=scalar'. */
async function inWorker(browser, url, fn, args) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__examrule?.engine, null, { timeout: 30000 });
    return await page.evaluate(fn, args);
  } finally {
    await ctx.close();
  }
}

/** Trains through `flow` in a fresh page and watches the main thread meanwhile: the long tasks,
 * how long key presses wait, the longest gap between 4 ms timer ticks. trace: also record a
 * Chromium trace and return the longest main-thread task's wall and CPU time (tracing slows the
 * page, so its gaps are not kept). */
async function mainThreadWhileTraining(browser, baseUrl, flow, trace = false) {
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  try {
    await page.goto(baseUrl + flow.page);
    await flow.prepare(page);
    await page.waitForTimeout(300); // the empty charts are built one per frame after mounting
    await page.evaluate(() => {
      const w = window;
      w.__bench = { maxGap: 0, longTasks: [], inputDelays: [], t0: performance.now() };
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__bench.longTasks.push(e.duration); })
        .observe({ type: 'longtask' });
      // How long a key press waited before the page could handle it: from the moment the
      // browser created the event (its timeStamp) to the start of its handler.
      addEventListener('keydown', (e) => w.__bench.inputDelays.push(performance.now() - e.timeStamp), true);
      let last = performance.now();
      w.__bench.tick = setInterval(() => {
        const t = performance.now();
        w.__bench.maxGap = Math.max(w.__bench.maxGap, t - last);
        last = t;
      }, 4);
    });
    // The observer must see a task we know is long, or its silence below means nothing.
    const observerWorks = await page.evaluate(() => new Promise((ok) => {
      setTimeout(() => { const t = performance.now(); while (performance.now() - t < 80); }, 0);
      const t0 = performance.now();
      const wait = () => (window.__bench.longTasks.some((d) => d >= 80) ? ok(true)
        : performance.now() - t0 > 3000 ? ok(false) : setTimeout(wait, 50));
      setTimeout(wait, 100);
    }));
    if (trace) await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline'] });
    await page.evaluate(() => Object.assign(window.__bench, { longTasks: [], inputDelays: [], maxGap: 0 }));
    await flow.start(page);
    // A learner pressing keys while it trains: a harmless key (Shift) every ~30 ms.
    let training = true;
    const presses = (async () => {
      while (training) {
        await page.keyboard.press('Shift');
        await new Promise((ok) => setTimeout(ok, 30));
      }
    })();
    try {
      await flow.done(page);
    } finally {
      training = false;
      await presses.catch(() => {});
    }
    const r = await page.evaluate(() => {
      clearInterval(window.__bench.tick);
      const b = window.__bench;
      return { maxGap: b.maxGap, longTasks: b.longTasks, inputDelays: b.inputDelays, seconds: (performance.now() - b.t0) / 1000 };
    });
    r.observerWorks = observerWorks;
    if (trace) Object.assign(r, longestMainTask(JSON.parse((await browser.stopTracing()).toString()).traceEvents));
    return r;
  } catch (e) {
    return { error: String((e && e.message) || e) };
  } finally {
    await ctx.close();
  }
}

/** The renderer main thread's tasks in a trace: the longest one's wall and CPU time (taskMs,
 * taskCpuOfLongestMs), and the most CPU time any one task used (taskCpuMs). */
function longestMainTask(events) {
  let worst = null, cpu = 0;
  for (const e of rendererMainEvents(events)) {
    if (e.name !== 'ThreadControllerImpl::RunTask') continue;
    if (!worst || e.dur > worst.dur) worst = e;
    cpu = Math.max(cpu, e.tdur ?? 0);
  }
  return { taskMs: worst ? worst.dur / 1000 : null, taskCpuOfLongestMs: worst?.tdur != null ? worst.tdur / 1000 : null, taskCpuMs: cpu / 1000 };
}

const result = {};
const server = await serveDir(siteDir);
const browser = await launchChromium();
try {
  const url = server.url + lesson;
  result.chromium = browser.version();

  // ---- first widget and shipped bytes -------------------------------------------------
  if (only.has('first')) {
    const times = [];
    let files = [];
    for (let i = 0; i < loads; i++) {
      const r = await coldLoad(browser, url);
      times.push(r.ms);
      files = r.files;
    }
    result.first_widget_ms = round(median(times), 1);
    result.first_widget_ms_all = times.map((t) => round(t, 1));
    let gz = 0, raw = 0;
    const base = new URL(server.url).pathname;
    result.lesson_files = files.map((f) => {
      const buf = readFileSync(join(siteDir, f.slice(base.length)));
      const g = gzipSync(buf, { level: 9 }).length;
      gz += g, raw += buf.length;
      return { file: f.slice(base.length), bytes: buf.length, gz: g };
    });
    result.lesson_bytes_gz = gz;
    result.lesson_bytes = raw;
    log(`first widget ${result.first_widget_ms} ms (median of ${loads}); JS+WASM ${raw} B, ${gz} B gzip`);
  }

  // ---- GEMMs in the real worker ----------------------------------------------------------
  const shapes = [[64, 192], [64, 64], [64, 256], [256, 64], [64, V]];
  if (only.has('gemm')) try {
    const gemm = await inWorker(browser, url, (a) => window.__examrule.engine.run('benchGemm', a),
      { N: 512, shapes, reps });
    result.worker_backend = gemm.backend;
    result.gemm = gemm.rows.map((r) => ({ I: r.I, O: r.O, kind: r.kind, gflops: round(r.gflops, 1),
      best_gflops: round((2 * 512 * r.I * r.O) / (Math.min(...r.ms) * 1e6), 1) }));
    result.chromium_simd_gemm_gflops = Math.max(...result.gemm.map((r) => r.gflops));
    for (const r of result.gemm) log(`worker GEMM ${r.I}x${r.O} ${r.kind}: ${r.gflops} GF/s`);
  } catch (e) {
    result.chromium_gemm_error = String(e?.message ?? e);
    log(`worker GEMM: not measured: ${result.chromium_gemm_error}`);
  }

  // ---- training steps in the real worker (SIMD, then the scalar module) -------------------
  const trainIn = (query) => inWorker(browser, url + query, async (a) => {
    try {
      return await window.__examrule.engine.run('benchTrain', a);
    } catch (e) {
      return { error: String((e && e.message) || e) };
    }
  }, { steps: trainSteps, warmup: 3 });
  for (const [key, query] of only.has('train') ? [['simd', ''], ['scalar', '?engine=scalar']] : []) {
    const r = await trainIn(query);
    if (r.error) {
      result[`chromium_${key}_train_error`] = r.error;
      log(`training step (${key}): not measured: ${r.error}`);
      continue;
    }
    result[`chromium_${key}_step_ms`] = round(median(r.ms), 2);
    result[`chromium_${key}_step_ms_min`] = round(Math.min(...r.ms), 2);
    result[`chromium_${key}_backend`] = r.backend;
    log(`training step (${key}, ${r.backend}): ${result[`chromium_${key}_step_ms`]} ms (median of ${r.ms.length})`);
  }

  // ---- the main thread while the studio trains ---------------------------------------------
  if (only.has('main')) {
    for (const [name, flow] of Object.entries(studioFlows(studio))) {
      const key = name === 'dashboard' ? 'main_thread' : `main_thread_${name}`;
      const runs = [];
      for (let i = 0; i < mainRuns; i++) runs.push(await mainThreadWhileTraining(browser, server.url, flow));
      const ok = runs.filter((r) => !r.error);
      if (ok.length === 0) {
        result[`${key}_error`] = runs[0]?.error ?? 'no runs';
        log(`main thread (${name}): not measured: ${result[`${key}_error`]}`);
        continue;
      }
      result[`${key}_max_timer_gap_ms`] = round(Math.max(...ok.map((r) => r.maxGap)), 1);
      result[`${key}_timer_gap_ms_all`] = ok.map((r) => round(r.maxGap, 1));
      result[`${key}_long_tasks`] = ok.flatMap((r) => r.longTasks).map((d) => round(d, 1));
      result[`${key}_long_task_count`] = result[`${key}_long_tasks`].length;
      result[`${key}_long_task_observer_ok`] = ok.every((r) => r.observerWorks);
      const delays = ok.flatMap((r) => r.inputDelays);
      result[`${key}_key_presses`] = delays.length;
      result[`${key}_max_input_delay_ms`] = delays.length ? round(Math.max(...delays), 1) : null;
      result[`${key}_median_input_delay_ms`] = delays.length ? round(median(delays), 1) : null;
      result[`${key}_training_s`] = round(median(ok.map((r) => r.seconds)), 1);
      log(`main thread (${name}, ${ok.length} sessions, ${result[`${key}_training_s`]} s each): longest gap between ` +
        `timer ticks ${result[`${key}_max_timer_gap_ms`]} ms (${result[`${key}_timer_gap_ms_all`].join(', ')}); ` +
        `${result[`${key}_long_tasks`].length} long task(s) > 50 ms` +
        (result[`${key}_long_task_observer_ok`] ? '' : ' (the long-task observer missed a planted 80 ms task: not trusted)') +
        `; ${delays.length} key presses waited at most ${result[`${key}_max_input_delay_ms`]} ms ` +
        `(median ${result[`${key}_median_input_delay_ms`]} ms)`);
      const traced = await mainThreadWhileTraining(browser, server.url, flow, true);
      if (traced.error) {
        log(`main thread (${name}), traced session: not measured: ${traced.error}`);
        continue;
      }
      result[`${key}_max_task_cpu_ms`] = round(traced.taskCpuMs, 1);
      result[`${key}_traced_longest_task_ms`] = round(traced.taskMs, 1);
      result[`${key}_traced_longest_task_cpu_ms`] = round(traced.taskCpuOfLongestMs, 1);
      log(`main thread (${name}), traced session: the most CPU one task used was ${result[`${key}_max_task_cpu_ms`]} ms; ` +
        `the longest task took ${result[`${key}_traced_longest_task_ms`]} ms of wall time, ` +
        `${result[`${key}_traced_longest_task_cpu_ms`]} ms of it on the CPU`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
