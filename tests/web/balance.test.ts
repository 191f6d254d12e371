// How a sharded step's shards are split over the workers (web/src/engine/balance.ts). The bits of
// a step never depend on the split (tests/cpp/test_train_shards.cpp, tests/browser/
// training-workers.test.mjs); these check that the split is a valid one and follows the workers' pace.
import { describe, expect, test } from 'vitest';
import { blocksOf, splitShards, updatePace, type WorkerPace } from '../../web/src/engine/balance';

const even = (W: number): WorkerPace[] => Array.from({ length: W }, () => ({ msPerShard: 1, startMs: 0 }));

describe('splitShards', () => {
  test('equal workers: an even split, the engine worker (first) never taking more than a helper', () => {
    expect(splitShards(8, even(1))).toEqual([8]);
    expect(splitShards(8, even(2))).toEqual([4, 4]);
    expect(splitShards(8, even(3))).toEqual([2, 3, 3]);
    expect(splitShards(8, even(4))).toEqual([2, 2, 2, 2]);
    expect(splitShards(3, even(3))).toEqual([1, 1, 1]);
  });

  test('a slower worker gets fewer shards, but always one', () => {
    expect(splitShards(8, [{ msPerShard: 5, startMs: 0 }, { msPerShard: 2.5, startMs: 0 }])).toEqual([2, 6]);
    expect(splitShards(8, [{ msPerShard: 100, startMs: 0 }, { msPerShard: 1, startMs: 0 }])).toEqual([1, 7]);
    // a helper whose jobs arrive late starts behind
    expect(splitShards(8, [{ msPerShard: 4, startMs: 0 }, { msPerShard: 4, startMs: 9 }])).toEqual([5, 3]);
  });

  test('every split covers each shard once, in order, whatever the pace', () => {
    for (let trial = 0; trial < 200; trial++) {
      const W = 1 + (trial % 8);
      const S = W + (trial % 5);
      const pace = Array.from({ length: W }, (_, w) => ({ msPerShard: 0.5 + ((trial * 7 + w * 13) % 11), startMs: (trial + w) % 4 }));
      const n = splitShards(S, pace);
      expect(n.every((k) => k >= 1)).toBe(true);
      expect(blocksOf(n).flat()).toEqual(Array.from({ length: S }, (_, s) => s));
    }
  });

  test('the split finishes no later than the even split would', () => {
    const pace = [{ msPerShard: 6, startMs: 0 }, { msPerShard: 3, startMs: 1 }, { msPerShard: 4, startMs: 1 }];
    const end = (n: number[]) => Math.max(...n.map((k, w) => pace[w].startMs + k * pace[w].msPerShard));
    expect(end(splitShards(8, pace))).toBeLessThanOrEqual(end([2, 3, 3]));
    expect(end(splitShards(8, pace))).toBe(13); // [2, 4, 2] -> max(12, 13, 9)
  });

  test('refuses more workers than shards', () => {
    expect(() => splitShards(2, even(3))).toThrow(RangeError);
  });
});

test('updatePace follows a lasting change and ignores what is not a measurement', () => {
  const p = { msPerShard: 1, startMs: 0 };
  for (let i = 0; i < 20; i++) updatePace(p, 5, 2);
  expect(p.msPerShard).toBeCloseTo(5, 2);
  expect(p.startMs).toBeCloseTo(2, 2);
  updatePace(p, NaN, -1);
  updatePace(p, 0, Infinity);
  expect(p.msPerShard).toBeCloseTo(5, 2);
  expect(p.startMs).toBeCloseTo(2, 2);
  updatePace(p, 10, 2);
  expect(p.msPerShard).toBeGreaterThan(5);
  expect(p.msPerShard).toBeLessThan(10); // one slow step does not swing it all the way
});
