// The code cells in headless Chromium, production site, fresh profiles (service worker blocked,
// so "cold" really downloads):
//   - cells_cold_first_result_ms: Run pressed on a fresh profile until the first verdict
//     (downloading and starting Python included); median of --loads;
//   - cells_warm_first_result_ms: the same after a reload (files from the HTTP cache, a new
//     Python worker);
//   - cells_grade_ms: with Python running, Run until the verdict for each exercise's right
//     solution (causal-mask, attention, perturbation-test, sweep);
//   - lesson_bytes_{with,without}_cell: bytes a lesson page downloads before any run (04 has
//     cells, 03 has none: the editor loads only where a cell is), and cells_python_bytes: what
//     the first run adds.
//   node tools/bench/chromium_cells.mjs <site dir> [--loads 3] [--base /exam-rule/]
import { ATTN, MASK, PERTURB, SWEEP } from '../../tests/browser/cells-solutions.mjs';
import { launchChromium, log, median, option, round, serveDir } from './lib.mjs';

const argv = process.argv.slice(2);
const siteDir = argv[0];
const opt = (name, dflt) => option(argv, name, dflt);
const loads = Number(opt('loads', 3));
const base = opt('base', undefined); // the BASE the site was built with (tools/build.sh: /)

async function timedRun(page, cell, code) {
  const sel = `[data-cell="${cell}"]`;
  await page.locator(`${sel} .cm-content`).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(code);
  await page.evaluate((s) => document.querySelector(s).removeAttribute('data-verdict'), sel);
  const t0 = Date.now();
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction((s) => document.querySelector(s).hasAttribute('data-verdict'), sel, { timeout: 300_000 });
  const verdict = await page.evaluate((s) => document.querySelector(s).dataset.verdict, sel);
  if (verdict !== 'pass') throw new Error(`${cell}: ${verdict}`);
  return Date.now() - t0;
}

// Bytes sent, counted by the server (the page's and its workers' requests alike; Content-Length
// of each 200 response). countBytes() returns a view of the running total.
const server = await serveDir(siteDir, base);
const sent = { bytes: 0 };
server.raw.prependListener('request', (_req, res) => {
  const writeHead = res.writeHead.bind(res);
  res.writeHead = (code, headers) => {
    if (code === 200 && headers?.['Content-Length']) sent.bytes += Number(headers['Content-Length']);
    return writeHead(code, headers);
  };
});
function countBytes() {
  const start = sent.bytes;
  return { get bytes() { return sent.bytes - start; } };
}
const browser = await launchChromium();
const out = { cells_cold_first_result_ms_all: [], cells_warm_first_result_ms_all: [] };
try {
  for (let i = 0; i < loads; i++) {
    const ctx = await browser.newContext({ serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const bytes = countBytes();
    await page.goto(server.url + 'en/04-lab-mask/');
    await page.waitForLoadState('networkidle');
    out.lesson_bytes_with_cell = bytes.bytes;
    const before = bytes.bytes;
    out.cells_cold_first_result_ms_all.push(await timedRun(page, '04-lab-mask:causal-mask', MASK.right));
    out.cells_python_bytes = bytes.bytes - before;
    await page.reload();
    out.cells_warm_first_result_ms_all.push(await timedRun(page, '04-lab-mask:causal-mask', MASK.right));
    if (i === 0) {
      out.cells_grade_ms = {
        'causal-mask': await timedRun(page, '04-lab-mask:causal-mask', MASK.right),
        attention: await timedRun(page, '04-lab-mask:attention', ATTN.right),
        'perturbation-test': await timedRun(page, '04-lab-mask:perturbation-test', PERTURB.good),
      };
      await page.goto(server.url + 'en/05-lab-causality/');
      await timedRun(page, '05-lab-causality:sweep', SWEEP.right); // starts Python on this page
      out.cells_grade_ms.sweep = await timedRun(page, '05-lab-causality:sweep', SWEEP.right);
    }
    await ctx.close();
    log(`cells load ${i + 1}/${loads}: cold ${out.cells_cold_first_result_ms_all.at(-1)} ms, warm ${out.cells_warm_first_result_ms_all.at(-1)} ms`);
  }
  const ctx = await browser.newContext({ serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const bytes = countBytes();
  await page.goto(server.url + 'en/03-triangle/');
  await page.waitForLoadState('networkidle');
  out.lesson_bytes_without_cell = bytes.bytes;
  await ctx.close();
  out.cells_cold_first_result_ms = round(median(out.cells_cold_first_result_ms_all), 0);
  out.cells_warm_first_result_ms = round(median(out.cells_warm_first_result_ms_all), 0);
} catch (e) {
  out.cells_error = String(e?.message ?? e);
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(out));
