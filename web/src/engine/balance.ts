/**
 * Which shards of a step each worker computes (sharded-step.ts). The bits of a step do not
 * depend on it: the engine adds the shards' results in shard order whoever computed them. Only
 * the time does, so the split follows how fast each worker has been.
 *
 * Why not an even split: the cores a page gets are rarely equal. The engine worker also adds the
 * helpers' shards and takes the optimizer step; the page's main thread draws on one of the cores
 * while training; laptops mix fast and efficiency cores; and on a shared machine a neighbour can
 * slow one core for seconds (measured here: the same four shards took 14 to 24 ms on one thread
 * while the other took 16, docs/performance.md). A step lasts as long as its slowest worker.
 */

/** What a worker has shown so far: ms per shard, and ms before its first shard starts (the job's
 * delivery and the reply's, for a helper; 0 for the engine worker). */
export interface WorkerPace {
  msPerShard: number;
  startMs: number;
}

/**
 * How many of the S shards each worker computes (in worker order, every worker at least one, so
 * each keeps being measured): each next shard goes to the worker that would finish it first. For
 * identical jobs on workers of different speeds this greedy rule gives the shortest step.
 */
export function splitShards(S: number, pace: WorkerPace[]): number[] {
  const W = pace.length;
  if (W === 0 || S < W) throw new RangeError(`cannot split ${S} shards over ${W} workers`);
  const n = pace.map(() => 1);
  for (let left = S - W; left > 0; left--) {
    let best = 0;
    let bestEnd = Infinity;
    for (let w = 0; w < W; w++) {
      // ties go to the later worker: the engine worker (w = 0) has the step's serial work too
      const end = pace[w].startMs + (n[w] + 1) * pace[w].msPerShard;
      if (end <= bestEnd) (best = w), (bestEnd = end);
    }
    n[best]++;
  }
  return n;
}

/** Contiguous blocks of shard indices from the counts: worker w gets the n[w] after those of
 * the workers before it. */
export function blocksOf(n: number[]): number[][] {
  let s0 = 0;
  return n.map((k) => {
    const block = Array.from({ length: k }, (_, i) => s0 + i);
    s0 += k;
    return block;
  });
}

/** Moves a pace towards a new measurement (exponential average: a slow step or two does not
 * swing the split, a core that stays slow does). */
export function updatePace(p: WorkerPace, msPerShard: number, startMs: number, weight = 0.3): void {
  if (Number.isFinite(msPerShard) && msPerShard > 0) p.msPerShard += weight * (msPerShard - p.msPerShard);
  if (Number.isFinite(startMs) && startMs >= 0) p.startMs += weight * (startMs - p.startMs);
}
