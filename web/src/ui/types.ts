import type { EngineClient } from '../engine/client';
import type { Lang } from '../i18n';

/** The learner's saved state (kept on the device). Keys are namespaced strings, e.g.
 * "lesson:01-exam-rule:grid-quiz". Values are plain JSON. Implemented by the site's store. */
export interface ProgressStore {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export interface WidgetContext {
  engine: EngineClient;
  lang: Lang;
  t: (id: string, vars?: Record<string, string | number>) => string;
  store: ProgressStore;
  /** Lesson id from the page's front matter ('' outside lessons). */
  lessonId: string;
}

/**
 * A widget module (`web/src/widgets/<directive-name>.widget.ts`) exports `mount`. It receives the
 * placeholder element rendered at build time (which already holds a text fallback), the
 * directive's parameters (e.g. { T: "5", mode: "causal" }) and the context. It may return a
 * cleanup function.
 */
export type WidgetMount = (el: HTMLElement, params: Record<string, string>, ctx: WidgetContext) => void | (() => void);
