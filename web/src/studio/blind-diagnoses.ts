/**
 * Step 2 of the blind lab: a diagnosis per run (a cause and the evidence in the learner's own
 * words), saved as it is written, locked after the reveal, with a warning when two runs are
 * given the same cause (each cause breaks exactly one run).
 */
import { h } from '../ui/dom';
import type { ProgressStore } from '../ui/types';
import { BLIND_CAUSES, BLIND_LABELS } from './blind';
import type { Translate } from './summaries';
import { radios, type Radios } from './ui';

export interface Diagnosis {
  cause?: string;
  text: string;
  at: string;
}

export class Diagnoses {
  readonly el = h('div', { className: 'st-blind-grid' });
  readonly warning = h('p', { className: 'st-bad', attrs: { role: 'status', 'aria-live': 'polite' } });
  private forms: { label: string; r: Radios; text: HTMLTextAreaElement }[] = [];

  constructor(
    private name: string,
    private t: Translate,
    private store: ProgressStore,
    private read: <T>(key: string) => T | undefined,
    private K: (k: string) => string,
    private onChange: () => void,
  ) {}

  /** (Re)builds the forms from what is saved. `locked()` says whether saving is still allowed. */
  build(locked: () => boolean) {
    const t = this.t;
    this.forms = [];
    this.el.replaceChildren();
    for (const label of BLIND_LABELS) {
      const saved = this.read<Diagnosis | null>(this.K(`diagnosis:${label}`));
      const r = radios(`${this.name}-d${label}`, t('studio.blind.cause', { run: label }),
        BLIND_CAUSES.map((c) => ({ value: c, label: t(`studio.cause.${c}`) })), saved?.cause);
      const id = `${this.name}-t${label}`;
      const text = h('textarea', { id, value: saved?.text ?? '' });
      const form = { label, r, text };
      const save = () => {
        if (locked()) return;
        this.save(form);
        this.onChange();
      };
      r.el.addEventListener('change', save);
      text.addEventListener('change', save);
      this.forms.push(form);
      this.el.append(h('div', { className: 'st-diagnosis', attrs: { 'data-run': label } },
        h('h4', { textContent: t('studio.blind.runName', { run: label }) }), r.el,
        h('label', { htmlFor: id, textContent: t('studio.blind.evidence', { run: label }) }), text));
    }
  }

  private save(f: (typeof this.forms)[number]) {
    this.store.set(this.K(`diagnosis:${f.label}`), { cause: f.r.get(), text: f.text.value.trim(), at: new Date().toISOString() } satisfies Diagnosis);
  }

  /** Saves every form (text typed but not yet "changed" too). */
  saveAll() {
    for (const f of this.forms) this.save(f);
  }

  picks(): (string | undefined)[] {
    return BLIND_LABELS.map((l) => this.read<Diagnosis | null>(this.K(`diagnosis:${l}`))?.cause ?? undefined);
  }

  /** Locks the forms (after the reveal) and updates the repeated-cause warning. */
  refresh(locked: boolean) {
    for (const f of this.forms) {
      f.r.disable(locked);
      f.text.readOnly = locked;
    }
    this.warning.textContent = locked ? '' : this.sameCause();
  }

  private sameCause(): string {
    const p = this.picks();
    for (let i = 0; i < p.length; i++)
      for (let j = i + 1; j < p.length; j++)
        if (p[i] && p[i] === p[j]) return this.t('studio.blind.sameCause', { a: BLIND_LABELS[i], b: BLIND_LABELS[j], cause: this.t(`studio.cause.${p[i]}`) });
    return '';
  }

  focusFirst() {
    (this.forms[0]?.r.el.querySelector('input') as HTMLElement | null)?.focus({ preventScroll: true });
  }
}
