/**
 * Three engineered failures, blind. The learner's lab seed (kept in progress) assigns bad
 * init, no warmup and a missing mask to runs named only 01, 02, 03; a healthy run with the same
 * seed is the baseline. The learner trains all four, writes a diagnosis for each (a cause and
 * the evidence in their own words), then reveals: the score, the cause of each run explained
 * with the learner's own numbers, and a table of signatures measured on their runs.
 */
import { h } from '../ui/dom';
import { StatusLine } from '../ui/status';
import type { WidgetContext } from '../ui/types';
import { assignment, BLIND_CAUSES, BLIND_LABELS, newLabSeed, score, trainSeed, type BlindCause } from './blind';
import { breakSnippet } from './code';
import { snippetView } from './codeview';
import { Dashboard } from './dashboard';
import { manifestOf } from './manifest';
import { fmt, signature, SMOOTH, type RunRecord, type Signature } from './metrics';
import { RunManager, STUDIO_STEPS } from './runner';
import { parseSteps, shareUrl } from './share';
import { guard, radios, step, type Radios } from './ui';

interface Diagnosis {
  cause?: string;
  text: string;
  at: string;
}

interface Reveal {
  at: string;
  seed: number;
  truth: string[];
  picks: (string | undefined)[];
  score: number;
}

let uid = 0;

