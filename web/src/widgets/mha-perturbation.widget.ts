/**
 * `::: widget mha-perturbation :::` — the lab-02 perturbation test, live.
 * The engine's seeded multi-head attention (T=8, d_model=16, 2 heads, seed 0) runs on X and on
 * X' (row 7 replaced by fresh random values), once with the correct causal mask and once with a
 * broken variant (default: the mask multiplied in after the softmax). The table lists, for every
 * output position, the largest change between the two outputs and whether the rule holds:
 * positions before 7 must not move (< 1e-6), position 7 must (> 1e-3).
 * "Download manifest.json" saves the configuration, the engine and the real results.
 */
import type { EngineInfo } from '../engine/protocol';
import { isoDate, jsonBlob, downloadButton } from '../ui/download';
import { h, takeOver, titledTable } from '../ui/dom';
import { fmtDiff } from '../ui/format';
import { StatusLine, onSeedChange } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import '../ui/widgets.css';

const T = 8;
const D = 16;
const H = 2;
const POS = T - 1;
const SAME = 1e-6; // lab threshold: "identical" positions
const CHANGED = 1e-3; // lab threshold: the perturbed position must move
const BROKEN = ['post_softmax', 'none', 'diag_blocked'] as const;

interface PerturbOut {
  T: number;
  pos: number;
  maxDiff: Float32Array;
  prefixIdentical: boolean;
  changedRowDiffers: boolean;
}

