// Profiling aid, not part of `npm run bench`: trains a studio dashboard in headless Chromium
// under a Chromium trace and prints the main thread's longest task as a tree of the events
// inside it, each with its wall time and its CPU time. Wall time well above CPU time means the
// thread was waiting for a core, not running our code.
//   node tools/bench/trace_dashboard.mjs <site dir> [--studio en/10-break-forgotten-mask/] [--out trace.json]
// A site built with `--minify false` keeps function names readable (docs/performance.md).
import { writeFileSync } from 'node:fs';
import { launchChromium, rendererMainEvents, serveDir } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (n, d) => {
  const i = argv.indexOf(`--${n}`);
  return i > 0 ? argv[i + 1] : d;
};
const siteDir = argv[0];
const studio = opt('studio', 'en/10-break-forgotten-mask/');
const out = opt('out', '');
const sel = '[data-widget="dashboard"]';

const server = await serveDir(siteDir);
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await page.goto(server.url + studio);
  await page.waitForSelector(`${sel}[data-ready="1"]`, { timeout: 60000 });
  await page.waitForTimeout(500);
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
  await page.evaluate((sel) => document.querySelector(`${sel} button.btn-primary`).click(), sel);
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.state === 'done', sel, { timeout: 600000, polling: 250 });
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
}
