/**
 * Step 2 of an exercise: the learner's prediction (one multiple-choice answer per question and
 * their own words), saved before the run. Once a run has started it is committed: it stays
 * visible but can no longer change, also after a reload.
 */
import { h } from '../ui/dom';
import type { ExerciseSpec } from './specs';
import type { Translate } from './summaries';
import { radios, step, type Radios, type Step } from './ui';

export interface Prediction {
  answers: Record<string, string>;
  text: string;
  at: string;
}

export class PredictionStep {
  readonly step: Step;
  private groups: { id: string; r: Radios }[];
  private why: HTMLTextAreaElement;
  private saveBtn: HTMLButtonElement;
  readonly msg = h('p', { className: 'st-saved', attrs: { role: 'status', 'aria-live': 'polite' } });

  constructor(spec: ExerciseSpec, name: string, private t: Translate, saved: Prediction | undefined, onSave: (p: Prediction) => void) {
    const bx = spec.brk;
    this.step = step(2, t('studio.ex.predictTitle'), '');
    this.groups = spec.questions.map((q) => ({
      id: q.id,
      r: radios(`${name}-${q.id}`, t(`studio.q.${bx}.${q.id}`), q.choices.map((c) => ({ value: c, label: t(`studio.a.${bx}.${q.id}.${c}`) })), saved?.answers[q.id]),
    }));
    const textId = `${name}-why`;
    this.why = h('textarea', { id: textId, value: saved?.text ?? '' });
    this.saveBtn = h('button', { type: 'button', className: 'btn', textContent: t('studio.ex.savePrediction') });
    this.step.body.append(h('p', { textContent: t('studio.ex.predictIntro') }), ...this.groups.map((g) => g.r.el),
      h('label', { htmlFor: textId, textContent: t(`studio.q.${bx}.text`) }), this.why,
      h('div', { className: 'st-row' }, this.saveBtn, this.msg));
    this.saveBtn.addEventListener('click', () => {
      const missing = this.groups.filter((g) => !g.r.get());
      if (missing.length > 0) {
        this.msg.className = 'st-bad';
        this.msg.textContent = t('studio.ex.predictMissing');
        (missing[0].r.el.querySelector('input') as HTMLInputElement | null)?.focus();
        return;
      }
      const answers: Record<string, string> = {};
      for (const g of this.groups) answers[g.id] = g.r.get()!;
      onSave({ answers, text: this.why.value.trim(), at: new Date().toISOString() });
      this.msg.className = 'st-saved';
      this.msg.textContent = t('studio.ex.predictSaved');
    });
    if (saved) this.msg.textContent = t('studio.ex.predictRestored');
  }

  /** The prediction is committed (a run started with it): visible, no longer editable. */
  commit() {
    for (const g of this.groups) g.r.disable(true);
    this.why.readOnly = true;
    this.saveBtn.disabled = true;
    this.msg.className = 'st-saved';
    this.msg.textContent = this.t('studio.ex.predictCommitted');
  }
}
