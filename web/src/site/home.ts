/**
 * The course home: a progress mark on each step of the path, a "continue" button, and the
 * learner's progress tools — export to a JSON file, import (checked by the engine before anything
 * changes), and reset behind a confirmation dialog.
 */
import type { EngineClient } from '../engine/client';
import { EngineRequestError } from '../engine/client';
import { t } from '../i18n';
import { entriesProblem } from '../studio/saved';
import { downloadBlob } from '../ui/download';
import { errorText } from '../ui/errors';
import type { LocalProgressStore } from './progress';
import { MAX_BYTES, parseFile } from './schema';

export type Mark = 'none' | 'started' | 'done';

export function markOf(store: LocalProgressStore, lessonId: string): Mark {
  if (store.has(`done:${lessonId}`)) return 'done';
  if (store.has(`seen:${lessonId}`) || store.keys().some((k) => k.includes(`:${lessonId}:`))) return 'started';
  return 'none';
}

function renderPath(store: LocalProgressStore) {
  const items = [...document.querySelectorAll<HTMLElement>('.path-item[data-lesson]')];
  let done = 0;
  for (const li of items) {
    const mark = markOf(store, li.dataset.lesson!);
    if (mark === 'done') done++;
    li.dataset.state = mark;
    const el = li.querySelector<HTMLElement>('[data-mark]');
    if (el) el.textContent = t(`mark.${mark}`);
  }
  const cont = document.querySelector<HTMLAnchorElement>('a[data-continue]');
  if (cont && items.length) {
    const next = items.find((li) => li.dataset.state !== 'done');
    const link = (li: HTMLElement) => li.querySelector<HTMLAnchorElement>('h3 a')!;
    if (!next) {
      cont.href = link(items[0]).href;
      cont.textContent = t('home.review');
    } else if (items.some((li) => li.dataset.state !== 'none')) {
      cont.href = link(next).href;
      cont.textContent = t('home.continue', { title: link(next).textContent ?? '' });
    } else {
      cont.href = link(items[0]).href;
      cont.textContent = t('home.start');
    }
  }
  const summary = document.querySelector<HTMLElement>('[data-progress-summary]');
  if (summary) summary.textContent = t('progress.summary', { done, total: items.length, items: store.size });
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Import: the file is checked in full by the engine (er_validate_progress) and parsed again here;
 * only then does it replace the current progress. Any refusal leaves the progress untouched.
 * Returns the message shown to the learner.
 */
export async function importProgress(store: LocalProgressStore, text: string, engine: () => EngineClient): Promise<{ ok: boolean; message: string; detail?: string }> {
  const refuse = (detail: string) => ({ ok: false, message: t('progress.importRefused', { reason: detail }), detail });
  if (text.length > MAX_BYTES) return refuse(t('progress.tooBig'));
  if (typeof WebAssembly !== 'object') return { ok: false, message: t('progress.importNeedsWasm') };
  let normalized: string;
  try {
    ({ normalized } = await engine().run<{ normalized: string }>('validateProgress', { text }));
  } catch (e) {
    if (e instanceof EngineRequestError && e.code === 'load') return { ok: false, message: t('progress.importNeedsWasm') };
    // Some refusals are whole sentences ("This file is not a progress file: …"): they are not
    // wrapped in "This file was not imported: …" again.
    const reason = errorText(e);
    if (/^\p{Lu}/u.test(reason))
      return { ok: false, message: t('progress.importRefusedSentence', { sentence: /[.!?)]$/.test(reason) ? reason : reason + '.' }), detail: reason };
    return refuse(reason.replace(/\.$/, ''));
  }
  const parsed = parseFile(normalized);
  if (!parsed.file) return refuse(parsed.problem.detail);
  // Values the site saves have a shape per key (a prediction, a seed, ...): one of another shape
  // would break the page that reads it, so the file is refused, naming the key.
  const badKey = entriesProblem(parsed.file.entries);
  if (badKey) return refuse(t('studio.savedBadImport', { key: badKey.slice(0, 80) }));
  const problem = store.replaceAll(parsed.file.entries);
  if (problem) return refuse(problem.detail);
  const n = Object.keys(parsed.file.entries).length;
  return { ok: true, message: store.persisted ? t('progress.imported', { n }) : t('progress.notSavedAfterImport') };
}

export function setupHome(store: LocalProgressStore, engine: () => EngineClient) {
  renderPath(store);
  store.subscribe((e) => e.type === 'changed' && renderPath(store));

  const message = document.querySelector<HTMLElement>('[data-progress-message]');
  const say = (text: string, tone: 'ok' | 'error' = 'ok') => {
    if (!message) return;
    message.textContent = text;
    message.dataset.tone = tone;
  };
  const btn = (action: string) => document.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
  const exportBtn = btn('export');
  const importBtn = btn('import');
  const resetBtn = btn('reset');
  const file = document.querySelector<HTMLInputElement>('#import-file');
  const dialog = document.querySelector<HTMLDialogElement>('#reset-dialog');

  if (exportBtn) {
    exportBtn.disabled = false;
    exportBtn.addEventListener('click', () => {
      const name = `exam-rule-progress-${today()}.json`;
      downloadBlob(new Blob([store.exportText()], { type: 'application/json' }), name);
      say(t('progress.exported', { file: name }));
    });
  }
  if (importBtn && file) {
    importBtn.disabled = false;
    importBtn.addEventListener('click', () => file.click());
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      file.value = '';
      if (!f) return;
      if (f.size > MAX_BYTES) return say(t('progress.importRefused', { reason: t('progress.tooBig') }), 'error');
      say(t('progress.checking'));
      importBtn.disabled = true;
      try {
        const out = await importProgress(store, await f.text(), engine);
        say(out.message, out.ok ? 'ok' : 'error');
      } finally {
        importBtn.disabled = false;
      }
    });
  }
  if (resetBtn && dialog) {
    resetBtn.disabled = false;
    resetBtn.addEventListener('click', () => dialog.showModal());
    for (const b of dialog.querySelectorAll<HTMLButtonElement>('button[value]'))
      b.addEventListener('click', (e) => {
        e.preventDefault();
        dialog.close(b.value);
      });
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'reset') return resetBtn.focus();
      store.reset();
      say(t('progress.resetDone'));
      resetBtn.focus();
    });
  }
}
