// Merges the pieces tools/bench.sh measured (build/bench/*.json) into build/bench/results.json,
// prints a table, and prints that JSON on ONE line as the very last line of output.
//   node tools/bench/report.mjs <bench dir>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'build/bench';
const load = (name) => {
  const p = join(dir, `${name}.json`);
  if (!existsSync(p)) return null;
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return null;
  }
};
const native = load('native'), node = load('node'), nodeScalar = load('node_scalar');
const page = load('chromium_gemm'), site = load('chromium_site'), studio = load('chromium_studio'), cpuScaling = load('cpu_scaling');
const cells = load('chromium_cells');
// PyTorch: the faster of the default-BLAS and OpenBLAS runs is the comparison point
const torchRuns = [load('torch'), load('torch_openblas')].filter((t) => t?.torch_step_ms != null);
const torch = torchRuns.length ? torchRuns.reduce((a, b) => (b.torch_step_ms < a.torch_step_ms ? b : a)) : null;
const torchDefault = load('torch');
const notes = load('notes') ?? {};
const tiles = load('tiles');
const loadAvg = load('load') ?? {};
const r2 = (x, d = 2) => (x == null || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
const ratio = (a, b) => (a != null && b != null && b > 0 ? r2(a / b, 2) : null);

const res = {
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version,
    chromium: site?.chromium ?? page?.chromium ?? null, load_avg_1m_before: loadAvg.load_avg_1m_before ?? null,
    load_avg_1m_at_end: r2(loadavg()[0], 2) },
  // training step, default config (B=16, T=32), median ms per optimizer step
  chromium_simd_step_ms: site?.chromium_simd_step_ms ?? null,
  chromium_scalar_step_ms: site?.chromium_scalar_step_ms ?? null,
  node_simd_step_ms: node?.step_ms ?? null,
  node_scalar_step_ms: nodeScalar?.step_ms ?? null,
  native_step_ms: native?.step_ms ?? null,
  torch_step_ms: torch?.torch_step_ms ?? null,
  torch_blas: torch?.blas ?? null,
  torch_default_blas_step_ms: torchDefault?.torch_step_ms ?? null,
  torch_default_blas: torchDefault?.blas ?? null,
  // the fastest single step of each series (robust to other processes on a shared machine)
  chromium_simd_step_ms_min: site?.chromium_simd_step_ms_min ?? null,
  chromium_scalar_step_ms_min: site?.chromium_scalar_step_ms_min ?? null,
  node_simd_step_ms_min: node?.step_ms_min ?? null,
  native_step_ms_min: native?.step_ms_min ?? null,
  torch_step_ms_min: torch?.torch_step_ms_min ?? null,
  // GEMMs, N = 512 rows, the model's shapes; median GFLOPS, best (shape, product)
  chromium_simd_gemm_gflops: site?.chromium_simd_gemm_gflops ?? null,
  chromium_simd_gemm_gflops_min: site?.gemm ? Math.min(...site.gemm.map((r) => r.gflops)) : null,
  chromium_page_simd_gemm_gflops: page ? Math.max(...page.rows.map((r) => r.simd_gflops)) : null,
  eigen_wasm_gemm_gflops: page ? Math.max(...page.rows.map((r) => r.eigen_gflops)) : null,
  node_simd_gemm_gflops: node?.k_gemm_gflops ?? null,
  node_eigen_wasm_gemm_gflops: node?.eigen_gemm_gflops ?? null,
  native_eigen_gemm_gflops: native?.eigen_gemm_gflops ?? null,
  // page and worker
  first_widget_ms: site?.first_widget_ms ?? null,
  // the main thread while training, lesson 10's dashboard and Break 00: tasks over 50 ms
  // (Long Tasks API), the longest wait of a key press, the longest gap between 4 ms timer ticks
  main_thread_long_task_count: site?.main_thread_long_task_count ?? null,
  main_thread_break00_long_task_count: site?.main_thread_break00_long_task_count ?? null,
  main_thread_max_input_delay_ms: site?.main_thread_max_input_delay_ms ?? null,
  main_thread_break00_max_input_delay_ms: site?.main_thread_break00_max_input_delay_ms ?? null,
  main_thread_max_timer_gap_ms: site?.main_thread_max_timer_gap_ms ?? null,
  main_thread_break00_max_timer_gap_ms: site?.main_thread_break00_max_timer_gap_ms ?? null,
  // the most CPU time one main-thread task used while training (traced session): the page's own share
  main_thread_max_task_cpu_ms: site?.main_thread_max_task_cpu_ms ?? null,
  main_thread_break00_max_task_cpu_ms: site?.main_thread_break00_max_task_cpu_ms ?? null,
  lesson_bytes_gz: site?.lesson_bytes_gz ?? null,
  // the studio with the engine's default recipe (batch 16, 300 steps, six panels drawing):
  // click to the last panel drawn, one worker / all workers / all workers under 4x throttling
  studio_default_recipe_ms: studio?.studio_default_recipe_ms ?? null,
  studio_default_recipe_all_workers_ms: studio?.studio_default_recipe_all_workers_ms ?? null,
  studio_default_recipe_throttled4x_ms: studio?.studio_default_recipe_throttled4x_ms ?? null,
  studio_default_recipe_workers: studio?.studio_default_recipe_all_workers_ms_workers ?? null,
  // default-recipe step time, 1 worker / 2 workers (and 4), in one page
  workers_speedup_2: studio?.workers_speedup_2 ?? null,
  workers_speedup_4: studio?.workers_speedup_4 ?? null,
  // the same from CPU time (traced): 1 worker's CPU per step / the busiest of W threads' CPU per
  // step, what the speed-up would be with free cores (meaningful when other jobs hold the cores)
  workers_cpu_speedup_2: cpuScaling?.cpu_speedup_2 ?? null,
  workers_cpu_speedup_4: cpuScaling?.cpu_speedup_4 ?? null,
  // the engine worker's CPU over a one-worker studio run against 300 steps' CPU (traced)
  studio_cpu_overhead_pct: cpuScaling?.studio_cpu_overhead_pct ?? null,
  // the one-worker studio run over 300 steps of one worker, in percent
  studio_overhead_pct: studio?.studio_overhead_pct ?? null,
};
// How many times faster than the comparison (>1 = faster).
// The studio's default recipe against the same recipe's steps natively, in this run: the 3 s
// target was set when the native recipe took 2.5 s on this machine; the machine's speed changes
// from day to day (docs/performance.md), the ratio much less.
res.studio_all_workers_over_native = res.studio_default_recipe_all_workers_ms != null && res.native_step_ms
  ? r2(res.studio_default_recipe_all_workers_ms / (300 * res.native_step_ms), 2) : null;
