/**
 * Benchmark ops (tools/bench.sh drives them in headless Chromium through the real worker).
 * The timing loops of the GEMMs run inside the engine (er_bench_gemm); nothing here changes
 * any result the lessons show.
 */
import { check, outString, withString } from '../module';
import { shardedStep, type StepParts } from '../sharded-step';
import { num } from './args';
import type { OpTable } from './types';

const KINDS = ['fwd', 'bwd_input', 'bwd_weight'] as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

export const benchOps: OpTable = {
  /**
   * GEMM GFLOPS of the engine's kernels for the linear-layer products of the given shapes.
   * args: N (512), shapes [[I, O], ...], kinds (all three), reps (7).
   * Returns one row per (shape, kind): the ms per call of each repetition and the median GFLOPS.
   */
  async benchGemm(args, { M, progress, yieldNow }) {
    const N = num(args, 'N', 512);
    const reps = num(args, 'reps', 7);
    const shapes = (args.shapes as [number, number][] | undefined) ?? [[64, 64]];
    const kinds = (args.kinds as string[] | undefined) ?? [...KINDS];
    const backend = M.UTF8ToString(M._er_backend());
    const rows: { I: number; O: number; kind: string; ms: number[]; gflops: number }[] = [];
    const p = M._malloc(8 * reps);
    try {
      // one untimed pass first: the browser compiles hot wasm functions with its optimizing
      // tier in the background, and the first shape should not pay for that
      for (let k = 0; k < 3; k++) check(M, M._er_bench_gemm(k, N, 64, 64, 0, 1, p));
      for (const [I, O] of shapes)
        for (const kind of kinds) {
          const k = KINDS.indexOf(kind as (typeof KINDS)[number]);
          check(M, M._er_bench_gemm(k, N, I, O, 0, reps, p));
          const ms = Array.from(new Float64Array(M.HEAPU8.buffer, p, reps));
          rows.push({ I, O, kind, ms, gflops: (2 * N * I * O) / (median(ms) * 1e6) });
          progress({ done: rows.length, total: shapes.length * kinds.length });
          await yieldNow(); // lets CANCEL in between shapes
        }
    } finally {
      M._free(p);
    }
    return { backend, N, rows };
  },

  /**
   * Milliseconds per training step of a healthy run in this worker (er_bench_train: the same
   * Run::step the studio runs). args: config (overrides of the default config, {}), seed (1),
   * warmup (3) steps, then `steps` (20) steps timed one by one, each followed by a PROGRESS
   * message, as a real training run streams its metrics to the page.
   */
  async benchTrain(args, { M, progress, yieldNow }) {
    const steps = num(args, 'steps', 20);
    const warmup = num(args, 'warmup', 3);
    const seed = num(args, 'seed', 1) >>> 0;
    const config = JSON.stringify(args.config ?? {});
    const backend = M.UTF8ToString(M._er_backend());
    const p = M._malloc(8 * Math.max(1, warmup));
    try {
      withString(M, config, (c) => check(M, M._er_bench_train(c, seed, warmup, p)));
      const ms: number[] = [];
      for (let i = 0; i < steps; i++) {
        check(M, M._er_bench_train(0, 0, 1, p));
        ms.push(new Float64Array(M.HEAPU8.buffer, p, 1)[0]);
        progress({ step: i + 1, steps, ms: ms[i] });
        await yieldNow();
      }
      return { backend, ms };
    } finally {
      M._free(p);
    }
  },

  /**
   * Milliseconds per training step of a healthy run spread over `workers` workers (the engine
   * worker and its helpers, as trainRun spreads them; the page's ?workers=N bounds the pool),
   * and of one evaluation (er_run_eval). args: workers (1), config ({}: the engine's default
   * recipe), seed (1), warmup (3), steps (20), evals (3). Evaluation steps are kept out of the timed steps.
   */
  async benchTrainWorkers(args, { M, yieldNow }) {
    const workers = num(args, 'workers', 1);
    const steps = num(args, 'steps', 20);
    const warmup = num(args, 'warmup', 3);
    const seed = num(args, 'seed', 1) >>> 0;
    const config = JSON.stringify({ ...(args.config as object | undefined), steps: 100000, eval_every: 100000 });
    const p = M._malloc(4);
    let handle = 0;
    try {
      handle = withString(M, config, (c) => withString(M, 'healthy', (b) => (check(M, M._er_run_create(c, b, seed, p)), M.HEAP32[p >> 2])));
    } finally {
      M._free(p);
    }
    const info = JSON.parse(outString(M, (pp) => M._er_run_info(handle, pp))) as { config: Record<string, number> };
    const sharded = await shardedStep(M, handle, info.config, 'healthy', workers);
    try {
      const ms: number[] = [];
      let since: StepParts | undefined;
      for (let i = 0; i < warmup + steps; i++) {
        if (i === warmup && sharded) since = { ...sharded.parts };
        const t0 = performance.now();
        if (sharded) await sharded.step();
        else outString(M, (pp) => M._er_run_step(handle, pp));
        if (i >= warmup) ms.push(performance.now() - t0);
        if (i % 5 === 4) await yieldNow();
      }
      const evalMs: number[] = [];
      for (let i = 0; i < num(args, 'evals', 3); i++) {
        const t0 = performance.now();
        outString(M, (pp) => M._er_run_eval(handle, pp));
        evalMs.push(performance.now() - t0);
      }
      // ms per timed step in each part of a sharded step (null with one worker)
      const parts = sharded && steps ? sharded.partsPerStep(steps, since) : null;
      return { workers: sharded?.workers ?? 1, helperShards: sharded?.helperShards ?? 0, ms, evalMs, parts };
    } finally {
      sharded?.free();
      M._er_run_free(handle);
    }
  },
};
