// The studio's pure parts: metrics records and signatures, CSV, share links, the blind lab's
// assignment and score, the code snippets cut from the engine's real source, the repairs'
// edits (they must match that source), and the string ids the studio builds from keys.
import { describe, expect, test } from 'vitest';
import { strings } from '../../web/src/i18n';
import { assignment, BLIND_CAUSES, score } from '../../web/src/studio/blind';
import { BREAK_FILES, breakSnippet, cutBreak } from '../../web/src/studio/code';
import { bugLineNumbers } from '../../web/src/studio/codeview';
import { appendSteps, fmt, parseStep, signature, toCsv, type RunRecord } from '../../web/src/studio/metrics';
import { diffOf, judgeNoMaskEdit, REPAIRS } from '../../web/src/studio/repairs';
import { BREAKS, readShare, shareUrl } from '../../web/src/studio/share';
import { SPECS } from '../../web/src/studio/specs';
import { PANELS, panelSummary } from '../../web/src/studio/summaries';

function run(lines: object[], extra: Partial<RunRecord> = {}): RunRecord {
  const r: RunRecord = { id: 'r', label: '01', brk: 'no-mask', seed: 1, steps: lines.length, config: { grad_clip: 1, n_layer: 2, n_head: 4 }, metrics: [], status: 'running', ...extra };
  appendSteps(r, lines.map((l) => parseStep(l)));
  return r;
}

const line = (step: number, o: object = {}) => ({
  step, lr: 0.001 * (step + 1), loss: 3 - step * 0.5, grad_norm_pre_clip: 2, grad_norm_post_clip: 1,
  act_rms: [0.5, 0.8, 1], spectral: { a: 1.5, b: 2 }, dead_heads: 0, diverged: false, ...o,
});

describe('metrics', () => {
  test('signature reads the numbers that tell failures apart', () => {
    const r = run([
      line(0, { val_loss: 2.9, val_loss_ar: 3.0, entropy_floor: 1.26 }),
      line(1, { grad_norm_pre_clip: 40 }),
      line(2, { loss: 0.9, dead_heads: 2 }),
      line(3, { val_loss: 0.8, val_loss_ar: 3.1, entropy_floor: 1.26 }),
    ]);
    const s = signature(r);
    expect(s.actRms0).toBe(0.5);
    expect(s.lr0).toBeCloseTo(0.001);
    expect([s.maxGradPre, s.maxGradPreStep]).toEqual([40, 1]);
    expect([s.minLoss, s.minLossStep]).toEqual([0.9, 2]);
    expect(s.floor).toBe(1.26);
    expect(s.minLossAvg).toBeCloseTo((3 + 2.5 + 0.9 + 1.5) / 4);
    expect(s.belowFloor).toBe(false); // one lucky batch under the floor is not a leak
    expect([s.valLoss, s.valLossAr]).toEqual([0.8, 3.1]);
    expect(s.deadMax).toBe(2);
    expect(s.divergedAt).toBeNull();
  });

  test('below the floor means the 20-step average, not one batch', () => {
    const healthy = Array.from({ length: 60 }, (_, i) => line(i, { loss: i === 50 ? 1.2 : 1.35, entropy_floor: 1.26 }));
    expect(signature(run(healthy)).belowFloor).toBe(false);
    expect(signature(run(healthy)).minLoss).toBe(1.2);
    const leak = Array.from({ length: 60 }, (_, i) => line(i, { loss: i < 30 ? 2 : 0.5, entropy_floor: 1.26 }));
    const s = signature(run(leak));
    expect(s.minLossAvg).toBeCloseTo(0.5);
    expect(s.belowFloor).toBe(true);
  });

  test('a diverged line (nulls from the engine) marks the run and its step, once', () => {
    const d = line(2, { loss: null, grad_norm_pre_clip: null, diverged: true });
    const r = run([line(0), line(1), d, d]);
    expect(r.status).toBe('diverged');
    expect(r.divergedAt).toBe(2);
    expect(r.metrics.length).toBe(3);
    expect(signature(r).minLoss).toBe(2.5);
    expect(panelSummary('loss', [r], (id, v) => `${id}${JSON.stringify(v ?? {})}`, 'en')).toContain('studio.sum.diverged');
  });

  test('CSV has one row per step and keeps NaN visible', () => {
    const r = run([line(0, { val_loss: 2, val_loss_ar: 2.1, entropy_floor: 1.2 }), line(1, { loss: null, diverged: true })]);
    const rows = toCsv(r).trim().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe('step,lr,loss,grad_norm_pre_clip,grad_norm_post_clip,act_rms_block0,act_rms_block1,act_rms_ln_f,spectral_a,spectral_b,dead_heads,val_loss,val_loss_ar,entropy_floor,diverged');
    expect(rows[2].split(',')[2]).toBe('NaN');
    expect(rows[2].endsWith(',1')).toBe(true);
  });

  test('numbers are formatted in the reader’s language', () => {
    expect(fmt(1.2345, 'en')).toBe('1.23');
    expect(fmt(1.2345, 'es')).toBe('1,23');
    expect(fmt(28414.25, 'en')).toBe('28,400');
    expect(fmt(0.0005, 'en')).toBe('5e-4');
    expect(fmt(null, 'en')).toBe('NaN');
  });

  test('every panel has a summary per run', () => {
    const r = run([line(0, { val_loss: 2, val_loss_ar: 2.1, entropy_floor: 1.2 })]);
    for (const p of PANELS) expect(panelSummary(p, [r], (id) => id, 'en')).toMatch(/^studio\.sum\./);
  });
});

