/**
 * Quick checks rendered at build time from `::: quiz id` blocks (tools/site/markdown.mjs):
 * a <form class="quiz"> with one radio per option, each option's feedback in a hidden paragraph,
 * and the full answer key in a <details> for readers without JavaScript. Here the form comes
 * alive: checking shows the chosen option's feedback, says right or wrong in words (not only
 * colour), saves the pick under `quiz:<lesson-id>:<quiz-id>` and restores it on the next visit.
 */
import type { ProgressStore } from '../ui/types';

export interface QuizContext {
  store: ProgressStore;
  lessonId: string;
  t: (id: string, vars?: Record<string, string | number>) => string;
}

/** What is saved per quiz. */
export interface QuizAnswer {
  choice: number;
  correct: boolean;
  tries: number;
}

export function mountQuizzes(root: ParentNode, ctx: QuizContext): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form.quiz[data-quiz]')) mountQuiz(form, ctx);
}

export function mountQuiz(form: HTMLFormElement, { store, lessonId, t }: QuizContext): void {
  const key = `quiz:${lessonId}:${form.dataset.quiz}`;
  const radios = [...form.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  const feedback = radios.map((r) => form.querySelector<HTMLElement>(`#${CSS.escape(r.id.replace(/-o(\d+)$/, '-fb$1'))}`));
  const result = form.querySelector<HTMLElement>('.quiz-result')!;
  const answers = form.querySelector<HTMLDetailsElement>('.quiz-answers');
  if (answers) answers.hidden = true; // revealed once the learner has found the right answer

  const show = (choice: number) => {
    const correct = radios[choice]?.dataset.correct === '1';
    radios.forEach((r, k) => {
      const li = r.closest('li');
      li?.classList.toggle('is-chosen', k === choice);
      li?.classList.toggle('is-right', k === choice && correct);
      li?.classList.toggle('is-wrong', k === choice && !correct);
      if (feedback[k]) feedback[k]!.hidden = k !== choice;
      if (k === choice && feedback[k]) r.setAttribute('aria-describedby', feedback[k]!.id);
      else r.removeAttribute('aria-describedby');
    });
    result.textContent = correct ? t('check.resultRight') : t('check.resultWrong');
    result.className = `quiz-result ${correct ? 'is-right' : 'is-wrong'}`;
    form.dataset.state = correct ? 'right' : 'wrong';
    if (answers && correct) answers.hidden = false;
  };

  const saved = store.get<QuizAnswer>(key);
  if (saved && Number.isInteger(saved.choice) && radios[saved.choice]) {
    radios[saved.choice].checked = true;
    show(saved.choice);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const choice = radios.findIndex((r) => r.checked);
    if (choice < 0) {
      result.textContent = t('check.pick');
      result.className = 'quiz-result';
      return;
    }
    const prev = store.get<QuizAnswer>(key);
    store.set(key, { choice, correct: radios[choice].dataset.correct === '1', tries: (prev?.tries ?? 0) + 1 } satisfies QuizAnswer);
    show(choice);
  });
}
