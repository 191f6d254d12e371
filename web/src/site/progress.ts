/**
 * The learner's progress, kept on the device: answers, predictions, notes and completion marks
 * in localStorage under one key, in the schema of the export file (schema.ts).
 *
 * Nothing is ever lost on an error path:
 * - stored data that cannot be read (not JSON, another app's, another schema, damaged) is copied
 *   under a "set aside" key before the main key is cleared, and the learner is told; if even the
 *   copy cannot be written, the store turns read-only for the session so the original stays;
 * - a write refused by the browser (full quota, storage disabled) keeps every value in memory,
 *   reports the problem, and is retried on the next change;
 * - an import replaces the progress only after the file has been validated in full.
 */
import type { ProgressStore } from '../ui/types';
import { fileProblem, keyOk, makeFile, parseFile, valueProblem, type Entries, type Problem, type ProgressFile } from './schema';

export const STORAGE_KEY = 'exam-rule:progress';
export const ASIDE_PREFIX = 'exam-rule:progress:set-aside:';

export type StoreEvent =
  | { type: 'set-aside'; problem: Problem; asideKey: string; raw: string }
  | { type: 'cannot-set-aside'; problem: Problem; raw: string }
  | { type: 'write-failed'; reason: 'full' | 'unavailable' }
  | { type: 'write-ok' }
  | { type: 'changed'; key?: string; external?: boolean };

export function isQuotaError(e: unknown): boolean {
  if (!(e instanceof DOMException)) return false;
  return e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22 || e.code === 1014;
}

/** localStorage, or null when the browser refuses access to it (some private modes, policies). */
export function browserStorage(): Storage | null {
  try {
    const s = globalThis.localStorage;
    s.getItem(STORAGE_KEY);
    return s;
  } catch {
    return null;
  }
}

export class LocalProgressStore implements ProgressStore {
  private entries = new Map<string, unknown>();
  private listeners = new Set<(e: StoreEvent) => void>();
  /** Events raised while loading, before anyone could subscribe; replayed to each subscriber. */
  readonly startupEvents: StoreEvent[] = [];
  /** False after a write failed (until one succeeds) or while read-only. */
  persisted = true;
  /** True when unreadable stored data could not be set aside: it must not be overwritten. */
  readOnly = false;

  constructor(
    private storage: Storage | null = browserStorage(),
    private now: () => Date = () => new Date(),
  ) {
    this.load();
  }

  private emit(e: StoreEvent) {
    for (const l of this.listeners) l(e);
  }

  /** Listens to store events; events raised at start-up are delivered at once. */
  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    for (const e of this.startupEvents) fn(e);
    return () => this.listeners.delete(fn);
  }

  private load() {
    if (!this.storage) {
      this.persisted = false;
      this.startupEvents.push({ type: 'write-failed', reason: 'unavailable' });
      return;
    }
    const raw = this.storage.getItem(STORAGE_KEY);
    if (raw === null) return;
    const parsed = parseFile(raw);
    if (parsed.file) {
      this.entries = new Map(Object.entries(parsed.file.entries));
      return;
    }
    this.startupEvents.push(this.setAside(raw, parsed.problem));
  }

  /** Copies unreadable data under a new key, checks the copy, then clears the main key. */
  private setAside(raw: string, problem: Problem): StoreEvent {
    const asideKey = ASIDE_PREFIX + this.now().toISOString();
    try {
      this.storage!.setItem(asideKey, raw);
      if (this.storage!.getItem(asideKey) !== raw) throw new Error('the copy does not read back');
      this.storage!.removeItem(STORAGE_KEY);
      return { type: 'set-aside', problem, asideKey, raw };
    } catch {
      try {
        if (this.storage!.getItem(asideKey) !== raw) this.storage!.removeItem(asideKey);
      } catch {
        /* nothing more to undo */
      }
      this.readOnly = true;
      this.persisted = false;
      return { type: 'cannot-set-aside', problem, raw };
    }
  }

  /** Keys of data set aside earlier (oldest first). */
  asideKeys(): string[] {
    if (!this.storage) return [];
    const out: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const k = this.storage.key(i);
      if (k?.startsWith(ASIDE_PREFIX)) out.push(k);
    }
    return out.sort();
  }

  get<T = unknown>(key: string): T | undefined {
    return this.entries.get(key) as T | undefined;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(prefix = ''): string[] {
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Saves a value (undefined removes the key). A key or value the export format cannot hold
   * is a programming error and throws, so it never reaches a file that would then be refused. */
  set(key: string, value: unknown): void {
    if (!keyOk(key)) throw new TypeError(`progress key "${key}" is not allowed (1..200 of A-Z a-z 0-9 : . _ / -)`);
    if (value === undefined) this.entries.delete(key);
    else {
      const copy = JSON.parse(JSON.stringify(value)) as unknown;
      const p = valueProblem(copy);
      if (p) throw new TypeError(`progress value for "${key}" holds ${p}`);
      this.entries.set(key, copy);
    }
    this.persist();
    this.emit({ type: 'changed', key });
  }

  /** The export file for the current progress. */
  snapshot(): ProgressFile {
    return makeFile(Object.fromEntries(this.entries), this.now());
  }

  exportText(): string {
    return JSON.stringify(this.snapshot(), null, 2) + '\n';
  }

  /**
   * Replaces all progress with validated entries (an import). The entries are checked again
   * here; on a problem nothing changes and the problem is returned.
   */
  replaceAll(entries: Entries): Problem | null {
    const problem = fileProblem(makeFile(entries, this.now()));
    if (problem) return problem;
    this.entries = new Map(Object.entries(entries));
    this.persist();
    this.emit({ type: 'changed' });
    return null;
  }

  /** Erases all progress (the page asks for confirmation first). Set-aside copies are kept. */
  reset(): void {
    this.entries.clear();
    this.persist();
    this.emit({ type: 'changed' });
  }

  /** Writes everything; returns whether the device now holds the current progress. */
  persist(): boolean {
    if (this.readOnly) return false;
    if (!this.storage) {
      this.persisted = false;
      this.emit({ type: 'write-failed', reason: 'unavailable' });
      return false;
    }
    try {
      if (this.entries.size === 0) this.storage.removeItem(STORAGE_KEY);
      else this.storage.setItem(STORAGE_KEY, JSON.stringify(this.snapshot()));
    } catch (e) {
      this.persisted = false;
      this.emit({ type: 'write-failed', reason: isQuotaError(e) ? 'full' : 'unavailable' });
      return false;
    }
    if (!this.persisted) {
      this.persisted = true;
      this.emit({ type: 'write-ok' });
    }
    return true;
  }

  /** Another tab changed the stored progress: adopt it if it is readable. */
  adoptExternal(raw: string | null): boolean {
    if (this.readOnly) return false;
    if (raw === null) this.entries = new Map();
    else {
      const parsed = parseFile(raw);
      if (!parsed.file) return false;
      this.entries = new Map(Object.entries(parsed.file.entries));
    }
    this.emit({ type: 'changed', external: true });
    return true;
  }

  /** Follows writes made by other tabs of the site (the browser's "storage" event). */
  watch(target: Pick<Window, 'addEventListener'> = window): void {
    target.addEventListener('storage', (e: StorageEvent) => {
      if (e.key === STORAGE_KEY && e.storageArea === this.storage) this.adoptExternal(e.newValue);
    });
  }
}