describe('share links', () => {
  test('round trip, and garbage is refused', () => {
    const u = shareUrl('https://x.test/exam-rule/en/10-break-forgotten-mask/?q=1#top', { brk: 'init-x100', seed: 4294967295, steps: 120 });
    expect(u).toBe('https://x.test/exam-rule/en/10-break-forgotten-mask/?break=init-x100&seed=4294967295&steps=120#studio-lab');
    expect(readShare(u)).toEqual({ brk: 'init-x100', seed: 4294967295, steps: 120 });
    expect(readShare('https://x.test/?break=evil&seed=1&steps=5')).toBeNull();
    expect(readShare('https://x.test/?break=healthy&seed=-1&steps=5')).toBeNull();
    expect(readShare('https://x.test/?break=healthy&seed=4294967296&steps=5')).toBeNull();
    expect(readShare('https://x.test/?break=healthy&seed=1&steps=0')).toBeNull();
  });
});

describe('blind lab', () => {
  test('each lab seed gives a permutation of the three causes, stable for that seed', () => {
    const seen = new Set<string>();
    for (let s = 0; s < 200; s++) {
      const a = assignment(s);
      expect([...a].sort()).toEqual([...BLIND_CAUSES].sort());
      expect(assignment(s)).toEqual(a);
      seen.add(a.join());
    }
    expect(seen.size).toBe(6); // every order happens for some learner
  });

  test('score counts right picks', () => {
    const truth = ['no-mask', 'init-x100', 'no-warmup'];
    expect(score(truth, truth)).toBe(3);
    expect(score(truth, ['init-x100', 'no-mask', 'no-warmup'])).toBe(1);
    expect(score(truth, [undefined, undefined, undefined])).toBe(0);
  });
});

describe('the real code of each break', () => {
  test('every break has markers and exactly one marked bug statement in the engine source', () => {
    for (const name of Object.keys(BREAK_FILES)) {
      const s = breakSnippet(name);
      expect(s.lines[0].text.trim()).toBe(`// BREAK(${name}) begin`);
      expect(s.lines[s.lines.length - 1].text.trim()).toBe(`// BREAK(${name}) end`);
      expect(s.lines.filter((l) => l.bug)).toHaveLength(1);
      expect(bugLineNumbers(s).length).toBeGreaterThan(0);
    }
  });

  test('Break 00 shows the line that hands the blocks no mask', () => {
    const s = breakSnippet('no-mask');
    const bug = s.lines.find((l) => l.bug)!;
    expect(bug.text).toContain('nullptr');
    expect(s.file).toBe('wasm/src/model/gpt.cpp');
  });

  test('missing markers are an error, not an empty snippet', () => {
    expect(() => cutBreak('int x;\n', 'no-mask')).toThrow(/no BREAK/);
  });
});

