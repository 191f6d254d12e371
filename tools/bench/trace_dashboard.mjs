// Profiling aid, not part of `npm run bench`: runs a studio flow (flows.mjs: the free
// dashboard, or Break 00) in headless Chromium under a Chromium trace and prints the main
// thread's longest task as a tree of the events inside it, each with its wall time and its CPU
// time, then the CPU the browser's other threads used during that task. Wall time well above
// CPU time means the thread was waiting for a core, not running our code.
//   node tools/bench/trace_dashboard.mjs <site dir> [--flow dashboard|break00]
//        [--studio en/10-break-forgotten-mask/] [--out trace.json]
// A site built with `--minify false` keeps function names readable (docs/performance.md).
import { writeFileSync } from 'node:fs';
import { studioFlows } from './flows.mjs';
import { launchChromium, option, rendererMainEvents, serveDir } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => option(argv, name, dflt);
const siteDir = argv[0];
const flow = studioFlows(opt('studio', 'en/10-break-forgotten-mask/'))[opt('flow', 'dashboard')];
const out = opt('out', '');
if (!siteDir || !flow) {
  console.error('usage: node tools/bench/trace_dashboard.mjs <site dir> [--flow dashboard|break00] [--studio path] [--out trace.json]');
  process.exit(2);
}

const server = await serveDir(siteDir);
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await page.goto(server.url + flow.page);
  await flow.prepare(page);
  await page.waitForTimeout(500);
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
  await flow.start(page);
  await flow.done(page);
  const buf = await browser.stopTracing();
  if (out) writeFileSync(out, buf);
  printLongestTask(JSON.parse(buf.toString()).traceEvents);
} finally {
  await browser.close();
  await server.close();
}

function printLongestTask(events) {
  const onMain = rendererMainEvents(events);
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => b.dur - a.dur);
  const worst = tasks[0];
  if (!worst) return console.log('no main-thread task in the trace');
  const ms = (us) => (us == null ? '?' : (us / 1000).toFixed(1));
  console.log(`main-thread tasks over 16 ms: ${tasks.filter((t) => t.dur > 16000).length}`);
  console.log('the longest (wall ms / CPU ms, +start ms):');
  const inside = onMain.filter((e) => e.ts >= worst.ts && e.ts + e.dur <= worst.ts + worst.dur && e.dur > 300)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const open = [];
  for (const e of inside) {
    while (open.length && open.at(-1).ts + open.at(-1).dur < e.ts + e.dur) open.pop();
    const d = e.args?.data ?? {};
    const where = d.url ? ` ${d.functionName ?? ''} ${d.url.split('/').pop()}:${d.lineNumber ?? ''}` : '';
    console.log(`${'  '.repeat(open.length)}${ms(e.dur)} / ${ms(e.tdur)} ${e.name}${where} +${ms(e.ts - worst.ts)}`);
    open.push(e);
  }
  printOtherThreads(events, worst);
}

/** CPU each other thread's top-level tasks used inside `win` (pro rata where a task straddles it). */
function printOtherThreads(events, win) {
  const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const cpu = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || e.tdur == null || !e.dur) continue;
    const overlap = Math.min(e.ts + e.dur, win.ts + win.dur) - Math.max(e.ts, win.ts);
    if (overlap <= 0) continue;
    const key = `${names.get(`${e.pid}:${e.tid}`) ?? '?'} (${e.pid}:${e.tid})`;
    cpu.set(key, (cpu.get(key) ?? 0) + (e.tdur * overlap) / e.dur);
  }
  console.log('CPU of every thread during that task (ms):');
  for (const [k, us] of [...cpu].sort((a, b) => b[1] - a[1])) if (us > 200) console.log(`  ${(us / 1000).toFixed(1)} ${k}`);
}
