/**
 * Mask as data for a studio run (C API er_run_set_mask_data, wasm/src/capi/capi_maskdata.cpp):
 * the (T, T) mask and where it is applied, for training and for generation separately. trainRun
 * takes it as its optional `maskData` argument; trainSetMaskData gives it to a run that exists.
 *
 *   maskData: { train?:    { mask: number[] (T*T row-major), where: 'pre' | 'post' | 'multiply' },
 *               generate?: { mask: number[], where: ... } }
 *
 * 'pre' adds the mask to the scores before the softmax (0 visible, -1e9 or -Infinity hidden);
 * 'post' zeroes the weights after the softmax where the mask is not 0; 'multiply' multiplies
 * the scores by the mask (0/1). A pass without an entry keeps its break's mask. Generation
 * (evaluation, sampling, sweeps, attention maps) uses the `generate` mask. The engine checks
 * the size and the values and refuses with a sentence.
 */
import { EngineError, check, type EngineModule } from '../module';
import type { OpTable } from './types';

export type MaskWhere = 'pre' | 'post' | 'multiply';
export interface MaskSpec {
  mask: number[] | Float32Array;
  where: MaskWhere;
}
export interface MaskData {
  train?: MaskSpec;
  generate?: MaskSpec;
}

const WHERE: Record<MaskWhere, number> = { pre: 0, post: 1, multiply: 2 };
const PASS = { train: 0, generate: 1 } as const;

function spec(v: unknown, name: string): MaskSpec | null {
  if (v === undefined || v === null) return null;
  const s = v as Partial<MaskSpec>;
  if (typeof v !== 'object' || !(Array.isArray(s.mask) || s.mask instanceof Float32Array))
    throw new EngineError(`maskData.${name}.mask must be a list of numbers`);
  if (typeof s.where !== 'string' || !(s.where in WHERE))
    throw new EngineError(`maskData.${name}.where must be pre, post or multiply`);
  for (const x of s.mask) if (typeof x !== 'number') throw new EngineError(`maskData.${name}.mask must be a list of numbers`);
  return s as MaskSpec;
}

/** Gives run `handle` the masks of `arg` (a MaskData, or undefined for none). */
export function applyMaskData(M: EngineModule, handle: number, arg: unknown): void {
  if (arg === undefined || arg === null) return;
  if (typeof arg !== 'object') throw new EngineError('maskData must be an object with train and/or generate');
  for (const pass of ['train', 'generate'] as const) {
    const s = spec((arg as Record<string, unknown>)[pass], pass);
    if (!s) continue;
    const n = s.mask.length;
    const p = M._malloc(Math.max(1, n) * 4);
    try {
      M.HEAPF32.set(s.mask, p >> 2);
      check(M, M._er_run_set_mask_data(handle, PASS[pass], p, n, WHERE[s.where]));
    } finally {
      M._free(p);
    }
  }
}

export const maskDataOps: OpTable = {
  /** { handle, maskData } -> { ok }; maskData null clears both passes back to the break's mask. */
  trainSetMaskData(args, { M }) {
    const handle = Number(args.handle);
    if (!Number.isInteger(handle)) throw new EngineError('handle must be a whole number');
    if (args.maskData === null) check(M, M._er_run_clear_mask_data(handle));
    else applyMaskData(M, handle, args.maskData);
    return { ok: true };
  },
};
