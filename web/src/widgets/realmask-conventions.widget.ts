/**
 * `::: widget realmask-conventions T=6 :::`
 * The same causal mask spelled three ways (boolean True = may attend, boolean True = blocked,
 * additive 0 / -1e9), each read by an attention function that expects the convention chosen
 * under it (by default its own). The engine decodes the values the way that function would and
 * measures the grid: read as written, the three give the same result; read as another, the
 * future leaks or the past goes dark.
 */
import { h, takeOver } from '../ui/dom';
import { fmtDiff } from '../ui/format';
import { StatusLine } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import { CONVENTIONS } from '../engine/ops/realmasks';
import { DependenceGrid } from './DependenceGrid';
import { choice, depLabels, intParam, verdict } from './realmask-common';
import '../ui/widgets.css';

interface ConvOut { T: number; values: Float32Array; additive: Float32Array; dep: Float32Array; leak: number }

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const T = intParam(params.t, 6, 2, 16);
  const reads = CONVENTIONS.map((c) => c as string);
  const status = new StatusLine(ctx);
  const columns = CONVENTIONS.map((built, k) => {
    const values = h('table', { className: 'rm-values' });
    const grid = new DependenceGrid(depLabels(ctx, t('rm.conv.gridTitle'), k === CONVENTIONS.length - 1));
    const line = h('p', { className: 'rm-verdict' });
    const read = choice(t('rm.conv.readAs'), (v) => t(`rm.conv.name.${v}`), CONVENTIONS, built, (v) => ((reads[k] = v), void refresh()));
    const col = h('div', { className: 'rm-column', attrs: { 'data-built': built } },
      h('p', { className: 'table-title', textContent: t('rm.conv.built', { name: t(`rm.conv.name.${built}`) }) }),
      values, read.label, grid.el, line);
    return { col, values, grid, line };
  });
  const overall = h('p', { className: 'rm-verdict', attrs: { 'aria-live': 'polite' } });
  body.append(
    h('p', { className: 'widget-desc', textContent: t('rm.conv.desc') }),
    status.el,
    h('div', { className: 'side-by-side' }, ...columns.map((c) => c.col)),
    overall,
  );

  const refresh = async () => {
    const outs = await status.run(() =>
      Promise.all(CONVENTIONS.map((built, k) => ctx.engine.run<ConvOut>('rmConvention', { T, built, read: reads[k], seed: 0 }))), refresh);
    if (!outs) return;
    const grids: string[] = [];
    outs.forEach((o, k) => {
      const c = columns[k];
      c.values.replaceChildren(h('tbody', {}, ...Array.from({ length: T }, (_, i) =>
        h('tr', {}, ...Array.from({ length: T }, (_, j) => h('td', { textContent: spell(o.values[i * T + j]) }))))));
      c.grid.render({ rows: T, cols: T, dep: o.dep, expected: (i, j) => j <= i });
      const bad = c.grid.counts.leak + c.grid.counts.blind + c.grid.counts.nan;
      verdict(c.line, bad === 0 ? t('rm.conv.same') : t('rm.conv.broken', { leak: fmtDiff(o.leak), blind: c.grid.counts.blind }), bad > 0);
      grids.push(Array.from(o.dep, (d) => (d > 0 ? 1 : 0)).join(''));
    });
    const allSame = grids.every((g) => g === grids[0]);
    verdict(overall, allSame ? t('rm.conv.allSame') : t('rm.conv.differ'), !allSame);
    el.dataset.same = allSame ? '1' : '0';
    el.dataset.ready = '1';
  };
  void refresh();
};

/** A mask value as code would print it: 1, 0, -1e9, -inf. */
function spell(v: number): string {
  if (v === -Infinity) return '-inf';
  if (v <= -1e8) return '-1e9';
  return String(v);
}
