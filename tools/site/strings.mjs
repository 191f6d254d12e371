// Build-time access to the UI strings (web/src/i18n/strings/*.ts), so the renderer uses the same
// table as the browser. The tables are tiny TypeScript modules with no runtime imports: they are
// transpiled with the TypeScript compiler and imported from a data: URL.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** @typedef {Record<string, Record<string, string>>} StringTable */

const I18N = join(import.meta.dirname, '../../web/src/i18n');

/** Imports a TypeScript module that has no imports of its own (transpiled, from a data: URL). */
async function importTs(file) {
  const src = readFileSync(file, 'utf8');
  const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return import('data:text/javascript;base64,' + Buffer.from(js).toString('base64'));
}

/** The site's languages (web/src/i18n/langs.ts: the one list) and the page's translate(). */
export const { LANGS, DEFAULT_LANG } = await importTs(join(I18N, 'langs.ts'));
const { translate } = await importTs(join(I18N, 'translate.ts'));

/** Loads and merges every table; throws on an id defined twice. */
export async function loadStrings(dir) {
  /** @type {StringTable} */
  const strings = {};
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) {
    const mod = await importTs(join(dir, f));
    for (const [id, entry] of Object.entries(mod.default)) {
      if (id in strings) throw new Error(`string id "${id}" defined twice (second time in ${f})`);
      strings[id] = entry;
    }
  }
  return strings;
}

/** A translator bound to one table: t(id, vars, lang), the page's argument order (i18n/index.ts).
 * A missing id or translation throws, so a page is never built with a hole in it. */
export function translator(strings) {
  return function t(id, vars, lang) {
    const s = translate(strings, id, vars ?? {}, lang);
    if (s === undefined) throw new Error(`missing string "${id}" (${lang})`);
    return s;
  };
}
