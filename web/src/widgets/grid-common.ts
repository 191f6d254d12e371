/** Pieces shared by the grid widgets (exam-grid, grid-quiz): labels and the tokens parameter. */
import type { ExamGrid, GridLabels } from './ExamGrid';
import type { WidgetContext } from '../ui/types';

/** `tokens=yo|como|pan|<eos>` -> ['yo', 'como', 'pan', '<eos>'] (empty parameter: no labels). */
export function parseTokens(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw.split('|').map((s) => s.trim()).filter((s) => s !== '').slice(0, 32);
}

/** The grid's strings in the page language; row summaries name positions by token when known. */
export function gridLabels(ctx: WidgetContext, grid: () => ExamGrid): GridLabels {
  const { t } = ctx;
  return {
    caption: t('grid.caption'),
    query: t('grid.query'),
    key: t('grid.key'),
    visible: t('grid.visible'),
    blocked: t('grid.blocked'),
    unmarked: t('quiz.unmarked'),
    rowSummary: (i, seen) =>
      seen.length === 0 ? t('grid.rowSeesNothing', { i: grid().posName(i) })
      : t('grid.rowSees', { i: grid().posName(i), keys: seen.map((j) => grid().posName(j)).join(', '), n: seen.length }),
  };
}
