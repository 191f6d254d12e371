/**
 * `::: widget realmask-chunk P=5 Q=3 :::`
 * The KV cache with a chunk: P tokens are already in the cache, then Q new queries arrive and
 * attend to P+Q keys. Bottom-right alignment (query r sees keys 0..P+r) is the correct one;
 * top-left (the square triangle's top rows, query r sees keys 0..r) is the bug. The grid is
 * measured through the cache; the verdict compares the chunk's logits with a full recompute.
 */
import { h, takeOver } from '../ui/dom';
import { fmtDiff } from '../ui/format';
import { StatusLine, onWholeNumberChange } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import { DependenceGrid } from './DependenceGrid';
import { choice, depLabels, intParam, verdict } from './realmask-common';
import '../ui/widgets.css';

interface ChunkOut { P: number; Q: number; allowed: Int32Array; dep: Float32Array; diff: number }

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const state = { P: intParam(params.p, 5, 0, 15), Q: intParam(params.q, 3, 1, 16), align: params.align === 'top-left' ? 'top-left' : 'bottom-right' };
  state.Q = Math.min(state.Q, 16 - state.P);
  const status = new StatusLine(ctx);
  const pIn = h('input', { type: 'number', min: '0', max: '15', value: String(state.P), className: 'num-short', attrs: { 'aria-label': t('rm.chunk.P') } });
  const qIn = h('input', { type: 'number', min: '1', max: '16', value: String(state.Q), className: 'num-short', attrs: { 'aria-label': t('rm.chunk.Q') } });
  const align = choice(t('rm.chunk.align'), (v) => t(`rm.chunk.align.${v}`), ['bottom-right', 'top-left'], state.align, (v) => ((state.align = v), void refresh()));
  const grid = new DependenceGrid(depLabels(ctx, ''));
  const line = h('p', { className: 'rm-verdict', attrs: { 'aria-live': 'polite' } });
  body.append(
    h('div', { className: 'widget-controls' },
      h('label', {}, t('rm.chunk.P'), ' ', pIn), h('label', {}, t('rm.chunk.Q'), ' ', qIn), align.label),
    status.el,
    h('p', { className: 'widget-desc', textContent: t('rm.chunk.desc') }),
    grid.el, line);

  const refresh = async () => {
    const o = await status.run(() => ctx.engine.run<ChunkOut>('rmChunk', { ...state, seed: 0 }), refresh);
    if (!o) return;
    const K = o.P + o.Q;
    grid.render({
      title: t('rm.chunk.title', { P: o.P, Q: o.Q, K }),
      rows: o.Q, cols: K, dep: o.dep,
      expected: (r, j) => j <= o.P + r,
      rowNumber: (r) => o.P + r,
      colLabel: (j) => (j < o.P ? t('rm.chunk.cache') : t('rm.chunk.new')),
    });
    const ok = o.diff <= 1e-5;
    verdict(line, ok ? t('rm.chunk.match', { d: fmtDiff(o.diff) }) : t('rm.chunk.differ', { d: fmtDiff(o.diff) }), !ok);
    el.dataset.diff = String(o.diff);
    el.dataset.ready = '1';
  };
  onWholeNumberChange(pIn, status, t('rm.chunk.badP'), 0, 15, (P) => ((state.P = P), (state.Q = Math.min(state.Q, 16 - P)), (qIn.value = String(state.Q)), void refresh()));
  onWholeNumberChange(qIn, status, t('rm.chunk.badQ'), 1, 16, (Q) => ((state.Q = Math.min(Q, 16 - state.P)), (qIn.value = String(state.Q)), void refresh()));
  void refresh();
};