res.simd_vs_torch = ratio(res.torch_step_ms, res.chromium_simd_step_ms);
res.simd_vs_torch_default_blas = ratio(res.torch_default_blas_step_ms, res.chromium_simd_step_ms);
res.simd_vs_scalar = ratio(res.chromium_scalar_step_ms, res.chromium_simd_step_ms);
res.simd_vs_eigen_wasm_gemm_min = page ? r2(Math.min(...page.rows.map((r) => r.simd_gflops / r.eigen_gflops)), 2) : null;

const met = (v, ok) => (v == null ? null : ok(v));
function mainThreadUnder50(keys) {
  for (const k of keys) {
    if (site?.[`${k}_long_task_count`] == null || site?.[`${k}_max_input_delay_ms`] == null || !site[`${k}_long_task_observer_ok`]) return null;
  }
  return keys.every((k) => site[`${k}_long_task_count`] === 0 && site[`${k}_max_input_delay_ms`] <= 50);
}
res.targets = {
  step_4x_torch: met(res.simd_vs_torch, (v) => v >= 4),
  step_6x_torch_stretch: met(res.simd_vs_torch, (v) => v >= 6),
  // the same targets against Debian's python3-torch as installed (reference BLAS), for context
  step_4x_torch_default_blas: met(res.simd_vs_torch_default_blas, (v) => v >= 4),
  step_6x_torch_default_blas: met(res.simd_vs_torch_default_blas, (v) => v >= 6),
  gemm_35_gflops: met(res.chromium_simd_gemm_gflops, (v) => v >= 35),
  gemm_above_eigen_wasm_every_shape: met(res.simd_vs_eigen_wasm_gemm_min, (v) => v > 1),
  simd_3x_scalar: met(res.simd_vs_scalar, (v) => v >= 3),
  first_widget_under_1s: met(res.first_widget_ms, (v) => v < 1000),
  lesson_under_300kb_gz: met(res.lesson_bytes_gz, (v) => v < 300 * 1024),
  studio_default_recipe_under_3s: met(res.studio_default_recipe_all_workers_ms, (v) => v <= 3000),
  // the same target as a ratio within the run: 3 s / 2.5 s native
  studio_default_recipe_within_1_2x_native: met(res.studio_all_workers_over_native, (v) => v <= 1.2),
  workers_speedup_2_at_least_1_7: met(res.workers_speedup_2, (v) => v >= 1.7),
  studio_overhead_under_15pct: met(res.studio_overhead_pct, (v) => v <= 15),
  // blocked = a task over 50 ms (the Long Tasks API's definition) or a key press kept waiting
  // over 50 ms, in both flows; null when not measured or the observer failed its check
  main_thread_under_50ms: mainThreadUnder50(['main_thread', 'main_thread_break00']),
  // stricter, for context: no gap over 50 ms between 4 ms timer ticks
  main_thread_timer_gap_under_50ms: res.main_thread_max_timer_gap_ms == null || res.main_thread_break00_max_timer_gap_ms == null ? null
    : Math.max(res.main_thread_max_timer_gap_ms, res.main_thread_break00_max_timer_gap_ms) <= 50,
};
// the code cells (tools/bench/chromium_cells.mjs)
res.cells = cells;
res.notes = notes;
res.details = {
  gemm_chromium_worker: site?.gemm ?? null,
  gemm_chromium_page: page?.rows ?? null,
  gemm_node: node?.gemm ?? null,
  gemm_native: native?.gemm ?? null,
  first_widget_ms_all: site?.first_widget_ms_all ?? null,
  lesson_files: site?.lesson_files ?? null,
  main_thread: Object.fromEntries(Object.entries(site ?? {}).filter(([k]) => k.startsWith('main_thread_'))),
  torch: torchRuns,
  tiles_chromium: tiles?.rows ?? null,
  studio: studio ?? null,
  cpu_scaling: cpuScaling ?? null,
  errors: Object.fromEntries(Object.entries(site ?? {}).filter(([k]) => k.endsWith('_error'))),
};
writeFileSync(join(dir, 'results.json'), JSON.stringify(res, null, 2) + '\n');

