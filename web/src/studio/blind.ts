/**
 * The blind lab: three runs named only 01, 02, 03. Which failure each one carries is a
 * permutation drawn from the learner's own lab seed (kept in progress), so it differs between
 * learners but is stable for one learner and reproducible from the seed.
 */
import { splitmix32 } from '../ui/seeded';

export const BLIND_CAUSES = ['init-x100', 'no-warmup', 'no-mask'] as const;
export type BlindCause = (typeof BLIND_CAUSES)[number];
export const BLIND_LABELS = ['01', '02', '03'] as const;

/** The causes behind 01, 02, 03 for this lab seed (a Fisher-Yates shuffle). */
export function assignment(labSeed: number): BlindCause[] {
  const a = [...BLIND_CAUSES];
  const next = splitmix32(labSeed ^ 0xb11d);
  for (let i = a.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Training seed of every run of the lab (the same for all four, so the healthy run is an exact baseline). */
export function trainSeed(labSeed: number): number {
  return labSeed >>> 0;
}

/** Number of right diagnoses. */
export function score(truth: readonly string[], picks: readonly (string | undefined)[]): number {
  return truth.reduce((n, c, i) => n + (picks[i] === c ? 1 : 0), 0);
}

/** A fresh lab seed for a learner who has none yet. */
export function newLabSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0] % 1_000_000;
}
