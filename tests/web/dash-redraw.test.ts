// When the dashboard redraws (web/src/studio/dash-redraw.ts), on a fake clock: a change is drawn
// at the next frame; a training run's steps are drawn spaced out by the redraw's own cost, so on a
// slow machine the charts take no more of the main thread than on a fast one.
import { expect, test } from 'vitest';
import { LIVE_COST_FACTOR, LIVE_MIN_MS, Redraw, type RedrawClock } from '../../web/src/studio/dash-redraw';

class FakeClock implements RedrawClock {
  t = 0;
  frames: (() => void)[] = [];
  timers = new Map<number, { at: number; cb: () => void }>();
  private id = 0;
  now = () => this.t;
  frame = (cb: () => void) => void this.frames.push(cb);
  after = (ms: number, cb: () => void) => (this.timers.set(++this.id, { at: this.t + ms, cb }), this.id);
  cancel = (timer: unknown) => void this.timers.delete(timer as number);
  /** Moves time on to `t`, firing timers, then runs the frames requested by then. */
  async advance(t: number) {
    for (const [id, tm] of [...this.timers].sort((a, b) => a[1].at - b[1].at))
      if (tm.at <= t) (this.timers.delete(id), (this.t = tm.at), tm.cb());
    this.t = t;
    const fs = this.frames.splice(0);
    for (const f of fs) f();
    await Promise.resolve(); // the microtask that records the redraw's cost
  }
}

/** A dashboard whose draws take `drawCost` ms; a live round takes `framesPerRound` frames. */
function setup(drawCost: number, framesPerRound = 1) {
  const clock = new FakeClock();
  const draws: number[] = [];
  const kinds: boolean[] = [];
  let part = 0;
  const redraw = new Redraw((live) => {
    draws.push(clock.t);
    kinds.push(live);
    clock.t += drawCost; // the draw takes this long
    part = live ? (part + 1) % framesPerRound : 0;
    return live && part !== 0;
  }, clock);
  return { clock, draws, kinds, redraw };
}

test('a change is drawn at the next frame, once however often it is asked for', async () => {
  const { clock, draws, redraw } = setup(5);
  redraw.request();
  redraw.request();
  await clock.advance(16);
  expect(draws).toEqual([16]);
});

test('live steps are drawn at most every LIVE_MIN_MS when drawing is cheap', async () => {
  const { clock, draws, redraw } = setup(2);
  for (let t = 0; t <= 1000; t += 50) {
    redraw.request(true); // the engine posts steps every 50 ms here
    await clock.advance(t + 16);
  }
  const gaps = draws.slice(1).map((d, i) => d - draws[i]);
  expect(draws.length).toBeGreaterThan(2);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(LIVE_MIN_MS);
});

test('an expensive redraw comes less often: the charts keep to about a tenth of the thread', async () => {
  const { clock, draws, redraw } = setup(60);
  for (let t = 0; t <= 5000; t += 50) {
    redraw.request(true);
    await clock.advance(Math.max(clock.t, t));
  }
  const gaps = draws.slice(1).map((d, i) => d - draws[i]);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(LIVE_COST_FACTOR * 60);
  expect((draws.length * 60) / clock.t).toBeLessThan(0.15);
});

test('a live round spread over frames: one part per frame, the next round spaced by the whole round\'s cost', async () => {
  const { clock, draws, kinds, redraw } = setup(10, 3);
  redraw.request(true);
  for (let f = 1; f <= 3; f++) await clock.advance(16 * f + 30 * (f - 1));
  expect(draws).toHaveLength(3); // the round's three parts, in three frames
  expect(kinds).toEqual([true, true, true]);
  const roundEnd = clock.t;
  redraw.request(true);
  await clock.advance(roundEnd + 3 * 10 * LIVE_COST_FACTOR - 1);
  expect(draws).toHaveLength(3); // not before 10x the round's 30 ms
  await clock.advance(roundEnd + 3 * 10 * LIVE_COST_FACTOR + 16);
  expect(draws).toHaveLength(4);
});

test('a change in the middle of a live round is drawn whole', async () => {
  const { clock, kinds, redraw } = setup(5, 3);
  redraw.request(true);
  await clock.advance(16);
  redraw.request(); // a run added while the round is half drawn
  await clock.advance(32);
  expect(kinds).toEqual([true, false]);
  await clock.advance(500);
  expect(kinds).toEqual([true, false]); // and the round does not go on after it
});

test('a change while a live redraw waits is drawn at once, and only once', async () => {
  const { clock, draws, redraw } = setup(2);
  redraw.request(true);
  await clock.advance(16); // first live redraw (nothing drawn before)
  redraw.request(true); // planned for LIVE_MIN_MS later
  await clock.advance(40);
  expect(draws).toHaveLength(1);
  redraw.request(); // the run ended: draw now
  await clock.advance(56);
  expect(draws).toHaveLength(2);
  await clock.advance(1000); // the cancelled live redraw does not come on top
  expect(draws).toHaveLength(2);
});
