// Lesson Markdown -> HTML, at build time: markdown-it, math by KaTeX, code by highlight.js, and
// the lesson directives (`::: widget`, `::: quiz`, `::: recall`; see docs/ARCHITECTURE.md).
// The output has no inline style attributes: they are hoisted into classes (see hoistStyles),
// so the Content-Security-Policy can forbid inline styles.
import { createHash } from 'node:crypto';
import hljs from 'highlight.js';
import katex from 'katex';
import MarkdownIt from 'markdown-it';

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

const ID_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;
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

// ---- directives ---------------------------------------------------------------------------

function lineAt(state, n) {
  return state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
}

function directive(state, startLine, endLine, silent) {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const line = lineAt(state, startLine).trim();
  const m = /^:::\s*(widget|quiz|recall)(?:\s+(.*))?$/.exec(line);
  if (!m) return false;
  if (silent) return true;
  const kind = m[1];
  let rest = (m[2] ?? '').trim();
  const env = state.env;
  const where = `line ${env.bodyLine + startLine}`;
  if (kind === 'widget') {
    if (rest.endsWith(':::')) rest = rest.slice(0, -3).trim();
    else env.warn(`${where}: a widget directive must end with ":::" on the same line`);
    const [name = '', ...pairs] = rest.split(/\s+/).filter(Boolean);
    const params = {};
    if (!/^[a-z][a-z0-9-]*$/.test(name)) env.warn(`${where}: widget name "${name}" is not lower-case-with-dashes`);
    for (const p of pairs) {
      const kv = /^([A-Za-z][\w-]*)=(\S*)$/.exec(p);
      if (!kv) env.warn(`${where}: widget parameter "${p}" is not key=value`);
      else params[kv[1]] = kv[2];
    }
    const tok = state.push('er_widget', 'div', 0);
    tok.meta = { name, params };
    tok.map = [startLine, startLine + 1];
    state.line = startLine + 1;
    return true;
  }
  const id = rest.split(/\s+/)[0] ?? '';
  if (!ID_RE.test(id)) env.warn(`${where}: ${kind} needs an id made of letters, digits, - and _ (got "${rest}")`);
  const body = [];
  let next = startLine + 1;
  for (; next < endLine; next++) {
    if (lineAt(state, next).trim() === ':::') break;
    body.push(state.src.slice(state.bMarks[next], state.eMarks[next]));
  }
  if (next >= endLine) env.warn(`${where}: ${kind} "${id}" is not closed by a ":::" line`);
  const tok = state.push(`er_${kind}`, 'div', 0);
  tok.meta = { id, body, line: env.bodyLine + startLine };
  tok.map = [startLine, next + 1];
  state.line = Math.min(next + 1, endLine);
  return true;
}

/** Quiz body: question lines, then `- [ ]` / `- [x]` options each followed by `> ` feedback. */
export function parseQuiz(lines) {
  const question = [];
  const options = [];
  for (const raw of lines) {
    const opt = /^\s*[-*]\s+\[( |x|X)\]\s+(.*)$/.exec(raw);
    const fb = /^\s*>\s?(.*)$/.exec(raw);
    if (opt) options.push({ correct: opt[1] !== ' ', text: opt[2].trim(), feedback: '' });
    else if (options.length === 0) question.push(raw.trim());
    else if (fb) {
      const o = options[options.length - 1];
      o.feedback = (o.feedback ? o.feedback + ' ' : '') + fb[1].trim();
    } else if (raw.trim()) {
      const o = options[options.length - 1];
      if (o.feedback) o.feedback += ' ' + raw.trim();
      else o.text += ' ' + raw.trim();
    }
  }
  return { question: question.filter(Boolean).join(' '), options };
}

// ---- style hoisting -----------------------------------------------------------------------

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

// ---- the renderer -------------------------------------------------------------------------

