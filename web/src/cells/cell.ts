/**
 * A code cell: `::: cell <id>` in a lesson (tools/site/cells.mjs renders the starting code).
 * CodeMirror 6 with Python highlighting and line numbers; Run (or Ctrl/Cmd+Enter) sends the code
 * to the Python worker, which runs it and grades it by what it does (python/cellrun.py). The
 * root carries data-cell="<lesson id>:<cell id>" and, once a run ends, data-verdict = pass |
 * fail | error. The code is saved to progress under cell:<lesson>:<id> as the learner types,
 * before every run and whatever the run does; a passed cell keeps passed: true.
 */
import { indentWithTab, temporarilySetTabFocusMode } from '@codemirror/commands';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup, EditorView } from 'codemirror';
import type { ProgressStore } from '../ui/types';
import { MAX_STRING } from '../site/schema';
import { h } from '../ui/dom';
import './cells.css';
import { PythonRuntime, RUN_LIMIT_S, type CellResult, type RunOutcome } from './runtime';

type T = (id: string, vars?: Record<string, string | number>) => string;
export interface CellContext {
  store: ProgressStore;
  lessonId: string;
  t: T;
  base: string;
}
interface Saved {
  code: string;
  passed?: boolean;
}

let runtime: PythonRuntime | null = null;

// The page's custom properties reach into the shadow root, so the editor follows light/dark.
const EDITOR_THEME = EditorView.theme({
  '&': { border: '1px solid var(--border)', borderRadius: '6px', fontSize: '0.95rem', background: 'var(--surface)', color: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)' },
  '.cm-gutters': { background: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-activeLine, .cm-activeLineGutter': { background: 'var(--accent-soft)' },
});

// Syntax colours from the page's custom properties (cells.css), readable in light and dark.
const HIGHLIGHT = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.operatorKeyword, tags.bool, tags.null], color: 'var(--hl-keyword)' },
    { tag: [tags.string, tags.docString], color: 'var(--hl-string)' },
    { tag: [tags.comment, tags.lineComment], color: 'var(--hl-comment)', fontStyle: 'italic' },
    { tag: [tags.number], color: 'var(--hl-number)' },
    { tag: [tags.function(tags.variableName), tags.function(tags.definition(tags.variableName)), tags.definition(tags.variableName)], color: 'var(--hl-def)' },
  ]),
);

export function mountCells(root: ParentNode, ctx: CellContext): void {
  for (const el of root.querySelectorAll<HTMLElement>('.cell[data-cell-id]')) mountCell(el, ctx);
}

