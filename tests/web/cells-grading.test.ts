// The code cells' graders (web/src/cells/python/cellrun.py) in Node: the real Pyodide from npm,
// the real engine (build/wasm, scalar) behind `import examrule` through the same bridge the
// Python worker uses. Each right solution passes; each usual mistake gets its targeted feedback;
// the mutation report gives 0 caught for a test that asserts nothing and all for a good one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import createEngine from '@engine/engine-scalar.mjs';
import { loadPyodide } from 'pyodide';
import { beforeAll, describe, expect, test } from 'vitest';
import { bridge } from '../../web/src/cells/bridge';
import type { CellResult } from '../../web/src/cells/runtime';
import type { EngineModule } from '../../web/src/engine/module';
import cellStrings from '../../web/src/i18n/strings/cells';
// @ts-expect-error plain ESM fixtures shared with the browser test
import { ATTN, MASK, PERTURB, REPAIR, SWEEP } from '../browser/cells-solutions.mjs';

const REPO = join(import.meta.dirname, '../..');
type Run = (code: string, cell: string) => CellResult;
let run: Run;

beforeAll(async () => {
  const wasmBinary = readFileSync(join(REPO, 'build/wasm/engine-scalar.wasm'));
  const M = await (createEngine as unknown as (o: { wasmBinary: Uint8Array }) => Promise<EngineModule>)({ wasmBinary });
  const py = await loadPyodide();
  py.registerJsModule('_examrule_engine', bridge(M));
  for (const f of ['examrule.py', 'cellrun.py']) py.FS.writeFile(`/home/pyodide/${f}`, readFileSync(join(REPO, 'web/src/cells/python', f), 'utf8'));
  py.runPython('import sys\nsys.path.insert(0, "/home/pyodide")\nimport cellrun');
  const fn = py.globals.get('cellrun').run;
  run = (code, cell) => {
    const r = fn(code, cell);
    const out = r.toJs({ dict_converter: Object.fromEntries }) as CellResult;
    r.destroy();
    return out;
  };
}, 120_000);

const ids = (r: CellResult) => r.feedback.map((f) => `cells.fb.${f.id}`);

describe('causal-mask', () => {
  test('the right mask passes for T = 1..32; -inf passes with the note', () => {
    expect(run(MASK.right, 'causal-mask')).toMatchObject({ verdict: 'pass', feedback: [{ id: 'mask.pass', params: { n: 32 } }] });
    expect(ids(run(MASK.inf, 'causal-mask'))).toEqual(['cells.fb.mask.pass', 'cells.fb.mask.inf']);
  });
  for (const [id, code] of Object.entries(MASK.wrong as Record<string, string>))
    test(`mistake: ${id}`, () => {
      const r = run(code, 'causal-mask');
      expect(r.verdict).toBe('fail');
      expect(ids(r)).toEqual([id]);
    });
  test('an error shows the learner\'s own line', () => {
    const r = run('def causal_mask(T):\n    rows = []\n    return rows[T]\n', 'causal-mask');
    expect(r.verdict).toBe('error');
    expect(r.error).toMatchObject({ line: 3, frames: [{ line: 3, name: 'causal_mask', text: 'return rows[T]' }] });
    expect(r.error!.message).toMatch(/^IndexError/);
    const syntax = run('def causal_mask(T)\n    return 1\n', 'causal-mask');
    expect(syntax).toMatchObject({ verdict: 'error', error: { line: 1 } });
    expect(run('x = 1\n', 'causal-mask').feedback[0]).toEqual({ id: 'missing', params: { name: 'causal_mask' } });
  });
});

describe('attention', () => {
  test('the right attention equals the engine\'s head output', () => {
    const r = run(ATTN.right, 'attention');
    expect(r.verdict, JSON.stringify(r)).toBe('pass');
  });
  for (const [id, code] of Object.entries(ATTN.wrong as Record<string, string>))
    test(`mistake: ${id}`, () => {
      const r = run(code, 'attention');
      expect(r.verdict, JSON.stringify(r)).toBe('fail');
      expect(ids(r)).toEqual([id]);
    });
});

describe('perturbation-test (mutation)', () => {
  test('a good test passes the correct attention and catches all five mutants', () => {
    const r = run(PERTURB.good, 'perturbation-test');
    expect(r.verdict, JSON.stringify(r)).toBe('pass');
    expect(r.table!.map((row) => row.status)).toEqual(['passes', 'caught', 'caught', 'caught', 'caught', 'caught']);
    expect(r.feedback[0]).toEqual({ id: 'mut.score', params: { caught: 5, n: 5 } });
  });
  test('a test that asserts nothing catches nothing', () => {
    const r = run(PERTURB.empty, 'perturbation-test');
    expect(r.verdict).toBe('fail');
    expect(r.feedback[0]).toEqual({ id: 'mut.score', params: { caught: 0, n: 5 } });
    expect(r.table!.filter((row) => row.status === 'survived')).toHaveLength(5);
  });
});

test('every feedback id the graders give has its strings', () => {
  const src = readFileSync(join(REPO, 'web/src/cells/python/cellrun.py'), 'utf8');
  const named = [...src.matchAll(/(?:Fail|fb)\(f?"([\w.{}]+)"/g)].map((m) => m[1]);
  expect(named.length).toBeGreaterThan(20);
  const table = cellStrings as Record<string, unknown>;
  for (const id of named) {
    // f"attn.{mistake}" and f"mut.hint.{s}" name families: every member must exist
    const family = id.replace(/\{\w+\}$/, '');
    expect(Object.keys(table).some((k) => k === `cells.fb.${id}` || (family !== id && k.startsWith(`cells.fb.${family}`))), id).toBe(true);
  }
});

describe('sweep (lesson 05)', () => {
  test('the right sweep: causal on the healthy model, leaks found on the three broken ones', () => {
    const r = run(SWEEP.right, 'sweep');
    expect(r.verdict, JSON.stringify(r)).toBe('pass');
    expect(r.table).toEqual([
      { model: 'healthy', status: 'right' },
      { model: 'no-mask', status: 'right' },
      { model: 'post-softmax-mask', status: 'right' },
      { model: 'diag-blocked', status: 'right' },
    ]);
  });
  test('off by one: the healthy model looks leaky', () => {
    const r = run(SWEEP.offByOne, 'sweep');
    expect(r.verdict).toBe('fail');
    expect(ids(r)).toContain('cells.fb.sweep.healthyLeak');
  });
}, 60_000);

describe('repair (lesson 10): the learner\'s mask as data, trained, then swept', () => {
  test('the right mask before the softmax repairs the forgotten-mask model', () => {
    const r = run(REPAIR.right, 'repair');
    expect(r.verdict, JSON.stringify(r)).toBe('pass');
    expect(r.table![0]).toEqual({ check: 'sweep', status: 'right', value: '31/31' });
  });
  for (const [id, code] of Object.entries(REPAIR.wrong as Record<string, string>))
    test(`wrong repair refused by its evidence: ${id}`, () => {
      const r = run(code, 'repair');
      expect(r.verdict, JSON.stringify(r)).toBe('fail');
      expect(ids(r)).toEqual(['cells.fb.repair.leaks', id]);
      expect(r.table![0]).toMatchObject({ check: 'sweep', status: 'wrong' });
    });
}, 120_000);
