/**
 * Part of `::: widget attention-maps :::`: attention inside two *trained* mini-GPTs, computed when
 * the learner asks. The worker trains a healthy model and a model without the causal mask from
 * the same seed (the engine's default recipe), with a progress bar, then reads every head's map
 * on a sentence drawn from the corpus by a second seed (ops trainRun, trainAttention, trainFree).
 *
 * Which head is shown is measured, not assumed: for the healthy model the head that puts the
 * most weight from position 2 (the verb in these subject-first sentences) on position 1 (its
 * subject); for the broken one the head whose rows put the most weight, on average, on the next
 * position. The learner can pick any other head; each option names its measured weight.
 */
import { AttentionHeatmap } from './AttentionHeatmap';
import { h } from '../ui/dom';
import { StatusLine } from '../ui/status';
import type { WidgetContext } from '../ui/types';

interface AttOut {
  T: number;
  tokens: string[];
  /** (T*T) row-major weights of one head */
  w: Float32Array;
}

/** One trained model: its handle and, per head (layer-major), its map on the current sentence. */
interface Trained {
  handle: number;
  maps: AttOut[];
}

/** Weight from position 2 to position 1 (verb to subject after `<bos>`), or 0 if too short. */
export function verbToSubject(m: AttOut): number {
  return m.T > 2 ? m.w[2 * m.T + 1] : 0;
}

/** Mean over rows 0..T-2 of the weight on the next position. */
export function nextTokenShare(m: AttOut): number {
  if (m.T < 2) return 0;
  let s = 0;
  for (let i = 0; i < m.T - 1; i++) s += m.w[i * m.T + i + 1];
  return s / (m.T - 1);
}

