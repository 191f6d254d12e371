/**
 * One break exercise, start to finish: read the real code with the bug in place, commit to a
 * prediction (the Run button stays locked until it is saved), train the broken model, read the
 * evidence, take hints one at a time, repair the code (wrong repairs are refused with a hint
 * aimed at that mistake), then prove the repair: the engine switches to the healthy path,
 * retrains from the same seed and reruns the causality sweep. Solved only when the evidence
 * is green. Everything the learner writes or earns is saved to progress as soon as it exists.
 */
import { h } from '../ui/dom';
import { StatusLine } from '../ui/status';
import type { WidgetContext } from '../ui/types';
import { breakSnippet } from './code';
import { diffView, snippetView } from './codeview';
import { Dashboard } from './dashboard';
import { evidenceView, gather } from './evidence';
import { manifestOf } from './manifest';
import type { RunRecord } from './metrics';
import { diffOf, judgeNoMaskEdit, REPAIRS } from './repairs';
import { RunManager, STUDIO_STEPS } from './runner';
import { parseSeed, readShare, shareUrl } from './share';
import { verdict, type Evidence, type ExerciseSpec } from './specs';
import { guard, radios, step } from './ui';

export interface Prediction {
  answers: Record<string, string>;
  text: string;
  at: string;
}

let uid = 0;

