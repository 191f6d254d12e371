// The lesson directives (`::: widget`, `::: quiz`, `::: recall`; docs/ARCHITECTURE.md, "Lessons"):
// the block rule that reads them, and the renderer rules that turn them into HTML.
import { escapeHtml } from './markdown.mjs';

const ID_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

// ---- directives ---------------------------------------------------------------------------

function lineAt(state, n) {
  return state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
}

function directive(state, startLine, endLine, silent) {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const line = lineAt(state, startLine).trim();
  const m = /^:::\s*(widget|quiz|recall|cell)(?:\s+(.*))?$/.exec(line);
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

/** The renderer rules of the three directives; i18n gives the strings of the page's language. */
export function useDirectives(md, i18n) {
  md.block.ruler.before('fence', 'er_directive', directive, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
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
}
