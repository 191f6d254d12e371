/**
 * Ops of the causal-mask core (lab 02): the standalone multi-head attention with a mask mode,
 * passed to the engine by name (engine/names.ts MASK_MODES; the engine refuses unknown names).
 */
import { check, withFloats, withString } from '../module';
import { num, str } from './args';
import type { OpTable } from './types';

/** Shared arguments: T, d_model (16), n_heads (2), seed (0). */
function mha(args: Record<string, unknown>) {
  return {
    T: num(args, 'T', 8),
    d: num(args, 'd_model', 16),
    H: num(args, 'n_heads', 2),
    mode: str(args, 'mode', 'causal'),
    seed: num(args, 'seed', 0) >>> 0,
  };
}

export const maskOps: OpTable = {
  /** The additive mask itself: (T, T), 0 or -1e9. */
  causalMask(args, { M }) {
    const T = num(args, 'T', 8);
    return { T, mask: withFloats(M, T * T, (p) => check(M, M._er_causal_mask(T, p))) };
  },

  /** Attention weights (H, T, T) and output (T, d) for seeded inputs. */
  mhaForward(args, { M }) {
    const { T, d, H, mode, seed } = mha(args);
    let y: Float32Array = new Float32Array();
    const att = withFloats(M, H * T * T, (pa) => {
      y = withFloats(M, T * d, (py) => withString(M, mode, (pm) => check(M, M._er_mha_forward(T, d, H, pm, seed, py, pa))));
    });
    return { T, d_model: d, n_heads: H, att, y };
  },

  /**
   * The dependence grid (T, T): how much output i moves when input j alone changes.
   * Exactly 0 means query i cannot see key j — measured, not read off the mask.
   */
  dependence(args, { M }) {
    const { T, d, H, mode, seed } = mha(args);
    return { T, dep: withFloats(M, T * T, (p) => withString(M, mode, (pm) => check(M, M._er_mha_dependence(T, d, H, pm, seed, p)))) };
  },

  /** The lab-02 perturbation test: change input row `pos` and measure every output row. */
  perturbation(args, { M }) {
    const { T, d, H, mode, seed } = mha(args);
    const pos = num(args, 'pos', T - 1);
    const pf = M._malloc(4);
    try {
      const maxDiff = withFloats(M, T, (p) => withString(M, mode, (pm) => check(M, M._er_mha_perturbation(T, d, H, pm, seed, pos, p, pf))));
      const flags = M.HEAP32[pf >> 2];
      return { T, pos, maxDiff, prefixIdentical: (flags & 1) !== 0, changedRowDiffers: (flags & 2) !== 0 };
    } finally {
      M._free(pf);
    }
  },
};
