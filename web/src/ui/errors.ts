/**
 * A failed engine request in the page's language. The engine's refusals arrive as data
 * (EngineText: a code and its parameters, engine/protocol.ts) and are shown with the string
 * "engine." + code of i18n/strings/engine.ts; nested parameters are rendered first. Code
 * 'sentence' (a refusal with no code of its own) shows the engine's English sentence as it is.
 */
import { EngineRequestError } from '../engine/client';
import type { EngineText } from '../engine/protocol';
import { currentLang, t, type Lang } from '../i18n';

/** The text of an engine message in `lang`. */
export function renderEngineText(text: EngineText, lang: Lang = currentLang()): string {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(text.params)) vars[k] = typeof v === 'object' ? renderEngineText(v, lang) : v;
  return t(`engine.${text.code}`, vars, lang);
}

/** What went wrong, for the learner: a refusal translated from its code, else the message. */
export function errorText(e: unknown, lang: Lang = currentLang()): string {
  if (e instanceof EngineRequestError && e.code === 'engine' && e.text) return renderEngineText(e.text, lang);
  return e instanceof Error ? e.message : String(e);
}
