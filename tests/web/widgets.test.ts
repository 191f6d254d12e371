// Unit tests of the lesson widgets' own logic (no engine, no browser): grading, verdicts, CSV,
// number formatting, tokens, and the grid quiz mounted in happy-dom with a stand-in engine that
// answers like the real one (the browser tests run the real engine).
import { describe, expect, test } from 'vitest';
import { t } from '../../web/src/i18n';
import { fmt, fmtDiff } from '../../web/src/ui/format';
import { isoDate, toCsv } from '../../web/src/ui/download';
import { parseTokens } from '../../web/src/widgets/grid-common';
import { gradeGrid, mount as mountQuiz, type GridGrade } from '../../web/src/widgets/grid-quiz.widget';
import { judge } from '../../web/src/widgets/mha-perturbation.widget';
import type { WidgetContext } from '../../web/src/ui/types';

const lower = (T: number) => Array.from({ length: T * T }, (_, k) => k % T <= Math.floor(k / T));

describe('grid grading', () => {
  test('a perfect answer has no wrong cell', () => {
    const g = gradeGrid(lower(5), lower(5));
    expect(g.correct).toBe(25);
    expect(g.wrong.some(Boolean)).toBe(false);
  });
  test('every mismatch is marked, both missing and extra cells', () => {
    const answer = lower(4);
    answer[0 * 4 + 1] = true; // query 0 sees key 1: extra
    answer[3 * 4 + 0] = false; // query 3 misses key 0
    const g = gradeGrid(answer, lower(4));
    expect(g.correct).toBe(14);
    expect(g.wrong.flatMap((w, k) => (w ? [k] : []))).toEqual([1, 12]);
  });
});

describe('perturbation verdicts (lab thresholds)', () => {
  test('causal-like diffs pass: zeros before the changed position, a real change at it', () => {
    const j = judge([0, 0, 0, 0.5], 3);
    expect(j.pass).toBe(true);
    expect(j.prefixMax).toBe(0);
  });
  test('a leak above 1e-6 before the changed position fails', () => {
    expect(judge([0, 2e-6, 0, 0.5], 3).pass).toBe(false);
  });
  test('no change at the perturbed position fails (the test would be blind)', () => {
    expect(judge([0, 0, 0, 1e-4], 3).pass).toBe(false);
  });
});

describe('helpers', () => {
  test('CSV quotes fields with commas, quotes and newlines and ends rows with CRLF', () => {
    expect(toCsv([['k', 'note'], [1, 'a,b'], [2, 'say "hi"'], [3, true]])).toBe('k,note\r\n1,"a,b"\r\n2,"say ""hi"""\r\n3,true\r\n');
  });
  test('numbers: exact zero stays 0, tiny values go scientific', () => {
    expect(fmt(0)).toBe('0');
    expect(fmt(0.78631)).toBe('0.7863');
    expect(fmt(-1e9)).toBe('-1.00e9');
    expect(fmt(2e-9)).toBe('2.00e-9');
    expect(fmtDiff(0)).toBe('0');
    expect(fmtDiff(0.0123)).toBe('0.0123');
    expect(fmtDiff(1.1312)).toBe('1.13');
    expect(fmtDiff(0.00527)).toBe('5.27e-3');
    expect(fmtDiff(3e-12)).toBe('3.00e-12');
  });
  test('tokens parameter', () => {
    expect(parseTokens('yo|como|pan|<eos>')).toEqual(['yo', 'como', 'pan', '<eos>']);
    expect(parseTokens(undefined)).toEqual([]);
    expect(parseTokens('a||b')).toEqual(['a', 'b']);
  });
  test('manifest date format', () => {
    expect(isoDate(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});

describe('grid quiz in the page', () => {
  function setup(lang: 'en' | 'es' = 'en') {
    const saved = new Map<string, unknown>();
    const calls: { op: string; args: Record<string, unknown> }[] = [];
    const engine = {
      ready: Promise.resolve({ version: 'test', backend: 'test', simd: false }),
      run: async (op: string, args: Record<string, unknown>) => {
        calls.push({ op, args });
        const T = Number(args.T);
        // like the real dependence op for mode=causal: > 0 on and below the diagonal
        return { T, dep: Float32Array.from(lower(T), (v) => (v ? 0.5 : 0)) };
      },
    };
    const ctx = {
      engine,
      lang,
      t: (id: string, vars?: Record<string, string | number>) => t(id, vars, lang),
      store: { get: (k: string) => saved.get(k), set: (k: string, v: unknown) => void saved.set(k, v) },
      lessonId: '02-opening-failure',
    } as unknown as WidgetContext;
    const el = document.createElement('div');
    document.body.append(el);
    return { el, ctx, saved, calls };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  test('grades against the engine grid, marks wrong cells and saves the result', async () => {
    const { el, ctx, saved, calls } = setup();
    mountQuiz(el, { t: '3' }, ctx);
    const cell = (i: number, j: number) => el.querySelector<HTMLElement>(`td[data-i="${i}"][data-j="${j}"]`)!;
    cell(0, 0).click();
    cell(1, 1).click();
    cell(0, 2).click();
    el.querySelector<HTMLButtonElement>('button.btn')!.click();
    await settle();
    await settle();
    expect(calls).toEqual([{ op: 'dependence', args: { T: 3, mode: 'causal', d_model: 16, n_heads: 2, seed: 0 } }]);
    const g = saved.get('grade:02-opening-failure:grid-quiz') as GridGrade;
    expect([g.correct, g.wrong, g.total, g.T]).toEqual([4, 5, 9, 3]);
    expect(g.answer).toBe('101010000');
    expect(el.dataset.graded).toBe('wrong');
    expect([...el.querySelectorAll<HTMLElement>('td[data-wrong="1"]')].map((td) => td.dataset.i! + td.dataset.j)).toEqual(['02', '10', '20', '21', '22']);
  });

  test('keyboard toggles cells, and a saved grade is shown again on return', async () => {
    const { el, ctx, saved } = setup('es');
    saved.set('grade:02-opening-failure:grid-quiz', { correct: 9, wrong: 0, total: 9, at: '2026-01-05T10:00:00Z', T: 3, answer: '100110111' });
    mountQuiz(el, { t: '3' }, ctx);
    expect(el.querySelector('.quiz-saved')!.textContent).toContain('9 de 9');
    expect(el.querySelectorAll('td.is-visible').length).toBe(6);
    const first = el.querySelector<HTMLElement>('td[data-i="0"][data-j="0"]')!;
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    expect(first.dataset.visible).toBe('0');
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(first.dataset.visible).toBe('1');
  });
});

describe('seeds typed into a widget', () => {
  test('a seed of 2^32 or more is refused, not wrapped (the one parser, ui/seed.ts)', async () => {
    const { onSeedChange, StatusLine } = await import('../../web/src/ui/status');
    const ctx = { lang: 'en', t: (id: string) => t(id, {}, 'en') } as unknown as WidgetContext;
    const status = new StatusLine(ctx);
    const input = document.createElement('input');
    const applied: number[] = [];
    onSeedChange(input, status, ctx.t, (s) => applied.push(s));
    input.value = '4294967296';
    input.dispatchEvent(new Event('change'));
    expect(status.el.textContent).toBe('The seed must be a whole number from 0 to 4294967295.');
    for (const v of ['-1', '1.5', '4294967295', '7']) {
      input.value = v;
      input.dispatchEvent(new Event('change'));
    }
    expect(applied).toEqual([4294967295, 7]);
  });
});
