/**
 * The engine worker's helpers for data-parallel training (wasm/src/model/shards.h). The page
 * talks to one engine worker as before; for a training run, that worker hands shards of each
 * step's batch to helper workers (helper-worker.ts) and adds their results in shard order, so
 * every core trains and the bits are those of one worker.
 *
 * How many workers: `?workers=N` on the page (1..8), else navigator.hardwareConcurrency capped
 * at DEFAULT_CAP, else one. Plain postMessage with transferred buffers: no SharedArrayBuffer, so
 * no cross-origin isolation is needed (GitHub Pages sends no COOP/COEP headers). Each step the
 * engine worker broadcasts the updated weights (n_params floats per helper) and each helper
 * sends back its shards' gradients (n_params floats per shard); broadcasting the summed gradient
 * instead would cost the same bytes and need an optimizer state in every helper.
 * A helper that fails to load, runs another engine build, or errors is dropped: the engine
 * worker computes its shards itself (same bits).
 */
export const MAX_WORKERS = 8;
export const DEFAULT_CAP = 4;

export interface ShardResult {
  s: number;
  grad: Float32Array;
  losses: Float32Array;
  stats: Float64Array;
}
export type HelperRequest =
  | { type: 'replica'; config: string; brk: string }
  | { type: 'job'; step: number; params: Float32Array; tokens: Int32Array; shards: { s: number; rows: number }[]; statsSize: number;
      /** Gradient buffers the helper sent before, back for reuse (a fresh 494 KB buffer per shard
       * and step cost the helper ~0.3 ms a shard in allocation and garbage collection). */
      spareGrads: Float32Array[] };
export type HelperReply =
  | { type: 'ready'; backend: string }
  | { type: 'replica' }
  | { type: 'done'; step: number; results: ShardResult[]; params: Float32Array; startedAt: number; computeMs: number }
  | { type: 'error'; message: string };

/** A helper worker answering one request at a time. */
export class Helper {
  private waiting: { ok(r: HelperReply): void; fail(e: Error): void } | null = null;
  readonly ready: Promise<string>;
  dead = false;
  /** Held by a training run (two runs training at once: the second gets the free helpers). */
  owned = false;
  /** The weights buffer the helper sent back, reused for the next broadcast. */
  spare: Float32Array | null = null;
  /** Its gradient buffers, once added, going back with the next job. */
  spareGrads: Float32Array[] = [];

  constructor(private worker: Worker) {
    let ok!: (backend: string) => void, fail!: (e: Error) => void;
    this.ready = new Promise((res, rej) => ((ok = res), (fail = rej)));
    this.ready.catch(() => {});
    worker.onmessage = (e: MessageEvent<HelperReply>) => {
      const r = e.data;
      if (r.type === 'ready') return ok(r.backend);
      const w = this.waiting;
      this.waiting = null;
      if (r.type === 'error') {
        fail(new Error(r.message));
        w?.fail(new Error(r.message));
      } else w?.ok(r);
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      this.kill();
      fail(new Error('helper failed'));
    };
  }

  request(msg: HelperRequest, transfer: Transferable[] = []): Promise<HelperReply> {
    if (this.dead || this.waiting) return Promise.reject(new Error('helper unavailable'));
    return new Promise((ok, fail) => {
      this.waiting = { ok, fail };
      this.worker.postMessage(msg, transfer);
    });
  }

  kill() {
    this.dead = true;
    this.worker.terminate();
    this.waiting?.fail(new Error('helper stopped'));
    this.waiting = null;
  }
}

let wanted = 1;
let prefer = '';
let helpers: Helper[] | null = null;

/** Called once by the engine worker: `requested` from the page (null = choose), the module
 * preference and the backend the engine worker itself runs (helpers must run the same). */
export function configurePool(requested: number | null, modulePrefer: string) {
  const cores = typeof navigator === 'object' ? navigator.hardwareConcurrency : 0;
  const n = requested ?? Math.min(cores || 1, DEFAULT_CAP);
  wanted = typeof Worker === 'function' ? Math.max(1, Math.min(MAX_WORKERS, Math.floor(n) || 1)) : 1;
  prefer = modulePrefer;
}

/** Workers a training run may use, the engine worker included. */
export function poolSize(): number {
  return wanted;
}

/**
 * The free helpers, each now holding a replica of a run of `config` (JSON) with break `brk`,
 * owned by the caller until release(); started on first use and kept for later runs. Empty with
 * one worker (or when another run holds them all).
 */
export async function team(config: string, brk: string, backend: string, max: number): Promise<Helper[]> {
  helpers ??= Array.from({ length: wanted - 1 }, () =>
    new Helper(new Worker(new URL('./helper-worker.ts', import.meta.url), { type: 'module', name: `helper:${prefer}` })));
  const free = helpers.filter((h) => !h.dead && !h.owned).slice(0, max);
  for (const h of free) h.owned = true;
  const alive = await Promise.all(free.map(async (h) => {
    try {
      if ((await h.ready) !== backend) throw new Error('not the engine worker\'s build');
      await h.request({ type: 'replica', config, brk });
      return h;
    } catch {
      h.kill();
      return null;
    }
  }));
  helpers = helpers.filter((h) => !h.dead);
  return alive.filter((h): h is Helper => h !== null);
}

export function release(team: Helper[]) {
  for (const h of team) h.owned = false;
}