describe('repairs', () => {
  test('each mask break has exactly one right repair, and every edit matches the real source', () => {
    for (const [brk, list] of Object.entries(REPAIRS)) {
      expect(list.filter((r) => r.correct)).toHaveLength(1);
      expect(list.length).toBeGreaterThanOrEqual(3);
      const s = breakSnippet(brk);
      for (const r of list) {
        const d = diffOf(s, r);
        expect(d.some((l) => l.kind === '-')).toBe(true);
      }
    }
  });

  test('the right repair of Break 00 removes the nullptr line and nothing else', () => {
    const s = breakSnippet('no-mask');
    const d = diffOf(s, REPAIRS['no-mask'].find((r) => r.correct)!);
    expect(d.filter((l) => l.kind === '-').map((l) => l.text.trim())).toEqual([s.lines.find((l) => l.bug)!.text.trim()]);
    expect(d.filter((l) => l.kind === '+')).toEqual([]);
  });

  test('hand edits of the Break 00 line are judged', () => {
    expect(judgeNoMaskEdit('')).toBe('right');
    expect(judgeNoMaskEdit('   // removed')).toBe('right');
    expect(judgeNoMaskEdit('M = mask_.data();')).toBe('right');
    expect(judgeNoMaskEdit('if (brk_ == Break::no_mask) M = nullptr;')).toBe('still-null');
    expect(judgeNoMaskEdit('if (pass == Pass::train) M = nullptr;')).toBe('pass-only');
    expect(judgeNoMaskEdit('M = zeros_.data();')).toBe('zeros');
    expect(judgeNoMaskEdit('M = something_else();')).toBe('unknown');
  });
});

describe('studio strings built from keys exist in both languages', () => {
  const need: string[] = [];
  for (const spec of Object.values(SPECS)) {
    const b = spec.brk;
    need.push(`studio.ex.codeIntro.${b}`, `studio.ex.observeIntro.${b}`, `studio.q.${b}.text`);
    for (const q of spec.questions) {
      need.push(`studio.q.${b}.${q.id}`);
      for (const c of q.choices) need.push(`studio.a.${b}.${q.id}.${c}`);
    }
    for (let i = 1; i <= spec.hints; i++) need.push(`studio.hint.${b}.${i}`);
    for (const r of REPAIRS[b] ?? []) need.push(`studio.fix.${b}.${r.id}`, `studio.fixwhy.${b}.${r.id}`);
  }
  for (const b of BREAKS) need.push(`studio.break.${b}`);
  for (const c of BLIND_CAUSES) need.push(`studio.cause.${c}`);
  for (const p of PANELS) need.push(`studio.panel.${p}`);
  for (const s of ['queued', 'running', 'done', 'diverged', 'cancelled', 'error']) need.push(`studio.status.${s}`);
  for (const c of ['run', 'path', 'seed', 'steps', 'status', 'files']) need.push(`studio.col.${c}`);
  for (const n of [0, 1, 2, 3]) need.push(`studio.blind.scoreNote.${n}`);
  for (const e of ['right', 'still-null', 'pass-only', 'zeros', 'unknown']) need.push(`studio.editwhy.${e}`);
  for (const c of ['question', 'yours', 'measured']) need.push(`studio.ex.col.${c}`);
  for (const r of ['floor', 'diverged', 'valGap', 'valGapNear', 'samples', 'samplesNear', 'sweep', 'rows', 'rowZero']) need.push(`studio.rule.${r}`);
  for (const list of Object.values(REPAIRS))
    for (const r of list) for (const e of r.edits) for (const l of e.replace) if (typeof l !== 'string') need.push(`studio.cc.${l[1]}`);
  test.each(need)('%s', (id) => {
    expect(strings[id]?.en).toBeTruthy();
    expect(strings[id]?.es).toBeTruthy();
  });
});
