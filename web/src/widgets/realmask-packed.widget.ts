/**
 * `::: widget realmask-packed T=12 lens=4|5|3 :::`
 * Several documents packed into one window. With the block-diagonal document mask each row
 * depends only on its own document; without it, a document reads the ones before it. RoPE
 * positions can restart per document or run on. Figures per document: the largest change of its
 * logits against the document run alone, and how much its loss moves when every other
 * document's tokens change.
 */
import { h, takeOver } from '../ui/dom';
import { fmtDiff } from '../ui/format';
import { StatusLine } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import { DependenceGrid } from './DependenceGrid';
import { depLabels, intParam, toggle, verdict } from './realmask-common';
import '../ui/widgets.css';

interface PackedOut { T: number; dep: Float32Array; doc: Int32Array; pos: Int32Array; vsAlone: Float32Array; lossShift: Float32Array }

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const T = intParam(params.t, 12, 2, 16);
  const lengths = (params.lens ?? '4|5|3').split('|').map((s) => intParam(s, 1, 1, T)).slice(0, 8);
  const state = { docMask: params.docmask !== '0', restart: params.restart !== '0' };
  const status = new StatusLine(ctx);
  const mask = toggle(t('rm.packed.docMask'), state.docMask, (on) => ((state.docMask = on), void refresh()));
  const restart = toggle(t('rm.packed.restart'), state.restart, (on) => ((state.restart = on), void refresh()));
  const grid = new DependenceGrid(depLabels(ctx, t('rm.packed.title', { T })));
  const figures = h('ul', { className: 'rm-figures' });
  const line = h('p', { className: 'rm-verdict', attrs: { 'aria-live': 'polite' } });
  body.append(
    h('div', { className: 'widget-controls' }, mask.label, restart.label),
    status.el,
    h('p', { className: 'widget-desc', textContent: t('rm.packed.desc') }),
    grid.el, figures, line);

  const refresh = async () => {
    const o = await status.run(() => ctx.engine.run<PackedOut>('rmPacked', { T, lengths, ...state, seed: 0 }), refresh);
    if (!o) return;
    grid.render({
      rows: T, cols: T, dep: o.dep,
      expected: (i, j) => j <= i && o.doc[i] === o.doc[j],
      colLabel: (j) => t('rm.packed.tok', { d: o.doc[j], p: o.pos[j] }),
    });
    figures.replaceChildren(...Array.from(o.vsAlone, (d, k) =>
      h('li', { textContent: Number.isNaN(d) ? t('rm.packed.cut', { k }) : t('rm.packed.doc', { k, d: fmtDiff(d), s: fmtDiff(o.lossShift[k]) }) })));
    const leaks = grid.counts.leak;
    verdict(line, leaks > 0 ? t('rm.packed.leak', { n: leaks }) : t('rm.packed.ok'), leaks > 0);
    el.dataset.leaks = String(leaks);
    el.dataset.shift = String(Math.max(0, ...Array.from(o.lossShift).filter((x) => !Number.isNaN(x))));
    el.dataset.ready = '1';
  };
  void refresh();
};
