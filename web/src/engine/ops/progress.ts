/**
 * Progress import: the page hands over the text of a file the learner chose; the engine checks
 * it against the progress schema (er_validate_progress, wasm/src/io/progress.h) and answers with
 * the canonical JSON to store, or refuses with a message for the learner.
 */
import { EngineError, outString, withString } from '../module';
import { str } from './args';
import type { OpTable } from './types';

export const progressOps: OpTable = {
  /** args: { text }. Result: { normalized } (compact JSON, keys sorted). */
  validateProgress(args, { M }) {
    const text = str(args, 'text');
    if (typeof M._er_validate_progress !== 'function') throw new EngineError('this engine build cannot check progress files');
    const normalized = withString(M, text, (p) => outString(M, (out) => M._er_validate_progress(p, out)));
    return { normalized };
  },
};
