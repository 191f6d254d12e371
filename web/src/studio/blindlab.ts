/**
 * Three engineered failures, blind. The learner's lab seed (kept in progress) assigns bad
 * init, no warmup and a missing mask to runs named only 01, 02, 03; a healthy run with the same
 * seed is the baseline. The learner trains all four, writes a diagnosis for each (a cause and
 * the evidence in their own words), then reveals: the score, the cause of each run explained
 * with the learner's own numbers, and a table of signatures measured on their runs
 * (blind-reveal.ts). Before the reveal nothing on the page names a cause: the run table, the
 * downloads and the summaries under the charts describe what was measured, not what it means.
 * A returning learner's runs are retrained from the kept seed (the engine is deterministic).
 */
import { h } from '../ui/dom';
import type { WidgetContext } from '../ui/types';
import { assignment, BLIND_LABELS, newLabSeed, score, trainSeed, type BlindCause } from './blind';
import { Diagnoses } from './blind-diagnoses';
import { revealView, type Reveal } from './blind-reveal';
import { Dashboard } from './dashboard';
import { manifestOf } from './manifest';
import type { RunRecord } from './metrics';
import { StudioRoom } from './room';
import { shareUrl } from './share';
import { guard, radios, step, type Radios, type Step } from './ui';

const HEALTHY_ID = 'healthy';
let uid = 0;

export function mountBlindLab(root: HTMLElement, body: HTMLElement, params: Record<string, string>, ctx: WidgetContext) {
  const lab = new BlindLab(root, body, params, ctx);
  return () => lab.destroy();
}

class BlindLab extends StudioRoom {
  private K = (k: string) => `studio:blind:${k}`;
  private name = `blind${++uid}`;
  private labSeed: number;
  private truth: BlindCause[];
  private runs: RunRecord[] = [];
  private abort: AbortController | null = null;
  private seedLine = h('p', {});
  private trainBtn: HTMLButtonElement;
  private view: Radios;
  private dash: Dashboard;
  private s2: Step;
  private diag: Diagnoses;
  private revealBtn: HTMLButtonElement;
  private revealMsg = h('p', { className: 'st-note', attrs: { role: 'status', 'aria-live': 'polite' } });
  private revealBox = h('div', {});
  private againBtn: HTMLButtonElement;

  constructor(private root: HTMLElement, body: HTMLElement, params: Record<string, string>, ctx: WidgetContext) {
    super(ctx, params);
    const { t, store, lang } = ctx;
    this.labSeed = this.read<number>(this.K('seed')) ?? -1;
    if (this.labSeed < 0) {
      this.labSeed = newLabSeed();
      store.set(this.K('seed'), this.labSeed);
    }
    this.truth = assignment(this.labSeed);
    const wrap = h('div', { className: 'studio studio-blind' });
    body.append(wrap);

    // ---- 1 · train ----
    const s1 = step(1, t('studio.blind.trainTitle'), '');
    this.trainBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.blind.train') });
    this.view = radios(`${this.name}-view`, t('studio.blind.view'), [
      ...BLIND_LABELS.map((l) => ({ value: l, label: t('studio.blind.viewOne', { run: l }) })),
      { value: 'all', label: t('studio.blind.viewAll') },
    ], 'all');
    const link = (r: RunRecord) => shareUrl(location.href, { brk: r.brk as never, seed: r.seed, steps: r.steps });
    const open = (r: RunRecord) => !!this.revealed() || this.isHealthy(r);
    this.dash = new Dashboard({
      t, lang, steps: this.steps,
      hideBreak: (r) => !open(r),
      describeOnly: () => !this.revealed(),
      shareLink: (r) => (open(r) ? link(r) : null),
      manifest: (r) => {
        const m = manifestOf(r, this.revealed() ? link(r) : null);
        return open(r) ? m : { ...m, break: 'hidden until the reveal' };
      },
    });
    this.dash.onCancel = () => this.abort?.abort();
    s1.body.append(this.seedLine, h('p', { textContent: t('studio.blind.trainIntro', { steps: this.steps }) }),
      h('div', { className: 'st-row' }, this.trainBtn), this.status.el, this.view.el, this.dash.el);
    this.trainBtn.addEventListener('click', () => void this.trainAll());
    this.view.el.addEventListener('change', () => {
      if (!this.abort) this.showView();
    });

    // ---- 2 · diagnoses ----
    this.s2 = step(2, t('studio.blind.diagTitle'), t('studio.blind.diagLocked'));
    this.diag = new Diagnoses(this.name, t, store, this.read, this.K, () => this.refresh());
    this.s2.body.append(h('p', { textContent: t('studio.blind.diagIntro') }), this.diag.el, this.diag.warning);

    // ---- 3 · reveal ----
    const s3 = step(3, t('studio.blind.revealTitle'), '');
    this.revealBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.blind.reveal') });
    this.againBtn = h('button', { type: 'button', className: 'btn', textContent: t('studio.blind.again') });
    s3.body.append(h('div', { className: 'st-row' }, this.revealBtn, this.revealMsg), this.revealBox, h('div', { className: 'st-row' }, this.againBtn));
    this.revealBtn.addEventListener('click', () => this.reveal());
    this.againBtn.addEventListener('click', () => this.again());

    wrap.append(s1.el, this.s2.el, s3.el);
    this.diag.build(() => !!this.revealed());
    this.refresh();
    if (this.revealed()) this.showReveal();
    root.dataset.ready = '1';
    // A returning learner: the four runs come back from the kept seed, in the background.
    if (this.read<number | null>(this.K('trained')) === this.labSeed) void this.trainAll(true);
  }

