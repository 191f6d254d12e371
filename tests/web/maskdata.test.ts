// The worker's side of "mask as data" (web/src/engine/ops/maskdata.ts) against the real engine:
// trainRun's maskData argument trains and generates with the given masks, and the evidence the
// studio reads (the causality sweep) follows the mask, not a label.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import createEngine from '@engine/engine-scalar.mjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { EngineModule } from '../../web/src/engine/module';
import { ops } from '../../web/src/engine/ops/index';
import type { OpContext } from '../../web/src/engine/ops/types';

const REPO = join(import.meta.dirname, '../..');
let ctx: OpContext;
const handles: number[] = [];
beforeAll(async () => {
  const wasmBinary = readFileSync(join(REPO, 'build/wasm/engine-scalar.wasm'));
  const M = await (createEngine as unknown as (o: { wasmBinary: Uint8Array }) => Promise<EngineModule>)({ wasmBinary });
  ctx = { M, progress: () => {}, cancelled: () => false, yieldNow: async () => {} };
});
afterAll(() => {
  for (const h of handles) ctx.M._er_run_free(h);
});

const T = 32;
const CONFIG = { n_embd: 16, n_head: 2, n_layer: 1, batch_size: 2, steps: 3, warmup_steps: 1, train_sentences: 200 };
const grid = (f: (i: number, j: number) => number) => Array.from({ length: T * T }, (_, n) => f(Math.floor(n / T), n % T));
const causal = grid((i, j) => (j <= i ? 0 : -Infinity));
const ones01 = grid((i, j) => (j <= i ? 1 : 0));

async function trained(brk: string, maskData?: unknown) {
  const r = (await ops.trainRun({ config: CONFIG, break: brk, seed: 2, maskData }, ctx)) as { handle: number };
  handles.push(r.handle);
  const sweep = (await ops.trainCausality({ handle: r.handle, T, seed: 4 }, ctx)) as { allOk: boolean; maxDiff: number[] };
  const samples = (await ops.trainSample({ handle: r.handle, n: 2, seed: 1, temperature: 0 }, ctx)) as { samples: unknown; path: string };
  return { handle: r.handle, sweep, samples };
}

test('the causal triangle as data repairs a no-mask run exactly like the built-in mask', async () => {
  const healthy = await trained('healthy');
  const repaired = await trained('no-mask', { train: { mask: causal, where: 'pre' }, generate: { mask: causal, where: 'pre' } });
  expect(healthy.sweep.allOk).toBe(true);
  expect(repaired.sweep).toEqual(healthy.sweep);
  expect(repaired.samples).toEqual(healthy.samples);
  expect(repaired.samples.path).toBe('kv_cache');
});

test('wrong repairs as data leave red evidence: after the softmax, multiplied, and only in training', async () => {
  const post = await trained('no-mask', { train: { mask: causal, where: 'post' }, generate: { mask: causal, where: 'post' } });
  const mult = await trained('no-mask', { train: { mask: ones01, where: 'multiply' }, generate: { mask: ones01, where: 'multiply' } });
  const trainOnly = await trained('no-mask', { train: { mask: causal, where: 'pre' } });
  for (const r of [post, mult, trainOnly]) {
    expect(r.sweep.allOk).toBe(false);
    expect(r.samples.path).toBe('full_recompute');
  }
  // the post-softmax repair as data is the built-in post-softmax break, bit for bit
  const builtIn = await trained('post-softmax-mask');
  expect(post.sweep).toEqual(builtIn.sweep);
});

test('a run given a mask later follows it; null clears it back to the break', async () => {
  const r = await trained('no-mask');
  expect(r.sweep.allOk).toBe(false);
  await ops.trainSetMaskData({ handle: r.handle, maskData: { generate: { mask: causal, where: 'pre' } } }, ctx);
  expect(((await ops.trainCausality({ handle: r.handle, T, seed: 4 }, ctx)) as { allOk: boolean }).allOk).toBe(true);
  await ops.trainSetMaskData({ handle: r.handle, maskData: null }, ctx);
  expect(((await ops.trainCausality({ handle: r.handle, T, seed: 4 }, ctx)) as { allOk: boolean }).allOk).toBe(false);
  await expect(async () => ops.trainSetMaskData({ handle: r.handle, maskData: { train: { mask: causal, where: 'before' } } }, ctx)).rejects.toThrow(
    'maskData.train.where must be pre, post or multiply',
  );
});
