/** Step 5 of an exercise: hints, one at a time; how many were shown is saved under `key`. */
import { h } from '../ui/dom';
import type { ProgressStore } from '../ui/types';
import type { ExerciseSpec } from './specs';
import type { Translate } from './summaries';
import { step, type Step } from './ui';

export function hintsStep(spec: ExerciseSpec, t: Translate, store: ProgressStore, saved: number, key: string): Step {
  const n = spec.hints;
  const s5 = step(5, t('studio.ex.hintsTitle'), t('studio.ex.observeLocked'));
  const list = h('ol', { className: 'st-hint-list' });
  const btn = h('button', { type: 'button', className: 'btn' });
  s5.body.append(h('div', { className: 'st-hints' }, list), btn);
  let shown = Math.min(n, saved);
  const render = () => {
    list.replaceChildren(...Array.from({ length: shown }, (_, i) => h('li', { textContent: t(`studio.hint.${spec.brk}.${i + 1}`) })));
    btn.textContent = shown < n ? t('studio.ex.showHint', { n: shown + 1, total: n }) : t('studio.ex.noMoreHints');
    btn.disabled = shown >= n;
  };
  btn.addEventListener('click', () => {
    shown = Math.min(n, shown + 1);
    store.set(key, shown);
    render();
    const last = list.lastElementChild as HTMLElement | null;
    last?.setAttribute('tabindex', '-1');
    last?.focus();
  });
  render();
  return s5;
}
