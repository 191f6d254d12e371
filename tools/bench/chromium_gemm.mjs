// GEMM GFLOPS in headless Chromium: the hand-written SIMD kernels (er_bench_gemm, the same
// code the site's engine-simd module runs) against Eigen compiled to wasm with -msimd128
// (er_bench_eigen_gemm), alternating repetition by repetition so both see the same load.
//   node tools/bench/chromium_gemm.mjs <dir holding examrule_bench_web.mjs> <V> [reps]
// Prints one JSON object on stdout.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium, log, median, round, serveDir } from './lib.mjs';

const [buildDir, V = '367', reps = '7'] = process.argv.slice(2);
const pageDir = resolve('build/bench/gemm-page');
mkdirSync(pageDir, { recursive: true });
copyFileSync(join(buildDir, 'examrule_bench_web.mjs'), join(pageDir, 'bench.mjs'));
writeFileSync(join(pageDir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>GEMM bench</title>\n');

const N = 512;
const shapes = [[64, 192], [64, 64], [64, 256], [256, 64], [64, Number(V)]];
const server = await serveDir(pageDir);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  const raw = await page.evaluate(async ({ N, shapes, reps }) => {
    const { default: createBench } = await import('./bench.mjs');
    const M = await createBench();
    const p = M._malloc(8 * reps);
    const once = (fn, kind, I, O) => {
      if (fn(kind, N, I, O, 0, 1, p) !== 0) throw new Error('bench call failed');
      return new Float64Array(M.HEAPU8.buffer, p, 1)[0];
    };
    const rows = [];
    for (const [I, O] of shapes)
      for (let kind = 0; kind < 3; kind++) {
        // repetitions alternate between the two implementations, so both see the same load
        const row = { I, O, kind, simd: [], eigen: [] };
        for (let r = 0; r < reps; r++) {
          row.simd.push(once(M._er_bench_gemm, kind, I, O));
          row.eigen.push(once(M._er_bench_eigen_gemm, kind, I, O));
        }
        rows.push(row);
      }
    return { rows, ua: navigator.userAgent };
  }, { N, shapes, reps: Number(reps) });
  const kinds = ['fwd', 'bwd_input', 'bwd_weight'];
  const rows = raw.rows.map((r) => {
    const flops = 2 * N * r.I * r.O;
    return { I: r.I, O: r.O, kind: kinds[r.kind], simd_gflops: round(flops / (median(r.simd) * 1e6), 1),
      eigen_gflops: round(flops / (median(r.eigen) * 1e6), 1),
      simd_best_gflops: round(flops / (Math.min(...r.simd) * 1e6), 1), eigen_best_gflops: round(flops / (Math.min(...r.eigen) * 1e6), 1) };
  });
  for (const r of rows) log(`chromium GEMM ${r.I}x${r.O} ${r.kind}: simd ${r.simd_gflops} GF/s, eigen-wasm ${r.eigen_gflops} GF/s`);
  process.stdout.write(JSON.stringify({ chromium: raw.ua.match(/Chrome\/[\d.]+/)?.[0] ?? raw.ua, N, reps: Number(reps), rows }) + '\n');
} finally {
  await browser.close();
  await server.close();
}
