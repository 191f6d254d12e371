/**
 * One break exercise, start to finish: read the real code with the bug in place, commit to a
 * prediction (the Train button stays locked until it is saved), train the broken model, read the
 * evidence, take hints one at a time, repair the code, then prove the repair: the engine trains
 * the repaired model from the same seed and reruns the causality sweep. Solved only when the
 * evidence is green; then the lesson is marked done once every exercise on its page is solved.
 *
 * Everything the learner writes or earns is saved to progress as soon as it exists; a returning
 * learner finds the prediction locked, and the runs retrained from their kept seed in the
 * background (the engine is deterministic), with their verdicts. The steps' pieces live in
 * exercise-predict.ts, exercise-repair.ts, exercise-compare.ts and prompt.ts.
 */
import { h } from '../ui/dom';
import type { WidgetContext } from '../ui/types';
import { breakSnippet } from './code';
import { snippetView } from './codeview';
import { Dashboard } from './dashboard';
import { evidenceView, gather } from './evidence';
import { checklist, compareView, proofView } from './exercise-compare';
import { hintsStep } from './exercise-hints';
import { PredictionStep, type Prediction } from './exercise-predict';
import { RepairStep, type RepairChoice } from './exercise-repair';
import { manifestOf } from './manifest';
import type { RunRecord } from './metrics';
import { promptBox } from './prompt';
import { isHealthyMasks, maskDataOf } from './repair-masks';
import { editMasks, type RepairMasks } from './repairs';
import { StudioRoom } from './room';
import { parseSeed, readShare, shareUrl } from './share';
import { proofKinds, type ExerciseSpec } from './specs';
import { guard, step, type Step } from './ui';

export type { Prediction } from './exercise-predict';

let uid = 0;

/** What a committed exercise keeps so its runs can be rebuilt: studio:<key>:runs. */
interface KeptRuns {
  seed: number;
  steps: number;
}

export function mountExercise(root: HTMLElement, body: HTMLElement, params: Record<string, string>, ctx: WidgetContext, spec: ExerciseSpec) {
  const ex = new Exercise(root, body, params, ctx, spec);
  return () => ex.destroy();
}

class Exercise extends StudioRoom {
  private name = `ex${++uid}`;
  private broken: RunRecord | null = null;
  private fixed: RunRecord | null = null;
  /** Runs of repairs tried so far, by the masks they produce. */
  private tried = new Map<string, RunRecord>();
  private abort: AbortController | null = null;
  private wrap: HTMLElement;
  private banner = h('p', { className: 'st-banner', hidden: true, attrs: { role: 'status' } });
  private predict: PredictionStep;
  private runStep: Step;
  private seedInput: HTMLInputElement;
  private runBtn: HTMLButtonElement;
  private runNote: HTMLElement;
  private dash: Dashboard;
  private s4: Step;
  private s5: Step;
  private s7: Step;
  private obsBox = h('div', {});
  private repair: RepairStep;
  private verifyBox = h('div', {});
  private promptSlot = h('div', { hidden: true });

