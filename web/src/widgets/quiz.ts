/**
 * Quick checks rendered at build time from `::: quiz id` blocks (tools/site/markdown.mjs):
 * a <form class="quiz"> with one radio per option, each option's feedback in a hidden paragraph,
 * and the full answer key in a <details> for readers without JavaScript. Here the form comes
 * alive: checking shows the chosen option's feedback, says right or wrong in words (not only
 * colour), saves the pick under `quiz:<lesson-id>:<quiz-id>` and restores it on the next visit.
 *
 * The options are shown in an order drawn from the learner's own seed (saved once in progress
 * under `learner:seed`) and the quiz id: different learners see different orders, one learner
 * sees the same order on every visit and in both languages. A pick is saved and graded by the
 * option's identity (its index in the lesson file, the radio's value), never by its position.
 */
import type { ProgressStore } from '../ui/types';
import { freshSeed, hashString, seededPermutation } from '../ui/seeded';

/** Progress key of the learner's seed for presentation orders. */
export const LEARNER_SEED_KEY = 'learner:seed';

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
  const forms = [...root.querySelectorAll<HTMLFormElement>('form.quiz[data-quiz]')];
  if (!forms.length) return;
  const seed = learnerSeed(ctx.store);
  for (const form of forms) {
    shuffleOptions(form, seed);
    mountQuiz(form, ctx);
  }
}

/** The learner's seed, created on first use. If progress cannot be written the seed still holds
 * for this visit (the store keeps it in memory). */
export function learnerSeed(store: ProgressStore): number {
  const saved = store.get<number>(LEARNER_SEED_KEY);
  if (Number.isInteger(saved) && saved! >= 0) return saved!;
  const seed = freshSeed();
  try {
    store.set(LEARNER_SEED_KEY, seed);
  } catch {
    /* a read-only store: the order is still stable within this visit */
  }
  return seed;
}

/** Reorders a quiz's option items for this learner; the radios keep their ids and values. */
export function shuffleOptions(form: HTMLFormElement, seed: number): void {
  const list = form.querySelector<HTMLElement>('ul.quiz-options');
  if (!list) return;
  const items = [...list.children].filter((c): c is HTMLLIElement => c.tagName === 'LI');
  const order = seededPermutation(items.length, (seed ^ hashString(form.dataset.quiz ?? '')) >>> 0);
  for (const k of order) list.append(items[k]);
}

export function mountQuiz(form: HTMLFormElement, { store, lessonId, t }: QuizContext): void {
  const key = `quiz:${lessonId}:${form.dataset.quiz}`;
  // Indexed by identity (the option's place in the lesson file), whatever order they are shown in.
  const radios = [...form.querySelectorAll<HTMLInputElement>('input[type="radio"]')].sort((a, b) => Number(a.value) - Number(b.value));
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
