// The lesson quizzes in happy-dom: options are shown in an order drawn from the learner's seed
// (stable on reload, different between learners), and a pick is saved and graded by the option's
// identity, not by where it was shown.
import { describe, expect, test } from 'vitest';
import { t } from '../../web/src/i18n';
import { LEARNER_SEED_KEY, learnerSeed, mountQuizzes } from '../../web/src/widgets/quiz';
import { seededPermutation } from '../../web/src/ui/seeded';

// The markup tools/site/markdown.mjs renders for a quiz with five options, the right one third.
function quizHtml(id: string, n = 5, right = 2) {
  const opts = Array.from({ length: n }, (_, k) =>
    `<li class="quiz-option"><input type="radio" id="quiz-${id}-o${k}" name="quiz-${id}" value="${k}"${k === right ? ' data-correct="1"' : ''}>` +
    `<label for="quiz-${id}-o${k}">option ${k}</label><p class="quiz-feedback" id="quiz-${id}-fb${k}" hidden>feedback ${k}</p></li>`).join('\n');
  return `<form class="quiz" id="quiz-${id}" data-quiz="${id}" novalidate><fieldset><ul class="quiz-options">${opts}</ul></fieldset>` +
    `<div class="quiz-actions"><button type="submit">Check</button><p class="quiz-result"></p></div><details class="quiz-answers"></details></form>`;
}

function page(saved: Map<string, unknown>, ids = ['alpha', 'beta', 'gamma', 'delta']) {
  const root = document.createElement('div');
  root.innerHTML = ids.map((id) => quizHtml(id)).join('\n');
  const store = { get: (k: string) => saved.get(k), set: (k: string, v: unknown) => void saved.set(k, v) };
  mountQuizzes(root, { store: store as never, lessonId: '01-fixture', t: (id, vars) => t(id, vars, 'en') });
  return root;
}
const shown = (root: HTMLElement, id: string) => [...root.querySelectorAll<HTMLInputElement>(`#quiz-${id} input`)].map((r) => Number(r.value));

describe('quiz option order', () => {
  test('a learner seed is created once and kept', () => {
    const saved = new Map<string, unknown>();
    const s = learnerSeed({ get: (k) => saved.get(k) as never, set: (k, v) => void saved.set(k, v) });
    expect(Number.isInteger(s) && s >= 0).toBe(true);
    expect(saved.get(LEARNER_SEED_KEY)).toBe(s);
    expect(learnerSeed({ get: (k) => saved.get(k) as never, set: () => { throw new Error('no second write'); } })).toBe(s);
  });

  test('the same learner sees the same order on every visit; the order follows the seed and the quiz id', () => {
    const saved = new Map<string, unknown>([[LEARNER_SEED_KEY, 4242]]);
    const first = ['alpha', 'beta', 'gamma', 'delta'].map((id) => shown(page(saved), id));
    const again = ['alpha', 'beta', 'gamma', 'delta'].map((id) => shown(page(saved), id));
    expect(again).toEqual(first);
    for (const order of first) expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
    // not the file order for every quiz, and not one order shared by all quizzes
    expect(first.some((o) => o.join() !== '0,1,2,3,4')).toBe(true);
    expect(new Set(first.map((o) => o.join())).size).toBeGreaterThan(1);
  });

  test('different learners see different orders', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) orders.add(shown(page(new Map([[LEARNER_SEED_KEY, seed]]), ['alpha']), 'alpha').join());
    expect(orders.size).toBeGreaterThan(5);
  });

  test('where the right option lands is spread over every place', () => {
    const places = new Set<number>();
    for (let seed = 0; seed < 60; seed++) places.add(seededPermutation(5, seed).indexOf(2));
    expect([...places].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  test('a pick is saved and graded by identity, and restored in the shuffled order', () => {
    const saved = new Map<string, unknown>([[LEARNER_SEED_KEY, 7]]);
    const root = page(saved, ['alpha']);
    const order = shown(root, 'alpha');
    const rightPlace = order.indexOf(2);
    const radios = [...root.querySelectorAll<HTMLInputElement>('#quiz-alpha input')];
    radios[rightPlace].checked = true;
    root.querySelector<HTMLFormElement>('#quiz-alpha')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(saved.get('quiz:01-fixture:alpha')).toEqual({ choice: 2, correct: true, tries: 1 });
    const wrongPlace = rightPlace === 0 ? 1 : 0;
    radios[wrongPlace].checked = true;
    root.querySelector<HTMLFormElement>('#quiz-alpha')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(saved.get('quiz:01-fixture:alpha')).toEqual({ choice: order[wrongPlace], correct: false, tries: 2 });

    const back = page(saved, ['alpha']);
    const checked = back.querySelector<HTMLInputElement>('#quiz-alpha input:checked')!;
    expect(Number(checked.value)).toBe(order[wrongPlace]);
    expect(back.querySelector('#quiz-alpha li.is-wrong')!.contains(checked)).toBe(true);
    expect(back.querySelector<HTMLElement>(`#quiz-alpha-fb${order[wrongPlace]}`)!.hidden).toBe(false);
  });
});
