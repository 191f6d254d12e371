/**
 * `::: widget realmask-padding T=8 lens=5|3|8 :::`
 * A small batch of sequences of different lengths padded to T (left or right), one measured
 * grid per sequence: which real outputs depend on which tokens once the key padding mask is
 * combined with the causal one, forgotten, or inverted; with a finite or -inf fill, and with
 * or without the production handling of rows that have no key. Figures per sequence: the loss
 * ignoring the pads' targets against the sequence alone, the loss counting them, and the largest
 * change of a real token's logits against the sequence run alone.
 */
import { h, takeOver } from '../ui/dom';
import { fmtDiff } from '../ui/format';
import { StatusLine } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import { PAD_VARIANTS, FILLS } from '../engine/ops/realmasks';
import { DependenceGrid } from './DependenceGrid';
import { choice, depLabels, intParam, toggle, verdict } from './realmask-common';
import '../ui/widgets.css';

interface PadOut { T: number; n: number; dep: Float32Array; valid: Int32Array; stats: Float32Array }

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const T = intParam(params.t, 8, 2, 16);
  const lens = (params.lens ?? '5|3|8').split('|').map((s) => intParam(s, 1, 1, T)).slice(0, 4);
  const state = { side: params.side === 'right' ? 'right' : 'left', variant: 'correct', fill: 'finite', zeroEmpty: false };
  const status = new StatusLine(ctx);
  const side = choice(t('rm.pad.side'), (v) => t(`rm.pad.side.${v}`), ['left', 'right'], state.side, (v) => ((state.side = v), void refresh()));
  const variant = choice(t('rm.pad.variant'), (v) => t(`rm.pad.variant.${v}`), PAD_VARIANTS, state.variant, (v) => ((state.variant = v), void refresh()));
  const fill = choice(t('rm.fill'), (v) => t(`rm.fill.${v}`), FILLS, state.fill, (v) => ((state.fill = v), void refresh()));
  const zero = toggle(t('rm.pad.zeroEmpty'), state.zeroEmpty, (on) => ((state.zeroEmpty = on), void refresh()));
  const grids = lens.map((_, b) => new DependenceGrid(depLabels(ctx, '', b === lens.length - 1)));
  const figures = lens.map(() => h('ul', { className: 'rm-figures' }));
  const overall = h('p', { className: 'rm-verdict', attrs: { 'aria-live': 'polite' } });
  body.append(
    h('div', { className: 'widget-controls' }, side.label, variant.label, fill.label, zero.label),
    status.el,
    h('p', { className: 'widget-desc', textContent: t('rm.pad.desc', { T }) }),
    h('div', { className: 'side-by-side' }, ...lens.map((_, b) => h('div', { className: 'rm-column', attrs: { 'data-seq': String(b) } }, grids[b].el, figures[b]))),
    overall,
  );

  const refresh = async () => {
    const outs = await status.run(() =>
      Promise.all(lens.map((n) => ctx.engine.run<PadOut>('rmPadding', { T, n, seed: 0, ...state }))), refresh);
    if (!outs) return;
    let leaks = 0, nans = 0;
    outs.forEach((o, b) => {
      const valid = Array.from(o.valid, (v) => v === 1);
      const grid = grids[b];
      grid.render({
        title: t('rm.pad.title', { b, n: o.n, T }),
        rows: T, cols: T, dep: o.dep,
        expected: (i, j) => j <= i && valid[j],
        colLabel: (j) => (valid[j] ? '' : t('rm.pad.padShort')),
        rowLabel: (i) => (valid[i] ? '' : t('rm.pad.padShort')),
        mutedRow: (i) => !valid[i],
      });
      leaks += grid.counts.leak + grid.counts.blind;
      nans += countNaN(o.dep, T, (i) => !valid[i]);
      const [ignored, counted, alone, diff] = Array.from(o.stats);
      figures[b].replaceChildren(
        h('li', { textContent: t('rm.pad.lossIgnored', { loss: fmtDiff(ignored), alone: fmtDiff(alone) }) }),
        h('li', { textContent: t('rm.pad.lossCounted', { loss: fmtDiff(counted) }) }),
        h('li', { textContent: t('rm.pad.vsAlone', { d: fmtDiff(diff) }) }),
      );
      el.dataset[`diff${b}`] = String(diff);
    });
    const padNaN = outs.some((o) => Array.from(o.dep).some((d, k) => Number.isNaN(d) && o.valid[Math.floor(k / T)] === 0));
    verdict(overall,
      leaks > 0 || nans > 0 ? t('rm.pad.bad', { n: leaks })
      : padNaN ? t('rm.pad.okNaN') : t('rm.pad.ok'),
      leaks > 0 || nans > 0);
    el.dataset.leaks = String(leaks);
    el.dataset.ready = '1';
  };
  void refresh();
};

/** NaN cells in the rows that are real tokens. */
function countNaN(dep: Float32Array, T: number, muted: (i: number) => boolean): number {
  let n = 0;
  for (let k = 0; k < dep.length; k++) if (Number.isNaN(dep[k]) && !muted(Math.floor(k / T))) n++;
  return n;
}