function mountCell(el: HTMLElement, { store, lessonId, t, base }: CellContext): void {
  const id = el.dataset.cellId!;
  el.dataset.cell = `${lessonId}:${id}`;
  const key = `cell:${lessonId}:${id}`;
  const starter = el.querySelector<HTMLElement>('.cell-starter')!;
  const initial = starter.textContent ?? '';
  const saved = store.get<Saved>(key);
  let passed = saved?.passed === true;
  const run = h('button', { type: 'button', className: 'btn btn-primary cell-run', textContent: t('cells.run') });
  const reset = h('button', { type: 'button', className: 'btn cell-reset', textContent: t('cells.reset') });
  const status = h('p', { className: 'cell-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const bar = h('progress', { className: 'cell-progress', max: 1, value: 0, hidden: true });
  const output = h('div', { className: 'cell-output' });
  const saveNote = h('p', { className: 'cell-saved' });

  const save = (code: string) => {
    if ([...code].length > MAX_STRING) return void (saveNote.textContent = t('cells.tooLong', { max: MAX_STRING }));
    try {
      store.set(key, code === initial && !passed ? undefined : { code, passed });
      saveNote.textContent = t('cells.saved');
    } catch {
      saveNote.textContent = t('cells.notSaved'); // the code stays in the editor
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  // In a shadow root CodeMirror's styles go to a constructed style sheet, which the pages' CSP
  // (style-src 'self', no inline <style>) allows.
  const host = h('div', { className: 'cell-editor' });
  const shadow = host.attachShadow({ mode: 'open' });
  const view = new EditorView({
    root: shadow,
    parent: shadow,
    doc: typeof saved?.code === 'string' ? saved.code : initial,
    extensions: [
      basicSetup,
      python(),
      Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (void go(), true) }, { key: 'Escape', run: temporarilySetTabFocusMode }])),
      keymap.of([indentWithTab]),
      EDITOR_THEME,
      HIGHLIGHT,
      EditorView.lineWrapping, // no scrolling region: the editor grows with the code
      EditorView.contentAttributes.of({ 'aria-label': t('cells.editorLabel', { id }) }),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged) return;
        clearTimeout(timer);
        timer = setTimeout(() => save(u.state.doc.toString()), 400);
      }),
    ],
  });
  starter.hidden = true;
  const hint = h('p', { className: 'cell-hint', textContent: t('cells.runHint') });
  el.append(host, h('div', { className: 'cell-actions' }, run, reset), hint, bar, status, output, saveNote);
  addEventListener('pagehide', () => save(view.state.doc.toString()));
  if (passed) status.textContent = t('cells.passedEarlier');
  el.classList.toggle('cell-passed', passed);

  reset.addEventListener('click', () => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: initial } });
    save(initial);
  });
  run.addEventListener('click', () => void go());

  let busy = false;
  async function go() {
    if (busy) return;
    busy = true;
    run.disabled = true;
    const code = view.state.doc.toString();
    save(code); // before anything can go wrong
    delete el.dataset.verdict;
    output.replaceChildren();
    status.textContent = t('cells.starting');
    const t0 = performance.now();
    runtime ??= new PythonRuntime(base);
    const outcome = await runtime.run(code, id, {
      onLoading(loaded, total) {
        bar.hidden = false;
        bar.max = total || 1;
        bar.value = loaded;
        const rate = loaded / Math.max(1, performance.now() - t0); // bytes per ms
        const eta = rate > 0 ? Math.ceil((total - loaded) / rate / 1000) : '?';
        status.textContent = t('cells.loading', { loaded: (loaded / 1e6).toFixed(1), total: (total / 1e6).toFixed(1), eta });
      },
      onRunning() {
        bar.hidden = true;
        status.textContent = t('cells.running', { limit: RUN_LIMIT_S });
      },
    });
    show(outcome);
    if (outcome.kind === 'result' && outcome.result.verdict === 'pass' && !passed) {
      passed = true;
      el.classList.add('cell-passed');
      save(code);
    }
    busy = false;
    run.disabled = false;
  }

  function show(o: RunOutcome) {
    bar.hidden = true;
    if (o.kind !== 'result') {
      el.dataset.verdict = 'error';
      const offline = o.kind === 'failed' && o.reason === 'offline';
      status.textContent = o.kind === 'timeout' ? t('cells.timeout', { limit: RUN_LIMIT_S }) : t(offline ? 'cells.offline' : 'cells.loadFailed');
      return;
    }
    const r = o.result;
    el.dataset.verdict = r.verdict;
    status.textContent = t(`cells.verdict.${r.verdict}`);
    output.replaceChildren(...render(r, t));
  }
}

function render(r: CellResult, t: T): Node[] {
  const out: Node[] = [];
  const list = h('ul', { className: 'cell-feedback' });
  for (const f of r.feedback) list.append(h('li', { attrs: { 'data-feedback': `cells.fb.${f.id}` } }, t(`cells.fb.${f.id}`, f.params)));
  out.push(list);
  if (r.table) out.push(table(r.table, t));
  if (r.stdout) out.push(h('p', { className: 'cell-label', textContent: t('cells.output') }), h('pre', { className: 'cell-stdout', textContent: r.stdout }));
  if (r.error) {
    const lines = r.error.frames.map((f) => `${t('cells.frame', { line: f.line, name: f.name })}\n    ${f.text}`);
    out.push(
      h('p', { className: 'cell-label', textContent: t('cells.error') }),
      h('pre', { className: 'cell-traceback', attrs: { 'data-line': String(r.error.line ?? '') } }, [...lines, r.error.message].join('\n')),
    );
  }
  return out;
}

/** The evidence table: mutants (perturbation test), models (sweep) or checks (repair). */
function table(rows: Record<string, string>[], t: T): HTMLTableElement {
  const kind = 'mutant' in rows[0] ? 'mutant' : 'model' in rows[0] ? 'model' : 'check';
  const name = (r: Record<string, string>) => (kind === 'model' ? r.model : t(`cells.${kind}.${r[kind]}`));
  const result = (r: Record<string, string>) =>
    kind !== 'check' ? t(`cells.status.${r.status}`) : r.status === 'info' ? r.value : `${r.value} — ${t(`cells.status.${r.status}`)}`;
  const head = h('tr', {}, h('th', { textContent: t(`cells.${kind}`) }), h('th', { textContent: t('cells.result') }));
  const body = rows.map((r) => h('tr', { attrs: { 'data-status': r.status } }, h('td', { textContent: name(r) }), h('td', { textContent: result(r) })));
  return h('table', { className: 'cell-table' }, h('thead', {}, head), h('tbody', {}, ...body));
}