  constructor(private root: HTMLElement, body: HTMLElement, params: Record<string, string>, ctx: WidgetContext, private spec: ExerciseSpec) {
    super(ctx, params);
    const { t, store, lang } = ctx;
    const shared = readShare(location.href);
    // (Progress saved before runs were kept has only the seed of the last run.)
    const oldSeed = this.read<number>(this.K('seed'));
    const kept = this.read<KeptRuns>(this.K('runs')) ?? (oldSeed !== undefined ? { seed: oldSeed, steps: this.steps } : undefined);
    const seed = kept?.seed ?? (shared?.brk === spec.brk ? shared.seed : 1);
    const brk = spec.brk;
    this.wrap = h('div', { className: 'studio', attrs: { 'data-exercise': spec.key, 'data-break': brk } });
    body.append(this.banner, this.wrap); // the banner sits outside the steps, never in a locked one

    const snippet = breakSnippet(brk);
    const s1 = step(1, t('studio.ex.codeTitle'), '');
    s1.body.append(h('p', { textContent: t(`studio.ex.codeIntro.${brk}`) }), snippetView(snippet, t),
      h('p', { className: 'st-note', textContent: t('studio.ex.codeSwitch') }));

    this.predict = new PredictionStep(spec, this.name, t, this.read<Prediction>(this.K('prediction')), (p) => {
      store.set(this.K('prediction'), p);
      this.refresh();
      this.runBtn.focus();
    });

    this.runStep = step(3, t('studio.ex.runTitle'), '');
    this.runNote = h('p', { className: 'st-locked-note', textContent: t('studio.ex.runLocked') });
    this.seedInput = h('input', { type: 'text', value: String(seed), className: 'st-seed', attrs: { inputmode: 'numeric', 'aria-describedby': `${this.name}-seedhelp` } });
    this.runBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.ex.runBroken') });
    const link = (r: RunRecord) => shareUrl(location.href, { brk: r.brk as never, seed: r.seed, steps: r.steps });
    this.dash = new Dashboard({ t, lang, steps: this.steps, shareLink: link, manifest: (r) => manifestOf(r, link(r)) });
    this.dash.onCancel = () => this.abort?.abort();
    this.runStep.body.append(
      h('p', { textContent: t('studio.ex.runIntro', { steps: this.steps }) }),
      h('div', { className: 'st-row' }, h('label', {}, t('studio.seed'), ' ', this.seedInput), this.runBtn),
      h('p', { className: 'st-note', id: `${this.name}-seedhelp`, textContent: t('studio.seedHelp') }),
      this.runNote, this.status.el, this.dash.el);
    this.dash.el.hidden = true; // until the first run starts
    this.runBtn.addEventListener('click', () => void this.runBroken());

    this.s4 = step(4, t('studio.ex.observeTitle'), t('studio.ex.observeLocked'));
    this.s4.body.append(this.obsBox);
    this.s5 = hintsStep(this.spec, t, this.ctx.store, this.read<number>(this.K('hints')) ?? 0, this.K('hints'));
    this.repair = new RepairStep(spec, snippet, this.name, t, (c) => this.onRepair(c));
    this.s7 = step(7, t('studio.ex.verifyTitle'), t('studio.ex.verifyLocked'));
    this.promptSlot.append(promptBox(this.mgr, () => ({ fixed: this.fixed, broken: this.broken }), this.status, t, lang, this.name));
    this.s7.body.append(this.verifyBox, this.promptSlot);
    for (const s of [this.s4, this.s7]) s.el.querySelector('h3')!.tabIndex = -1;

    this.wrap.append(s1.el, this.predict.step.el, this.runStep.el, this.s4.el, this.s5.el, this.repair.step.el, this.s7.el);
    if (this.read(this.K('solved'))) this.say(t('studio.ex.solvedBefore'));
    this.refresh();
    root.dataset.ready = '1';
    if (kept && this.read(this.K('prediction'))) void this.restore(kept);
  }

  private K(k: string) {
    return `studio:${this.spec.key}:${k}`;
  }

  private say(text: string) {
    this.banner.hidden = !text;
    this.banner.textContent = text;
  }

  private refresh() {
    const predicted = !!this.read(this.K('prediction'));
    const solved = !!this.read(this.K('solved'));
    this.runNote.hidden = predicted;
    this.runBtn.disabled = !predicted || !!this.abort;
    const observed = !!this.broken && this.broken.metrics.length > 0 && this.broken.status !== 'running';
    this.s4.lock(!observed);
    this.s5.lock(!observed);
    this.repair.step.lock(!observed);
    this.repair.enable(!this.abort && !(solved && !!this.fixed));
    this.s7.lock(!this.fixed);
    this.root.dataset.stage = this.fixed ? 'verify' : observed ? 'observe' : predicted ? 'run' : 'predict';
    this.root.dataset.solved = solved ? '1' : '0';
    this.wrap.dataset.solved = this.root.dataset.solved;
    const el = this.root as HTMLElement & { runs?: RunRecord[]; tried?: RunRecord[] };
    el.runs = [this.broken, this.fixed].filter((r): r is RunRecord => !!r);
    el.tried = [...this.tried.values()];
  }

  /** Trains `run` on the dashboard with Cancel in reach; false if it did not finish. */
  private async train(run: RunRecord, retry: () => void, quiet = false): Promise<boolean> {
    this.abort = new AbortController();
    this.refresh();
    this.dash.el.hidden = false;
    try {
      const pending = guard(this.status, () => this.mgr.train(run, this.dash, this.abort!.signal), retry);
      if (!quiet && (document.activeElement === document.body || this.wrap.contains(document.activeElement))) this.dash.focusCancel(run);
      await pending;
    } finally {
      this.abort = null;
      this.refresh();
    }
    if (run.status === 'done' || run.status === 'diverged') return true;
    if (!quiet) this.runBtn.focus({ preventScroll: true }); // cancelled or failed: the way to try again
    return false;
  }

