/// <reference lib="webworker" />
/**
 * A helper of the engine worker for data-parallel training (engine/pool.ts). It loads the same
 * engine module as the engine worker, keeps a replica of one run's model (er_replica_*), and for
 * each job writes the broadcast weights into it and computes the shards it was given. Results go
 * back with their buffers transferred, never copied twice. Any failure is reported, and the
 * engine worker then computes those shards itself (the bits are the same wherever a shard runs).
 */
import { loadEngine } from './load';
import { check, withString, type EngineModule } from './module';
import type { HelperReply, HelperRequest, ShardResult } from './pool';

declare const self: DedicatedWorkerGlobalScope;

let replica = 0;
let bufs = { params: 0, grads: 0, losses: 0, stats: 0 };
let tokensPtr = 0;

function create(M: EngineModule, config: string, brk: string) {
  if (replica) M._er_replica_free(replica);
  const p = M._malloc(16);
  try {
    replica = withString(M, config, (c) => withString(M, brk, (b) => {
      check(M, M._er_replica_create(c, b, p));
      return M.HEAP32[p >> 2];
    }));
    check(M, M._er_replica_buffers(replica, p, p + 4, p + 8, p + 12));
    const [params, grads, losses, stats] = M.HEAP32.slice(p >> 2, (p >> 2) + 4);
    bufs = { params, grads, losses, stats };
  } finally {
    M._free(p);
  }
}

function compute(M: EngineModule, msg: Extract<HelperRequest, { type: 'job' }>): ShardResult[] {
  if (!tokensPtr) tokensPtr = M._malloc(msg.tokens.length * 4);
  M.HEAPF32.set(msg.params, bufs.params >> 2);
  M.HEAP32.set(msg.tokens, tokensPtr >> 2);
  const P = msg.params.length;
  const spares = msg.spareGrads.filter((g) => g.length === P);
  return msg.shards.map(({ s, rows }) => {
    check(M, M._er_replica_compute(replica, tokensPtr, s));
    const stats = new Float64Array(M.HEAPU8.buffer, bufs.stats, msg.statsSize).slice();
    const grad = spares.pop() ?? new Float32Array(P);
    grad.set(M.HEAPF32.subarray(bufs.grads >> 2, (bufs.grads >> 2) + P));
    return {
      s,
      grad,
      losses: M.HEAPF32.slice(bufs.losses >> 2, (bufs.losses >> 2) + rows),
      stats,
    };
  });
}

const engine = loadEngine(self.name.split(':')[1] ?? '');
engine.then(
  ({ info }) => self.postMessage({ type: 'ready', backend: info.backend } satisfies HelperReply),
  (e: unknown) => self.postMessage({ type: 'error', message: String(e) } satisfies HelperReply),
);

self.onmessage = async (e: MessageEvent<HelperRequest>) => {
  const startedAt = performance.timeOrigin + performance.now(); // comparable across workers
  const msg = e.data;
  try {
    const { M } = await engine;
    if (msg.type === 'replica') {
      tokensPtr && M._free(tokensPtr);
      tokensPtr = 0;
      create(M, msg.config, msg.brk);
      self.postMessage({ type: 'replica' } satisfies HelperReply);
    } else if (msg.type === 'job') {
      const t0 = performance.now();
      const results = compute(M, msg);
      const reply: HelperReply = { type: 'done', step: msg.step, results, params: msg.params, startedAt, computeMs: performance.now() - t0 };
      self.postMessage(reply, [msg.params.buffer, ...results.flatMap((r) => [r.grad.buffer, r.losses.buffer, r.stats.buffer])]);
    }
  } catch (err) {
    self.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies HelperReply);
  }
};
