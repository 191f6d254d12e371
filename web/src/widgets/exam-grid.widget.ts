/**
 * `::: widget exam-grid T=5 mode=causal controls=1 heatmap=0 tokens=yo|como|pan|<eos> :::`
 * The exam-rule grid computed by the engine: for the standalone multi-head attention with the
 * chosen mask mode, cell (i, j) is "visible" when changing the key/value input at j changes
 * output i (measured by perturbation in the worker; see docs/mask-core.md). Hovering or focusing a query row highlights the keys it may see.
 * tokens= labels the positions (T defaults to their number). controls=0 makes a fixed figure.
 * With heatmap=1 it also shows head 0's attention weights with row sums.
 */
import { MASK_MODES } from '../engine/names';
import { AttentionHeatmap } from './AttentionHeatmap';
import { h, takeOver } from '../ui/dom';
import { StatusLine, onWholeNumberChange } from '../ui/status';
import { ExamGrid } from './ExamGrid';
import { gridLabels, parseTokens } from './grid-common';
import type { WidgetMount } from '../ui/types';
import '../ui/widgets.css';

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const tokens = parseTokens(params.tokens);
  const state = {
    T: clampT(Number(params.t ?? params.T ?? (tokens.length || 5))),
    mode: MASK_MODES.includes(params.mode as never) ? params.mode! : 'causal',
  };
  const showControls = params.controls !== '0';
  const status = new StatusLine(ctx);

  const grid: ExamGrid = new ExamGrid(gridLabels(ctx, (): ExamGrid => grid));
  grid.setTokens(tokens);
  const heat = params.heatmap === '1'
    ? new AttentionHeatmap({
        caption: t('heatmap.caption'),
        rowSum: t('heatmap.rowSum'),
        cell: (i, j, w) => t('heatmap.cell', { i, j, w: w.toFixed(4) }),
      })
    : null;

  const desc = h('p', { className: 'widget-desc' });
  const modeSelect = h('select', { attrs: { 'aria-label': t('grid.mode') } },
    ...MASK_MODES.map((m) => h('option', { value: m, textContent: t(`mode.${m}`), selected: m === state.mode })));
  const tInput = h('input', { type: 'number', min: '2', max: '32', value: String(state.T), attrs: { 'aria-label': t('grid.T') } });
  if (showControls)
    body.append(h('div', { className: 'widget-controls' },
      h('label', {}, t('grid.mode'), ' ', modeSelect),
      h('label', {}, t('grid.T'), ' ', tInput)));
  body.append(status.el, desc, grid.el);
  if (heat) body.append(heat.el);

  const refresh = async () => {
    const args = { T: state.T, mode: state.mode, d_model: 16, n_heads: 2, seed: 0 };
    const out = await status.run(async () => {
      const [dep, fwd] = await Promise.all([
        ctx.engine.run<{ T: number; dep: Float32Array }>('dependence', args),
        heat ? ctx.engine.run<{ att: Float32Array }>('mhaForward', args) : Promise.resolve(null),
      ]);
      return { dep, fwd };
    }, refresh);
    if (!out) return;
    el.dataset.mode = state.mode;
    el.dataset.t = String(state.T);
    desc.textContent = t('grid.desc', { mode: t(`mode.${state.mode}`), T: state.T }) +
      (state.mode === 'diag_blocked' ? ' ' + t('grid.noteDiag') : '');
    grid.render(out.dep.T, Array.from(out.dep.dep, (d) => d > 0));
    if (heat && out.fwd) heat.render(state.T, out.fwd.att.subarray(0, state.T * state.T));
    el.dataset.ready = '1';
  };

  modeSelect.addEventListener('change', () => {
    state.mode = modeSelect.value;
    void refresh();
  });
  onWholeNumberChange(tInput, status, t('grid.badT'), 2, 32, (T) => {
    state.T = T;
    void refresh();
  });
  void refresh();
};

function clampT(T: number): number {
  return Number.isInteger(T) ? Math.max(2, Math.min(32, T)) : 5;
}
