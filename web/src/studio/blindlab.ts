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
import { StatusLine } from '../ui/status';
import type { WidgetContext } from '../ui/types';
import { assignment, BLIND_CAUSES, BLIND_LABELS, newLabSeed, score, trainSeed, type BlindCause } from './blind';
import { revealView, type Reveal } from './blind-reveal';
import { Dashboard } from './dashboard';
import { manifestOf } from './manifest';
import type { RunRecord } from './metrics';
import { RunManager, STUDIO_STEPS } from './runner';
import { savedReader } from './saved';
import { parseSteps, shareUrl } from './share';
import { guard, radios, step, type Radios } from './ui';

interface Diagnosis {
  cause?: string;
  text: string;
  at: string;
}

const HEALTHY_ID = 'healthy';
let uid = 0;

export function mountBlindLab(root: HTMLElement, body: HTMLElement, params: Record<string, string>, ctx: WidgetContext) {
  const { t, store, lang } = ctx;
  const K = (k: string) => `studio:blind:${k}`;
  const mgr = new RunManager(ctx.engine);
  const status = new StatusLine(ctx);
  const read = savedReader(store, (key) => status.show(t('studio.savedBad', { key })));
  const name = `blind${++uid}`;
  const steps = parseSteps(params.steps ?? '') ?? STUDIO_STEPS;
  let labSeed = read<number>(K('seed')) ?? -1;
  if (labSeed < 0) {
    labSeed = newLabSeed();
    store.set(K('seed'), labSeed);
  }
  let truth: BlindCause[] = assignment(labSeed);
  let runs: RunRecord[] = [];
  let abort: AbortController | null = null;
  const revealed = () => read<Reveal>(K('reveal')) ?? null;
  const runOf = (label: string) => runs.find((r) => r.id === `${name}-${label}`);

  const wrap = h('div', { className: 'studio studio-blind' });
  body.append(wrap);
  const expose = () => {
    const el = root as HTMLElement & { runs?: RunRecord[]; labSeed?: number };
    el.runs = runs;
    el.labSeed = labSeed;
    root.dataset.labSeed = String(labSeed);
  };

  // ---- 1 · train ----
  const s1 = step(1, t('studio.blind.trainTitle'), '');
  const seedLine = h('p', {});
  const trainBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.blind.train') });
  const view = radios(`${name}-view`, t('studio.blind.view'), [
    ...BLIND_LABELS.map((l) => ({ value: l, label: t('studio.blind.viewOne', { run: l }) })),
    { value: 'all', label: t('studio.blind.viewAll') },
  ], 'all');
  const isHealthy = (r: RunRecord) => r.id === `${name}-${HEALTHY_ID}`;
  const link = (r: RunRecord) => shareUrl(location.href, { brk: r.brk as never, seed: r.seed, steps: r.steps });
  const dash = new Dashboard({
    t, lang, steps,
    hideBreak: (r) => !revealed() && !isHealthy(r),
    describeOnly: () => !revealed(),
    shareLink: (r) => (revealed() || isHealthy(r) ? link(r) : null),
    manifest: (r) => {
      const m = manifestOf(r, revealed() ? link(r) : null);
      return revealed() || isHealthy(r) ? m : { ...m, break: 'hidden until the reveal' };
    },
  });
  dash.onCancel = () => abort?.abort();
  s1.body.append(seedLine, h('p', { textContent: t('studio.blind.trainIntro', { steps }) }),
    h('div', { className: 'st-row' }, trainBtn), status.el, view.el, dash.el);

  // ---- 2 · diagnoses ----
  const s2 = step(2, t('studio.blind.diagTitle'), t('studio.blind.diagLocked'));
  const diagForms: { label: string; r: Radios; text: HTMLTextAreaElement }[] = [];
  const diagBox = h('div', { className: 'st-blind-grid' });
  const sameWarn = h('p', { className: 'st-bad', attrs: { role: 'status', 'aria-live': 'polite' } });
  s2.body.append(h('p', { textContent: t('studio.blind.diagIntro') }), diagBox, sameWarn);

  // ---- 3 · reveal ----
  const s3 = step(3, t('studio.blind.revealTitle'), '');
  const revealBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.blind.reveal') });
  const revealMsg = h('p', { className: 'st-note', attrs: { role: 'status', 'aria-live': 'polite' } });
  const revealBox = h('div', {});
  const againBtn = h('button', { type: 'button', className: 'btn', textContent: t('studio.blind.again') });
  s3.body.append(h('div', { className: 'st-row' }, revealBtn, revealMsg), revealBox, h('div', { className: 'st-row' }, againBtn));

  wrap.append(s1.el, s2.el, s3.el);

  const saveDiagnosis = (d: (typeof diagForms)[number]) =>
    store.set(K(`diagnosis:${d.label}`), { cause: d.r.get(), text: d.text.value.trim(), at: new Date().toISOString() } satisfies Diagnosis);

  const buildDiagnoses = () => {
    diagForms.length = 0;
    diagBox.replaceChildren();
    for (const label of BLIND_LABELS) {
      const saved = read<Diagnosis | null>(K(`diagnosis:${label}`));
      const r = radios(`${name}-d${label}`, t('studio.blind.cause', { run: label }),
        BLIND_CAUSES.map((c) => ({ value: c, label: t(`studio.cause.${c}`) })), saved?.cause);
      const id = `${name}-t${label}`;
      const text = h('textarea', { id, value: saved?.text ?? '' });
      const form = { label, r, text };
      const save = () => {
        if (revealed()) return;
        saveDiagnosis(form);
        refresh();
      };
      r.el.addEventListener('change', save);
      text.addEventListener('change', save);
      diagForms.push(form);
      diagBox.append(h('div', { className: 'st-diagnosis', attrs: { 'data-run': label } },
        h('h4', { textContent: t('studio.blind.runName', { run: label }) }), r.el,
        h('label', { htmlFor: id, textContent: t('studio.blind.evidence', { run: label }) }), text));
    }
  };

  const picks = () => BLIND_LABELS.map((l) => read<Diagnosis | null>(K(`diagnosis:${l}`))?.cause ?? undefined);
  const trained = () => runs.length === 4 && runs.every((r) => r.status === 'done' || r.status === 'diverged');

  /** Two runs given the same cause: each cause breaks exactly one run, so one of them is wrong. */
  function sameCauseWarning(): string {
    const p = picks();
    for (let i = 0; i < p.length; i++)
      for (let j = i + 1; j < p.length; j++)
        if (p[i] && p[i] === p[j]) return t('studio.blind.sameCause', { a: BLIND_LABELS[i], b: BLIND_LABELS[j], cause: t(`studio.cause.${p[i]}`) });
    return '';
  }

  function refresh() {
    const rv = revealed();
    seedLine.textContent = t('studio.blind.seed', { seed: labSeed });
    trainBtn.disabled = !!abort;
    s2.lock(!trained() && !rv);
    for (const d of diagForms) {
      d.r.disable(!!rv);
      d.text.readOnly = !!rv;
    }
    sameWarn.textContent = rv ? '' : sameCauseWarning();
    const ready = trained() && picks().every((p) => !!p);
    revealBtn.disabled = !ready || !!rv;
    revealBtn.hidden = !!rv;
    againBtn.hidden = !rv;
    revealMsg.textContent = rv ? '' : !trained() ? t('studio.blind.needRuns') : ready ? '' : t('studio.blind.needPicks');
    root.dataset.stage = rv ? 'revealed' : ready ? 'ready' : trained() ? 'diagnose' : 'train';
    expose();
  }

  const showView = () => {
    const v = view.get() ?? 'all';
    const visible = runs.filter((r) => v === 'all' || isHealthy(r) || r.id === `${name}-${v}`);
    for (const r of [...dash.runs]) if (!visible.includes(r)) dash.removeRun(r.id);
    for (const r of visible) dash.addRun(r);
    dash.update();
  };
  view.el.addEventListener('change', () => {
    if (!abort) showView();
  });

  /** Trains the four runs (or retrains them for a returning learner: `restoring`). */
  async function trainAll(restoring = false) {
    if (abort) return;
    await mgr.freeAll();
    const seed = trainSeed(labSeed);
    runs = [
      mgr.record({ id: `${name}-${HEALTHY_ID}`, brk: 'healthy', seed, steps, label: t('studio.blind.healthy'), reference: true }),
      ...BLIND_LABELS.map((label, i) => mgr.record({ id: `${name}-${label}`, brk: truth[i], seed, steps, label })),
    ];
    view.set('all');
    dash.clear();
    abort = new AbortController();
    refresh();
    if (restoring) status.show(t('studio.blind.restoring', { seed: labSeed }));
    try {
      for (const r of runs) {
        if (abort.signal.aborted) break;
        const ok = await guard(status, () => mgr.train(r, dash, abort!.signal), () => void trainAll());
        if (!ok || r.status === 'cancelled') break;
      }
    } finally {
      abort = null;
    }
    if (trained()) store.set(K('trained'), labSeed);
    refresh();
    if (revealed()) showReveal();
    (trained() ? (diagForms[0]?.r.el.querySelector('input') as HTMLElement | null) : trainBtn)?.focus({ preventScroll: true });
  }
  trainBtn.addEventListener('click', () => void trainAll());

  revealBtn.addEventListener('click', () => {
    if (!trained()) return;
    const p = picks();
    if (!p.every((x) => !!x)) return;
    // Diagnoses typed but not yet "changed" (focus still in the text area) are saved first.
    for (const d of diagForms) saveDiagnosis(d);
    const rv: Reveal = { at: new Date().toISOString(), seed: labSeed, truth: [...truth], picks: p, score: score(truth, p) };
    store.set(K('reveal'), rv);
    store.set(K('score'), { score: rv.score, of: 3, seed: labSeed, at: rv.at });
    const hist = read<{ seed: number; score: number; at: string }[]>(K('history')) ?? [];
    store.set(K('history'), [...hist, { seed: labSeed, score: rv.score, at: rv.at }]);
    refresh();
    showReveal();
    dash.update();
    (revealBox.querySelector('.st-score') as HTMLElement | null)?.focus();
  });

  againBtn.addEventListener('click', () => {
    labSeed = newLabSeed();
    truth = assignment(labSeed);
    store.set(K('seed'), labSeed);
    store.set(K('reveal'), null);
    store.set(K('trained'), null);
    for (const l of BLIND_LABELS) store.set(K(`diagnosis:${l}`), null);
    void mgr.freeAll();
    runs = [];
    dash.clear();
    revealBox.replaceChildren();
    buildDiagnoses();
    refresh();
    trainBtn.focus();
  });

  function showReveal() {
    const rv = revealed();
    if (!rv) return;
    revealBox.replaceChildren(...revealView({ t, lang, labSeed, steps, healthy: runs.find(isHealthy), runOf }, rv));
  }

  buildDiagnoses();
  refresh();
  if (revealed()) showReveal();
  // A returning learner: the four runs come back from the kept seed, in the background.
  if (read<number | null>(K('trained')) === labSeed) void trainAll(true);
  root.dataset.ready = '1';
  return () => {
    abort?.abort();
    dash.destroy();
    void mgr.freeAll();
  };
}
