/**
 * Share links: an experiment is (break, seed, steps). They travel in the page URL's query
 * (`?break=no-mask&seed=7&steps=120#studio-lab`), so opening the link on the same build
 * reproduces the run bit for bit (the engine is deterministic for a given seed).
 */
import { BREAKS, isBreak, type BreakName } from '../engine/names';
import { parseSeed } from '../ui/seed';

// The break names' one home on the page is engine/names.ts (held to the engine's by a test).
export { BREAKS, isBreak, parseSeed, type BreakName };

export const MAX_STEPS = 3000;
export const LAB_ANCHOR = 'studio-lab';

export interface SharedRun {
  brk: BreakName;
  seed: number;
  steps: number;
}

export function parseSteps(s: string | null | undefined): number | null {
  if (s === null || s === undefined || !/^\d{1,5}$/.test(s.trim())) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_STEPS ? n : null;
}

/** The link for a run, on the page `href` (its other query parameters and hash are replaced). */
export function shareUrl(href: string, run: SharedRun): string {
  const u = new URL(href);
  u.search = '';
  u.searchParams.set('break', run.brk);
  u.searchParams.set('seed', String(run.seed));
  u.searchParams.set('steps', String(run.steps));
  u.hash = LAB_ANCHOR;
  return u.toString();
}

/** Reads a shared run from a URL; null when the URL holds none or it is malformed. */
export function readShare(href: string): SharedRun | null {
  const q = new URL(href).searchParams;
  const brk = q.get('break');
  const seed = parseSeed(q.get('seed'));
  const steps = parseSteps(q.get('steps'));
  if (!isBreak(brk) || seed === null || steps === null) return null;
  return { brk, seed, steps };
}
