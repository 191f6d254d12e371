/**
 * The shapes of what the studio saves in progress, one per key, and a reader that never hands a
 * widget a value of the wrong shape. An import is refused when a studio key holds a value of
 * another shape (naming the key); a bad value already stored (an older import, a hand edit) is
 * set aside under `set-aside:<key>`, dropped from its key, and the widget says so — like
 * unreadable storage, nothing is lost and nothing crashes.
 */
import type { ProgressStore } from '../ui/types';

type Shape = (v: unknown) => boolean;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isSeed = (v: unknown) => isCount(v) && (v as number) <= 0xffffffff;
const orNull = (s: Shape): Shape => (v) => v === null || s(v);

const prediction: Shape = (v) => isObj(v) && isObj(v.answers) && Object.values(v.answers).every(isStr) && isStr(v.text) && isStr(v.at);
const diagnosis: Shape = (v) => isObj(v) && (v.cause === undefined || v.cause === null || isStr(v.cause)) && isStr(v.text) && isStr(v.at);
const reveal: Shape = (v) => isObj(v) && isStr(v.at) && isSeed(v.seed) && Array.isArray(v.truth) && v.truth.length === 3 && v.truth.every(isStr)
  && Array.isArray(v.picks) && v.picks.length === 3 && v.picks.every((p) => p === null || isStr(p)) && isCount(v.score) && (v.score as number) <= 3;
const scoreEntry: Shape = (v) => isObj(v) && isCount(v.score) && isSeed(v.seed) && isStr(v.at);

/** Key pattern → shape of its value. */
const SHAPES: [RegExp, Shape][] = [
  [/^studio:[a-z0-9-]+:prediction$/, prediction],
  [/^studio:(break-[a-z0-9-]+|blind):seed$/, isSeed],
  [/^studio:break-[a-z0-9-]+:predictionScore$/, (v) => isObj(v) && isCount(v.matched) && isCount(v.judged) && isSeed(v.seed)],
  [/^studio:break-[a-z0-9-]+:hints$/, isCount],
  [/^studio:break-[a-z0-9-]+:attempts$/, (v) => Array.isArray(v) && v.every(isStr)],
  [/^studio:break-[a-z0-9-]+:repair$/, (v) => isObj(v) && isStr(v.repair) && isStr(v.at)],
  [/^studio:break-[a-z0-9-]+:solved$/, (v) => isObj(v) && isStr(v.at) && isObj(v.evidence)],
  [/^studio:break-[a-z0-9-]+:runs$/, (v) => isObj(v) && isSeed(v.seed) && isCount(v.steps)],
  [/^studio:blind:diagnosis:\d\d$/, orNull(diagnosis)],
  [/^studio:blind:reveal$/, orNull(reveal)],
  [/^studio:blind:score$/, scoreEntry],
  [/^studio:blind:history$/, (v) => Array.isArray(v) && v.every(scoreEntry)],
  [/^studio:blind:trained$/, orNull(isSeed)],
];

/** null when `value` has the shape the studio saves under `key` (or the key is not the studio's). */
export function savedValueProblem(key: string, value: unknown): string | null {
  const s = SHAPES.find(([re]) => re.test(key));
  return !s || s[1](value) ? null : key;
}

/** The first entry of an import whose value has the wrong shape for its key, or null. */
export function entriesProblem(entries: Record<string, unknown>): string | null {
  for (const [k, v] of Object.entries(entries)) if (savedValueProblem(k, v)) return k;
  return null;
}

/**
 * A reader of one widget's progress: `get` returns the value if it has its key's shape; if not,
 * the value is set aside, the key cleared, and `onBad(key)` called (once per key).
 */
export function savedReader(store: ProgressStore, onBad: (key: string) => void) {
  return <T>(key: string): T | undefined => {
    const v = store.get<unknown>(key);
    if (v === undefined || !savedValueProblem(key, v)) return v as T | undefined;
    try {
      store.set(`set-aside:${key}`, v);
    } catch {
      /* a value the store cannot hold at all: dropping it from its key is all that is left */
    }
    store.set(key, undefined);
    onBad(key);
    return undefined;
  };
}
