/**
 * The progress file, schema 1 — the same format is stored in localStorage and exported:
 *   {"app":"exam-rule","schema":1,"savedAt":"<ISO date>","entries":{"<key>":<JSON value>}}
 * Imports are validated by the engine (er_validate_progress, wasm/src/io/progress.h); this
 * mirror of its rules checks what the site reads back from localStorage and what widgets try to
 * save, so that every export passes the engine's validation again.
 */
export const APP = 'exam-rule';
export const SCHEMA = 1;
export const MAX_BYTES = 2 * 1024 * 1024;
export const MAX_ENTRIES = 5000;
export const MAX_STRING = 20000;
export const MAX_DEPTH = 4;
const KEY_RE = /^[A-Za-z0-9:._/-]{1,200}$/;

export type Entries = Record<string, unknown>;
export interface ProgressFile {
  app: typeof APP;
  schema: typeof SCHEMA;
  savedAt: string;
  entries: Entries;
}

/** Why stored data cannot be used: not JSON, another app's data, another schema version, or
 * damaged (limits or shape). */
export type ProblemCode = 'json' | 'foreign' | 'version' | 'damaged';
export interface Problem {
  code: ProblemCode;
  /** English detail for logs and tests. */
  detail: string;
}

export function keyOk(key: string): boolean {
  return KEY_RE.test(key);
}

const codePoints = (s: string) => [...s].length;

/** null if `v` may be stored under an entry, else what is wrong. depth counts enclosing containers. */
export function valueProblem(v: unknown, depth = 0): string | null {
  if (v === null || typeof v === 'boolean') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : 'a number that is not finite';
  if (typeof v === 'string') return codePoints(v) <= MAX_STRING ? null : `a text longer than ${MAX_STRING} characters`;
  if (typeof v === 'object') {
    if (depth + 1 > MAX_DEPTH) return `nesting deeper than ${MAX_DEPTH} levels`;
    const children = Array.isArray(v) ? v : Object.values(v as object);
    if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null)
      return 'an object that is not plain JSON';
    for (const k of Array.isArray(v) ? [] : Object.keys(v as object))
      if (codePoints(k) > MAX_STRING) return 'a field name that is too long';
    for (const c of children) {
      const p = valueProblem(c, depth + 1);
      if (p) return p;
    }
    return null;
  }
  return `a value of type ${typeof v}`;
}

/** Checks a parsed progress file; null when it is valid. */
export function fileProblem(data: unknown): Problem | null {
  const damaged = (detail: string): Problem => ({ code: 'damaged', detail });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { code: 'foreign', detail: 'not a JSON object' };
  const d = data as Record<string, unknown>;
  if (d.app !== APP) return { code: 'foreign', detail: `"app" is ${JSON.stringify(d.app)}, not "${APP}"` };
  if (d.schema !== SCHEMA) return { code: 'version', detail: `schema ${JSON.stringify(d.schema)}, this site reads ${SCHEMA}` };
  for (const k of Object.keys(d)) if (!['app', 'schema', 'savedAt', 'entries'].includes(k)) return damaged(`unknown field "${k}"`);
  if (typeof d.savedAt !== 'string' || d.savedAt.length === 0 || codePoints(d.savedAt) > 64) return damaged('"savedAt" is not a 1..64 character text');
  const e = d.entries;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return damaged('"entries" is not an object');
  const keys = Object.keys(e);
  if (keys.length > MAX_ENTRIES) return damaged(`${keys.length} entries (at most ${MAX_ENTRIES})`);
  for (const k of keys) {
    if (!keyOk(k)) return damaged(`entry name ${JSON.stringify(k.slice(0, 40))} is not allowed`);
    const p = valueProblem((e as Entries)[k]);
    if (p) return damaged(`entry ${JSON.stringify(k)} holds ${p}`);
  }
  return null;
}

/** Parses stored text; `{ file }` when usable, `{ problem }` otherwise. */
export function parseFile(text: string): { file: ProgressFile; problem?: undefined } | { problem: Problem; file?: undefined } {
  if (text.length > MAX_BYTES) return { problem: { code: 'damaged', detail: 'larger than 2 MiB' } };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { problem: { code: 'json', detail: e instanceof Error ? e.message : String(e) } };
  }
  const problem = fileProblem(data);
  return problem ? { problem } : { file: data as ProgressFile };
}

export function makeFile(entries: Entries, savedAt: Date): ProgressFile {
  return { app: APP, schema: SCHEMA, savedAt: savedAt.toISOString(), entries };
}
