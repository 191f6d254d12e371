/** Lesson pages: remember the visit, and the "mark as done" toggle at the end. */
import type { LocalProgressStore } from './progress';

export function setupLesson(store: LocalProgressStore, lessonId: string) {
  if (!lessonId) return;
  if (!store.has(`seen:${lessonId}`)) store.set(`seen:${lessonId}`, true);
  const btn = document.querySelector<HTMLButtonElement>('button[data-done]');
  if (!btn) return;
  const key = `done:${lessonId}`;
  const render = () => btn.setAttribute('aria-pressed', String(store.get(key) !== undefined));
  btn.hidden = false;
  render();
  btn.addEventListener('click', () => {
    store.set(key, store.get(key) !== undefined ? undefined : new Date().toISOString());
    render();
  });
  store.subscribe((e) => e.type === 'changed' && render());
}
