// The engine client's contract with the page: results and progress reach the right request,
// CANCEL is sent on abort, and a crashed or silent worker is replaced while every pending
// request fails with a code the UI can act on (retry), instead of hanging forever.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineClient, EngineRequestError } from '../../web/src/engine/client';
import type { FromWorker, ToWorker } from '../../web/src/engine/protocol';

class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  sent: ToWorker[] = [];
  terminated = false;
  constructor(public name: string) {
    FakeWorker.all.push(this);
  }
  postMessage(m: ToWorker) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  reply(m: FromWorker) {
    this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  }
}

const factory = (name: string) => new FakeWorker(name) as unknown as Worker;
const lastWorker = () => FakeWorker.all[FakeWorker.all.length - 1];

beforeEach(() => {
  FakeWorker.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('EngineClient', () => {
  it('passes the module preference in the worker name and resolves ready with the module facts', async () => {
    const c = new EngineClient('scalar', factory);
    expect(lastWorker().name).toBe('engine:scalar');
    lastWorker().reply({ id: 0, type: 'READY', data: { version: '1', backend: 'eigen-wasm-scalar', simd: false } });
    await expect(c.ready).resolves.toMatchObject({ simd: false });
  });

  it('routes progress and results to the request that asked', async () => {
    const c = new EngineClient('', factory);
    const progress: unknown[] = [];
    const a = c.run('x', { n: 1 }, { onProgress: (d) => progress.push(d) });
    const b = c.run('y');
    const [ma, mb] = lastWorker().sent as { id: number }[];
    lastWorker().reply({ id: ma.id, type: 'PROGRESS', data: 0.5 });
    lastWorker().reply({ id: mb.id, type: 'RESULT', data: 'B' });
    lastWorker().reply({ id: ma.id, type: 'RESULT', data: 'A' });
    await expect(a).resolves.toBe('A');
    await expect(b).resolves.toBe('B');
    expect(progress).toEqual([0.5]);
  });

  it('turns an engine refusal into an EngineRequestError with code "engine"', async () => {
    const c = new EngineClient('', factory);
    const p = c.run('x');
    lastWorker().reply({ id: 1, type: 'ERROR', data: { code: 'engine', message: 'T must be between 1 and 64' } });
    await expect(p).rejects.toMatchObject({ code: 'engine', message: 'T must be between 1 and 64' });
  });

  it('sends CANCEL for the request when its signal aborts', () => {
    const c = new EngineClient('', factory);
    const ac = new AbortController();
    void c.run('train', {}, { signal: ac.signal }).catch(() => {});
    ac.abort();
    expect(lastWorker().sent.at(-1)).toEqual({ id: 1, type: 'CANCEL' });
  });

  it('replaces a crashed worker and fails every pending request with code "crashed"', async () => {
    const c = new EngineClient('', factory);
    const first = lastWorker();
    const a = c.run('x');
    const b = c.run('y');
    first.reply({ id: 1, type: 'ERROR', data: { code: 'crashed', message: 'unreachable' } });
    await expect(a).rejects.toMatchObject({ code: 'crashed' });
    await expect(b).rejects.toBeInstanceOf(EngineRequestError);
    expect(first.terminated).toBe(true);
    expect(FakeWorker.all.length).toBe(2);
    expect(c.generation).toBe(2);
    // The new worker serves new requests.
    const d = c.run('z');
    lastWorker().reply({ id: 3, type: 'RESULT', data: 42 });
    await expect(d).resolves.toBe(42);
  });

  it('declares a silent worker hung after the timeout, but not one that keeps reporting progress', async () => {
    const c = new EngineClient('', factory);
    const busy = c.run('train', {}, { hungAfterMs: 5000 });
    for (let s = 0; s < 8; s++) {
      vi.advanceTimersByTime(1000);
      lastWorker().reply({ id: 1, type: 'PROGRESS', data: s });
    }
    expect(FakeWorker.all.length).toBe(1);
    vi.advanceTimersByTime(7000);
    await expect(busy).rejects.toMatchObject({ code: 'hung' });
    expect(FakeWorker.all.length).toBe(2);
  });
});
