// Lesson Markdown -> HTML, at build time: markdown-it, math by KaTeX, code by highlight.js, and
// the lesson directives (`::: widget`, `::: quiz`, `::: recall`; see docs/ARCHITECTURE.md).
// The output has no inline style attributes: they are hoisted into classes (see hoistStyles),
// so the Content-Security-Policy can forbid inline styles.
import { createHash } from 'node:crypto';
import hljs from 'highlight.js';
import katex from 'katex';
import MarkdownIt from 'markdown-it';
import { installCells } from './cells.mjs';
import { useDirectives } from './directives.mjs';
import { LANGS } from './strings.mjs';

export { parseQuiz } from './directives.mjs';

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** ASCII id from a heading: "¿Qué ve la query?" -> "que-ve-la-query". */
export function slugify(text) {
  return String(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'section';
}

// `other-lesson.md#x`, also `../<lang>/other-lesson.md` for any language of web/src/i18n/langs.ts
const LESSON_LINK = new RegExp(`^(?:\\./|\\.\\./(?:${LANGS.join('|')})/|\\.\\./)?([a-z0-9-]+)\\.md(#[\\w-]+)?$`);
const EXPLICIT_ID = /\s*\{#([A-Za-z][A-Za-z0-9_-]*)\}\s*$/;

// ---- math ---------------------------------------------------------------------------------

function mathInline(state, silent) {
  const src = state.src;
  if (src[state.pos] !== '$') return false;
  const display = src[state.pos + 1] === '$';
  const open = display ? 2 : 1;
  const start = state.pos + open;
  if (!display && (start >= state.posMax || /\s/.test(src[start]))) return false;
  let end = start;
  for (;;) {
    end = src.indexOf(display ? '$$' : '$', end);
    if (end === -1 || end >= state.posMax) return false;
    let bs = 0;
    for (let k = end - 1; k >= start && src[k] === '\\'; k--) bs++;
    const bad = bs % 2 === 1 || (!display && (/\s/.test(src[end - 1]) || /\d/.test(src[end + 1] ?? '')));
    if (!bad) break;
    end++;
  }
  if (end === start) return false;
  if (!silent) {
    const tok = state.push('math_inline', 'math', 0);
    tok.content = src.slice(start, end);
    tok.markup = display ? '$$' : '$';
  }
  state.pos = end + open;
  return true;
}

function mathBlock(state, startLine, endLine, silent) {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const pos = state.bMarks[startLine] + state.tShift[startLine];
  const first = state.src.slice(pos, state.eMarks[startLine]).trim();
  if (!first.startsWith('$$')) return false;
  let content;
  let last = startLine;
  if (first.length >= 4 && first.endsWith('$$')) content = first.slice(2, -2);
  else {
    const lines = [first.slice(2)];
    for (last = startLine + 1; last < endLine; last++) {
      const l = state.src.slice(state.bMarks[last] + state.tShift[last], state.eMarks[last]).trimEnd();
      if (l.endsWith('$$')) {
        lines.push(l.slice(0, -2));
        break;
      }
      lines.push(l);
    }
    if (last >= endLine) return false;
    content = lines.join('\n');
  }
  if (silent) return true;
  const tok = state.push('math_block', 'math', 0);
  tok.block = true;
  tok.content = content.trim();
  tok.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/**
 * Replaces every `style="..."` attribute by a class `s-<hash>`; `rules` collects the CSS
 * (with !important, which is what an inline style's priority amounts to).
 */
export function hoistStyles(html, rules) {
  return html.replace(/<([a-zA-Z][\w:-]*)(\s[^<>]*?)?(\/?)>/g, (whole, tag, attrs = '', slash) => {
    if (!/\sstyle\s*=/.test(attrs)) return whole;
    const sm = /\sstyle\s*=\s*"([^"]*)"/.exec(attrs);
    if (!sm) throw new Error(`cannot hoist a style attribute that is not double-quoted: ${whole.slice(0, 120)}`);
    const decls = sm[1]
      .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
      .split(';').map((d) => d.trim()).filter(Boolean);
    attrs = attrs.replace(sm[0], '');
    if (decls.length === 0) return `<${tag}${attrs}${slash}>`;
    const body = decls.map((d) => `${d} !important`).join(';');
    const cls = 's-' + createHash('sha256').update(body).digest('hex').slice(0, 8);
    rules.set(cls, `.${cls}{${body}}`);
    const cm = /\sclass\s*=\s*"([^"]*)"/.exec(attrs);
    attrs = cm ? attrs.replace(cm[0], ` class="${cm[1]} ${cls}"`) : `${attrs} class="${cls}"`;
    return `<${tag}${attrs}${slash}>`;
  });
}

// ---- the parts of the renderer, each on the markdown-it instance ----------------------------

/** `$..$` and `$$..$$` by KaTeX (a formula KaTeX refuses is shown as code, with a warning). */
function useMath(md) {
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  const tex = (content, displayMode, env) => {
    try {
      return katex.renderToString(content, { displayMode, throwOnError: true, output: 'htmlAndMathml', strict: 'ignore' });
    } catch (e) {
      env.warn(`KaTeX: ${e.message.split('\n')[0]} in "${content.slice(0, 60)}"`);
      return `<code class="math-error">${escapeHtml(content)}</code>`;
    }
  };
  md.renderer.rules.math_inline = (tokens, i, _o, env) => tex(tokens[i].content, tokens[i].markup === '$$', env);
  md.renderer.rules.math_block = (tokens, i, _o, env) => `<div class="math-display">${tex(tokens[i].content, true, env)}</div>\n`;
}

