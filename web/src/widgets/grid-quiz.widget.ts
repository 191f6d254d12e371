/**
 * `::: widget grid-quiz T=5 :::` — fill the exam-rule grid from memory, graded.
 * An empty T×T grid: the learner marks the cells a query may see (click, Enter or Space toggles)
 * and presses Check. The answer key is not stored anywhere: it is the dependence grid the engine
 * measures for the causal mask at that moment. Wrong cells are marked, and the grade is saved to
 * progress as `grade:<lessonId>:grid-quiz` = { correct, wrong, total, at, T, answer }.
 */
import { h, takeOver } from '../ui/dom';
import { StatusLine } from '../ui/status';
import { ExamGrid } from './ExamGrid';
import { gridLabels, parseTokens } from './grid-common';
import type { WidgetMount } from '../ui/types';
import '../ui/widgets.css';

export interface GridGrade {
  correct: number;
  wrong: number;
  total: number;
  /** ISO timestamp of the check. */
  at: string;
  T: number;
  /** The learner's grid, row-major, '1' = marked visible. */
  answer: string;
}

/** Compares the learner's grid with the engine's; wrong[k] marks each mismatching cell. */
export function gradeGrid(answer: boolean[], key: boolean[]): { correct: number; wrong: boolean[] } {
  const wrong = key.map((v, k) => v !== !!answer[k]);
  return { correct: wrong.filter((w) => !w).length, wrong };
}

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const T0 = Number(params.t ?? 5);
  const T = Number.isInteger(T0) ? Math.max(2, Math.min(12, T0)) : 5;
  const storeKey = `grade:${ctx.lessonId || 'page'}:grid-quiz`;
  const status = new StatusLine(ctx);

  const grid: ExamGrid = new ExamGrid({
    ...gridLabels(ctx, (): ExamGrid => grid),
    caption: t('quiz.caption', { T }),
    rowSummary: (i, marked) =>
      marked.length === 0 ? t('quiz.rowMarkedNone', { i: grid.posName(i) })
      : t('quiz.rowMarked', { i: grid.posName(i), keys: marked.map((j) => grid.posName(j)).join(', ') }),
  });
  grid.setTokens(parseTokens(params.tokens));
  grid.setEditable(true);
  grid.onActivate = (i, j) => grid.set(i, j, !grid.get(i, j));

  const result = h('p', { className: 'quiz-result', attrs: { 'aria-live': 'polite' } });
  const saved = h('p', { className: 'quiz-saved' });
  const check = h('button', { type: 'button', className: 'btn', textContent: t('quiz.check') });
  const clear = h('button', { type: 'button', className: 'btn-small', textContent: t('quiz.clear') });
  body.append(
    h('p', { className: 'widget-desc', textContent: t('quiz.desc', { T }) }),
    grid.el,
    h('div', { className: 'widget-controls' }, check, clear),
    status.el,
    result,
    saved,
  );

  const showSaved = (g: GridGrade | undefined) => {
    saved.textContent = g && typeof g.correct === 'number'
      ? t('quiz.saved', { correct: g.correct, total: g.total, date: new Date(g.at).toLocaleString(ctx.lang) })
      : '';
  };

  const prev = ctx.store.get<GridGrade>(storeKey);
  const start = Array<boolean>(T * T).fill(false);
  if (prev && prev.T === T && typeof prev.answer === 'string' && prev.answer.length === T * T)
    for (let k = 0; k < T * T; k++) start[k] = prev.answer[k] === '1';
  grid.render(T, start);
  showSaved(prev);
  el.dataset.ready = '1';

  clear.addEventListener('click', () => {
    grid.render(T, Array<boolean>(T * T).fill(false));
    grid.markWrong([]);
    result.textContent = '';
    result.className = 'quiz-result';
  });

  const grade = async () => {
    const out = await status.run(() => ctx.engine.run<{ T: number; dep: Float32Array }>('dependence', { T, mode: 'causal', d_model: 16, n_heads: 2, seed: 0 }), grade);
    if (!out) return;
    const key = Array.from(out.dep, (d) => d > 0);
    const answer = grid.state();
    const { correct, wrong } = gradeGrid(answer, key);
    grid.markWrong(wrong);
    const total = T * T;
    const g: GridGrade = { correct, wrong: total - correct, total, at: new Date().toISOString(), T, answer: answer.map((v) => (v ? '1' : '0')).join('') };
    ctx.store.set(storeKey, g);
    el.dataset.graded = correct === total ? 'right' : 'wrong';
    result.className = 'quiz-result ' + (correct === total ? 'is-right' : 'is-wrong');
    result.textContent = correct === total ? t('quiz.allRight', { total }) : t('quiz.someWrong', { correct, total, wrong: total - correct }) + ' ' + hint(answer, key);
    showSaved(g);
  };

  /** One targeted hint about the most telling mistake. */
  const hint = (answer: boolean[], key: boolean[]): string => {
    for (let i = 0; i < T; i++) if (!answer[i * T + i]) return t('quiz.hintDiagonal');
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) if (answer[i * T + j]) return t('quiz.hintFuture', { i, j });
    for (let k = 0; k < T * T; k++) if (key[k] && !answer[k]) return t('quiz.hintPast');
    return '';
  };

  check.addEventListener('click', () => void grade());
};