/** Verdict per position and overall, with the lab's thresholds. */
export function judge(maxDiff: ArrayLike<number>, pos: number) {
  const ok: boolean[] = [];
  let prefixMax = 0;
  for (let i = 0; i < maxDiff.length; i++) {
    if (i < pos) {
      ok.push(maxDiff[i] < SAME);
      prefixMax = Math.max(prefixMax, maxDiff[i]);
    } else if (i === pos) ok.push(maxDiff[i] > CHANGED);
    else ok.push(true); // after the changed position anything may happen
  }
  return { ok, prefixMax, changed: maxDiff[pos], pass: ok.every(Boolean) };
}

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const status = new StatusLine(ctx);
  const state = {
    broken: (BROKEN as readonly string[]).includes(params.broken ?? '') ? params.broken! : 'post_softmax',
    seed: Number.isInteger(Number(params.seed)) ? Number(params.seed) >>> 0 : 0,
  };
  let last: { good: PerturbOut; bad: PerturbOut; broken: string; seed: number } | null = null;

  const brokenSel = h('select', { attrs: { 'aria-label': t('perturb.compare') } },
    ...BROKEN.map((m) => h('option', { value: m, textContent: t(`mode.${m}`), selected: m === state.broken })));
  const seedIn = h('input', { type: 'number', min: '0', max: '99999', value: String(state.seed), className: 'num-short', attrs: { 'aria-label': t('slice.seed') } });
  const summary = h('div', { className: 'perturb-summary', attrs: { 'aria-live': 'polite' } });
  const tableBox = h('div', { className: 'table-scroll' });
  const manifest = downloadButton(t('perturb.manifest'), 'manifest.json', async () => {
    if (!last) throw new Error('no results yet');
    const info = await ctx.engine.ready.catch((): EngineInfo => ({ version: 'unknown', backend: 'unknown', simd: false }));
    return jsonBlob(buildManifest(last, info));
  }, (e) => status.showError(e));
  manifest.disabled = true;

  body.append(
    h('p', { className: 'widget-desc', textContent: t('perturb.desc', { T, d: D, H, pos: POS }) }),
    h('div', { className: 'widget-controls' },
      h('label', {}, t('perturb.compare'), ' ', brokenSel),
      h('label', {}, t('slice.seed'), ' ', seedIn),
      manifest),
    status.el,
    summary,
    tableBox,
  );

  const verdictText = (j: ReturnType<typeof judge>, mode: string) =>
    t(j.pass ? 'perturb.pass' : 'perturb.fail', {
      mode: t(`mode.${mode}`),
      prefix: j.prefixMax === 0 ? t('perturb.exactZero') : fmtDiff(j.prefixMax),
      changed: j.changed === 0 ? t('perturb.exactZero') : fmtDiff(j.changed),
      last: POS - 1,
      pos: POS,
    });

  const refresh = async () => {
    const { broken, seed } = state;
    const args = { T, d_model: D, n_heads: H, seed, pos: POS };
    const out = await status.run(() => Promise.all([
      ctx.engine.run<PerturbOut>('perturbation', { ...args, mode: 'causal' }),
      ctx.engine.run<PerturbOut>('perturbation', { ...args, mode: broken }),
    ]), () => void refresh());
    if (!out) return;
    const [good, bad] = out;
    last = { good, bad, broken, seed };
    const jg = judge(good.maxDiff, POS);
    const jb = judge(bad.maxDiff, POS);
    summary.replaceChildren(
      h('p', { className: jg.pass ? 'is-pass' : 'is-fail', attrs: { 'data-verdict': jg.pass ? 'pass' : 'fail', 'data-mode': 'causal' }, textContent: verdictText(jg, 'causal') }),
      h('p', { className: jb.pass ? 'is-pass' : 'is-fail', attrs: { 'data-verdict': jb.pass ? 'pass' : 'fail', 'data-mode': broken }, textContent: verdictText(jb, broken) }),
    );
    const head = h('tr', {},
      h('th', { attrs: { scope: 'col' }, textContent: t('perturb.position') }),
      h('th', { attrs: { scope: 'col' }, textContent: t('perturb.expect') }),
      h('th', { attrs: { scope: 'col' }, textContent: t('perturb.diffOf', { mode: t('mode.causal') }) }),
      h('th', { attrs: { scope: 'col' }, textContent: t('perturb.verdict') }),
      h('th', { attrs: { scope: 'col' }, textContent: t('perturb.diffOf', { mode: t(`mode.${broken}`) }) }),
      h('th', { attrs: { scope: 'col' }, textContent: t('perturb.verdict') }));
    const rows = [head];
    const mark = (ok: boolean) => h('td', { className: ok ? 'is-pass' : 'is-fail', attrs: { 'data-ok': ok ? '1' : '0' }, textContent: ok ? t('perturb.ok') : t('perturb.bad') });
    for (let i = 0; i < T; i++)
      rows.push(h('tr', { attrs: { 'data-pos': String(i) } },
        h('th', { attrs: { scope: 'row' }, textContent: String(i) }),
        h('td', { textContent: i < POS ? t('perturb.mustStay') : i === POS ? t('perturb.mustChange') : '' }),
        h('td', { className: 'num', textContent: fmtDiff(good.maxDiff[i]), attrs: { 'data-v': String(good.maxDiff[i]) } }),
        mark(jg.ok[i]),
        h('td', { className: 'num', textContent: fmtDiff(bad.maxDiff[i]), attrs: { 'data-v': String(bad.maxDiff[i]) } }),
        mark(jb.ok[i])));
    tableBox.replaceChildren(...titledTable(t('perturb.caption', { pos: POS }), h('table', { className: 'perturb-table' }, h('tbody', {}, ...rows))));
    manifest.disabled = false;
    el.dataset.broken = broken;
    el.dataset.ready = '1';
  };

  brokenSel.addEventListener('change', () => {
    state.broken = brokenSel.value;
    void refresh();
  });
  onSeedChange(seedIn, status, t, (seed) => {
    state.seed = seed;
    void refresh();
  });
  void refresh();
};

function buildManifest(r: { good: PerturbOut; bad: PerturbOut; broken: string; seed: number }, info: EngineInfo) {
  const jg = judge(r.good.maxDiff, POS);
  const jb = judge(r.bad.maxDiff, POS);
  const range = `positions_0_${POS - 1}`;
  return {
    experiment: 'causal-mask-perturbation',
    date: isoDate(),
    seed: r.seed,
    config: { T, d_model: D, n_heads: H, perturbed_position: POS, broken_mode: r.broken },
    engine: { version: info.version, backend: info.backend },
    results_summary: {
      [`correct_perturbation_max_diff_${range}`]: jg.prefixMax,
      [`broken_perturbation_max_diff_${range}`]: jb.prefixMax,
      correct_perturbation_max_diff_changed_position: jg.changed,
      broken_perturbation_max_diff_changed_position: jb.changed,
      correct_passes: jg.pass,
      broken_passes: jb.pass,
      thresholds: { identical_below: SAME, changed_above: CHANGED },
    },
    per_position_max_diff: { correct: Array.from(r.good.maxDiff), broken: Array.from(r.bad.maxDiff) },
  };
}
