/**
 * Ops of the break-then-fix studio: train a mini-GPT run step by step in the worker, streaming
 * each step's metrics line as PROGRESS, then question the trained run (samples, evaluation,
 * causality sweep, attention) and free it. Runs stay in the engine's handle table between
 * requests; the page keeps the handle.
 *
 *   trainInfo      -> { config (engine defaults), corpus: { entropy_floor, vocab_size, vocab[] } }
 *   trainRun       { config?, break, seed, maskData? } -> PROGRESS {kind:'start', handle, config},
 *                  PROGRESS {kind:'steps', steps:[metrics...]}..., RESULT { handle, stepsDone, diverged, ms,
 *                  stepsMs, workers, helperShards, parts }: ms from the request to the end, stepsMs
 *                  inside the steps themselves (evaluations at their cadence included); workers the
 *                  steps were spread over (engine/pool.ts), shards the helpers computed, and ms per
 *                  step in each part of a sharded step (sharded-step.ts; null with one worker)
 *   trainSample    { handle, n, seed, temperature?, prompt? } -> { samples: [{ text, grammatical, ended, refusedAt }], path }
 *   trainEval      { handle } -> { val_loss, val_loss_ar }
 *   trainCausality { handle, T?, seed? } -> { T, ok[], maxDiff[], allOk, ks[] }
 *   trainAttention { handle, layer, head, seed? } -> { T, layer, head, tokens[], w (T*T) }
 *   trainFree      { handle }
 *
 * maskData (optional, ops/maskdata.ts): { train?: { mask, where }, generate?: { mask, where } },
 * the (T, T) mask given as data and where it is applied ('pre' | 'post' | 'multiply'); the
 * run keeps it, so sampling, evaluation and sweeps use the generation mask.
 */
import { EngineError, check, outString, withString, type EngineModule } from '../module';
import { ShardedStep, shardedStep } from '../sharded-step';
import { num, str } from './args';
import { applyMaskData } from './maskdata';
import type { OpTable } from './types';

/** Longest stretch of training between two yields to the worker's event loop. */
const SLICE_MS = 40;
/** PROGRESS at most this often (steps are batched in between). */
const POST_MS = 100;

