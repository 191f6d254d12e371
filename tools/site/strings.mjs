// Build-time access to the UI strings (web/src/i18n/strings/*.ts), so the renderer uses the same
// table as the browser. The tables are tiny TypeScript modules with no runtime imports: they are
// transpiled with the TypeScript compiler and imported from a data: URL.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** @typedef {Record<string, { en: string, es: string }>} StringTable */

/** Loads and merges every table; throws on an id defined twice. */
export async function loadStrings(dir) {
  /** @type {StringTable} */
  const strings = {};
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) {
    const src = readFileSync(join(dir, f), 'utf8');
    const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod = await import('data:text/javascript;base64,' + Buffer.from(js).toString('base64'));
    for (const [id, entry] of Object.entries(mod.default)) {
      if (id in strings) throw new Error(`string id "${id}" defined twice (second time in ${f})`);
      strings[id] = entry;
    }
  }
  return strings;
}

/** A translator bound to one table: t(id, lang, vars). A missing id or translation throws, so a
 * page is never built with a hole in it. */
export function translator(strings) {
  return function t(id, lang, vars = {}) {
    const s = strings[id]?.[lang];
    if (!s) throw new Error(`missing string "${id}" (${lang})`);
    return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  };
}
