/**
 * When the dashboard redraws its charts. A change (a run added, removed or ended) is drawn at
 * the next animation frame. A training run's new steps ("live") are drawn at least LIVE_MIN_MS
 * apart and LIVE_COST_FACTOR times what the last redraw cost apart: while every core trains
 * (engine/pool.ts), the main thread's drawing takes its time from a worker, and on a slow or busy
 * machine (or a phone) a redraw costs more, so it comes less often. What the charts show at the
 * end does not depend on it: the run's end is a change, drawn at once.
 */
export const LIVE_MIN_MS = 200;
/** A live redraw's cost times this is the least time to the next: the charts take about a
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

export class Redraw {
  /** The planned redraw: when, and its timer while it waits for that time. */
  private pending: { at: number; timer?: unknown } | null = null;
  /** The last redraw: when it ended and what it cost (ms). */
  last = { end: -Infinity, cost: 0 };

  constructor(private draw: () => void, private clock: RedrawClock = browserClock) {}

  request(live = false) {
    const now = this.clock.now();
    const at = live ? Math.max(now, this.last.end + Math.max(LIVE_MIN_MS, LIVE_COST_FACTOR * this.last.cost)) : now;
    if (this.pending) {
      if (this.pending.at <= at) return; // already planned, as soon or sooner
      if (this.pending.timer !== undefined) this.clock.cancel(this.pending.timer); // needed sooner
    }
    const pending: { at: number; timer?: unknown } = { at };
    this.pending = pending;
    if (at > now) pending.timer = this.clock.after(at - now, () => ((pending.timer = undefined), this.clock.frame(() => this.run())));
    else this.clock.frame(() => this.run());
  }

  private run() {
    this.pending = null;
    const t0 = this.clock.now();
    this.draw();
    // uPlot finishes a setData in a microtask: one queued now runs after it
    queueMicrotask(() => {
      const end = this.clock.now();
      this.last = { end, cost: end - t0 };
    });
  }
}