  private revealed = () => this.read<Reveal>(this.K('reveal')) ?? null;
  private isHealthy = (r: RunRecord) => r.id === `${this.name}-${HEALTHY_ID}`;
  private runOf = (label: string) => this.runs.find((r) => r.id === `${this.name}-${label}`);
  private trained = () => this.runs.length === 4 && this.runs.every((r) => r.status === 'done' || r.status === 'diverged');

  private refresh() {
    const t = this.t;
    const rv = this.revealed();
    const trained = this.trained();
    this.seedLine.textContent = t('studio.blind.seed', { seed: this.labSeed });
    this.trainBtn.disabled = !!this.abort;
    this.s2.lock(!trained && !rv);
    this.diag.refresh(!!rv);
    const ready = trained && this.diag.picks().every((p) => !!p);
    this.revealBtn.disabled = !ready || !!rv;
    this.revealBtn.hidden = !!rv;
    this.againBtn.hidden = !rv;
    this.revealMsg.textContent = rv ? '' : !trained ? t('studio.blind.needRuns') : ready ? '' : t('studio.blind.needPicks');
    this.root.dataset.stage = rv ? 'revealed' : ready ? 'ready' : trained ? 'diagnose' : 'train';
    const el = this.root as HTMLElement & { runs?: RunRecord[]; labSeed?: number };
    el.runs = this.runs;
    el.labSeed = this.labSeed;
    this.root.dataset.labSeed = String(this.labSeed);
  }

  private showView() {
    const v = this.view.get() ?? 'all';
    const visible = this.runs.filter((r) => v === 'all' || this.isHealthy(r) || r.id === `${this.name}-${v}`);
    for (const r of [...this.dash.runs]) if (!visible.includes(r)) this.dash.removeRun(r.id);
    for (const r of visible) this.dash.addRun(r);
    this.dash.update();
  }

  /** Trains the four runs (or retrains them for a returning learner: `restoring`). */
  private async trainAll(restoring = false) {
    if (this.abort) return;
    const { t, store } = this.ctx;
    await this.mgr.freeAll();
    const seed = trainSeed(this.labSeed);
    const steps = this.steps;
    this.runs = [
      this.mgr.record({ id: `${this.name}-${HEALTHY_ID}`, brk: 'healthy', seed, steps, label: t('studio.blind.healthy'), reference: true }),
      ...BLIND_LABELS.map((label, i) => this.mgr.record({ id: `${this.name}-${label}`, brk: this.truth[i], seed, steps, label })),
    ];
    this.view.set('all');
    this.dash.clear();
    const abort = (this.abort = new AbortController());
    this.refresh();
    if (restoring) this.status.show(t('studio.blind.restoring', { seed: this.labSeed }));
    try {
      for (const r of this.runs) {
        if (abort.signal.aborted) break;
        const pending = guard(this.status, () => this.mgr.train(r, this.dash, abort.signal), () => void this.trainAll());
        if (!restoring && (document.activeElement === document.body || document.activeElement === this.trainBtn)) this.dash.focusCancel(r);
        const ok = await pending;
        if (!ok || r.status === 'cancelled') break;
      }
    } finally {
      this.abort = null;
    }
    if (this.trained()) store.set(this.K('trained'), this.labSeed);
    this.refresh();
    if (this.revealed()) this.showReveal();
    if (restoring) return;
    if (this.trained()) this.diag.focusFirst();
    else this.trainBtn.focus({ preventScroll: true });
  }

  private reveal() {
    if (!this.trained()) return;
    const p = this.diag.picks();
    if (!p.every((x) => !!x)) return;
    const { store } = this.ctx;
    // Diagnoses typed but not yet "changed" (focus still in the text area) are saved first.
    this.diag.saveAll();
    const seed = this.labSeed;
    const rv: Reveal = { at: new Date().toISOString(), seed, truth: [...this.truth], picks: p, score: score(this.truth, p) };
    store.set(this.K('reveal'), rv);
    store.set(this.K('score'), { score: rv.score, of: 3, seed, at: rv.at });
    const hist = this.read<{ seed: number; score: number; at: string }[]>(this.K('history')) ?? [];
    store.set(this.K('history'), [...hist, { seed, score: rv.score, at: rv.at }]);
    this.refresh();
    this.showReveal();
    this.dash.update();
    (this.revealBox.querySelector('.st-score') as HTMLElement | null)?.focus();
  }

  private again() {
    const { store } = this.ctx;
    this.labSeed = newLabSeed();
    this.truth = assignment(this.labSeed);
    store.set(this.K('seed'), this.labSeed);
    store.set(this.K('reveal'), null);
    store.set(this.K('trained'), null);
    for (const l of BLIND_LABELS) store.set(this.K(`diagnosis:${l}`), null);
    void this.mgr.freeAll();
    this.runs = [];
    this.dash.clear();
    this.revealBox.replaceChildren();
    this.diag.build(() => !!this.revealed());
    this.refresh();
    this.trainBtn.focus();
  }

  private showReveal() {
    const rv = this.revealed();
    if (!rv) return;
    const { t, lang } = this.ctx;
    this.revealBox.replaceChildren(...revealView({ t, lang, labSeed: this.labSeed, steps: this.steps, healthy: this.runs.find(this.isHealthy), runOf: this.runOf }, rv));
  }

  destroy() {
    this.abort?.abort();
    this.dash.destroy();
    void this.mgr.freeAll();
  }
}
