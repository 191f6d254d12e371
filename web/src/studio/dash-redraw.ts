/**
 * When the dashboard redraws its charts. A change (a run added, removed or ended) is drawn at
 * the next animation frame. A training run's new steps ("live") are drawn in rounds: a round
 * may take several frames (the draw says whether more is left: a few charts per frame, so no
 * frame holds the main thread long), and rounds start at least LIVE_MIN_MS apart and
 * LIVE_COST_FACTOR times what the last round cost apart. While every core trains
 * (engine/pool.ts), the main thread's drawing takes its time from a worker, and on a slow or
 * busy machine (or a phone) a round costs more, so it comes less often. What the charts show at
 * the end does not depend on it: the run's end is a change, drawn at once and whole.
 */
export const LIVE_MIN_MS = 200;
/** A live round's cost times this is the least time to the next: the charts take about a
 * tenth of a core while a run trains (docs/performance.md). */
export const LIVE_COST_FACTOR = 10;

/** The clock and the timers, replaceable in tests. */
export interface RedrawClock {
  now(): number;
  frame(cb: () => void): void;
  after(ms: number, cb: () => void): unknown;
  cancel(timer: unknown): void;
}

const browserClock: RedrawClock = {
  now: () => performance.now(),
  frame: (cb) => (typeof requestAnimationFrame !== 'undefined' ? requestAnimationFrame(cb) : setTimeout(cb, 16)),
  after: (ms, cb) => setTimeout(cb, ms),
  cancel: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** Draws: live, only new steps to show (a part of a round is enough); otherwise everything.
 * Returns true when a live round has more left for the next frame. */
export type DrawFn = (live: boolean) => boolean;

interface Pending {
  at: number;
  /** Every request merged into it was live. */
  live: boolean;
  timer?: unknown;
}

export class Redraw {
  private pending: Pending | null = null;
  /** What the current round has cost so far (ms). */
  private roundCost = 0;
  /** The last finished round: when it ended and what it cost (ms). */
  private last = { end: -Infinity, cost: 0 };

  constructor(private draw: DrawFn, private clock: RedrawClock = browserClock) {}

  request(live = false) {
    const now = this.clock.now();
    const at = live ? Math.max(now, this.last.end + Math.max(LIVE_MIN_MS, LIVE_COST_FACTOR * this.last.cost)) : now;
    const p = this.pending;
    if (p && p.at <= at) {
      p.live &&= live; // already planned as soon or sooner; a change makes it a whole redraw
      return;
    }
    if (p?.timer !== undefined) this.clock.cancel(p.timer); // needed sooner
    this.plan({ at, live: live && (p?.live ?? true) }, now);
  }

  private plan(p: Pending, now: number) {
    this.pending = p;
    if (p.at > now) p.timer = this.clock.after(p.at - now, () => ((p.timer = undefined), this.clock.frame(() => this.run())));
    else this.clock.frame(() => this.run());
  }

  private run() {
    const live = this.pending?.live ?? false;
    this.pending = null;
    const t0 = this.clock.now();
    const more = this.draw(live);
    // uPlot finishes a setData in a microtask: one queued now runs after it
    queueMicrotask(() => {
      const end = this.clock.now();
      this.roundCost += end - t0;
      if (more && live) {
        if (!this.pending) this.plan({ at: end, live: true }, end); // the rest of the round, next frame
        return;
      }
      this.last = { end, cost: this.roundCost };
      this.roundCost = 0;
    });
  }
}
