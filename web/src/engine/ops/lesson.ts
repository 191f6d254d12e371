/**
 * Ops behind the lesson widgets that are not the mask core itself: one head's raw scores and
 * the step-by-step softmax slice (shift, exp, sum, weights), both computed by the engine.
 */
import { EngineError, check, withFloats } from '../module';
import { num } from './args';
import type { OpTable } from './types';

export const lessonOps: OpTable = {
  /** Raw scores (T, T) of one head of the seeded MHA, before any mask. */
  mhaScores(args, { M }) {
    const T = num(args, 'T', 4);
    const d = num(args, 'd_model', 16);
    const H = num(args, 'n_heads', 2);
    const seed = num(args, 'seed', 0) >>> 0;
    const head = num(args, 'head', 0);
    return { T, scores: withFloats(M, T * T, (p) => check(M, M._er_mha_scores(T, d, H, seed, head, p))) };
  },

  /**
   * One query's softmax over `scores` (a list of numbers), with or without the causal mask row:
   * masked (scores + mask row), shifted (minus the row max), exps, sum, weights.
   */
  softmaxSlice(args, { M }) {
    const raw = args.scores;
    if (!Array.isArray(raw) && !(raw instanceof Float32Array)) throw new EngineError('scores must be a list of numbers');
    const scores = Array.from(raw as ArrayLike<unknown>, (v, j) => {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || Number.isNaN(n)) throw new EngineError(`score ${j} must be a number`);
      return n;
    });
    const n = scores.length;
    const query = num(args, 'query', 0);
    const causal = args.causal ? 1 : 0;
    const buf = M._malloc(Math.max(1, n) * 4 * 5 + 4);
    try {
      const f = buf >> 2;
      M.HEAPF32.set(scores, f);
      const [pm, ps, pe, pw, psum] = [1, 2, 3, 4].map((k) => buf + k * n * 4).concat(buf + 5 * n * 4);
      check(M, M._er_softmax_slice(n, buf, query, causal, pm, ps, pe, psum, pw));
      const heap = M.HEAPF32; // fresh view after the call
      const at = (p: number) => heap.slice(p >> 2, (p >> 2) + n);
      return {
        n,
        query,
        causal: causal === 1,
        scores: Float32Array.from(scores),
        masked: at(pm),
        shifted: at(ps),
        exps: at(pe),
        weights: at(pw),
        sum: heap[psum >> 2],
      };
    } finally {
      M._free(buf);
    }
  },
};
