/**
 * Ops of the lesson "Masks in real code" (wasm/src/capi/capi_realmasks.cpp): padding, the three
 * mask conventions, the KV-cache chunk, packed documents, the sliding window. Each runs one
 * scenario on the seeded small model and returns the measured dependence grid `dep` (rows x
 * keys, max |logit change| when one token changes; NaN where a row is NaN) with its figures.
 */
import { EngineError, check, type EngineModule } from '../module';
import { num, str } from './args';
import type { OpTable } from './types';

export const PAD_VARIANTS = ['correct', 'forgotten', 'inverted'] as const;
export const CONVENTIONS = ['bool_allowed', 'bool_blocked', 'additive'] as const;
export const FILLS = ['finite', 'neg_inf'] as const;

function pick<T extends string>(args: Record<string, unknown>, key: string, list: readonly T[], fallback: T): number {
  const v = str(args, key, fallback);
  const i = list.indexOf(v as T);
  if (i < 0) throw new EngineError(`${key} must be one of ${list.join(', ')}`);
  return i;
}
const flag = (args: Record<string, unknown>, key: string, fallback: boolean) => ((args[key] ?? fallback) ? 1 : 0);

/**
 * Calls `fn` with one heap block carved into the given slots (counts of 4-byte values, float or
 * int, tagged 'f' or 'i'); returns copies of every slot, in order.
 */
function withSlots(M: EngineModule, slots: [('f' | 'i'), number][], fn: (ptrs: number[]) => number): (Float32Array | Int32Array)[] {
  const total = slots.reduce((s, [, n]) => s + Math.max(1, n), 0);
  const base = M._malloc(total * 4);
  try {
    const ptrs: number[] = [];
    let at = base;
    for (const [, n] of slots) ptrs.push(at), (at += Math.max(1, n) * 4);
    check(M, fn(ptrs));
    return slots.map(([kind, n], k) => (kind === 'f' ? M.HEAPF32 : M.HEAP32).slice(ptrs[k] >> 2, (ptrs[k] >> 2) + n));
  } finally {
    M._free(base);
  }
}

export const realmaskOps: OpTable = {
  /** One sequence of n real tokens padded to T (left or right); stats: loss ignoring pads,
   * loss counting them, the sequence's loss alone, max |real logits - alone|. */
  rmPadding(args, { M }) {
    const T = num(args, 'T', 8), n = num(args, 'n', 5), seed = num(args, 'seed', 0) >>> 0;
    const left = str(args, 'side', 'left') === 'left' ? 1 : 0;
    const variant = pick(args, 'variant', PAD_VARIANTS, 'correct');
    const fill = pick(args, 'fill', FILLS, 'finite');
    const zero = flag(args, 'zeroEmpty', false);
    const [dep, valid, stats] = withSlots(M, [['f', T * T], ['i', T], ['f', 4]], ([pd, pv, ps]) =>
      M._er_rm_padding(T, n, left, variant, fill, zero, seed, pd, pv, ps));
    return { T, n, dep, valid, stats };
  },

  /** The causal mask spelled in one convention and read as another. */
  rmConvention(args, { M }) {
    const T = num(args, 'T', 6), seed = num(args, 'seed', 0) >>> 0;
    const built = pick(args, 'built', CONVENTIONS, 'bool_allowed');
    const read = pick(args, 'read', CONVENTIONS, CONVENTIONS[built]);
    const fill = pick(args, 'fill', FILLS, 'finite');
    const [values, additive, dep, leak] = withSlots(M, [['f', T * T], ['f', T * T], ['f', T * T], ['f', 1]], ([a, b, c, d]) =>
      M._er_rm_convention(T, built, read, fill, seed, a, b, c, d));
    return { T, values, additive, dep, leak: leak[0] };
  },

  /** Prefill P, then a chunk of Q queries against P+Q keys with the mask
   * ones(Q, P+Q).tril(diagonal=offset) (align 'bottom-right': offset P, 'top-left': 0, or a
   * number `offset`); diff = max |chunk - full recompute|. */
  rmChunk(args, { M }) {
    const P = num(args, 'P', 5), Q = num(args, 'Q', 3), seed = num(args, 'seed', 0) >>> 0;
    const br = args.offset !== undefined ? num(args, 'offset') : str(args, 'align', 'bottom-right') === 'bottom-right' ? P : 0;
    const K = Math.max(0, P + Q);
    const [allowed, dep, diff] = withSlots(M, [['i', Q * K], ['f', Q * K], ['f', 1]], ([a, d, f]) =>
      M._er_rm_chunk(P, Q, br, seed, a, d, f));
    return { P, Q, allowed, dep, diff: diff[0] };
  },

  /** Documents of `lengths` packed in T tokens, with or without the document mask and the
   * per-document positions. */
  rmPacked(args, { M }) {
    const T = num(args, 'T', 12), seed = num(args, 'seed', 0) >>> 0;
    const raw = Array.isArray(args.lengths) ? args.lengths : [4, 5, 3];
    const lengths = raw.map((v, k) => num({ v }, 'v', k));
    const nd = lengths.length;
    const lp = M._malloc(Math.max(1, nd) * 4);
    try {
      M.HEAP32.set(lengths, lp >> 2);
      const [dep, doc, pos, vsAlone, lossShift] = withSlots(M, [['f', T * T], ['i', T], ['i', T], ['f', nd], ['f', nd]], ([a, b, c, d, e]) =>
        M._er_rm_packed(T, nd, lp, flag(args, 'docMask', true), flag(args, 'restart', true), seed, a, b, c, d, e));
      return { T, dep, doc, pos, vsAlone, lossShift };
    } finally {
      M._free(lp);
    }
  },

  /** The last W keys only: one layer's mask and the dependence measured through the model. */
  rmWindow(args, { M }) {
    const T = num(args, 'T', 12), W = num(args, 'W', 3), seed = num(args, 'seed', 0) >>> 0;
    const [allowed, dep] = withSlots(M, [['i', T * T], ['f', T * T]], ([a, d]) => M._er_rm_window(T, W, seed, a, d));
    return { T, W, allowed, dep };
  },
};