  private async runBroken(restoring = false) {
    const seed = parseSeed(this.seedInput.value);
    if (seed === null) {
      this.status.show(this.t('studio.badSeed'));
      this.status.el.classList.add('is-error');
      this.seedInput.focus();
      return;
    }
    if (!this.read(this.K('prediction')) || this.abort) return;
    this.ctx.store.set(this.K('runs'), { seed, steps: this.steps } satisfies KeptRuns);
    this.predict.commit(); // the prediction stays visible but can no longer change
    if (this.broken) await this.mgr.free(this.broken);
    if (this.fixed) await this.mgr.free(this.fixed);
    this.fixed = null;
    this.tried.clear();
    this.dash.clear();
    this.broken = this.mgr.record({ id: `${this.name}-broken`, brk: this.spec.brk, seed, steps: this.steps, label: this.t('studio.ex.brokenLabel') });
    this.obsBox.replaceChildren(h('p', { className: 'st-note', textContent: this.t('studio.ex.observeWait') }));
    this.verifyBox.replaceChildren();
    this.promptSlot.hidden = true;
    if (!(await this.train(this.broken, () => void this.runBroken(), restoring))) {
      this.obsBox.replaceChildren(h('p', { className: 'st-note', textContent: this.t('studio.ex.rerunNeeded') }));
      return;
    }
    await this.observe(this.broken, !restoring);
  }

  private async observe(run: RunRecord, focus: boolean) {
    const got = await guard(this.status, () => gather(this.mgr, { run }, this.spec.gather), () => void this.observe(run, focus), this.t('studio.measuring'));
    if (!got) return;
    const c = compareView(this.spec, got, this.read<Prediction>(this.K('prediction')), this.t, this.ctx.lang);
    this.ctx.store.set(this.K('predictionScore'), { matched: c.matched, judged: c.judged, seed: run.seed });
    this.obsBox.replaceChildren(...c.el);
    this.refresh();
    if (focus) this.s4.el.querySelector('h3')!.focus();
  }

  /** Every repair is run: the engine trains with the masks it produces (same seed) and the
   * evidence decides. A hand edit the page cannot turn into masks is refused with its hint. */
  private onRepair(c: RepairChoice) {
    const t = this.t;
    const bx = this.spec.brk;
    if (c.kind === 'edit') {
      const masks = editMasks(c.text);
      if (!masks) return this.refuse(`edit:${c.verdict}`, t(`studio.editwhy.${c.verdict}`));
      if (isHealthyMasks(masks)) return void this.accept('edit', t('studio.editwhy.right'));
      return void this.tryRepair(`edit:${c.verdict}`, masks, t(`studio.editwhy.${c.verdict}`));
    }
    const r = c.repair;
    if (isHealthyMasks(r.masks)) {
      this.repair.mark(r.id, 'is-accepted');
      return void this.accept(r.id, t(`studio.fixwhy.${bx}.${r.id}`));
    }
    this.repair.mark(r.id, 'is-ran');
    void this.tryRepair(r.id, r.masks, t(`studio.fixwhy.${bx}.${r.id}`));
  }

  private refuse(id: string, why: string, evidence?: HTMLElement) {
    this.ctx.store.set(this.K('attempts'), [...(this.read<string[]>(this.K('attempts')) ?? []), id]);
    if (evidence) this.repair.say('is-bad', h('strong', { textContent: this.t('studio.ex.refusedRed') }), ' ', why, evidence);
    else this.repair.refused(why);
    this.root.dataset.lastRepair = 'refused';
    this.repair.focusFeedback();
  }

