/**
 * `::: widget attention-maps :::` (optional `text=yo|hablo|español`) — the attention weights of
 * the engine's mini-GPT for a sentence the learner types, by layer and head, with the causal mask
 * (healthy) next to the same weights with the mask disabled. Words outside the model's vocabulary
 * are refused by the engine, with the problem word named. Each map's rows still sum to 1.
 * Below, on request, the same maps inside two trained models (TrainedAttention.ts): a healthy
 * head attending from the verb to its subject next to a maskless head reading the next token.
 */
import { AttentionHeatmap } from './AttentionHeatmap';
import { mountTrainedAttention } from './TrainedAttention';
import { h, takeOver } from '../ui/dom';
import { StatusLine } from '../ui/status';
import type { WidgetMount } from '../ui/types';
import '../ui/widgets.css';

interface AttOut {
  n: number;
  L: number;
  H: number;
  tokens: string[];
  /** (L, H, n, n) */
  att: Float32Array;
}

export const mount: WidgetMount = (el, params, ctx) => {
  const { t } = ctx;
  const body = takeOver(el);
  const status = new StatusLine(ctx);
  const initial = params.text ? params.text.split('|').join(' ') : t('attmaps.defaultText');
  const state = { layer: 0, head: 0, seed: 0 };
  let last: { on: AttOut; off: AttOut; text: string } | null = null;

  const textIn = h('input', { type: 'text', value: initial, className: 'text-sentence', attrs: { 'aria-label': t('attmaps.sentence'), spellcheck: 'false', autocomplete: 'off' } });
  const show = h('button', { type: 'button', className: 'btn', textContent: t('attmaps.show') });
  const layerSel = h('select', { attrs: { 'aria-label': t('attmaps.layer') } });
  const headSel = h('select', { attrs: { 'aria-label': t('attmaps.head') } });
  const cell = (i: number, j: number, w: number) => t('heatmap.cell', { i, j, w: w.toFixed(4) });
  const on = new AttentionHeatmap({ caption: '', rowSum: t('heatmap.rowSum'), cell });
  const off = new AttentionHeatmap({ caption: '', rowSum: t('heatmap.rowSum'), cell });
  const note = h('p', { className: 'attmaps-note', attrs: { 'aria-live': 'polite' } });
  const maps = h('div', { className: 'side-by-side' }, on.el, off.el);

  body.append(
    h('p', { className: 'widget-desc', textContent: t('attmaps.desc') }),
    h('div', { className: 'widget-controls' },
      h('label', {}, t('attmaps.sentence'), ' ', textIn), show),
    h('div', { className: 'widget-controls' },
      h('label', {}, t('attmaps.layer'), ' ', layerSel),
      h('label', {}, t('attmaps.head'), ' ', headSel)),
    status.el,
    note,
    maps,
  );
  const trained = mountTrainedAttention(ctx);
  body.append(trained.el);

  const draw = () => {
    if (!last) return;
    const { n, H } = last.on;
    const slice = (o: AttOut) => o.att.subarray((state.layer * H + state.head) * n * n, (state.layer * H + state.head + 1) * n * n);
    const where = { l: state.layer, h: state.head };
    on.setCaption(t('attmaps.captionOn', where));
    off.setCaption(t('attmaps.captionOff', where));
    on.render(n, slice(last.on), { names: last.on.tokens });
    off.render(n, slice(last.off), { names: last.off.tokens });
    let future = 0;
    const w = slice(last.off);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) future += w[i * n + j];
    note.textContent = t('attmaps.note', { share: n > 1 ? ((future / (n - 1)) * 100).toFixed(0) : '0' });
  };

  const options = (sel: HTMLSelectElement, count: number) => {
    const keep = Math.min(Number(sel.value) || 0, count - 1);
    sel.replaceChildren(...Array.from({ length: count }, (_, k) => h('option', { value: String(k), textContent: String(k), selected: k === keep })));
    return keep;
  };

  const refresh = async () => {
    const text = textIn.value.trim().replace(/\s+/g, ' ');
    if (!text) {
      status.show(t('attmaps.empty'));
      status.el.classList.add('is-error');
      return;
    }
    const out = await status.run(() => Promise.all([
      ctx.engine.run<AttOut>('modelAttention', { text, masked: true, seed: state.seed }),
      ctx.engine.run<AttOut>('modelAttention', { text, masked: false, seed: state.seed }),
    ]), () => void refresh());
    if (!out) {
      // Refused (the status line says why): the maps still show the previous sentence, so say so.
      if (last && status.el.classList.contains('is-error')) {
        maps.classList.add('is-stale');
        note.textContent = t('attmaps.stale', { text: last.text });
      }
      return;
    }
    maps.classList.remove('is-stale');
    last = { on: out[0], off: out[1], text };
    state.layer = options(layerSel, out[0].L);
    state.head = options(headSel, out[0].H);
    draw();
    el.dataset.n = String(out[0].n);
    el.dataset.ready = '1';
  };

  show.addEventListener('click', () => void refresh());
  textIn.addEventListener('keydown', (e) => e.key === 'Enter' && void refresh());
  layerSel.addEventListener('change', () => ((state.layer = Number(layerSel.value)), draw()));
  headSel.addEventListener('change', () => ((state.head = Number(headSel.value)), draw()));
  void refresh();
  return trained.dispose;
};