/** Heading ids (explicit `{#id}`, else the first language's, else a slug) and the `##` sections. */
function useHeadings(md) {
  // Headings: `## Title {#id}` gives an explicit id; `##` sections are collected for the TOC.
  md.core.ruler.before('inline', 'er_headings', (state) => {
    const env = state.env;
    const tokens = state.tokens;
    if (tokens[0]?.type === 'heading_open' && tokens[0].tag === 'h1') tokens.splice(0, 3); // the page has its own h1
    for (let i = 0; i < tokens.length; i++) {
      const open = tokens[i];
      if (open.type !== 'heading_open') continue;
      const inline = tokens[i + 1];
      if (open.tag === 'h1') {
        env.warn(`line ${env.bodyLine + (open.map?.[0] ?? 0)}: "# " heading inside a lesson; use "## " (the page title comes from the front matter)`);
        open.tag = tokens[i + 2].tag = 'h2';
      }
      const m = EXPLICIT_ID.exec(inline.content);
      if (m) inline.content = inline.content.slice(0, m.index);
      let id;
      if (open.tag === 'h2') {
        const n = env.sections.length;
        id = m?.[1] ?? env.sectionIds?.[n] ?? slugify(inline.content);
        id = unique(env, id);
        env.sections.push({ id, source: inline.content, explicit: !!m });
      } else id = unique(env, m?.[1] ?? slugify(inline.content));
      open.attrSet('id', id);
    }
  });
  const unique = (env, id) => {
    let out = id;
    for (let k = 2; env.ids.has(out); k++) out = `${id}-${k}`;
    env.ids.add(out);
    return out;
  };
}

/** Tables in a scroll box, links between lessons, external links and images. */
function useTablesLinksImages(md) {
  // Tables scroll inside their own box on narrow screens.
  md.renderer.rules.table_open = () => '<div class="table-wrap"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';

  // Links: `other-lesson.md#x` -> `../other-lesson/#x`; external links open safely.
  const linkOpen = md.renderer.rules.link_open ?? ((tokens, i, opts, _env, self) => self.renderToken(tokens, i, opts));
  md.renderer.rules.link_open = (tokens, i, opts, env, self) => {
    const tok = tokens[i];
    const href = tok.attrGet('href') ?? '';
    const lm = LESSON_LINK.exec(href);
    if (lm) tok.attrSet('href', `../${lm[1]}/${lm[2] ?? ''}`);
    else if (/^[a-z]+:/i.test(href) && !href.startsWith('mailto:')) {
      tok.attrSet('rel', 'noopener noreferrer');
      tok.attrJoin('class', 'external');
    }
    return linkOpen(tokens, i, opts, env, self);
  };
  const image = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, i, opts, env, self) => {
    const src = tokens[i].attrGet('src') ?? '';
    if (/^[a-z]+:/i.test(src) || src.startsWith('//')) env.warn(`image "${src}" would be loaded from another site; keep images in the repository`);
    tokens[i].attrSet('loading', 'lazy');
    return image(tokens, i, opts, env, self);
  };
}

// ---- the renderer -------------------------------------------------------------------------

/**
 * @param {{ t: (id: string, vars: object, lang: string) => string, has: (id: string) => boolean }} i18n
 */
export function createRenderer(i18n) {
  const md = new MarkdownIt({
    html: false,
    linkify: false,
    typographer: true,
    highlight(code, lang) {
      if (lang && hljs.getLanguage(lang)) return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
      return '';
    },
  });
  useMath(md);
  useHeadings(md);
  useTablesLinksImages(md);
  useDirectives(md, i18n);
  installCells(md, i18n); // `::: cell <id>` (tools/site/cells.mjs)

  /**
   * Renders one lesson body.
   * @param {string} body Markdown without front matter
   * @param {{ lang: string, bodyLine?: number, sectionIds?: string[] }} opts sectionIds: ids to
   *   give `##` sections that have no explicit id (the build passes the English ids to Spanish).
   */
  function render(body, { lang, bodyLine = 1, sectionIds } = {}) {
    const warnings = [];
    const env = {
      lang, bodyLine: bodyLine - 1, sectionIds, ids: new Set(), sections: [], widgets: [], quizzes: [], recalls: [],
      warn: (w) => warnings.push(w),
    };
    const html = md.render(body, env);
    const sections = env.sections.map((s) => ({ id: s.id, explicit: s.explicit, html: md.renderInline(s.source, { ...env, warn: () => {} }), text: s.source.replace(/[*_`$]/g, '') }));
    return { html, sections, widgets: env.widgets, quizzes: env.quizzes, recalls: env.recalls, warnings };
  }
  return { render, renderInline: (s, lang) => md.renderInline(s, { lang, warn: () => {} }) };
}

/** Widget parameters whose value is text shown to the learner, translated with the lesson
 * (only the number of `|`-separated items must match). */
export const TRANSLATED_PARAMS = ['tokens'];

/** What must match between the two languages of one lesson (the i18n test compares these). */
export function structureOf(result) {
  const param = ([k, v]) => (TRANSLATED_PARAMS.includes(k) ? `${k}=(${v.split('|').length} items)` : `${k}=${v}`);
  return {
    sections: result.sections.map((s) => (s.explicit ? s.id : '(no explicit id)')),
    widgets: result.widgets.map((w) => `${w.name} ${Object.entries(w.params).map(param).sort().join(' ')}`.trim()),
    quizzes: result.quizzes.map((q) => `${q.id}: ${q.options} options, right: ${q.correct.join(',')}`),
    recalls: result.recalls,
  };
}