/**
 * @param {{ t: (id: string, lang: string, vars?: object) => string, has: (id: string) => boolean }} i18n
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
  md.inline.ruler.after('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.block.ruler.before('fence', 'er_directive', directive, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });

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

  // Tables scroll inside their own box on narrow screens.
  md.renderer.rules.table_open = () => '<div class="table-wrap"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';

  // Links: `other-lesson.md#x` -> `../other-lesson/#x`; external links open safely.
  const linkOpen = md.renderer.rules.link_open ?? ((tokens, i, opts, _env, self) => self.renderToken(tokens, i, opts));
  md.renderer.rules.link_open = (tokens, i, opts, env, self) => {
    const tok = tokens[i];
    const href = tok.attrGet('href') ?? '';
    const lm = /^(?:\.\/|\.\.\/(?:en|es)\/|\.\.\/)?([a-z0-9-]+)\.md(#[\w-]+)?$/.exec(href);
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

  md.renderer.rules.er_widget = (tokens, i, _o, env) => {
    const { name, params } = tokens[i].meta;
    const vars = { name };
    let attrs = ` data-widget="${escapeHtml(name)}"`;
    for (const [k, v] of Object.entries(params)) {
      attrs += ` data-${k.toLowerCase()}="${escapeHtml(v)}"`;
      vars[k] = vars[k.toLowerCase()] = v;
    }
    env.widgets.push({ name, params });
    const n = env.widgets.length;
    let fallback;
    if (i18n.has(`fallback.${name}`)) fallback = i18n.t(`fallback.${name}`, vars, env.lang);
    else {
      env.warn(`widget "${name}" has no fallback text: add the string id "fallback.${name}"`);
      fallback = i18n.t('fallback.generic', vars, env.lang);
    }
    return `<div class="widget" id="widget-${n}"${attrs}>\n<p class="widget-fallback">${escapeHtml(fallback)}</p>\n</div>\n`;
  };

  md.renderer.rules.er_quiz = (tokens, i, _o, env) => {
    const { id, body, line } = tokens[i].meta;
    const q = parseQuiz(body);
    const t = (sid, vars) => i18n.t(sid, vars, env.lang);
    if (!q.question) env.warn(`line ${line}: quiz "${id}" has no question`);
    if (q.options.length < 2) env.warn(`line ${line}: quiz "${id}" needs at least two options`);
    if (!q.options.some((o) => o.correct)) env.warn(`line ${line}: quiz "${id}" has no right option (- [x])`);
    q.options.forEach((o, k) => o.feedback || env.warn(`line ${line}: quiz "${id}" option ${k + 1} has no "> " feedback line`));
    env.quizzes.push({ id, options: q.options.length, correct: q.options.flatMap((o, k) => (o.correct ? [k] : [])) });
    const base = `quiz-${id}`;
    const inline = (s) => md.renderInline(s, env);
    const opts = q.options
      .map(
        (o, k) =>
          `<li class="quiz-option"><input type="radio" id="${base}-o${k}" name="${base}" value="${k}"${o.correct ? ' data-correct="1"' : ''}>` +
          `<label for="${base}-o${k}">${inline(o.text)}</label>` +
          `<p class="quiz-feedback" id="${base}-fb${k}" hidden>${inline(o.feedback)}</p></li>`,
      )
      .join('\n');
    const answers = q.options
      .map((o, k) => `<li><span class="quiz-mark">${o.correct ? t('check.right') : t('check.wrong')}</span> ${inline(o.text)}<br>${inline(o.feedback)}</li>`)
      .join('\n');
    return (
      `<form class="quiz" id="${base}" data-quiz="${escapeHtml(id)}" novalidate>\n` +
      `<fieldset><legend><span class="kicker">${t('check.kicker')}</span> <span class="quiz-question">${inline(q.question)}</span></legend>\n` +
      `<ul class="quiz-options">\n${opts}\n</ul></fieldset>\n` +
      `<div class="quiz-actions"><button type="submit" class="btn btn-primary">${t('check.check')}</button>` +
      `<p class="quiz-result" role="status" aria-live="polite"></p></div>\n` +
      `<details class="quiz-answers"><summary>${t('check.showAnswers')}</summary><ul>\n${answers}\n</ul></details>\n</form>\n`
    );
  };

  md.renderer.rules.er_recall = (tokens, i, _o, env) => {
    const { id, body, line } = tokens[i].meta;
    const prompt = body.map((l) => l.trim()).filter(Boolean).join(' ');
    if (!prompt) env.warn(`line ${line}: recall "${id}" has no prompt`);
    env.recalls.push(id);
    const base = `recall-${id}`;
    const t = (sid) => i18n.t(sid, {}, env.lang);
    return (
      `<div class="recall" id="${base}" data-recall="${escapeHtml(id)}">\n` +
      `<label for="${base}-text"><span class="kicker">${t('recall.kicker')}</span> <span class="recall-prompt">${md.renderInline(prompt, env)}</span></label>\n` +
      `<textarea id="${base}-text" rows="4" maxlength="20000" aria-describedby="${base}-status"></textarea>\n` +
      `<p class="recall-status" id="${base}-status" role="status" aria-live="polite">${t('recall.private')}</p>\n</div>\n`
    );
  };

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
