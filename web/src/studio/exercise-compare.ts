/**
 * What an exercise shows once a run is measured: the learner's prediction against what the
 * engine measured (each verdict with its numbers and the rule that settled it), and the
 * checklist that proves a repair.
 */
import { h } from '../ui/dom';
import { evidenceView } from './evidence';
import type { Prediction } from './exercise-predict';
import { fmt, signature } from './metrics';
import { LEARNED, proofKinds, verdict, type Evidence, type ExerciseSpec } from './specs';
import type { Translate } from './summaries';

export interface Comparison {
  el: HTMLElement[];
  matched: number;
  judged: number;
}

export function compareView(spec: ExerciseSpec, got: Evidence, pred: Prediction | undefined, t: Translate, lang: string): Comparison {
  const bx = spec.brk;
  const table = h('table', { className: 'st-table st-compare' },
    h('caption', { textContent: t('studio.ex.compareCaption') }),
    h('thead', {}, h('tr', {}, ...['question', 'yours', 'measured'].map((c) => h('th', { attrs: { scope: 'col' }, textContent: t(`studio.ex.col.${c}`) })))));
  const body = h('tbody', {});
  let matched = 0;
  let judged = 0;
  for (const q of spec.questions) {
    const mine = pred?.answers[q.id];
    const obs = q.observed(got, lang);
    const ok = !!obs && !!mine && obs.accept.includes(mine);
    if (obs) judged++;
    if (ok) matched++;
    const measured = obs === null ? h('td', { textContent: t('studio.ex.judgeYourself') })
      : h('td', {}, `${ok ? '✓' : '✕'} ${t(`studio.a.${bx}.${q.id}.${obs.answer}`)}`, h('br'),
        h('span', { className: 'st-rule', textContent: t(`studio.rule.${obs.rule}`, obs.vars) }));
    body.append(h('tr', { attrs: { 'data-q': q.id, 'data-observed': obs?.answer ?? '', 'data-accept': obs?.accept.join(' ') ?? '', 'data-ok': ok ? '1' : '0' } },
      h('th', { attrs: { scope: 'row' }, textContent: t(`studio.q.${bx}.${q.id}`) }),
      h('td', { textContent: mine ? t(`studio.a.${bx}.${q.id}.${mine}`) : '—' }),
      measured));
  }
  table.append(body);
  const el = [
    h('p', { textContent: t(`studio.ex.observeIntro.${bx}`) }),
    evidenceView(got, spec.gather, t, lang),
    h('div', { className: 'st-table-box' }, table),
    h('p', { className: 'st-note', attrs: { 'data-matched': String(matched) }, textContent: t('studio.ex.matched', { matched, judged }) }),
  ];
  if (pred?.text) el.push(h('p', { className: 'st-note', textContent: t('studio.ex.yourWords', { text: pred.text }) }));
  return { el, matched, judged };
}

/** The checklist a repair is judged by (sweep, floor, learned), each line with its numbers. */
export function checklist(got: Evidence, t: Translate, lang: string): { el: HTMLElement; solved: boolean } {
  const v = verdict(got);
  const s = signature(got.run);
  const check = (ok: boolean, text: string) => h('li', { attrs: { 'data-ok': ok ? '1' : '0' }, textContent: text });
  const nums = { val: fmt(s.valLoss, lang), floor: fmt(s.floor, lang), max: fmt(s.floor === null ? null : LEARNED * s.floor, lang) };
  const el = h('ul', { className: 'st-evidence' },
    check(v.sweepOk, v.sweepOk ? t('studio.ex.checkSweepOk') : t('studio.ex.checkSweepBad')),
    check(v.aboveFloor, v.aboveFloor ? t('studio.ex.checkFloorOk') : t('studio.ex.checkFloorBad')),
    check(v.learned, v.learned ? t('studio.ex.checkLearnedOk', nums) : t('studio.ex.checkLearnedBad', nums)));
  return { el, solved: v.solved };
}

/** The proof of a repair: the checklist, then the evidence. */
export function proofView(spec: ExerciseSpec, got: Evidence, t: Translate, lang: string): { el: HTMLElement[]; solved: boolean } {
  const { el: list, solved } = checklist(got, t, lang);
  const v = { solved };
  const head = v.solved
    ? h('p', { className: 'st-solved st-ok', tabIndex: -1, attrs: { role: 'status' }, textContent: t('studio.ex.solved') })
    : h('p', { className: 'st-bad', tabIndex: -1, textContent: t('studio.ex.notYet') });
  return { el: [head, list, evidenceView(got, proofKinds(spec), t, lang)], solved: v.solved };
}
