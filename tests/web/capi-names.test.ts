// The names that cross the boundary between the engine and the page: the C API's functions
// (web/src/engine/capi.ts types them by name), the break names and the mask-mode names
// (web/src/engine/names.ts). Each has one home in the engine; these tests fail when the page's
// copy differs from it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import createEngine from '@engine/engine-scalar.mjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { EngineModule } from '../../web/src/engine/module';
import { BREAKS, MASK_MODES } from '../../web/src/engine/names';
import { BREAK_FILES } from '../../web/src/studio/code';

const REPO = join(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(join(REPO, p), 'utf8');

let M: EngineModule;
beforeAll(async () => {
  const wasmBinary = readFileSync(join(REPO, 'build/wasm/engine-scalar.wasm'));
  M = await (createEngine as unknown as (o: { wasmBinary: Uint8Array }) => Promise<EngineModule>)({ wasmBinary });
});

/** name -> parameter count, from every ER_API declaration of wasm/src/capi/*.h. */
function header(): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of readdirSync(join(REPO, 'wasm/src/capi')).filter((f) => f.endsWith('.h'))) {
    const src = read(`wasm/src/capi/${f}`).replace(/\/\*.*?\*\//g, '');
    for (const m of src.matchAll(/^ER_API\s+[\w\s*]+?\b(er_\w+)\(([^)]*)\)/gm))
      out.set(m[1], m[2].trim() === '' ? 0 : m[2].split(',').length);
  }
  return out;
}

/** name -> parameter count, from the CApi interface of web/src/engine/capi.ts. */
function typed(): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of read('web/src/engine/capi.ts').matchAll(/^\s+_(er_\w+)\(([^)]*)\):/gm))
    out.set(m[1], m[2].trim() === '' ? 0 : m[2].split(',').length);
  return out;
}

describe('the C API, typed by name', () => {
  test('web/src/engine/capi.ts declares exactly the functions of capi.h, with their parameter counts', () => {
    const h = header();
    expect(h.size).toBeGreaterThan(25);
    expect(Object.fromEntries(typed())).toEqual(Object.fromEntries(h));
  });

  test('the built module exports every one of them', () => {
    for (const name of header().keys()) expect(typeof (M as unknown as Record<string, unknown>)[`_${name}`], name).toBe('function');
  });
});

describe('break and mask-mode names', () => {
  test('the page\'s lists are the engine\'s, in the same order', () => {
    const names = JSON.parse(M.UTF8ToString(M._er_names())) as { breaks: string[]; mask_modes: string[] };
    expect([...BREAKS]).toEqual(names.breaks);
    expect([...MASK_MODES]).toEqual(names.mask_modes);
  });

  test('every break but healthy has its code between BREAK markers in the engine source', () => {
    expect(Object.keys(BREAK_FILES).sort()).toEqual(BREAKS.filter((b) => b !== 'healthy').sort());
  });
});