export function mountExercise(root: HTMLElement, body: HTMLElement, params: Record<string, string>, ctx: WidgetContext, spec: ExerciseSpec) {
  const { t, store, lang } = ctx;
  const K = (k: string) => `studio:${spec.key}:${k}`;
  const mgr = new RunManager(ctx.engine);
  const name = `ex${++uid}`;
  const status = new StatusLine(ctx);
  const steps = Number(params.steps) > 0 ? Math.min(3000, Math.floor(Number(params.steps))) : STUDIO_STEPS;
  const shared = readShare(location.href);
  let seed = parseSeed(String(store.get(K('seed')) ?? '')) ?? (shared?.brk === spec.brk ? shared.seed : 1);
  const brk = spec.brk;
  const bx = brk; // string-id key for this break's texts
  let broken: RunRecord | null = null;
  let fixed: RunRecord | null = null;
  let abort: AbortController | null = null;

  const wrap = h('div', { className: 'studio', attrs: { 'data-exercise': spec.key, 'data-break': brk } });
  body.append(wrap);
  const expose = () => {
    (root as HTMLElement & { runs?: RunRecord[] }).runs = [broken, fixed].filter((r): r is RunRecord => !!r);
  };
  expose();

  // ---- 1 · the code ----
  const s1 = step(1, t('studio.ex.codeTitle'), '');
  const snippet = breakSnippet(brk);
  s1.body.append(h('p', { textContent: t(`studio.ex.codeIntro.${bx}`) }), snippetView(snippet, t),
    h('p', { className: 'st-note', textContent: t('studio.ex.codeSwitch') }));

  // ---- 2 · prediction ----
  const s2 = step(2, t('studio.ex.predictTitle'), '');
  const saved = store.get<Prediction>(K('prediction'));
  const groups = spec.questions.map((q) =>
    ({
      q,
      r: radios(`${name}-${q.id}`, t(`studio.q.${bx}.${q.id}`), q.choices.map((c) => ({ value: c, label: t(`studio.a.${bx}.${q.id}.${c}`) })), saved?.answers[q.id]),
    }));
  const textId = `${name}-why`;
  const why = h('textarea', { id: textId, value: saved?.text ?? '' });
  const saveBtn = h('button', { type: 'button', className: 'btn', textContent: t('studio.ex.savePrediction') });
  const saveMsg = h('p', { className: 'st-saved', attrs: { role: 'status', 'aria-live': 'polite' } });
  s2.body.append(h('p', { textContent: t('studio.ex.predictIntro') }), ...groups.map((g) => g.r.el),
    h('label', { htmlFor: textId, textContent: t(`studio.q.${bx}.text`) }), why,
    h('div', { className: 'st-row' }, saveBtn, saveMsg));

  // ---- 3 · run ----
  const s3 = step(3, t('studio.ex.runTitle'), '');
  const runNote = h('p', { className: 'st-locked-note', textContent: t('studio.ex.runLocked') });
  const seedInput = h('input', { type: 'number', min: '0', max: '4294967295', value: String(seed), className: 'st-seed' });
  const runBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.ex.runBroken') });
  const dash = new Dashboard({
    t, lang, steps,
    shareLink: (r) => shareUrl(location.href, { brk: r.brk as never, seed: r.seed, steps: r.steps }),
    manifest: (r) => manifestOf(r, shareUrl(location.href, { brk: r.brk as never, seed: r.seed, steps: r.steps })),
  });
  dash.onCancel = () => abort?.abort();
  s3.body.append(
    h('p', { textContent: t('studio.ex.runIntro', { steps }) }),
    h('div', { className: 'st-row' }, h('label', {}, t('studio.seed'), ' ', seedInput), runBtn), runNote,
    status.el, dash.el);
  dash.el.hidden = true; // until the first run starts

  // ---- 4 · observe ----
  const s4 = step(4, t('studio.ex.observeTitle'), t('studio.ex.observeLocked'));
  const obsBox = h('div', {});
  s4.body.append(obsBox);

  // ---- 5 · hints ----
  const s5 = step(5, t('studio.ex.hintsTitle'), t('studio.ex.observeLocked'));
  const hintList = h('ol', { className: 'st-hint-list' });
  const hintBtn = h('button', { type: 'button', className: 'btn' });
  s5.body.append(h('div', { className: 'st-hints' }, hintList), hintBtn);
  let hintsShown = Math.min(spec.hints, Number(store.get(K('hints')) ?? 0));
  const renderHints = () => {
    hintList.replaceChildren(...Array.from({ length: hintsShown }, (_, i) => h('li', { textContent: t(`studio.hint.${bx}.${i + 1}`) })));
    hintBtn.textContent = hintsShown < spec.hints ? t('studio.ex.showHint', { n: hintsShown + 1, total: spec.hints }) : t('studio.ex.noMoreHints');
    hintBtn.disabled = hintsShown >= spec.hints;
  };
  hintBtn.addEventListener('click', () => {
    hintsShown = Math.min(spec.hints, hintsShown + 1);
    store.set(K('hints'), hintsShown);
    renderHints();
    (hintList.lastElementChild as HTMLElement | null)?.setAttribute('tabindex', '-1');
    (hintList.lastElementChild as HTMLElement | null)?.focus();
  });
  renderHints();

  // ---- 6 · repair ----
  const s6 = step(6, t('studio.ex.repairTitle'), t('studio.ex.observeLocked'));
  const repairs = REPAIRS[brk] ?? [];
  const optBox = h('div', { className: 'st-options', attrs: { role: 'radiogroup', 'aria-label': t('studio.ex.repairPick') } });
  for (const r of repairs) {
    const id = `${name}-fix-${r.id}`;
    optBox.append(h('div', { className: 'st-option', attrs: { 'data-repair': r.id } },
      h('label', { htmlFor: id }, h('input', { type: 'radio', name: `${name}-fix`, value: r.id, id }), t(`studio.fix.${bx}.${r.id}`)),
      diffView(diffOf(snippet, r), t)));
  }
  const applyBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.ex.apply') });
  const feedback = h('div', { className: 'st-feedback', attrs: { role: 'alert' } });
  s6.body.append(h('p', { textContent: t('studio.ex.repairIntro') }), optBox, h('div', { className: 'st-row' }, applyBtn));
  let editInput: HTMLInputElement | null = null;
  let editBtn: HTMLButtonElement | null = null;
  if (spec.editLine) {
    const bug = snippet.lines.find((l) => l.bug)!;
    editInput = h('input', { type: 'text', value: bug.text.trim(), className: 'st-edit-line', spellcheck: false, id: `${name}-edit` });
    editBtn = h('button', { type: 'button', className: 'btn', textContent: t('studio.ex.applyEdit') });
    s6.body.append(h('details', { className: 'st-edit' },
      h('summary', { textContent: t('studio.ex.editSummary') }),
      h('label', { htmlFor: editInput.id, textContent: t('studio.ex.editLabel', { n: bug.n }) }), editInput,
      h('div', { className: 'st-row' }, editBtn)));
  }
  s6.body.append(feedback);

  // ---- 7 · verify ----
  const s7 = step(7, t('studio.ex.verifyTitle'), t('studio.ex.verifyLocked'));
  const verifyBox = h('div', {});
  s7.body.append(verifyBox);

  wrap.append(s1.el, s2.el, s3.el, s4.el, s5.el, s6.el, s7.el);

  // ---- state ----
  const predictionSaved = () => !!store.get<Prediction>(K('prediction'));
  const refresh = () => {
    runNote.hidden = predictionSaved();
    runBtn.disabled = !predictionSaved() || !!abort;
    const observed = !!broken && broken.metrics.length > 0 && broken.status !== 'running';
    s4.lock(!observed);
    s5.lock(!observed);
    s6.lock(!observed);
    s7.lock(!fixed);
    root.dataset.stage = fixed ? 'verify' : observed ? 'observe' : predictionSaved() ? 'run' : 'predict';
    const solved = store.get(K('solved'));
    root.dataset.solved = solved ? '1' : '0';
    expose();
  };

  saveBtn.addEventListener('click', () => {
    const answers: Record<string, string> = {};
    const missing = groups.filter((g) => !g.r.get());
    if (missing.length > 0) {
      saveMsg.className = 'st-bad';
      saveMsg.textContent = t('studio.ex.predictMissing');
      (missing[0].r.el.querySelector('input') as HTMLInputElement | null)?.focus();
      return;
    }
    for (const g of groups) answers[g.q.id] = g.r.get()!;
    const p: Prediction = { answers, text: why.value.trim(), at: new Date().toISOString() };
    store.set(K('prediction'), p);
    saveMsg.className = 'st-saved';
    saveMsg.textContent = t('studio.ex.predictSaved');
    refresh();
  });

  const readSeed = (): number | null => {
    const s = parseSeed(seedInput.value);
    if (s === null) {
      status.show(t('studio.badSeed'));
      status.el.classList.add('is-error');
      return null;
    }
    return s;
  };

  runBtn.addEventListener('click', () => void runBroken());

  async function runBroken() {
    const s = readSeed();
    if (s === null || !predictionSaved()) return;
    seed = s;
    store.set(K('seed'), seed);
    // The prediction is now committed: it stays visible but can no longer change.
    for (const g of groups) g.r.disable(true);
    why.readOnly = true;
    saveBtn.disabled = true;
    if (broken) await mgr.free(broken);
    if (fixed) await mgr.free(fixed);
    fixed = null;
    dash.clear();
    dash.el.hidden = false;
    broken = mgr.record({ brk, seed, steps, label: t('studio.ex.brokenLabel') });
    abort = new AbortController();
    refresh();
    obsBox.replaceChildren(h('p', { className: 'st-note', textContent: t('studio.ex.observeWait') }));
    verifyBox.replaceChildren();
    try {
      await guard(status, () => mgr.train(broken!, dash, abort!.signal), () => void runBroken());
    } finally {
      abort = null;
      refresh();
    }
    if (broken.status === 'cancelled' || broken.status === 'error') {
      obsBox.replaceChildren(h('p', { className: 'st-note', textContent: t('studio.ex.rerunNeeded') }));
      return;
    }
    await observe(broken);
  }

  async function observe(run: RunRecord) {
    const ev: Evidence = { run };
    const got = await guard(status, () => gather(mgr, ev, spec.gather), () => void observe(run), t('studio.measuring'));
    if (!got) return;
    const pred = store.get<Prediction>(K('prediction'));
    const table = h('table', { className: 'st-table st-compare' },
      h('caption', { textContent: t('studio.ex.compareCaption') }),
      h('thead', {}, h('tr', {}, ...['question', 'yours', 'measured'].map((c) => h('th', { attrs: { scope: 'col' }, textContent: t(`studio.ex.col.${c}`) })))));
    const body = h('tbody', {});
    let matched = 0;
    let judged = 0;
    for (const q of spec.questions) {
      const mine = pred?.answers[q.id];
      const obs = q.observed?.(got) ?? null;
      if (obs !== null) judged++;
      if (obs !== null && obs === mine) matched++;
      body.append(h('tr', { attrs: { 'data-q': q.id, 'data-observed': obs ?? '' } },
        h('th', { attrs: { scope: 'row' }, textContent: t(`studio.q.${bx}.${q.id}`) }),
        h('td', { textContent: mine ? t(`studio.a.${bx}.${q.id}.${mine}`) : '—' }),
        h('td', { textContent: obs === null ? t('studio.ex.judgeYourself') : `${obs === mine ? '✓' : '✕'} ${t(`studio.a.${bx}.${q.id}.${obs}`)}` })));
    }
    table.append(body);
    store.set(K('predictionScore'), { matched, judged, seed: run.seed });
    obsBox.replaceChildren(
      h('p', { textContent: t(`studio.ex.observeIntro.${bx}`) }),
      evidenceView(got, spec.gather, t, lang),
      h('div', { className: 'st-table-box' }, table),
      h('p', { className: 'st-note', attrs: { 'data-matched': String(matched) }, textContent: t('studio.ex.matched', { matched, judged }) }),
      pred?.text ? h('p', { className: 'st-note', textContent: t('studio.ex.yourWords', { text: pred.text }) }) : '',
    );
    refresh();
  }

  // ---- repair ----
  const attempts = (): string[] => store.get<string[]>(K('attempts')) ?? [];
  const refuse = (repairId: string, why: string) => {
    store.set(K('attempts'), [...attempts(), repairId]);
    feedback.className = 'st-feedback is-bad';
    feedback.replaceChildren(h('strong', { textContent: t('studio.ex.refused') }), ' ', why);
    root.dataset.lastRepair = 'refused';
  };
  applyBtn.addEventListener('click', () => {
    const pick = optBox.querySelector<HTMLInputElement>('input:checked')?.value;
    for (const o of optBox.querySelectorAll<HTMLElement>('.st-option')) o.classList.remove('is-refused', 'is-accepted');
    if (!pick) {
      feedback.className = 'st-feedback is-bad';
      feedback.textContent = t('studio.ex.pickFirst');
      return;
    }
    const r = repairs.find((x) => x.id === pick)!;
    const box = optBox.querySelector<HTMLElement>(`[data-repair="${pick}"]`);
    if (!r.correct) {
      box?.classList.add('is-refused');
      return refuse(r.id, t(`studio.fixwhy.${bx}.${r.id}`));
    }
    box?.classList.add('is-accepted');
    void accept(r.id, t(`studio.fixwhy.${bx}.${r.id}`));
  });
  editBtn?.addEventListener('click', () => {
    const verdictOfEdit = judgeNoMaskEdit(editInput!.value);
    if (verdictOfEdit !== 'right') return refuse(`edit:${verdictOfEdit}`, t(`studio.editwhy.${verdictOfEdit}`));
    void accept('edit', t('studio.editwhy.right'));
  });

  async function accept(repairId: string, why: string) {
    if (abort) return;
    store.set(K('repair'), { repair: repairId, at: new Date().toISOString() });
    feedback.className = 'st-feedback is-ok';
    feedback.replaceChildren(h('strong', { textContent: t('studio.ex.accepted') }), ' ', why, ' ', t('studio.ex.retraining'));
    root.dataset.lastRepair = 'accepted';
    if (fixed) await mgr.free(fixed);
    fixed = mgr.record({ brk: 'healthy', seed, steps, label: t('studio.ex.fixedLabel') });
    abort = new AbortController();
    applyBtn.disabled = true;
    refresh();
    verifyBox.replaceChildren(h('p', { className: 'st-note', textContent: t('studio.ex.verifyWait') }));
    s7.el.scrollIntoView?.({ block: 'nearest' });
    try {
      await guard(status, () => mgr.train(fixed!, dash, abort!.signal), () => void accept(repairId, why));
    } finally {
      abort = null;
      applyBtn.disabled = false;
      refresh();
    }
    if (fixed.status !== 'done') {
      verifyBox.replaceChildren(h('p', { className: 'st-bad', textContent: t('studio.ex.verifyIncomplete') }));
      return;
    }
    await verify(fixed);
  }

  async function verify(run: RunRecord) {
    const ev: Evidence = { run };
    const got = await guard(status, () => gather(mgr, ev, spec.gather), () => void verify(run), t('studio.measuring'));
    if (!got) return;
    const v = verdict(got);
    const check = (ok: boolean, text: string) => h('li', { attrs: { 'data-ok': ok ? '1' : '0' }, textContent: text });
    const list = h('ul', { className: 'st-evidence' },
      check(v.sweepOk, t(v.sweepOk ? 'studio.ex.checkSweepOk' : 'studio.ex.checkSweepBad')),
      check(v.aboveFloor, t(v.aboveFloor ? 'studio.ex.checkFloorOk' : 'studio.ex.checkFloorBad')));
    const parts: (HTMLElement | string)[] = [list, evidenceView(got, spec.gather, t, lang)];
    if (v.solved) {
      const sig = { sweepOk: v.sweepOk, aboveFloor: v.aboveFloor, seed: run.seed, steps: run.steps };
      store.set(K('solved'), { at: new Date().toISOString(), evidence: sig });
      parts.unshift(h('p', { className: 'st-solved st-ok', attrs: { role: 'status' }, textContent: t('studio.ex.solved') }));
    } else parts.unshift(h('p', { className: 'st-bad', textContent: t('studio.ex.notYet') }));
    verifyBox.replaceChildren(...parts);
    refresh();
  }

  // Restore: a saved prediction unlocks the Run step; a solved exercise says so.
  if (saved) saveMsg.textContent = t('studio.ex.predictRestored');
  if (store.get(K('solved')))
    verifyBox.replaceChildren(h('p', { className: 'st-ok', textContent: t('studio.ex.solvedBefore') }));
  refresh();
  root.dataset.ready = '1';

  return () => {
    abort?.abort();
    dash.destroy();
    void mgr.freeAll();
  };
}

