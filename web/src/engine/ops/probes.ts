/**
 * Ops behind the whole-model lesson widgets: the perturbation causality sweep, gradient
 * causality and attention maps of the mini-GPT (er_run_* in capi.h). The model is seeded and
 * untrained (causality is structural); one run per seed is kept in this worker, and the mask is
 * switched on that same run (break "healthy" vs "no-mask"), so both sides of a comparison share
 * their weights.
 */
import { EngineError, check, outInt, outString, withFloats, withString, type EngineModule } from '../module';
import { num, str } from './args';
import type { OpTable } from './types';

interface ProbeRun {
  handle: number;
  seed: number;
  /** Model shape from er_run_info. */
  dims: { V: number; T: number; C: number; L: number; H: number };
}

let cached: ProbeRun | null = null;
// Small data streams: probes never train, so the run only needs its weights.
const PROBE_CONFIG = JSON.stringify({ train_sentences: 100, val_sentences: 50 });

function probeRun(M: EngineModule, seed: number): ProbeRun {
  if (cached && cached.seed === seed) return cached;
  if (cached) {
    M._er_run_free(cached.handle);
    cached = null;
  }
  const handle = withString(M, PROBE_CONFIG, (cfg) => withString(M, 'healthy', (brk) => outInt(M, (p) => M._er_run_create(cfg, brk, seed, p))));
  const info = JSON.parse(outString(M, (p) => M._er_run_info(handle, p))) as { config: Record<string, number> };
  const c = info.config;
  const dims = { V: c.vocab_size, T: c.block_size, C: c.n_embd, L: c.n_layer, H: c.n_head };
  cached = { handle, seed, dims };
  return cached;
}

function setMask(M: EngineModule, run: ProbeRun, masked: boolean) {
  check(M, withString(M, masked ? 'healthy' : 'no-mask', (b) => M._er_run_set_break(run.handle, b)));
}

function seedOf(args: Record<string, unknown>): number {
  const s = num(args, 'seed', 0);
  if (!Number.isInteger(s) || s < 0) throw new EngineError('seed must be a whole number, 0 or more');
  return s >>> 0;
}

interface SweepJson {
  T: number;
  rows: { k: number; prefix_identical: boolean; suffix_differs: boolean; max_prefix_diff: number }[];
  pass: boolean;
}

export const probeOps: OpTable = {
  /**
   * The sweep: for each k, logits of the seeded tokens vs the same tokens with position k
   * changed. args: T, ks (list of k; empty = all of 1..T-1), masked (bool), seed.
   * The engine sweeps every k; the requested ones are returned.
   */
  modelCausality(args, { M }) {
    const T = num(args, 'T', 8);
    const seed = seedOf(args);
    const run = probeRun(M, seed);
    setMask(M, run, args.masked !== false);
    const all = JSON.parse(outString(M, (p) => M._er_run_causality(run.handle, T, seed, p))) as SweepJson;
    const want = Array.isArray(args.ks) && args.ks.length ? new Set(args.ks.map(Number)) : null;
    if (want) for (const k of want) if (!all.rows.some((r) => r.k === k)) throw new EngineError(`k must be between 1 and T-1 (${T - 1}), got ${k}`);
    const rows = want ? all.rows.filter((r) => want.has(r.k)) : all.rows;
    return { T: all.T, rows, pass: rows.length > 0 && rows.every((r) => r.prefix_identical && r.suffix_differs), dims: run.dims };
  },

  /** G (T, T): G[j*T + i] = |d (r_j . logits_j) / d x_i|. args: T, masked, seed. */
  modelGradCausality(args, { M }) {
    const T = num(args, 'T', 8);
    const seed = seedOf(args);
    const run = probeRun(M, seed);
    setMask(M, run, args.masked !== false);
    return { T, G: withFloats(M, T * T, (p) => check(M, M._er_run_grad_causality(run.handle, T, seed, p))) };
  },

  /**
   * Attention weights (L, H, n, n) for "<bos> text <eos>"; an unknown word is refused by the
   * engine with the word named. args: text, masked, seed.
   */
  modelAttention(args, { M }) {
    const text = str(args, 'text', '').trim().replace(/\s+/g, ' ');
    if (!text) throw new EngineError('type at least one word');
    const seed = seedOf(args);
    const run = probeRun(M, seed);
    setMask(M, run, args.masked !== false);
    const { L, H, T: ctxT } = run.dims;
    let n = 0;
    const buf = withFloats(M, L * H * ctxT * ctxT, (p) => {
      n = withString(M, text, (tp) => outInt(M, (pn) => M._er_run_attention(run.handle, tp, p, pn)));
    });
    return { n, L, H, tokens: ['<bos>', ...text.split(' '), '<eos>'], att: buf.slice(0, L * H * n * n) };
  },
};
