/**
 * Page start-up, shared by every page (web/src/main.ts): the progress store, storage notices,
 * navigation, quizzes and recall blocks, widgets (the engine worker starts only on pages that
 * have widgets, or when an import needs it), and the service worker.
 */
import { EngineClient } from '../engine/client';
import { currentLang, t } from '../i18n';
import { mountQuizzes } from '../widgets/quiz';
import { mountRecalls } from '../widgets/recall';
import { mountWidgets } from '../widgets/registry';
import { setupHome } from './home';
import { setupLesson } from './lesson';
import { keepHashTargetInView, pickLanguage, setupLanguageSwitch, setupToc } from './nav';
import { LocalProgressStore } from './progress';
import { makeScrollersFocusable } from './scrollers';
import { registerServiceWorker } from './service-worker';
import { reportStorageProblems } from './storage-notices';

export function boot() {
  const page = document.body.dataset.page ?? '';
  if (page === 'root') return pickLanguage();

  const store = new LocalProgressStore();
  store.watch();
  reportStorageProblems(store);

  let engine: EngineClient | undefined;
  const query = new URLSearchParams(location.search);
  // ?engine=scalar forces the scalar module; ?workers=N sets the training workers (tests, bench)
  const workers = Number(query.get('workers')) || undefined;
  const getEngine = () => (engine ??= new EngineClient(query.get('engine') ?? '', undefined, workers));
  const lessonId = document.body.dataset.lesson ?? '';
  const lang = currentLang();
  (window as unknown as { __examrule: unknown }).__examrule = {
    get engine() {
      return getEngine();
    },
    store,
  };

  keepHashTargetInView();
  setupLanguageSwitch();
  setupToc();
  const ctx = { store, lessonId, t: (id: string, vars?: Record<string, string | number>) => t(id, vars, lang) };
  mountQuizzes(document, ctx);
  mountRecalls(document, { ...ctx, persisted: () => store.persisted });
  if (page === 'lesson') setupLesson(store, lessonId);
  if (page === 'home') setupHome(store, getEngine);
  if (document.querySelector('[data-widget]')) void mountWidgets(document, { engine: getEngine(), lang, t: ctx.t, store, lessonId });
  makeScrollersFocusable();
  registerServiceWorker();
}
