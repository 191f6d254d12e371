// The register-tile experiment (wasm/bench/tiles.cpp) in headless Chromium, with cross-origin
// isolation so performance.now() has 5 us resolution: best GFLOPS of many single calls of the
// forward GEMM for each MR x NR tile, on two model shapes.
//   node tools/bench/chromium_tiles.mjs <dir holding examrule_bench_tiles.mjs> [calls]
// Prints one JSON object on stdout.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { launchChromium, log } from './lib.mjs';

const [dir, calls = '200'] = process.argv.slice(2);
const files = {
  '/': ['text/html', '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>tiles</title>'],
  '/tiles.mjs': ['text/javascript', readFileSync(join(dir, 'examrule_bench_tiles.mjs'))],
};
const server = createServer((req, res) => {
  const f = files[req.url];
  if (!f) return res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': f[0], 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
  res.end(f[1]);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const rows = await page.evaluate(async (calls) => {
    const { default: create } = await import('./tiles.mjs');
    const M = await create();
    const out = [];
    for (const [I, O] of [[64, 192], [256, 64]])
      for (let v = 0; v < M._tiles_count(); v++)
        out.push({ tile: M.UTF8ToString(M._tiles_name(v)), I, O, best_gflops: Number(M._tiles_run(v, 512, I, O, calls).toFixed(1)) });
    return { rows: out, isolated: crossOriginIsolated };
  }, Number(calls));
  for (const r of rows.rows) log(`tile ${r.tile} on 512x${r.I}x${r.O}: ${r.best_gflops} GF/s`);
  process.stdout.write(JSON.stringify(rows) + '\n');
} finally {
  await browser.close();
  server.close();
}
