/**
 * `::: widget mask-heatmap T=8 :::` — the causal mask next to a masked attention matrix.
 * Left: M (T, T) from the engine's mask helper (0 white, -1e9 black). Right: head 0's attention
 * weights of the seeded multi-head attention with M added before the softmax, with every row's
 * sum (all 1). "Download PNG" draws both panels on a canvas and saves a real PNG.
 */
import { AttentionHeatmap } from './AttentionHeatmap';
import { grey, renderPanels, canvasToPng } from '../ui/canvas';
import { downloadButton } from '../ui/download';
import { h, takeOver } from '../ui/dom';
import { StatusLine, onSeedChange, onWholeNumberChange } from '../ui/status';
import { MaskMatrix } from './MaskMatrix';
import type { WidgetMount } from '../ui/types';
import '../ui/widgets.css';

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const status = new StatusLine(ctx);
  const T0 = Number(params.t ?? 8);
  const state = { T: Number.isInteger(T0) ? Math.max(2, Math.min(32, T0)) : 8, seed: 0 };
  let last: { T: number; mask: Float32Array; att: Float32Array } | null = null;

  const mask = new MaskMatrix({ caption: t('maskmap.maskCaption'), cell: (i, j, v) => t('maskmap.maskCell', { i, j, v }) });
  const heat = new AttentionHeatmap({
    caption: t('maskmap.attCaption'),
    rowSum: t('heatmap.rowSum'),
    cell: (i, j, w) => t('heatmap.cell', { i, j, w: w.toFixed(4) }),
  });
  const tInput = h('input', { type: 'number', min: '2', max: '32', value: String(state.T), className: 'num-short', attrs: { 'aria-label': t('grid.T') } });
  const seedIn = h('input', { type: 'number', min: '0', max: '99999', value: String(state.seed), className: 'num-short', attrs: { 'aria-label': t('slice.seed') } });
  const verdict = h('p', { className: 'maskmap-verdict', attrs: { 'aria-live': 'polite' } });
  const png = downloadButton(t('maskmap.png'), () => `mask_visual_T${state.T}.png`, async () => {
    if (!last) throw new Error('nothing to draw yet');
    const { T, mask: m, att } = last;
    const canvas = renderPanels([
      { title: t('maskmap.pngMask', { T }), T, values: m, color: (v) => (v === 0 ? '#ffffff' : '#000000'), text: (v) => (v === 0 ? '0' : '-1e9') },
      { title: t('maskmap.pngAtt'), T, values: att, color: (v) => grey(v), text: (v) => (v === 0 ? '0' : v.toFixed(2)), note: t('maskmap.pngNote') },
    ], { axisQuery: t('maskmap.axisQuery'), axisKey: t('maskmap.axisKey') });
    return canvasToPng(canvas);
  }, (e) => status.showError(e));
  png.disabled = true;

  body.append(
    h('p', { className: 'widget-desc', textContent: t('maskmap.desc') }),
    h('div', { className: 'widget-controls' },
      h('label', {}, t('grid.T'), ' ', tInput),
      h('label', {}, t('slice.seed'), ' ', seedIn),
      png),
    status.el,
    h('div', { className: 'side-by-side' }, mask.el, heat.el),
    verdict,
  );

  const refresh = async () => {
    const { T, seed } = state;
    const out = await status.run(() => Promise.all([
      ctx.engine.run<{ T: number; mask: Float32Array }>('causalMask', { T }),
      ctx.engine.run<{ att: Float32Array }>('mhaForward', { T, mode: 'causal', d_model: 16, n_heads: 2, seed }),
    ]), () => void refresh());
    if (!out) return;
    const [m, f] = out;
    const att = f.att.slice(0, T * T);
    last = { T, mask: m.mask, att };
    mask.render(T, m.mask);
    heat.render(T, att);
    let worst = 0;
    let upperZero = true;
    for (let i = 0; i < T; i++) {
      let s = 0;
      for (let j = 0; j < T; j++) {
        s += att[i * T + j];
        if (j > i && att[i * T + j] !== 0) upperZero = false;
      }
      worst = Math.max(worst, Math.abs(s - 1));
    }
    verdict.textContent = t('maskmap.verdict', { T, dev: worst.toExponential(1), zeros: upperZero ? t('maskmap.zerosYes') : t('maskmap.zerosNo') });
    png.disabled = false;
    el.dataset.t = String(T);
    el.dataset.ready = '1';
  };

  onWholeNumberChange(tInput, status, t('grid.badT'), 2, 32, (T) => {
    state.T = T;
    void refresh();
  });
  onSeedChange(seedIn, status, t, (seed) => {
    state.seed = seed;
    void refresh();
  });
  void refresh();
};