export function mountBlindLab(root: HTMLElement, body: HTMLElement, params: Record<string, string>, ctx: WidgetContext) {
  const { t, store, lang } = ctx;
  const K = (k: string) => `studio:blind:${k}`;
  const mgr = new RunManager(ctx.engine);
  const status = new StatusLine(ctx);
  const name = `blind${++uid}`;
  const steps = parseSteps(params.steps ?? '') ?? STUDIO_STEPS;
  let labSeed = Number(store.get(K('seed')));
  if (!Number.isInteger(labSeed) || labSeed < 0) {
    labSeed = newLabSeed();
    store.set(K('seed'), labSeed);
  }
  let truth: BlindCause[] = assignment(labSeed);
  let runs: RunRecord[] = [];
  let abort: AbortController | null = null;
  const revealed = () => store.get<Reveal>(K('reveal')) ?? null;
  const f = (x: number | null | undefined) => fmt(x, lang);

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
  const viewName = `${name}-view`;
  const view = radios(viewName, t('studio.blind.view'), [
    ...BLIND_LABELS.map((l) => ({ value: l, label: t('studio.blind.viewOne', { run: l }) })),
    { value: 'all', label: t('studio.blind.viewAll') },
  ], 'all');
  const dash = new Dashboard({
    t, lang, steps,
    hideBreak: (r) => !revealed() && r.label !== t('studio.blind.healthy'),
    shareLink: (r) => (revealed() || r.brk === 'healthy' ? shareUrl(location.href, { brk: r.brk as never, seed: r.seed, steps: r.steps }) : null),
    manifest: (r) => {
      const m = manifestOf(r, revealed() ? shareUrl(location.href, { brk: r.brk as never, seed: r.seed, steps: r.steps }) : null);
      return revealed() || r.brk === 'healthy' ? m : { ...m, break: 'hidden until the reveal' };
    },
  });
  dash.onCancel = () => abort?.abort();
  s1.body.append(seedLine, h('p', { textContent: t('studio.blind.trainIntro', { steps }) }),
    h('div', { className: 'st-row' }, trainBtn), status.el, view.el, dash.el);

  // ---- 2 · diagnoses ----
  const s2 = step(2, t('studio.blind.diagTitle'), t('studio.blind.diagLocked'));
  const diagForms: { label: string; r: Radios; text: HTMLTextAreaElement }[] = [];
  const diagBox = h('div', { className: 'st-blind-grid' });
  s2.body.append(h('p', { textContent: t('studio.blind.diagIntro') }), diagBox);

  // ---- 3 · reveal ----
  const s3 = step(3, t('studio.blind.revealTitle'), '');
  const revealBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.blind.reveal') });
  const revealMsg = h('p', { className: 'st-note', attrs: { role: 'status', 'aria-live': 'polite' } });
  const revealBox = h('div', {});
  const againBtn = h('button', { type: 'button', className: 'btn', textContent: t('studio.blind.again') });
  s3.body.append(h('div', { className: 'st-row' }, revealBtn, revealMsg), revealBox, h('div', { className: 'st-row' }, againBtn));

  wrap.append(s1.el, s2.el, s3.el);

  const buildDiagnoses = () => {
    diagForms.length = 0;
    diagBox.replaceChildren();
    for (const label of BLIND_LABELS) {
      const saved = store.get<Diagnosis>(K(`diagnosis:${label}`));
      const r = radios(`${name}-d${label}`, t('studio.blind.cause', { run: label }),
        BLIND_CAUSES.map((c) => ({ value: c, label: t(`studio.cause.${c}`) })), saved?.cause);
      const id = `${name}-t${label}`;
      const text = h('textarea', { id, value: saved?.text ?? '' });
      const save = () => {
        if (revealed()) return;
        store.set(K(`diagnosis:${label}`), { cause: r.get(), text: text.value.trim(), at: new Date().toISOString() } satisfies Diagnosis);
        refresh();
      };
      r.el.addEventListener('change', save);
      text.addEventListener('change', save);
      diagForms.push({ label, r, text });
      diagBox.append(h('div', { className: 'st-diagnosis', attrs: { 'data-run': label } },
        h('h4', { textContent: t('studio.blind.runName', { run: label }) }), r.el,
        h('label', { htmlFor: id, textContent: t('studio.blind.evidence', { run: label }) }), text));
    }
  };

  const picks = () => BLIND_LABELS.map((l) => store.get<Diagnosis>(K(`diagnosis:${l}`))?.cause);
  const trained = () => runs.length === 4 && runs.every((r) => r.status === 'done' || r.status === 'diverged');

  function refresh() {
    const rv = revealed();
    seedLine.textContent = t('studio.blind.seed', { seed: labSeed });
    trainBtn.disabled = !!abort;
    s2.lock(!trained() && !rv);
    for (const d of diagForms) {
      d.r.disable(!!rv);
      d.text.readOnly = !!rv;
    }
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
    const visible = runs.filter((r) => v === 'all' || r.label === v || r.brk === 'healthy' && r.label === t('studio.blind.healthy'));
    for (const r of [...dash.runs]) if (!visible.includes(r)) dash.removeRun(r.id);
    for (const r of visible) dash.addRun(r);
    dash.update();
  };
  view.el.addEventListener('change', () => {
    if (!abort) showView();
  });

  async function trainAll() {
    if (abort) return;
    await mgr.freeAll();
    const seed = trainSeed(labSeed);
    runs = [
      mgr.record({ brk: 'healthy', seed, steps, label: t('studio.blind.healthy'), reference: true }),
      ...BLIND_LABELS.map((label, i) => mgr.record({ brk: truth[i], seed, steps, label })),
    ];
    view.set('all');
    dash.clear();
    abort = new AbortController();
    refresh();
    try {
      for (const r of runs) {
        if (abort.signal.aborted) break;
        const ok = await guard(status, () => mgr.train(r, dash, abort!.signal), () => void trainAll());
        if (!ok || r.status === 'cancelled') break;
      }
    } finally {
      abort = null;
    }
    refresh();
    if (revealed()) showReveal();
  }
  trainBtn.addEventListener('click', () => void trainAll());

  revealBtn.addEventListener('click', () => {
    if (!trained()) return;
    const p = picks();
    if (!p.every((x) => !!x)) return;
    // Diagnoses typed but not yet "changed" (focus still in the text area) are saved first.
    for (const d of diagForms) store.set(K(`diagnosis:${d.label}`), { cause: d.r.get(), text: d.text.value.trim(), at: new Date().toISOString() });
    const rv: Reveal = { at: new Date().toISOString(), seed: labSeed, truth: [...truth], picks: p, score: score(truth, p) };
    store.set(K('reveal'), rv);
    store.set(K('score'), { score: rv.score, of: 3, seed: labSeed, at: rv.at });
    const hist = store.get<{ seed: number; score: number; at: string }[]>(K('history')) ?? [];
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
    for (const l of BLIND_LABELS) store.set(K(`diagnosis:${l}`), null);
    void mgr.freeAll();
    runs = [];
    dash.clear();
    revealBox.replaceChildren();
    buildDiagnoses();
    refresh();
  });

  function explain(cause: string, s: Signature, hs: Signature | null): string {
    const ratio = (a: number | null, b: number | null | undefined) => (a !== null && b ? fmt(a / b, lang) : '—');
    switch (cause) {
      case 'init-x100':
        return t('studio.blind.why.init', {
          act: f(s.actRms0), actH: f(hs?.actRms0), x: ratio(s.actRms0, hs?.actRms0),
          grad: f(s.maxGradPre), gradH: f(hs?.maxGradPre), loss: f(s.minLossAvg), lossH: f(hs?.minLossAvg),
        });
      case 'no-warmup':
        return t('studio.blind.why.warmup', {
          lr: f(s.lr0), lrH: f(hs?.lr0), grad: f(s.maxGradPre), gradH: f(hs?.maxGradPre), loss: f(s.minLossAvg), lossH: f(hs?.minLossAvg),
        });
      default:
        return t('studio.blind.why.mask', {
          min: f(s.minLossAvg), floor: f(s.floor), tf: f(s.valLoss), ar: f(s.valLossAr), lossH: f(hs?.minLossAvg),
        });
    }
  }

  function showReveal() {
    const rv = revealed();
    if (!rv) return;
    const healthy = runs.find((r) => r.brk === 'healthy');
    const hs = healthy && healthy.metrics.length ? signature(healthy) : null;
    const items = BLIND_LABELS.map((label, i) => {
      const cause = rv.truth[i];
      const pick = rv.picks[i];
      const run = runs.find((r) => r.label === label && r.brk === cause);
      const ok = pick === cause;
      const li = h('li', { attrs: { 'data-run': label, 'data-ok': ok ? '1' : '0' } },
        h('strong', { textContent: t('studio.blind.wasCause', { run: label, cause: t(`studio.cause.${cause}`) }) }), ' ',
        t(ok ? 'studio.blind.youRight' : 'studio.blind.youWrong', { pick: pick ? t(`studio.cause.${pick}`) : '—' }));
      if (run && run.metrics.length) li.append(h('p', { textContent: explain(cause, signature(run), hs) }));
      return li;
    });
    const parts: (HTMLElement | string)[] = [
      h('p', { className: 'st-score', tabIndex: -1, attrs: { 'data-score': String(rv.score) }, textContent: t('studio.blind.score', { score: rv.score }) }),
      h('p', { textContent: t(`studio.blind.scoreNote.${rv.score}`) }),
      h('ul', { className: 'st-evidence' }, ...items),
    ];
    if (runs.length === 4 && runs.every((r) => r.metrics.length > 0)) parts.push(signatureTable(rv));
    else parts.push(h('p', { className: 'st-note', textContent: t('studio.blind.retrainForTable') }));
    const code = h('details', {}, h('summary', { textContent: t('studio.blind.codeSummary') }));
    for (const c of BLIND_CAUSES) code.append(h('h4', { textContent: t(`studio.cause.${c}`) }), snippetView(breakSnippet(c), t));
    parts.push(code);
    revealBox.replaceChildren(...parts);
  }

  function signatureTable(rv: Reveal): HTMLElement {
    const cols = [runs[0], ...BLIND_LABELS.map((l) => runs.find((r) => r.label === l)!)];
    const sigs = cols.map((r) => signature(r));
    const head = h('tr', {}, h('th', { attrs: { scope: 'col' }, textContent: t('studio.sig.measure') }),
      ...cols.map((r, i) => h('th', { attrs: { scope: 'col' }, textContent: i === 0 ? r.label : `${r.label} · ${t(`studio.cause.${rv.truth[i - 1]}`)}` })));
    const row = (label: string, cell: (s: Signature) => string) =>
      h('tr', {}, h('th', { attrs: { scope: 'row' }, textContent: label }), ...sigs.map((s) => h('td', { textContent: cell(s) })));
    const at = (x: number | null, step: number | null) => (x === null ? '—' : t('studio.sig.at', { x: f(x), step: step ?? '—' }));
    return h('div', { className: 'st-table-box' }, h('table', { className: 'st-table st-signatures' },
      h('caption', { textContent: t('studio.sig.caption', { seed: labSeed, steps }) }),
      h('thead', {}, head),
      h('tbody', {},
        row(t('studio.sig.act0'), (s) => f(s.actRms0)),
        row(t('studio.sig.lr0'), (s) => f(s.lr0)),
        row(t('studio.sig.gradMax'), (s) => at(s.maxGradPre, s.maxGradPreStep)),
        row(t('studio.sig.spectral0'), (s) => f(s.spectral0)),
        row(t('studio.sig.minLoss', { w: SMOOTH }), (s) => f(s.minLossAvg)),
        row(t('studio.sig.floor'), (s) => f(s.floor)),
        row(t('studio.sig.val'), (s) => `${f(s.valLoss)} / ${f(s.valLossAr)}`),
        row(t('studio.sig.dead'), (s) => `${s.dead0 ?? '—'} → ${s.deadLast ?? '—'}`),
        row(t('studio.sig.diverged'), (s) => (s.divergedAt === null ? t('studio.sig.no') : String(s.divergedAt))))));
  }

  buildDiagnoses();
  refresh();
  if (revealed()) showReveal();
  root.dataset.ready = '1';
  return () => {
    abort?.abort();
    dash.destroy();
    void mgr.freeAll();
  };
}
