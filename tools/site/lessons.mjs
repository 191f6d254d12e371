// Reads the lesson files: lessons/<lang>/NN-slug.md with a small front matter block
// (`key: value` lines between `---` fences). See docs/ARCHITECTURE.md, "Lessons".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { LANGS } from './strings.mjs';

export { LANGS };  // the one list: web/src/i18n/langs.ts
export const KINDS = ['lesson', 'lab', 'break', 'reference'];

/**
 * @typedef {{ id: string, title: string, summary: string, order: number, minutes: number,
 *   kind: string }} FrontMatter
 * @typedef {{ slug: string, lang: string, file: string, meta: FrontMatter, body: string,
 *   bodyLine: number, problems: string[] }} LessonSource
 */

/** Splits `---\nkey: value\n---\nbody`. Unknown keys are kept; problems are reported, not thrown. */
export function parseFrontMatter(text) {
  const problems = [];
  const meta = {};
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { meta, body: text, bodyLine: 1, problems: ['no front matter (--- fenced block at the top)'] };
  for (const raw of m[1].split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!kv) {
      problems.push(`front matter line not understood: "${line}"`);
      continue;
    }
    let v = kv[2].trim();
    if ((v.startsWith('"') && v.endsWith('"') && v.length >= 2) || (v.startsWith("'") && v.endsWith("'") && v.length >= 2))
      v = v.slice(1, -1).replace(v[0] === '"' ? /\\"/g : /''/g, v[0]);
    meta[kv[1]] = v;
  }
  for (const k of ['order', 'minutes']) {
    if (meta[k] === undefined) continue;
    const n = Number(meta[k]);
    if (!Number.isFinite(n)) problems.push(`front matter "${k}" is not a number`);
    meta[k] = n;
  }
  return { meta, body: text.slice(m[0].length), bodyLine: m[0].split('\n').length, problems };
}

/** @returns {LessonSource} */
export function readLesson(dir, lang, file) {
  const path = join(dir, lang, file);
  const { meta, body, bodyLine, problems } = parseFrontMatter(readFileSync(path, 'utf8'));
  const slug = file.replace(/\.md$/, '');
  for (const k of ['id', 'title', 'summary']) if (!meta[k]) problems.push(`front matter has no "${k}"`);
  if (!Number.isFinite(meta.order)) problems.push('front matter has no numeric "order"');
  meta.kind ??= slug === 'glossary' ? 'reference' : 'lesson';
  if (!KINDS.includes(meta.kind)) problems.push(`front matter "kind" must be one of ${KINDS.join(', ')}`);
  if (!Number.isFinite(meta.minutes)) meta.minutes = 0;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) problems.push(`file name "${file}" must be lower-case letters, digits and dashes`);
  return { slug, lang, file: path, meta: /** @type {FrontMatter} */ (meta), body, bodyLine, problems };
}

/** Every lesson present, per language, sorted by `order` then slug. */
export function readLessons(dir) {
  /** @type {Record<string, LessonSource[]>} */
  const out = {};
  for (const lang of LANGS) {
    const folder = join(dir, lang);
    const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.md')).sort() : [];
    out[lang] = files.map((f) => readLesson(dir, lang, f)).sort((a, b) => a.meta.order - b.meta.order || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  }
  return out;
}
