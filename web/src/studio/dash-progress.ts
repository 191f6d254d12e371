/** The dashboard's progress line while a run trains: "training", a bar, steps done of planned
 * and the rate, and the Cancel button (which keeps the focus target stable for the learner). */
import { h } from '../ui/dom';
import { fmt, type RunRecord } from './metrics';
import type { Translate } from './summaries';

export class ProgressBar {
  readonly el = h('div', { className: 'dash-progress', hidden: true });
  readonly cancelBtn = h('button', { type: 'button', className: 'btn-small' });
  private bar = h('progress', { max: 1, value: 0 });
  private text = h('span', { className: 'dash-progress-text', attrs: { 'aria-live': 'off' } });

  constructor(private t: Translate, private lang: string, onCancel: () => void) {
    this.cancelBtn.textContent = t('studio.cancel');
    this.cancelBtn.addEventListener('click', onCancel);
    this.bar.setAttribute('aria-label', t('studio.progressLabel'));
    this.el.append(h('span', { className: 'dash-progress-label', textContent: t('studio.training') }), this.bar, this.text, this.cancelBtn);
  }

  /** rate: steps per second; run null hides the line. */
  show(run: RunRecord | null, done = 0, total = 0, rate = 0) {
    this.el.hidden = !run;
    if (!run) return;
    this.bar.max = Math.max(1, total);
    this.bar.value = done;
    this.text.textContent = this.t('studio.progress', { run: run.label, done, total, rate: rate > 0 ? fmt(rate, this.lang, 2) : '…' });
  }
}

/** What a screen reader hears when a run ends. */
export function announcement(run: RunRecord, t: Translate): string {
  const n = run.metrics.length;
  if (run.status === 'diverged') return t('studio.announce.diverged', { run: run.label, step: run.divergedAt ?? '?' });
  if (run.status === 'cancelled') return t('studio.announce.cancelled', { run: run.label, n });
  if (run.status === 'error') return t('studio.announce.error', { run: run.label });
  return n === 1 ? t('studio.announce.doneOne', { run: run.label }) : t('studio.announce.done', { run: run.label, n });
}
