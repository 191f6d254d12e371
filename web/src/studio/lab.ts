/**
 * The free lab: pick an engine path, a seed and a number of steps, train, and overlay runs on
 * one dashboard (a healthy run with the same seed can be added as the grey baseline). Every
 * run has a share link; opening one fills in the controls and offers to run exactly that
 * experiment again, which reproduces the same metrics bit for bit on the same build.
 */
import { h } from '../ui/dom';
import { StatusLine } from '../ui/status';
import type { WidgetContext } from '../ui/types';
import { Dashboard } from './dashboard';
import { manifestOf } from './manifest';
import type { RunRecord } from './metrics';
import { RunManager, STUDIO_STEPS } from './runner';
import { BREAKS, isBreak, MAX_STEPS, parseSeed, parseSteps, readShare, shareUrl, type BreakName } from './share';
import { guard } from './ui';

const MAX_RUNS = 6;

export function mountLab(root: HTMLElement, body: HTMLElement, params: Record<string, string>, ctx: WidgetContext) {
  const { t, lang } = ctx;
  const mgr = new RunManager(ctx.engine);
  const status = new StatusLine(ctx);
  const shared = readShare(location.href);
  const start = {
    brk: (shared?.brk ?? (isBreak(params.break) ? params.break : 'no-mask')) as BreakName,
    seed: shared?.seed ?? 1,
    steps: shared?.steps ?? parseSteps(params.steps ?? '') ?? STUDIO_STEPS,
  };
  let abort: AbortController | null = null;
  const link = (r: RunRecord) => shareUrl(location.href, { brk: r.brk as BreakName, seed: r.seed, steps: r.steps });
  const dash = new Dashboard({ t, lang, steps: start.steps, shareLink: link, manifest: (r) => manifestOf(r, link(r)) });
  dash.onCancel = () => abort?.abort();

  const brkSel = h('select', {}, ...BREAKS.map((b) => h('option', { value: b, textContent: t(`studio.break.${b}`), selected: b === start.brk })));
  const seedIn = h('input', { type: 'number', min: '0', max: '4294967295', value: String(start.seed) });
  const stepsIn = h('input', { type: 'number', min: '1', max: String(MAX_STEPS), value: String(start.steps) });
  const baseline = h('input', { type: 'checkbox', checked: params.compare !== '0' });
  const runBtn = h('button', { type: 'button', className: 'btn btn-primary', textContent: t('studio.lab.run') });
  const clearBtn = h('button', { type: 'button', className: 'btn', textContent: t('studio.lab.clear') });
  const banner = h('p', { className: 'st-feedback is-ok' });
  const wrap = h('div', { className: 'studio studio-lab' },
    h('div', { className: 'st-row' },
      h('label', {}, t('studio.lab.path'), ' ', brkSel),
      h('label', {}, t('studio.seed'), ' ', seedIn),
      h('label', {}, t('studio.lab.steps'), ' ', stepsIn),
      h('label', {}, baseline, ' ', t('studio.lab.baseline'))),
    h('div', { className: 'st-row' }, runBtn, clearBtn),
    banner, status.el, dash.el);
  body.append(wrap);
  const expose = () => ((root as HTMLElement & { runs?: RunRecord[] }).runs = dash.runs);
  expose();

  if (shared) {
    banner.textContent = t('studio.lab.shared', { path: t(`studio.break.${shared.brk}`), seed: shared.seed, steps: shared.steps });
    runBtn.textContent = t('studio.lab.runShared');
  }

  async function run() {
    if (abort) return;
    const seed = parseSeed(seedIn.value);
    const steps = parseSteps(stepsIn.value);
    const brk = brkSel.value as BreakName;
    if (seed === null || steps === null || !isBreak(brk)) {
      status.show(t('studio.lab.bad', { max: MAX_STEPS }));
      status.el.classList.add('is-error');
      return;
    }
    const wanted: RunRecord[] = [];
    const has = (b: string) => dash.runs.some((r) => r.brk === b && r.seed === seed && r.steps === steps && r.status === 'done');
    if (baseline.checked && brk !== 'healthy' && !has('healthy'))
      wanted.push(mgr.record({ brk: 'healthy', seed, steps, label: t('studio.lab.healthyLabel', { seed }), reference: true }));
    wanted.push(mgr.record({ brk, seed, steps, label: t('studio.lab.runLabel', { path: brk, seed }) }));
    // Keep the dashboard readable: drop the oldest runs beyond MAX_RUNS.
    while (dash.runs.length + wanted.length > MAX_RUNS) {
      const old = dash.runs[0];
      await mgr.free(old);
      dash.removeRun(old.id);
    }
    abort = new AbortController();
    runBtn.disabled = true;
    root.dataset.state = 'running';
    try {
      for (const r of wanted) {
        const pending = guard(status, () => mgr.train(r, dash, abort!.signal), () => void run());
        dash.focusCancel(r); // the Train button is disabled: keep the focus on a control
        const ok = await pending;
        if (!ok || r.status === 'cancelled') break;
      }
    } finally {
      abort = null;
      runBtn.disabled = false;
      root.dataset.state = 'done';
      expose();
      if (document.activeElement === document.body) runBtn.focus({ preventScroll: true });
    }
  }

  runBtn.addEventListener('click', () => void run());
  clearBtn.addEventListener('click', () => {
    if (abort) return;
    void mgr.freeAll();
    dash.clear();
    expose();
  });
  root.dataset.ready = '1';
  return () => {
    abort?.abort();
    dash.destroy();
    void mgr.freeAll();
  };
}
