/**
 * The Emscripten module as the worker sees it, and the helpers every op uses to call the
 * C API safely: status codes become thrown EngineErrors, buffers are malloc'ed and freed,
 * and heap views are taken fresh after each call (memory may grow and detach old views).
 */
import type { CApi } from './capi';
import type { EngineText } from './protocol';

/** The module: Emscripten's heap helpers plus the C API by name (capi.ts). */
export interface EngineModule extends CApi {
  _malloc(n: number): number;
  _free(p: number): void;
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
  UTF8ToString(p: number): string;
  stringToUTF8(s: string, p: number, max: number): void;
  lengthBytesUTF8(s: string): number;
}

/**
 * A refusal from the engine (bad argument): `message` is the engine's English sentence, `text`
 * the same as data (a code and its parameters, er_last_error_json), which the page translates.
 */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly text: EngineText = { code: 'sentence', params: { text: message } },
  ) {
    super(message);
  }
}

export function check(M: EngineModule, rc: number): void {
  if (rc === 0) return;
  const message = M.UTF8ToString(M._er_last_error());
  let text: EngineText | undefined;
  try {
    text = JSON.parse(M.UTF8ToString(M._er_last_error_json())) as EngineText;
  } catch {
    text = undefined; // never expected: the engine writes its own JSON; keep the sentence
  }
  throw new EngineError(message, text);
}

/** Runs `fn` with `n` float32 slots allocated on the engine heap; returns a copy. */
export function withFloats(M: EngineModule, n: number, fn: (ptr: number) => void): Float32Array {
  const p = M._malloc(Math.max(1, n) * 4);
  try {
    fn(p);
    return M.HEAPF32.slice(p >> 2, (p >> 2) + n);
  } finally {
    M._free(p);
  }
}

/** Allocates a NUL-terminated UTF-8 copy of `s`, runs fn, frees it. */
export function withString<T>(M: EngineModule, s: string, fn: (ptr: number) => T): T {
  const n = M.lengthBytesUTF8(s) + 1;
  const p = M._malloc(n);
  try {
    M.stringToUTF8(s, p, n);
    return fn(p);
  } finally {
    M._free(p);
  }
}

/** Calls a C function that returns a string through a `const char**` out-parameter. */
export function outString(M: EngineModule, fn: (outPtr: number) => number): string {
  const pp = M._malloc(4);
  try {
    check(M, fn(pp));
    return M.UTF8ToString(M.HEAP32[pp >> 2]);
  } finally {
    M._free(pp);
  }
}

/** Same, for a C function returning one int through an `int*` out-parameter. */
export function outInt(M: EngineModule, fn: (outPtr: number) => number): number {
  const p = M._malloc(4);
  try {
    check(M, fn(p));
    return M.HEAP32[p >> 2];
  } finally {
    M._free(p);
  }
}
