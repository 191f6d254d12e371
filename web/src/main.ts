/** Page boot: start the engine worker, then bring every widget placeholder to life. */
import { EngineClient } from './engine/client';
import { currentLang, t } from './i18n';
import { mountWidgets } from './widgets/registry';
import type { ProgressStore } from './widgets/types';

const memoryStore = new Map<string, unknown>();
const store: ProgressStore = { get: (k) => memoryStore.get(k) as never, set: (k, v) => void memoryStore.set(k, v) };

const prefer = new URLSearchParams(location.search).get('engine') ?? '';
const engine = new EngineClient(prefer);
(window as unknown as { __examrule: unknown }).__examrule = { engine };
void mountWidgets(document, { engine, lang: currentLang(), t: (id, vars) => t(id, vars), store, lessonId: '' });