function parse(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

function handleArg(args: Record<string, unknown>): number {
  const h = num(args, 'handle');
  if (!Number.isInteger(h)) throw new EngineError('handle must be a whole number');
  return h;
}

function runInfo(M: EngineModule, handle: number) {
  return parse(outString(M, (pp) => M._er_run_info(handle, pp)));
}

let corpusCache: { vocab: string[]; entropy_floor: number } | null = null;
function corpus(M: EngineModule) {
  corpusCache ??= parse(outString(M, (pp) => M._er_corpus_info(0, 0, pp))) as never;
  return corpusCache!;
}

export const trainOps: OpTable = {
  trainInfo(_args, { M }) {
    const config = parse(outString(M, (pp) => M._er_default_config(pp)));
    const c = corpus(M);
    return { config, corpus: { entropy_floor: c.entropy_floor, vocab_size: c.vocab.length, vocab: c.vocab } };
  },

  async trainRun(args, ctx) {
    const { M } = ctx;
    const cfg = args.config && typeof args.config === 'object' ? JSON.stringify(args.config) : '';
    const brk = str(args, 'break', 'healthy');
    const seed = num(args, 'seed', 0) >>> 0;
    const pp = M._malloc(4);
    let handle = 0;
    try {
      handle = withString(M, cfg, (c) => withString(M, brk, (b) => {
        check(M, M._er_run_create(c, b, seed, pp));
        return M.HEAP32[pp >> 2];
      }));
    } finally {
      M._free(pp);
    }
    const t0 = performance.now();
    let sharded: ShardedStep | null = null;
    try {
      applyMaskData(M, handle, args.maskData);
      const info = runInfo(M, handle);
      const config = info.config as Record<string, number>;
      ctx.progress({ kind: 'start', handle, config });
      const total = config.steps;
      // Replicas are built from the config and the break alone, so a run whose mask comes as data
      // computes every shard here (the same bits, in the same shard order, only slower).
      if (!args.maskData) sharded = await shardedStep(M, handle, config, String(info.break));
      let batch: unknown[] = [];
      let lastPost = performance.now();
      let lastYield = lastPost;
      let done = 0;
      let diverged = false;
      let stepsMs = 0;
      while (done < total && !diverged) {
        const ts = performance.now();
        const text = sharded ? await sharded.step() : outString(M, (p) => M._er_run_step(handle, p));
        stepsMs += performance.now() - ts;
        const line = parse(text);
        batch.push(line);
        done++;
        diverged = line.diverged === true;
        const now = performance.now();
        if (now - lastPost >= POST_MS || done === total || diverged) {
          ctx.progress({ kind: 'steps', steps: batch });
          batch = [];
          lastPost = now;
        }
        // Let CANCEL in (and keep the worker responsive) between steps.
        if (now - lastYield >= SLICE_MS) {
          await ctx.yieldNow();
          lastYield = performance.now();
        }
      }
      if (batch.length) ctx.progress({ kind: 'steps', steps: batch });
      const workers = sharded?.workers ?? 1;
      // where the steps' time went (ms per step; sharded-step.ts), for the bench
      const parts = sharded && done ? sharded.partsPerStep(done) : null;
      return { handle, stepsDone: done, diverged, ms: Math.round(performance.now() - t0), stepsMs, workers, helperShards: sharded?.helperShards ?? 0, parts };
    } catch (e) {
      M._er_run_free(handle); // a cancelled or failed run is not kept
      throw e;
    } finally {
      sharded?.free();
    }
  },

  trainSample(args, { M }) {
    const handle = handleArg(args);
    const n = num(args, 'n', 5);
    const seed = num(args, 'seed', 0) >>> 0;
    const temperature = num(args, 'temperature', 1);
    const topK = num(args, 'top_k', 0);
    const prompt = str(args, 'prompt', '');
    const out = parse(withString(M, prompt, (p) => outString(M, (pp) => M._er_run_sample(handle, p, n, seed, temperature, topK, pp))));
    const texts = out.samples as string[];
    const gram = out.grammatical as boolean[];
    const ended = out.ended as boolean[];
    const refused = out.refused_at as number[];
    return {
      samples: texts.map((text, i) => ({ text, grammatical: gram[i] === true, ended: ended[i] === true, refusedAt: refused[i] })),
      path: runInfo(M, handle).sampling_path,
    };
  },

  trainEval(args, { M }) {
    const handle = handleArg(args);
    return parse(outString(M, (pp) => M._er_run_eval(handle, pp)));
  },

  trainCausality(args, { M }) {
    const handle = handleArg(args);
    const context = (runInfo(M, handle).config as Record<string, number>).block_size;
    const T = num(args, 'T', context);
    const seed = num(args, 'seed', 0) >>> 0;
    const out = parse(outString(M, (pp) => M._er_run_causality(handle, T, seed, pp)));
    const rows = out.rows as { k: number; prefix_identical: boolean; suffix_differs: boolean; max_prefix_diff: number | null }[];
    return {
      T: out.T,
      ks: rows.map((r) => r.k),
      ok: rows.map((r) => r.prefix_identical && r.suffix_differs),
      maxDiff: rows.map((r) => r.max_prefix_diff ?? Infinity),
      allOk: out.pass === true,
    };
  },

  trainAttention(args, { M }) {
    const handle = handleArg(args);
    const info = runInfo(M, handle);
    const cfg = info.config as Record<string, number>;
    const L = cfg.n_layer, H = cfg.n_head, ctxT = cfg.block_size;
    const layer = num(args, 'layer', 0);
    const head = num(args, 'head', 0);
    if (!(layer >= 0 && layer < L && head >= 0 && head < H)) throw new EngineError(`layer must be in [0, ${L}) and head in [0, ${H})`);
    // A sentence drawn from the corpus grammar with the seed, so the map is reproducible.
    const sentence = (parse(outString(M, (pp) => M._er_corpus_info(1, num(args, 'seed', 0) >>> 0, pp))).samples as string[])[0];
    const buf = M._malloc(L * H * ctxT * ctxT * 4);
    const pT = M._malloc(4);
    try {
      withString(M, sentence, (p) => check(M, M._er_run_attention(handle, p, buf, pT)));
      const T = M.HEAP32[pT >> 2];
      const off = (buf >> 2) + (layer * H + head) * T * T;
      const w = M.HEAPF32.slice(off, off + T * T);
      const words = sentence.split(' ').filter(Boolean);
      return { T, layer, head, tokens: ['<bos>', ...words, '<eos>'].slice(0, T), w };
    } finally {
      M._free(buf);
      M._free(pT);
    }
  },

  trainFree(args, { M }) {
    check(M, M._er_run_free(handleArg(args)));
    return { ok: true };
  },
};
