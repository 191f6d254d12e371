// Training under stress, in the real worker (issue 8): cancel mid-run frees the run; a second
// run started while one is running does not disturb it (same seed, same bits); twenty runs in a
// row leave the engine's heap flat; a non-finite loss ends a run as a result, not a crash.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage, startSite } from './helpers.mjs';

let site, page;
before(async () => {
  site = await startSite();
  page = await openPage(site, 'en/01-exam-rule/');
  await page.evaluate(() => window.__examrule.engine.ready);
});
after(async () => site?.close());

test('cancelling a run mid-way rejects it as cancelled and frees its memory', async () => {
  const out = await page.evaluate(async () => {
    const e = window.__examrule.engine;
    // Warm up first: the corpus tables are built on first use and kept.
    const warm = await e.run('trainRun', { break: 'healthy', seed: 1, config: { steps: 2 } });
    await e.run('trainFree', { handle: warm.handle });
    const before = (await e.run('heapUsed')).heapUsed;
    const ac = new AbortController();
    let steps = 0;
    const code = await e
      .run('trainRun', { break: 'healthy', seed: 1, config: { steps: 400 } }, {
        signal: ac.signal,
        onProgress: (p) => {
          if (p.kind === 'steps') {
            steps += p.steps.length;
            ac.abort();
          }
        },
      })
      .then(() => 'finished', (err) => err.code);
    const afterCancel = (await e.run('heapUsed')).heapUsed;
    return { code, steps, before, afterCancel };
  });
  assert.equal(out.code, 'cancelled');
  assert.ok(out.steps > 0 && out.steps < 400, `stopped after ${out.steps} steps`);
  assert.equal(out.afterCancel, out.before);
});

test('a run started while another is running leaves both runs bit-identical to solo runs', async () => {
  const out = await page.evaluate(async () => {
    const e = window.__examrule.engine;
    const train = async (brk, seed) => {
      const lines = [];
      const r = await e.run('trainRun', { break: brk, seed, config: { steps: 30 } }, {
        onProgress: (p) => p.kind === 'steps' && lines.push(...p.steps),
      });
      await e.run('trainFree', { handle: r.handle });
      return JSON.stringify(lines.map((l) => [l.step, l.loss, l.grad_norm_pre_clip]));
    };
    const soloA = await train('healthy', 7);
    const soloB = await train('no-mask', 8);
    const [bothA, bothB] = await Promise.all([train('healthy', 7), train('no-mask', 8)]);
    return { sameA: soloA === bothA, sameB: soloB === bothB, differ: soloA !== soloB, n: JSON.parse(soloA).length };
  });
  assert.equal(out.n, 30);
  assert.ok(out.sameA && out.sameB, 'interleaved runs changed the metrics');
  assert.ok(out.differ);
});

test('twenty runs in a row leave the heap flat', async () => {
  const heaps = await page.evaluate(async () => {
    const e = window.__examrule.engine;
    const used = [];
    for (let i = 0; i < 20; i++) {
      const r = await e.run('trainRun', { break: i % 2 ? 'no-mask' : 'healthy', seed: i, config: { steps: 5 } });
      await e.run('trainSample', { handle: r.handle, n: 2, seed: i });
      await e.run('trainCausality', { handle: r.handle, T: 8 });
      await e.run('trainFree', { handle: r.handle });
      used.push((await e.run('heapUsed')).heapUsed);
    }
    return used;
  });
  assert.equal(heaps.length, 20);
  // After the first runs have warmed up caches (corpus tables, etc.), nothing may accumulate.
  // The only wobble allowed is the C API's reusable result string, whose capacity follows the
  // length of the last JSON it returned (a few bytes); one leaked run would be ~2 MB, one leaked
  // string per run would show as steady growth.
  const settled = heaps.slice(2);
  const msg = `heap bytes per run: ${heaps.join(', ')}`;
  assert.ok(Math.max(...settled) - Math.min(...settled) <= 256, msg);
  assert.ok(heaps[19] <= heaps[2] + 64, msg);
});

test('init x100 ends as a result the page can show (diverged or not), never as a crash', async () => {
  const out = await page.evaluate(async () => {
    const e = window.__examrule.engine;
    let last;
    const r = await e.run('trainRun', { break: 'init-x100', seed: 0, config: { steps: 60 } }, {
      onProgress: (p) => p.kind === 'steps' && (last = p.steps.at(-1)),
    });
    await e.run('trainFree', { handle: r.handle });
    return { r, last, generation: e.generation };
  });
  assert.equal(out.generation, 1);
  assert.equal(out.r.diverged, out.last.diverged === true);
  if (out.r.diverged) assert.ok(out.r.stepsDone <= 60 && out.last.step >= 0);
  else assert.equal(out.r.stepsDone, 60);
});
