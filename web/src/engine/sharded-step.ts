/**
 * One training step of a run spread over the engine worker and its helpers (pool.ts), through
 * the C API's step in parts (capi.h, "data-parallel training"). The batch's S shards (fixed by
 * the batch size) are cut into contiguous blocks, one per worker, the engine worker taking the
 * first, sized each step by how fast each worker has been (balance.ts); results are added in
 * shard order, so the metrics line is the one er_run_step gives whoever computed what.
 */
import { blocksOf, splitShards, updatePace, type WorkerPace } from './balance';
import { check, outString, type EngineModule } from './module';
import { poolSize, release, team, type Helper, type HelperReply } from './pool';

/**
 * The run's steps spread over at most `maxWorkers` workers of the pool (same bits as
 * er_run_step), or null when one worker trains (one in the pool, one shard, or no helper free).
 */
export async function shardedStep(M: EngineModule, handle: number, config: Record<string, number>, brk: string,
  maxWorkers = poolSize()): Promise<ShardedStep | null> {
  if (maxWorkers < 2) return null;
  const p = M._malloc(12);
  let plan: { shards: number; nParams: number; statsSize: number };
  try {
    check(M, M._er_run_shard_plan(handle, p, p + 4, p + 8));
    const [shards, nParams, statsSize] = M.HEAP32.slice(p >> 2, (p >> 2) + 3);
    plan = { shards, nParams, statsSize };
  } finally {
    M._free(p);
  }
  if (plan.shards < 2) return null;
  const backend = M.UTF8ToString(M._er_backend());
  const helpers = await team(JSON.stringify(config), brk, backend, Math.min(plan.shards, maxWorkers) - 1);
  if (!helpers.length) return null;
  return new ShardedStep(M, handle, helpers, { ...plan, B: config.batch_size, T: config.block_size }, () => release(helpers));
}

export interface StepParts {
  begin: number;
  own: number;
  wait: number;
  add: number;
  finish: number;
  helper: number;
  delivery: number;
  ownShards: number;
}

export class ShardedStep {
  private tokens: number;
  private started: number;
  private grad: number;
  private losses: number;
  private stats: number;
  private steps = 0;
  /** Shards the helpers computed (the rest ran here): what the run's result reports. */
  helperShards = 0;
  /** Where the steps' time went, in ms summed over steps (the bench's part-by-part table):
   * begin (the batch, the weights broadcast), own (this worker's shards), wait (for the
   * slowest helper after that), add (the helpers' shards added), finish (the optimizer step
   * and the metrics line), helper (the slowest helper's compute), delivery (how long the first
   * helper's job took to arrive); and ownShards, the shards this worker computed. */
  readonly parts: StepParts = { begin: 0, own: 0, wait: 0, add: 0, finish: 0, helper: 0, delivery: 0, ownShards: 0 };
  /** How fast each worker has been (w = 0: this worker): the next step's split. */
  private pace: WorkerPace[];

  constructor(
    private M: EngineModule,
    private handle: number,
    private helpers: Helper[],
    private plan: { shards: number; nParams: number; statsSize: number; B: number; T: number },
    private onFree: () => void,
  ) {
    const { B, T } = plan;
    this.tokens = M._malloc(2 * B * T * 4);
    this.started = M._malloc(4);
    this.grad = M._malloc(plan.nParams * 4);
    this.losses = M._malloc(B * T * 4);
    this.stats = M._malloc(plan.statsSize * 8);
    // Until measured, all equal: an even split, the helpers taking the larger blocks.
    this.pace = Array.from({ length: helpers.length + 1 }, () => ({ msPerShard: 1, startMs: 0 }));
  }

  /** Rows (windows x T) of shard s, as model/shards.h cuts the batch. */
  private rows(s: number): number {
    const { shards: S, B, T } = this.plan;
    return (Math.floor(B / S) + (s < B % S ? 1 : 0)) * T;
  }

  /** Workers this run's steps are spread over, this one included. */
  get workers(): number {
    return this.pace.length;
  }

