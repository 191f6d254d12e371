// The progress store (web/src/site/progress.ts) against an in-memory Storage that can be made
// to fail: every error path keeps the learner's data.
import { describe, expect, test } from 'vitest';
import { ASIDE_PREFIX, LocalProgressStore, STORAGE_KEY, type StoreEvent } from '../../web/src/site/progress';
import { fileProblem, parseFile } from '../../web/src/site/schema';

/** A Storage whose writes can be refused (quota) and whose size can be capped. */
class FakeStorage implements Storage {
  map = new Map<string, string>();
  full = false;
  capacity = Infinity;
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    const used = [...this.map].reduce((n, [kk, vv]) => n + (kk === k ? 0 : kk.length + vv.length), 0);
    if (this.full || used + k.length + v.length > this.capacity) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  clear() {
    this.map.clear();
  }
}

const NOW = new Date('2026-01-02T03:04:05.000Z');
const open = (s: Storage) => {
  const store = new LocalProgressStore(s, () => NOW);
  const events: StoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  return { store, events };
};

describe('saving and reading back', () => {
  test('values survive a new store on the same storage (a reload), in the export schema', () => {
    const s = new FakeStorage();
    open(s).store.set('quiz:01-exam-rule:which-keys', { choice: 1, correct: true, tries: 2 });
    const again = open(s).store;
    expect(again.get('quiz:01-exam-rule:which-keys')).toEqual({ choice: 1, correct: true, tries: 2 });
    const stored = JSON.parse(s.getItem(STORAGE_KEY)!);
    expect(stored).toEqual({ app: 'exam-rule', schema: 1, savedAt: NOW.toISOString(), entries: { 'quiz:01-exam-rule:which-keys': { choice: 1, correct: true, tries: 2 } } });
    expect(fileProblem(stored)).toBeNull();
  });

  test('undefined removes a key; values are copies', () => {
    const { store } = open(new FakeStorage());
    const v = { a: [1] };
    store.set('k', v);
    v.a.push(2);
    expect(store.get('k')).toEqual({ a: [1] });
    store.set('k', undefined);
    expect(store.has('k')).toBe(false);
  });

  test('a key or value the export format cannot hold is refused (so every export imports again)', () => {
    const { store } = open(new FakeStorage());
    expect(() => store.set('bad key', 1)).toThrow(TypeError);
    expect(() => store.set('x'.repeat(201), 1)).toThrow(TypeError);
    expect(() => store.set('deep', [[[[[1]]]]])).toThrow(/nested|deeper/);
    expect(() => store.set('long', 'x'.repeat(20001))).toThrow(/longer/);
    expect(() => store.set('nan', NaN)).not.toThrow(); // JSON turns NaN into null, as the file will hold
    expect(store.get('nan')).toBeNull();
    expect(store.has('bad key')).toBe(false);
  });

  test('a "__proto__" key is stored as data, not as a prototype', () => {
    const s = new FakeStorage();
    open(s).store.set('__proto__', { polluted: true });
    const again = open(s).store;
    expect(again.get('__proto__')).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('unreadable stored data is set aside, never silently wiped', () => {
  for (const [what, raw, code] of [
    ['not JSON', '{"app":"exam-rule", oops', 'json'],
    ['another app', '{"app":"someone-else","schema":1,"entries":{}}', 'foreign'],
    ['a newer schema', '{"app":"exam-rule","schema":2,"savedAt":"x","entries":{}}', 'version'],
    ['a damaged entry name', '{"app":"exam-rule","schema":1,"savedAt":"x","entries":{"bad key":1}}', 'damaged'],
  ] as const)
    test(`${what}: copied under a set-aside key, the learner is told, a fresh start`, () => {
      const s = new FakeStorage();
      s.setItem(STORAGE_KEY, raw);
      const { store, events } = open(s);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'set-aside', problem: { code }, raw });
      const aside = (events[0] as { asideKey: string }).asideKey;
      expect(aside.startsWith(ASIDE_PREFIX)).toBe(true);
      expect(s.getItem(aside)).toBe(raw);
      expect(s.getItem(STORAGE_KEY)).toBeNull();
      expect(store.size).toBe(0);
      store.set('seen:x', true);
      expect(s.getItem(aside)).toBe(raw); // still there after new writes
      expect(store.asideKeys()).toEqual([aside]);
    });

  test('when the copy cannot be written, the original stays and nothing overwrites it', () => {
    const s = new FakeStorage();
    const raw = 'garbage';
    s.setItem(STORAGE_KEY, raw);
    s.full = true;
    const { store, events } = open(s);
    expect(events[0]).toMatchObject({ type: 'cannot-set-aside', problem: { code: 'json' } });
    expect(store.readOnly).toBe(true);
    s.full = false;
    store.set('seen:x', true); // kept in memory only
    expect(store.get('seen:x')).toBe(true);
    expect(s.getItem(STORAGE_KEY)).toBe(raw);
    expect(store.persisted).toBe(false);
  });
});

describe('write failures', () => {
  test('a full quota is reported, the value is kept in memory, and the next successful write says so', () => {
    const s = new FakeStorage();
    const { store, events } = open(s);
    store.set('a', 1);
    s.full = true;
    store.set('b', 'note');
    expect(events.filter((e) => e.type === 'write-failed')).toEqual([{ type: 'write-failed', reason: 'full' }]);
    expect(store.get('b')).toBe('note');
    expect(store.persisted).toBe(false);
    expect(JSON.parse(s.getItem(STORAGE_KEY)!).entries).toEqual({ a: 1 }); // the last good state is intact
    s.full = false;
    store.set('c', 2);
    expect(events.at(-2)).toEqual({ type: 'write-ok' });
    expect(JSON.parse(s.getItem(STORAGE_KEY)!).entries).toEqual({ a: 1, b: 'note', c: 2 });
  });

  test('no storage at all (blocked by the browser): the session still works, the learner is told', () => {
    const { store, events } = open(null as unknown as Storage);
    expect(events[0]).toEqual({ type: 'write-failed', reason: 'unavailable' });
    store.set('a', 1);
    expect(store.get('a')).toBe(1);
  });
});

describe('export, import, reset', () => {
  test('export is a valid progress file that parses back to the same entries', () => {
    const { store } = open(new FakeStorage());
    store.set('recall:l:x', 'my words ✓');
    store.set('done:l', NOW.toISOString());
    const parsed = parseFile(store.exportText());
    expect(parsed.problem).toBeUndefined();
    expect(parsed.file!.entries).toEqual({ 'recall:l:x': 'my words ✓', 'done:l': NOW.toISOString() });
  });

  test('replaceAll swaps everything for valid entries, and refuses bad ones without touching anything', () => {
    const s = new FakeStorage();
    const { store } = open(s);
    store.set('mine', 1);
    expect(store.replaceAll({ 'bad key': 1 })).toMatchObject({ code: 'damaged' });
    expect(store.keys()).toEqual(['mine']);
    expect(JSON.parse(s.getItem(STORAGE_KEY)!).entries).toEqual({ mine: 1 });
    expect(store.replaceAll({ theirs: [1, 2] })).toBeNull();
    expect(store.keys()).toEqual(['theirs']);
    expect(JSON.parse(s.getItem(STORAGE_KEY)!).entries).toEqual({ theirs: [1, 2] });
  });

  test('reset erases the progress but keeps set-aside copies', () => {
    const s = new FakeStorage();
    s.setItem(STORAGE_KEY, 'broken');
    const { store } = open(s);
    store.set('a', 1);
    store.reset();
    expect(store.size).toBe(0);
    expect(s.getItem(STORAGE_KEY)).toBeNull();
    expect(store.asideKeys()).toHaveLength(1);
  });

  test('another tab writing readable progress is adopted; unreadable text is ignored', () => {
    const { store, events } = open(new FakeStorage());
    store.set('a', 1);
    expect(store.adoptExternal('{"app":"exam-rule","schema":1,"savedAt":"x","entries":{"b":2}}')).toBe(true);
    expect(store.keys()).toEqual(['b']);
    expect(events.at(-1)).toEqual({ type: 'changed', external: true });
    expect(store.adoptExternal('nope')).toBe(false);
    expect(store.keys()).toEqual(['b']);
  });
});

describe('the schema mirror agrees with the engine on the edges', () => {
  const file = (entries: unknown) => ({ app: 'exam-rule', schema: 1, savedAt: 'now', entries });
  test('depth 4 is allowed, 5 is not', () => {
    expect(fileProblem(file({ k: [[[[1]]]] }))).toBeNull();
    expect(fileProblem(file({ k: [[[[[1]]]]] }))).toMatchObject({ code: 'damaged' });
  });
  test('extra top-level fields, a missing savedAt and too many entries are refused', () => {
    expect(fileProblem({ ...file({}), extra: 1 })).toMatchObject({ code: 'damaged' });
    expect(fileProblem({ app: 'exam-rule', schema: 1, entries: {} })).toMatchObject({ code: 'damaged' });
    expect(fileProblem(file(Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`k${i}`, 1]))))).toMatchObject({ code: 'damaged' });
  });
  test('strings are measured in characters, not UTF-16 units', () => {
    expect(fileProblem(file({ k: '😀'.repeat(20000) }))).toBeNull();
    expect(fileProblem(file({ k: '😀'.repeat(20001) }))).toMatchObject({ code: 'damaged' });
  });
});