// ---- table ---------------------------------------------------------------------------------
const show = (v, unit = '') => (v == null ? 'n/a' : `${v}${unit}`);
const line = (k, v) => console.log(`  ${k.padEnd(44)} ${v}`);
console.log(`\nExam Rule benchmark — ${res.machine.cpu}, ${res.machine.cores} cores, Chromium ${show(res.machine.chromium)}, Node ${res.machine.node}`);
console.log('Training step (B=16, T=32), median ms:');
line('Chromium, WASM SIMD (worker)', show(res.chromium_simd_step_ms, ' ms'));
line('Chromium, WASM scalar (worker, ?engine=scalar)', show(res.chromium_scalar_step_ms, ' ms'));
line('Node, WASM SIMD', show(res.node_simd_step_ms, ' ms'));
line('Node, WASM scalar', show(res.node_scalar_step_ms, ' ms'));
line('native (Eigen, -march=native)', show(res.native_step_ms, ' ms'));
line('PyTorch CPU, 1 thread (fastest BLAS found)', show(res.torch_step_ms, ' ms') + (torch ? ` (${torch.blas})` : notes.torch ? ` (${notes.torch})` : ''));
if (torchDefault && torchDefault !== torch) line('PyTorch CPU, 1 thread, default BLAS', `${torchDefault.torch_step_ms} ms (${torchDefault.blas})`);
if (page) {
  console.log('GEMM GFLOPS, N=512, Chromium (median; hand SIMD vs Eigen -msimd128):');
  for (const r of page.rows) line(`${r.I}x${r.O} ${r.kind}`, `${r.simd_gflops} vs ${r.eigen_gflops}`);
}
if (studio) {
  console.log('Studio, engine default recipe (batch 16, 300 steps, six panels), click to last panel drawn:');
  line('one worker', show(res.studio_default_recipe_ms, ' ms'));
  line(`all workers (${show(res.studio_default_recipe_workers)})`, show(res.studio_default_recipe_all_workers_ms, ' ms'));
  line('all workers, CPU throttled 4x', show(res.studio_default_recipe_throttled4x_ms, ' ms'));
  console.log('Scaling: ms per default-recipe step (median; same page, runs interleaved):');
  for (const r of studio.scaling ?? []) line(`${r.workers} worker(s)`, `${r.step_ms} ms (fastest ${r.step_ms_min})`);
  line('speed-up, 2 workers / 4 workers', `${show(res.workers_speedup_2, 'x')} / ${show(res.workers_speedup_4, 'x')}`);
  if (studio.workers_speedup_2_pairs) line('  2 workers, each adjacent pair', studio.workers_speedup_2_pairs.map((x) => `${x}x`).join(', '));
  line('all workers over 300 native steps', show(res.studio_all_workers_over_native, 'x'));
  const parts = studio.step_parts_2_workers;
  if (parts) {
    console.log('Where a two-worker step goes (ms per step, engine worker; engine/sharded-step.ts):');
    line('batch and weights sent', `${parts.begin} ms`);
    line(`own shards (${parts.ownShards} of 8 on average)`, `${parts.own} ms`);
    line('waiting for the helper', `${parts.wait} ms (its shards took it ${parts.helper} ms; jobs arrived after ${parts.delivery} ms)`);
    line("adding the helper's shards", `${parts.add} ms`);
    line('optimizer step and metrics line', `${parts.finish} ms`);
  }
  for (const r of cpuScaling?.rows ?? [])
    line(`CPU per step by thread, ${r.workers} worker(s)`, `${r.cpu_per_step_ms_by_thread.join(', ')} ms (total ${r.cpu_per_step_total_ms})`);
  line('speed-up from CPU time, 2 / 4 workers', `${show(res.workers_cpu_speedup_2, 'x')} / ${show(res.workers_cpu_speedup_4, 'x')}`);
  if (studio.overhead) {
    console.log("Overhead: the one-worker studio session against its own run's steps:");
    line('inside the engine steps (evaluations included)', `${studio.overhead.engine_steps_ms} ms`);
    line("the worker's rest of the request", `${studio.overhead.worker_rest_ms} ms`);
    line('the page: click, last messages, last drawing', `${studio.overhead.page_ms} ms`);
    line('overhead over the engine steps', show(res.studio_overhead_pct, ' %'));
    line('the same with all workers', show(studio.studio_overhead_all_workers_pct, ' %'));
    if (cpuScaling?.studio_cpu_by_thread_ms) {
      line('the same in CPU time: engine worker / 300 steps', `${cpuScaling.studio_cpu_engine_worker_ms} / ${cpuScaling.studio_cpu_engine_steps_ms} ms (${show(res.studio_cpu_overhead_pct, ' %')})`);
      line('  page main thread / compositor (CPU)', `${cpuScaling.studio_cpu_by_thread_ms.CrRendererMain ?? 'n/a'} / ${cpuScaling.studio_cpu_by_thread_ms.Compositor ?? 'n/a'} ms`);
    }
  }
}
console.log('Targets:');
for (const [k, v] of Object.entries(res.targets)) line(k, v == null ? 'not measured' : v ? 'met' : 'NOT met');
line('SIMD vs PyTorch (x faster)', show(res.simd_vs_torch));
line('SIMD vs PyTorch with the default BLAS', show(res.simd_vs_torch_default_blas));
line('SIMD vs scalar WASM (x faster)', show(res.simd_vs_scalar));
line('best GEMM in the Chromium worker', show(res.chromium_simd_gemm_gflops, ' GFLOPS'));
line('first widget ready', show(res.first_widget_ms, ' ms'));
line('JS + WASM for a lesson (gzip)', show(res.lesson_bytes_gz, ' B'));
for (const [flow, key] of [['dashboard', 'main_thread'], ['Break 00', 'main_thread_break00']]) {
  line(`main thread, ${flow}: tasks over 50 ms`, show(res[`${key}_long_task_count`]) +
    (site?.[`${key}_long_task_observer_ok`] === false ? ' (observer failed its check)' : ''));
  line(`  longest wait of a key press`, show(res[`${key}_max_input_delay_ms`], ' ms'));
  const all = site?.[`${key}_timer_gap_ms_all`];
  line(`  longest gap between 4 ms timer ticks`, show(res[`${key}_max_timer_gap_ms`], ' ms') + (all ? ` (sessions: ${all.join(', ')} ms)` : ''));
  line(`  most CPU one task used (traced), ${flow}`, show(res[`${key}_max_task_cpu_ms`], ' ms'));
}
// the last line: results.json on one line
console.log(JSON.stringify(res));
