/**
 * UI strings by id, both languages side by side. Each area keeps its own table in
 * strings/<area>.ts (default export: { id: { en, es } }); they are merged here. A missing id or
 * translation shows a visible marker instead of silently falling back to the other language.
 * tests/web/i18n.test.ts fails the build on missing translations, duplicates and unused ids.
 */
import { DEFAULT_LANG, LANGS, type Lang } from './langs';
import { translate } from './translate';

export { DEFAULT_LANG, LANGS, type Lang };
/** id -> its text in every language of LANGS. */
export type StringTable = Record<string, Record<Lang, string>>;

const modules = import.meta.glob<{ default: StringTable }>('./strings/*.ts', { eager: true });

export const strings: StringTable = {};
export const stringSources: Record<string, string> = {};
for (const [file, mod] of Object.entries(modules))
  for (const [id, entry] of Object.entries(mod.default)) {
    if (id in strings) throw new Error(`string id "${id}" defined twice (${stringSources[id]}, ${file})`);
    strings[id] = entry;
    stringSources[id] = file;
  }

export function currentLang(): Lang {
  const l = typeof document !== 'undefined' ? document.documentElement.lang : 'en';
  return (LANGS as readonly string[]).includes(l) ? (l as Lang) : DEFAULT_LANG;
}

/** Translates `id`, replacing {name} placeholders with vars. */
export function t(id: string, vars: Record<string, string | number> = {}, lang: Lang = currentLang()): string {
  return translate(strings, id, vars, lang) ?? `⟦${id}⟧`;
}
