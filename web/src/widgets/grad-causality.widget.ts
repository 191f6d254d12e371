/**
 * `::: widget grad-causality T=8 :::` — gradient causality of the whole mini-GPT.
 * G[j, i] = |d (r_j · logits_j) / d x_i| (x_i: the input embedding of position i, r_j: a seeded
 * random direction), computed by the engine's backward pass, drawn as a heatmap with rows = output
 * positions j and columns = input positions i. Above the diagonal (i > j) every cell must be
 * exactly 0; those cells are hatched and say "0". A switch computes the same with the causal mask
 * disabled, where the zeros disappear. "Download PNG" saves the figure.
 */
import { AttentionHeatmap } from './AttentionHeatmap';
import { canvasToPng, grey, renderPanels } from '../ui/canvas';
import { downloadButton } from '../ui/download';
import { h, takeOver } from '../ui/dom';
import { StatusLine, onSeedChange } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import '../ui/widgets.css';

interface GradOut {
  T: number;
  G: Float32Array;
}

/** Counts of the upper triangle (i > j: must be 0) and of the rest (generally nonzero). */
export function gradSummary(T: number, G: ArrayLike<number>) {
  let upperZero = 0, upper = 0, lowerNonzero = 0, lower = 0, max = 0;
  for (let j = 0; j < T; j++)
    for (let i = 0; i < T; i++) {
      const v = G[j * T + i];
      max = Math.max(max, v);
      if (i > j) {
        upper++;
        if (v === 0) upperZero++;
      } else {
        lower++;
        if (v !== 0) lowerNonzero++;
      }
    }
  return { upperZero, upper, lowerNonzero, lower, max };
}

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const status = new StatusLine(ctx);
  const T0 = Number(params.t ?? 8);
  const T = Number.isInteger(T0) ? Math.max(2, Math.min(32, T0)) : 8;
  const state = { masked: true, seed: 0 };
  let last: { G: Float32Array; masked: boolean } | null = null;

  const heat = new AttentionHeatmap({
    caption: t('grad.caption'),
    rowSum: '',
    cell: (j, i, v) => t('grad.cell', { j, i, v: v === 0 ? '0' : v.toExponential(3) }),
  });
  const maskBtn = h('button', { type: 'button', className: 'btn-toggle', attrs: { 'aria-pressed': 'true' } });
  const paintMask = () => {
    maskBtn.setAttribute('aria-pressed', String(state.masked));
    maskBtn.textContent = state.masked ? t('sweep.maskOn') : t('sweep.maskOff');
  };
  paintMask();
  const seedIn = h('input', { type: 'number', min: '0', max: '99999', value: '0', className: 'num-short', attrs: { 'aria-label': t('slice.seed') } });
  const summary = h('p', { className: 'grad-summary', attrs: { 'aria-live': 'polite' } });
  const png = downloadButton(t('maskmap.png'), () => `grad_causality_T${T}_${last?.masked === false ? 'mask-disabled' : 'mask-on'}.png`, async () => {
    if (!last) throw new Error('nothing to draw yet');
    const s = gradSummary(T, last.G);
    const canvas = renderPanels([{
      title: t(last.masked ? 'grad.pngTitleOn' : 'grad.pngTitleOff', { T }),
      T,
      values: last.G,
      color: (v) => (v === 0 ? '#ffffff' : grey(0.15 + 0.85 * Math.sqrt(v / (s.max || 1)))),
      text: (v) => (v === 0 ? '0' : ''),
      note: t('grad.pngNote', { zero: s.upperZero, upper: s.upper }),
    }], { axisQuery: t('grad.axisOut'), axisKey: t('grad.axisIn') });
    return canvasToPng(canvas);
  }, (e) => status.showError(e));
  png.disabled = true;

  body.append(
    h('p', { className: 'widget-desc', textContent: t('grad.desc', { T }) }),
    h('div', { className: 'widget-controls' },
      h('span', { className: 'toggle-label', textContent: t('sweep.mask') }), maskBtn,
      h('label', {}, t('slice.seed'), ' ', seedIn),
      png),
    status.el,
    summary,
    heat.el,
  );

  const refresh = async () => {
    const { masked, seed } = state;
    const out = await status.run(() => ctx.engine.run<GradOut>('modelGradCausality', { T, masked, seed }), () => void refresh());
    if (!out) return;
    last = { G: out.G, masked };
    const s = gradSummary(T, out.G);
    heat.render(T, out.G, { sums: false, max: s.max, zeroText: '0', format: (v) => (v === 0 ? '0' : v.toExponential(3)) });
    const pass = s.upperZero === s.upper;
    summary.className = 'grad-summary ' + (pass ? 'is-pass' : 'is-fail');
    summary.textContent = t(pass ? 'grad.pass' : 'grad.fail', { zero: s.upperZero, upper: s.upper, nonzero: s.lowerNonzero, lower: s.lower });
    png.disabled = false;
    el.dataset.masked = masked ? '1' : '0';
    el.dataset.pass = pass ? '1' : '0';
    el.dataset.ready = '1';
  };

  maskBtn.addEventListener('click', () => {
    state.masked = !state.masked;
    paintMask();
    void refresh();
  });
  onSeedChange(seedIn, status, t, (seed) => {
    state.seed = seed;
    void refresh();
  });
  void refresh();
};