/** Index of the head with the largest score (first one on ties). */
export function bestHead(maps: AttOut[], score: (m: AttOut) => number): number {
  let best = 0;
  maps.forEach((m, k) => score(m) > score(maps[best]) && (best = k));
  return best;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function mountTrainedAttention(ctx: WidgetContext): { el: HTMLElement; dispose: () => void } {
  const { t } = ctx;
  const status = new StatusLine(ctx);
  const seedIn = h('input', { type: 'number', min: '0', max: '99999', value: '1', className: 'num-short', attrs: { 'aria-label': t('lessons.trained.seed') } });
  const sentIn = h('input', { type: 'number', min: '0', max: '99999', value: '0', className: 'num-short', attrs: { 'aria-label': t('lessons.trained.sentenceSeed') } });
  const train = h('button', { type: 'button', className: 'btn', textContent: t('lessons.trained.train') });
  const bar = h('progress', { max: 600, value: 0, hidden: true, attrs: { 'aria-label': t('lessons.trained.progressLabel') } });
  const barText = h('span', { className: 'widget-desc', attrs: { 'aria-live': 'polite' } });
  const selHealthy = h('select', { attrs: { 'aria-label': t('lessons.trained.headHealthy') } });
  const selBroken = h('select', { attrs: { 'aria-label': t('lessons.trained.headBroken') } });
  const cell = (i: number, j: number, w: number) => t('heatmap.cell', { i, j, w: w.toFixed(4) });
  const healthyMap = new AttentionHeatmap({ caption: '', rowSum: t('heatmap.rowSum'), cell });
  const brokenMap = new AttentionHeatmap({ caption: '', rowSum: t('heatmap.rowSum'), cell });
  const note = h('p', { className: 'trained-note', attrs: { 'aria-live': 'polite' } });
  const result = h('div', { hidden: true },
    h('div', { className: 'widget-controls' },
      h('label', {}, t('lessons.trained.headHealthy'), ' ', selHealthy),
      h('label', {}, t('lessons.trained.headBroken'), ' ', selBroken)),
    note,
    h('div', { className: 'side-by-side' }, healthyMap.el, brokenMap.el));
  const el = h('div', { className: 'trained-attention' },
    h('h4', { textContent: t('lessons.trained.title') }),
    h('p', { className: 'widget-desc', textContent: t('lessons.trained.desc') }),
    h('div', { className: 'widget-controls' },
      h('label', {}, t('lessons.trained.seed'), ' ', seedIn),
      h('label', {}, t('lessons.trained.sentenceSeed'), ' ', sentIn),
      train),
    h('div', { className: 'widget-controls' }, bar, ' ', barText),
    status.el,
    result);

  let healthy: Trained | null = null;
  let broken: Trained | null = null;
  let abort: AbortController | null = null;
  const shape = { layers: 1, heads: 1 }; // from the run's config at the start of training

  const free = (m: Trained | null) => m && void ctx.engine.run('trainFree', { handle: m.handle }).catch(() => undefined);
  const where = (k: number) => ({ l: Math.floor(k / shape.heads), h: k % shape.heads });

  const fillSelect = (sel: HTMLSelectElement, maps: AttOut[], score: (m: AttOut) => number, pick: number) => {
    sel.replaceChildren(...maps.map((m, k) => h('option', {
      value: String(k),
      textContent: t('lessons.trained.headOption', { ...where(k), v: pct(score(m)) }),
    })));
    sel.value = String(pick);
  };

  const draw = () => {
    if (!healthy || !broken) return;
    const a = Number(selHealthy.value), b = Number(selBroken.value);
    const ma = healthy.maps[a], mb = broken.maps[b];
    healthyMap.setCaption(t('lessons.trained.captionHealthy', where(a)));
    brokenMap.setCaption(t('lessons.trained.captionBroken', where(b)));
    healthyMap.render(ma.T, ma.w, { names: ma.tokens });
    brokenMap.render(mb.T, mb.w, { names: mb.tokens });
    note.textContent = t('lessons.trained.note', {
      verb: ma.tokens[2] ?? '', subj: ma.tokens[1] ?? '', w: pct(verbToSubject(ma)), next: pct(nextTokenShare(mb)),
    });
  };

  /** Reads all heads of one trained model on the sentence drawn with `seed`. */
  const mapsOf = async (handle: number, seed: number) => {
    const out: AttOut[] = [];
    for (let l = 0; l < shape.layers; l++)
      for (let hh = 0; hh < shape.heads; hh++) out.push(await ctx.engine.run<AttOut>('trainAttention', { handle, layer: l, head: hh, seed }));
    return out;
  };

  const showMaps = async () => {
    if (!healthy || !broken) return;
    const seed = Number(sentIn.value) >>> 0;
    const got = await status.run(() => Promise.all([mapsOf(healthy!.handle, seed), mapsOf(broken!.handle, seed)]), () => void showMaps());
    if (!got) return;
    healthy.maps = got[0];
    broken.maps = got[1];
    fillSelect(selHealthy, got[0], verbToSubject, bestHead(got[0], verbToSubject));
    fillSelect(selBroken, got[1], nextTokenShare, bestHead(got[1], nextTokenShare));
    result.hidden = false;
    draw();
    el.dataset.trained = '1';
  };

  const trainOne = async (brk: 'healthy' | 'no-mask', seed: number, offset: number, signal: AbortSignal) => {
    const label = brk === 'healthy' ? t('lessons.trained.healthy') : t('lessons.trained.broken');
    let done = 0;
    const res = await ctx.engine.run<{ handle: number }>('trainRun', { break: brk, seed }, {
      signal,
      onProgress: (d) => {
        const p = d as { kind: string; config?: { steps: number; n_layer: number; n_head: number }; steps?: unknown[] };
        if (p.kind === 'start' && p.config) {
          Object.assign(shape, { layers: p.config.n_layer, heads: p.config.n_head });
          bar.max = 2 * p.config.steps;
        }
        if (p.kind === 'steps') done += p.steps?.length ?? 0;
        bar.value = offset + done;
        barText.textContent = t('lessons.trained.progress', { model: label, step: done, total: bar.max / 2 });
      },
    });
    return res.handle;
  };

  const run = async () => {
    abort?.abort();
    const mine = (abort = new AbortController());
    free(healthy);
    free(broken);
    healthy = broken = null;
    result.hidden = true;
    delete el.dataset.trained;
    const seed = Number(seedIn.value) >>> 0;
    bar.hidden = false;
    bar.value = 0;
    status.show(''); // the progress bar speaks while training (no "starting the engine" line)
    let handles: number[] | undefined;
    try {
      const a = await trainOne('healthy', seed, 0, mine.signal);
      try {
        handles = [a, await trainOne('no-mask', seed, bar.max / 2, mine.signal)];
      } catch (e) {
        void ctx.engine.run('trainFree', { handle: a }).catch(() => undefined);
        throw e;
      }
    } catch (e) {
      if (mine === abort) status.showError(e, () => void run());
    }
    if (mine !== abort) {
      // a newer request took over: this one's runs are not shown, so free them
      handles?.forEach((handle) => void ctx.engine.run('trainFree', { handle }).catch(() => undefined));
      return;
    }
    bar.hidden = true;
    barText.textContent = '';
    if (!handles) return;
    healthy = { handle: handles[0], maps: [] };
    broken = { handle: handles[1], maps: [] };
    await showMaps();
  };

  train.addEventListener('click', () => void run());
  sentIn.addEventListener('change', () => void showMaps());
  selHealthy.addEventListener('change', draw);
  selBroken.addEventListener('change', draw);
  return {
    el,
    dispose: () => {
      abort?.abort();
      free(healthy);
      free(broken);
    },
  };
}
