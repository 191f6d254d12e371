/**
 * Recall blocks rendered at build time from `::: recall id` (a label and a <textarea>): what the
 * learner writes is saved under `recall:<lesson-id>:<id>` as they type (and when they leave the
 * field or the page), and put back on the next visit.
 */
import type { QuizContext } from './quiz';

export function mountRecalls(root: ParentNode, ctx: QuizContext & { persisted: () => boolean }): void {
  for (const box of root.querySelectorAll<HTMLElement>('.recall[data-recall]')) mountRecall(box, ctx);
}

export function mountRecall(box: HTMLElement, { store, lessonId, t, persisted }: QuizContext & { persisted: () => boolean }): void {
  const key = `recall:${lessonId}:${box.dataset.recall}`;
  const area = box.querySelector('textarea')!;
  const status = box.querySelector<HTMLElement>('.recall-status');
  const saved = store.get<string>(key);
  if (typeof saved === 'string' && area.value === '') area.value = saved;

  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  const save = () => {
    clearTimeout(timer);
    if (!dirty) return;
    dirty = false;
    let text: string;
    try {
      store.set(key, area.value === '' ? undefined : area.value);
      text = persisted() ? t('recall.saved') : t('recall.notSaved');
    } catch {
      text = t('recall.notSaved'); // the text stays in the field
    }
    if (status) status.textContent = text;
  };
  area.addEventListener('input', () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
  area.addEventListener('blur', save);
  addEventListener('pagehide', save);
}
