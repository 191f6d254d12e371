/**
 * Renders the engine's real C++ (a break snippet) and repairs as unified diffs. The bug line is
 * marked three ways: a background, a "◀ bug" tag and a hidden text for screen readers.
 */
import { h } from '../ui/dom';
import type { BreakSnippet } from './code';
import type { DiffLine } from './repairs';
import type { Translate } from './summaries';

export function snippetView(s: BreakSnippet, t: Translate): HTMLElement {
  const code = h('code', {});
  const add = (n: number, text: string, bug: boolean) => {
    const ln = h('span', { className: 'ln' + (bug ? ' is-bug' : ''), attrs: { 'data-n': String(n) } }, text);
    if (bug) {
      ln.dataset.tag = t('studio.code.bugTag');
      ln.append(h('span', { className: 'visually-hidden', textContent: ` (${t('studio.code.bugTag')})` }));
    }
    code.append(ln);
  };
  if (s.header && s.header.n < s.lines[0].n) {
    add(s.header.n, s.header.text, false);
    if (s.header.n < s.lines[0].n - 1) code.append(h('span', { className: 'ln', attrs: { 'data-n': '⋮' } }, ''));
  }
  const bugs = new Set(bugLineNumbers(s));
  for (const l of s.lines) add(l.n, l.text, bugs.has(l.n));
  return h('figure', { className: 'st-code-fig' },
    h('pre', { className: 'st-code', attrs: { 'data-file': s.file } }, code),
    h('figcaption', { className: 'st-code-file', textContent: t('studio.code.file', { file: s.file, from: s.lines[0].n, to: s.lines[s.lines.length - 1].n }) }));
}

/** Line numbers that belong to the bug (a BUG comment plus the `if (...)` it continues). */
export function bugLineNumbers(s: BreakSnippet): number[] {
  const out: number[] = [];
  s.lines.forEach((l, i) => {
    if (!l.bug) return;
    const prev = s.lines[i - 1];
    if (prev && /^\s*if\s*\(.*\)\s*$/.test(prev.text)) out.push(prev.n);
    out.push(l.n);
    // "if (...)  // BUG" whose statement is on the next line
    const next = s.lines[i + 1];
    if (/^\s*if\s*\(/.test(l.text) && next && !next.text.trim().startsWith('//')) out.push(next.n);
  });
  return out;
}

export function diffView(lines: DiffLine[], t: Translate, context = 1): HTMLElement {
  // Keep only changed lines and `context` unchanged lines around them.
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.kind === ' ') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const code = h('code', {});
  let gap = false;
  lines.forEach((l, i) => {
    if (!keep[i]) {
      if (!gap) code.append(h('span', { className: 'ln', attrs: { 'data-n': '⋮' } }, ''));
      gap = true;
      return;
    }
    gap = false;
    const cls = l.kind === '-' ? ' is-del' : l.kind === '+' ? ' is-add' : '';
    const sr = l.kind === '-' ? t('studio.code.removed') : l.kind === '+' ? t('studio.code.added') : '';
    // One marker per line, in the gutter after the number: + added, − removed.
    const ln = h('span', { className: 'ln' + cls, attrs: { 'data-n': l.n === null ? '' : String(l.n), 'data-mark': l.kind === '-' ? '−' : l.kind } }, l.text);
    if (sr) ln.prepend(h('span', { className: 'visually-hidden', textContent: `${sr}: ` }));
    code.append(ln);
  });
  return h('pre', { className: 'st-code st-diff' }, code);
}