  /** Trains a repair other than the healthy path (same masks, same seed: trained once). */
  private async tryRepair(id: string, masks: RepairMasks, why: string) {
    if (this.abort || !this.broken) return;
    const t = this.t;
    const key = `${masks.train}-${masks.generate}`;
    let run = this.tried.get(key);
    if (!run || run.status !== 'done') {
      const info = await this.mgr.info().catch(() => null);
      if (!info) return;
      run = this.mgr.record({ id: `${this.name}-try-${key}`, brk: 'healthy', seed: this.broken.seed, steps: this.steps,
        label: t('studio.ex.tryLabel', { repair: id }), maskData: maskDataOf(masks, info.config.block_size) });
      this.tried.set(key, run);
      this.repair.say('', t('studio.ex.trying'));
      if (!(await this.train(run, () => void this.tryRepair(id, masks, why)))) return;
    }
    const got = await guard(this.status, () => gather(this.mgr, { run: run! }, proofKinds(this.spec)), undefined, t('studio.measuring'));
    if (!got) return;
    const c = checklist(got, t, this.ctx.lang);
    this.root.dataset.lastTried = c.solved ? 'green' : 'red';
    if (!c.solved) {
      this.repair.mark(id, 'is-refused');
      return this.refuse(id, why, h('div', {}, c.el, evidenceView(got, proofKinds(this.spec), t, this.ctx.lang)));
    }
    // The evidence is green: whatever the change looked like, it works.
    this.fixed = run;
    await this.verify(run, true);
  }

  private async accept(repairId: string, why: string, restoring = false) {
    if (this.abort || !this.broken) return;
    const t = this.t;
    this.ctx.store.set(this.K('repair'), { repair: repairId, at: new Date().toISOString() });
    if (!restoring) this.repair.say('is-ok', h('strong', { textContent: t('studio.ex.accepted') }), ' ', why, ' ', t('studio.ex.retraining'));
    this.root.dataset.lastRepair = 'accepted';
    if (this.fixed) await this.mgr.free(this.fixed);
    this.fixed = this.mgr.record({ id: `${this.name}-fixed`, brk: 'healthy', seed: this.broken.seed, steps: this.steps, label: t('studio.ex.fixedLabel') });
    this.verifyBox.replaceChildren(h('p', { className: 'st-note', textContent: t('studio.ex.verifyWait') }));
    if (!restoring) this.s7.el.scrollIntoView?.({ block: 'nearest' });
    if (!(await this.train(this.fixed, () => void this.accept(repairId, why), restoring))) {
      this.verifyBox.replaceChildren(h('p', { className: 'st-bad', textContent: t('studio.ex.verifyIncomplete') }));
      return;
    }
    await this.verify(this.fixed, !restoring);
  }

  private async verify(run: RunRecord, focus: boolean) {
    const got = await guard(this.status, () => gather(this.mgr, { run }, proofKinds(this.spec)), () => void this.verify(run, focus), this.t('studio.measuring'));
    if (!got) return;
    const proof = proofView(this.spec, got, this.t, this.ctx.lang);
    if (proof.solved) {
      if (!this.read(this.K('solved')))
        this.ctx.store.set(this.K('solved'), { at: new Date().toISOString(), evidence: { sweepOk: true, aboveFloor: true, learned: true, seed: run.seed, steps: run.steps } });
      this.markLessonDone();
      this.say('');
    }
    this.verifyBox.replaceChildren(...proof.el);
    this.promptSlot.hidden = false;
    this.refresh();
    if (focus) (this.verifyBox.firstElementChild as HTMLElement | null)?.focus();
  }

  /** The lesson counts as done once every exercise on its page is solved. */
  private markLessonDone() {
    const id = this.ctx.lessonId;
    if (!id || this.ctx.store.get(`done:${id}`) !== undefined) return;
    this.wrap.dataset.solved = '1';
    const all = [...document.querySelectorAll<HTMLElement>('.studio[data-exercise]')];
    if (all.every((e) => e.dataset.solved === '1')) this.ctx.store.set(`done:${id}`, new Date().toISOString());
  }

  /** A returning learner: rebuild the committed runs from their seed, in the background. */
  private async restore(kept: KeptRuns) {
    this.predict.commit();
    this.seedInput.value = String(kept.seed);
    this.say(this.read(this.K('solved')) ? this.t('studio.ex.solvedBefore') : '');
    this.status.show(this.t('studio.ex.restoring', { seed: kept.seed }));
    await this.runBroken(true);
    const repaired = this.read<{ repair: string }>(this.K('repair'));
    if (repaired && this.broken?.status === 'done') {
      this.repair.mark(repaired.repair, 'is-accepted');
      await this.accept(repaired.repair, '', true);
    }
  }

  destroy() {
    this.abort?.abort();
    this.dash.destroy();
    void this.mgr.freeAll();
  }
}