  /** One optimizer step; returns the metrics line. */
  async step(): Promise<string> {
    const { M, handle, plan, parts } = this;
    const t0 = performance.now();
    check(M, M._er_run_step_begin(handle, this.tokens, this.started));
    if (M.HEAP32[this.started >> 2] !== 1) throw new Error('the run has no step left');
    const tokens = M.HEAP32.slice(this.tokens >> 2, (this.tokens >> 2) + 2 * plan.B * plan.T);
    const pp = M._malloc(4);
    let params: Float32Array;
    try {
      check(M, M._er_run_params(handle, pp));
      params = new Float32Array(M.HEAPU8.buffer, M.HEAP32[pp >> 2], plan.nParams);
    } finally {
      M._free(pp);
    }
    const step = this.steps++;
    // blocks[w] = the shards worker w computes in this step (w = 0: this worker)
    const blocks = blocksOf(splitShards(plan.shards, this.pace));
    const sentAt = performance.timeOrigin + performance.now();
    // Broadcast first, so the helpers work while this worker computes its own block.
    const jobs = this.helpers.map((h, i) => {
      const p = h.spare?.length === plan.nParams ? h.spare : new Float32Array(plan.nParams);
      h.spare = null;
      p.set(params);
      const shards = blocks[i + 1].map((s) => ({ s, rows: this.rows(s) }));
      const spareGrads = h.spareGrads;
      h.spareGrads = [];
      return h.request({ type: 'job', step, params: p, tokens, shards, statsSize: plan.statsSize, spareGrads },
        [p.buffer, ...spareGrads.map((g) => g.buffer)])
        .catch(() => (h.kill(), null));
    });
    const t1 = performance.now();
    for (const s of blocks[0]) check(M, M._er_run_shard_compute(handle, s));
    const t2 = performance.now();
    updatePace(this.pace[0], (t2 - t1) / blocks[0].length, 0);
    let waited = 0;
    let helperMs = 0;
    for (let i = 0; i < jobs.length; i++) {
      const tw = performance.now();
      const reply = (await jobs[i]) as Extract<HelperReply, { type: 'done' }> | null;
      waited += performance.now() - tw;
      if (reply) {
        this.helpers[i].spare = reply.params;
        helperMs = Math.max(helperMs, reply.computeMs);
        // the job's delivery, and (about as long) the reply's: when this helper's shards start
        updatePace(this.pace[i + 1], reply.computeMs / blocks[i + 1].length, 2 * Math.max(0, reply.startedAt - sentAt));
        if (i === 0) parts.delivery += reply.startedAt - sentAt;
      }
      for (const s of blocks[i + 1]) {
        const r = reply?.results.find((x) => x.s === s);
        if (!r) {
          check(M, M._er_run_shard_compute(handle, s)); // the helper failed: same shard, same bits
          continue;
        }
        this.helperShards++;
        M.HEAPF32.set(r.grad, this.grad >> 2);
        this.helpers[i].spareGrads.push(r.grad);
        M.HEAPF32.set(r.losses, this.losses >> 2);
        new Float64Array(M.HEAPU8.buffer, this.stats, plan.statsSize).set(r.stats);
        check(M, M._er_run_shard_add(handle, s, this.grad, this.losses, this.stats));
      }
    }
    const t3 = performance.now();
    const line = outString(M, (p) => M._er_run_step_finish(handle, p));
    const t4 = performance.now();
    parts.begin += t1 - t0;
    parts.own += t2 - t1;
    parts.wait += waited;
    parts.add += t3 - t2 - waited;
    parts.finish += t4 - t3;
    parts.helper += helperMs;
    parts.ownShards += blocks[0].length;
    return line;
  }

  /** `parts` per step over the `steps` steps since `since` (a copy of `parts` taken then). */
  partsPerStep(steps: number, since?: StepParts): StepParts {
    const out = { ...this.parts };
    for (const k of Object.keys(out) as (keyof StepParts)[]) out[k] = (out[k] - (since?.[k] ?? 0)) / steps;
    return out;
  }

  /** Frees the buffers and gives the helpers back to the pool. */
  free() {
    for (const p of [this.tokens, this.started, this.grad, this.losses, this.stats]) this.M._free(p);
    this.onFree();
  }
}
