/**
 * The site's languages, in order: the one list. i18n (strings by id), the site build
 * (tools/site/strings.mjs reads this file), the language switch (one link per other language)
 * and the tests all read it. A new language is one entry here plus its translations: a column in
 * every web/src/i18n/strings/*.ts table (the StringTable type requires it) and lessons/<lang>/.
 * The first is the default. No imports: the build loads this file on its own.
 */
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = LANGS[0];
