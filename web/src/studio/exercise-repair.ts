/**
 * Step 6 of an exercise: the candidate repairs, each shown as a diff of the engine's real code
 * (comments the page adds are in the page's language), an Apply button, and for Break 00 a line
 * the learner edits by hand. The step only reports what the learner chose; the exercise decides
 * (by what the engine measures) and tells the step what to show. Apply buttons are disabled
 * while a repair trains and once the exercise is solved (a second click used to start a
 * duplicate run).
 */
import { h } from '../ui/dom';
import type { BreakSnippet } from './code';
import { diffView } from './codeview';
import { diffOf, judgeNoMaskEdit, REPAIRS, type Repair } from './repairs';
import type { ExerciseSpec } from './specs';
import type { Translate } from './summaries';
import { step, type Step } from './ui';

export type RepairChoice =
  | { kind: 'option'; repair: Repair }
  | { kind: 'edit'; verdict: ReturnType<typeof judgeNoMaskEdit>; text: string };

export class RepairStep {
  readonly step: Step;
  readonly feedback = h('div', { className: 'st-feedback', attrs: { role: 'alert' } });
  readonly repairs: Repair[];
  private optBox: HTMLElement;
  private applyBtn: HTMLButtonElement;
  private editBtn: HTMLButtonElement | null = null;

  constructor(spec: ExerciseSpec, snippet: BreakSnippet, name: string, private t: Translate, onChoice: (c: RepairChoice) => void) {
    const bx = spec.brk;
    this.step = step(6, t('studio.ex.repairTitle'), t('studio.ex.observeLocked'));
    this.repairs = REPAIRS[bx] ?? [];
    this.optBox = h('div', { className: 'st-options', attrs: { role: 'radiogroup', 'aria-label': t('studio.ex.repairPick') } });
    for (const r of this.repairs) {
      const id = `${name}-fix-${r.id}`;
      this.optBox.append(h('div', { className: 'st-option', attrs: { 'data-repair': r.id } },
        h('label', { htmlFor: id }, h('input', { type: 'radio', name: `${name}-fix`, value: r.id, id }), t(`studio.fix.${bx}.${r.id}`)),
        diffView(diffOf(snippet, r, t), t)));
    }
    this.applyBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.ex.apply') });
    this.step.body.append(h('p', { textContent: t('studio.ex.repairIntro') }), this.optBox, h('div', { className: 'st-row' }, this.applyBtn));
    this.applyBtn.addEventListener('click', () => {
      const pick = this.optBox.querySelector<HTMLInputElement>('input:checked')?.value;
      this.mark(null, '');
      if (!pick) return this.say('is-bad', t('studio.ex.pickFirst'));
      onChoice({ kind: 'option', repair: this.repairs.find((x) => x.id === pick)! });
    });
    if (spec.editLine) {
      const bug = snippet.lines.find((l) => l.bug)!;
      const input = h('input', { type: 'text', value: bug.text.trim(), className: 'st-edit-line', spellcheck: false, id: `${name}-edit` });
      const btn = h('button', { type: 'button', className: 'btn', textContent: t('studio.ex.applyEdit') });
      this.editBtn = btn;
      this.step.body.append(h('details', { className: 'st-edit' },
        h('summary', { textContent: t('studio.ex.editSummary') }),
        h('label', { htmlFor: input.id, textContent: t('studio.ex.editLabel', { n: bug.n }) }), input,
        h('div', { className: 'st-row' }, btn)));
      btn.addEventListener('click', () => onChoice({ kind: 'edit', verdict: judgeNoMaskEdit(input.value), text: input.value }));
    }
    this.step.body.append(this.feedback);
  }

  /** Marks the chosen option's card ('is-refused', 'is-accepted', 'is-ran'), clearing the others. */
  mark(repairId: string | null, cls: string) {
    for (const o of this.optBox.querySelectorAll<HTMLElement>('.st-option')) o.classList.remove('is-refused', 'is-accepted', 'is-ran');
    if (repairId && cls) this.optBox.querySelector<HTMLElement>(`[data-repair="${repairId}"]`)?.classList.add(cls);
  }

  say(tone: 'is-ok' | 'is-bad' | '', ...parts: (string | Node)[]) {
    this.feedback.className = `st-feedback ${tone}`.trim();
    this.feedback.replaceChildren(...parts);
  }

  refused(why: string) {
    this.say('is-bad', h('strong', { textContent: this.t('studio.ex.refused') }), ' ', why);
  }

  /** Apply buttons off while a repair trains (busy) and for good once solved. */
  enable(on: boolean) {
    this.applyBtn.disabled = !on;
    if (this.editBtn) this.editBtn.disabled = !on;
    for (const i of this.optBox.querySelectorAll<HTMLInputElement>('input')) i.disabled = !on;
  }

  focusFeedback() {
    this.feedback.tabIndex = -1;
    this.feedback.focus({ preventScroll: false });
  }
}
