/**
 * The one translation function: the text of `id` in `lang` from a strings table, with {name}
 * placeholders replaced by vars (an unknown placeholder stays as it is). Undefined when the id or
 * the translation is missing; callers decide what that means (the page shows a marker, the site
 * build stops). Used by i18n/index.ts in the page and by tools/site/strings.mjs at build time.
 * No imports: the build loads this file on its own.
 */
export function translate(
  table: Record<string, Record<string, string>>,
  id: string,
  vars: Record<string, string | number>,
  lang: string,
): string | undefined {
  const s = table[id]?.[lang];
  if (!s) return undefined;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
