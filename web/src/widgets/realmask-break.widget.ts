/**
 * `::: widget realmask-break break=padding|chunk|packed :::`
 * A break exercise of lesson 13 in the studio's shape: read the broken program, predict what the
 * engine will measure (saved before the run), run it, read the evidence (a measured grid and its
 * figures; the prediction is judged by that measurement), repair the program, and prove the
 * repair: the engine runs the repaired program and the verdict comes from what it measures
 * (real logits equal to the sequence alone and the right loss; the chunk equal to a full
 * recompute; no document's loss moving with another's). Progress: rmbreak:<break>:prediction,
 * rmbreak:<break>:fixed.
 */
import { h, takeOver, uid } from '../ui/dom';
import { StatusLine } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import { DependenceGrid } from './DependenceGrid';
import { depLabels, verdict } from './realmask-common';
import { BREAKS, type Evidence } from './realmask-breaks';
import '../ui/widgets.css';

export const mount: WidgetMount = (el, params, ctx) => {
  const { t, store } = ctx;
  const name = params.break ?? '';
  const spec = BREAKS[name];
  const body = takeOver(el);
  if (!spec) {
    body.append(h('p', { className: 'widget-error', textContent: t('rmb.unknown', { name }) }));
    return;
  }
  const key = (k: string) => `rmbreak:${name}:${k}`;
  const status = new StatusLine(ctx);
  const step = (n: number, title: string, ...children: (Node | string)[]) =>
    h('section', { className: 'rmb-step', attrs: { 'data-step': String(n) } }, h('h4', { textContent: `${n} · ${title}` }), ...children);

  // 1 · the program, 2 · the prediction (saved before the run can start)
  const claims = ['yes', 'no'];
  const saved = store.get<{ claim: string }>(key('prediction'));
  const group = uid('rmb');
  const radios = claims.map((c) => {
    const r = h('input', { type: 'radio', name: group, value: c, checked: saved?.claim === c, disabled: !!saved });
    return { r, el: h('label', { className: 'rmb-claim' }, r, ' ', t(`rmb.${name}.claim.${c}`)) };
  });
  const saveBtn = h('button', { type: 'button', textContent: t('rmb.save'), disabled: !!saved });
  const saveMsg = h('p', { className: 'rmb-note', attrs: { 'aria-live': 'polite' } });
  const runBtn = h('button', { type: 'button', className: 'btn', textContent: t('rmb.run'), disabled: !saved });
  // 3 · evidence
  const evGrid = new DependenceGrid(depLabels(ctx, t('rmb.evidenceTitle')));
  const evLines = h('ul', { className: 'rm-figures' });
  const predVerdict = h('p', { className: 'rm-verdict', attrs: { 'aria-live': 'polite' } });
  const evidence = h('div', { hidden: true }, evGrid.el, evLines, predVerdict);
  // 4 · repair, 5 · proof
  const codeView = h('pre', { className: 'rmb-code' });
  const repair = spec.repair(t, () => (codeView.textContent = repair.code()));
  codeView.textContent = repair.code();
  const proveBtn = h('button', { type: 'button', className: 'btn', textContent: t('rmb.prove') });
  const proofGrid = new DependenceGrid(depLabels(ctx, t('rmb.proofTitle')));
  const proofLines = h('ul', { className: 'rm-figures' });
  const proofVerdict = h('p', { className: 'rm-verdict', attrs: { 'aria-live': 'polite' } });
  const proof = h('div', { hidden: true }, proofGrid.el, proofLines, proofVerdict);

  body.append(
    step(1, t('rmb.programTitle'), h('pre', { className: 'rmb-code', textContent: spec.code(t) })),
    step(2, t('rmb.predictTitle'), h('p', { textContent: t(`rmb.${name}.question`) }), ...radios.map((x) => x.el), saveBtn, saveMsg),
    step(3, t('rmb.runTitle'), runBtn, status.el, evidence),
    step(4, t('rmb.repairTitle'), h('p', { textContent: t(`rmb.${name}.repairIntro`) }), repair.el, codeView, proveBtn, proof),
  );

  const show = (grid: DependenceGrid, lines: HTMLElement, ev: Evidence) => {
    grid.render(ev.grid);
    lines.replaceChildren(...ev.lines.map((l) => h('li', { textContent: l })));
  };

  saveBtn.addEventListener('click', () => {
    const pick = radios.find((x) => x.r.checked);
    if (!pick) {
      saveMsg.textContent = t('rmb.pickFirst');
      return;
    }
    store.set(key('prediction'), { claim: pick.r.value });
    for (const x of radios) x.r.disabled = true;
    saveBtn.disabled = true;
    runBtn.disabled = false;
    saveMsg.textContent = t('rmb.saved');
  });

  runBtn.addEventListener('click', async () => {
    const ev = await status.run(() => spec.runBroken(ctx.engine, t));
    if (!ev) return;
    show(evGrid, evLines, ev);
    evidence.hidden = false;
    // the prediction is judged by the measurement: "yes" claims the fact, "no" denies it
    const claim = store.get<{ claim: string }>(key('prediction'))?.claim;
    const right = (claim === 'yes') === ev.fact;
    verdict(predVerdict, t(right ? 'rmb.predRight' : 'rmb.predWrong', { fact: t(`rmb.${name}.fact.${ev.fact ? 'yes' : 'no'}`) }), !right);
    el.dataset.observed = '1';
    el.dataset.predictionRight = right ? '1' : '0';
  });

  proveBtn.addEventListener('click', async () => {
    const problem = repair.problem?.() ?? null;
    if (problem) {
      status.show(problem);
      status.el.classList.add('is-error');
      return;
    }
    const ev = await status.run(() => repair.run(ctx.engine, t));
    if (!ev) return;
    show(proofGrid, proofLines, ev);
    proof.hidden = false;
    verdict(proofVerdict, t(ev.fixed ? 'rmb.fixed' : `rmb.${name}.notFixed`), !ev.fixed);
    if (ev.fixed) store.set(key('fixed'), true);
    el.dataset.fixed = ev.fixed ? '1' : '0';
  });

  if (store.get(key('fixed'))) saveMsg.textContent = t('rmb.solvedBefore');
  el.dataset.ready = '1';
};
