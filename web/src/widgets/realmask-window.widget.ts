/**
 * `::: widget realmask-window T=12 W=3 :::`
 * Sliding-window attention: each query sees only the last W keys. Left, one layer's mask; right,
 * what the engine measures through the whole model (2 layers): still causal, and a token reaches
 * further back than W because each layer passes on what the previous one saw.
 */
import { h, takeOver } from '../ui/dom';
import { StatusLine, onWholeNumberChange } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import { DependenceGrid } from './DependenceGrid';
import { depLabels, intParam, verdict } from './realmask-common';
import '../ui/widgets.css';

interface WindowOut { T: number; W: number; allowed: Int32Array; dep: Float32Array }

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const T = intParam(params.t, 12, 2, 16);
  const state = { W: intParam(params.w, 3, 1, T) };
  const status = new StatusLine(ctx);
  const wIn = h('input', { type: 'number', min: '1', max: String(T), value: String(state.W), className: 'num-short', attrs: { 'aria-label': t('rm.window.W') } });
  const maskGrid = new DependenceGrid(depLabels(ctx, t('rm.window.maskTitle'), false));
  const modelGrid = new DependenceGrid(depLabels(ctx, t('rm.window.modelTitle')));
  const line = h('p', { className: 'rm-verdict', attrs: { 'aria-live': 'polite' } });
  body.append(
    h('div', { className: 'widget-controls' }, h('label', {}, t('rm.window.W'), ' ', wIn)),
    status.el,
    h('p', { className: 'widget-desc', textContent: t('rm.window.desc') }),
    h('div', { className: 'side-by-side' }, maskGrid.el, modelGrid.el), line);

  const refresh = async () => {
    const o = await status.run(() => ctx.engine.run<WindowOut>('rmWindow', { T, W: state.W, seed: 0 }), refresh);
    if (!o) return;
    // one layer's mask, drawn as what it allows (1 = may attend)
    maskGrid.render({ rows: T, cols: T, dep: o.allowed, expected: (i, j) => o.allowed[i * T + j] === 1 });
    modelGrid.render({ rows: T, cols: T, dep: o.dep, expected: (i, j) => j <= i });
    let reach = 0;
    for (let j = 0; j < T; j++) if (o.dep[(T - 1) * T + j] > 0) reach = Math.max(reach, T - j);
    const future = modelGrid.counts.leak;
    verdict(line, future > 0 ? t('rm.window.leak') : t('rm.window.reach', { W: o.W, reach, i: T - 1 }), future > 0);
    el.dataset.reach = String(reach);
    el.dataset.ready = '1';
  };
  onWholeNumberChange(wIn, status, t('rm.window.badW', { T }), 1, T, (W) => ((state.W = W), void refresh()));
  void refresh();
};
