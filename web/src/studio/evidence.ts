/**
 * Gathers and shows the evidence of one trained run: loss against the entropy floor,
 * teacher-forced vs autoregressive validation, generated samples, an attention map of the
 * trained model, and the causality sweep. Every number comes from the engine on request.
 */
import { afterNextPaint, h } from '../ui/dom';
import { grey, renderPanels } from '../ui/canvas';
import { fmt, signature, SMOOTH } from './metrics';
import type { RunManager } from './runner';
import type { Sample } from './runner';
import { arRatio, fmtWeight, futureMass, meanRowSum, meanSelfWeight, type Evidence, type EvidenceKind } from './specs';
import type { Translate } from './summaries';

/** Samples per run: enough for a rate (a healthy model writes corpus sentences about 70–90 %
 * of the time with the default recipe, a broken one almost never). */
export const SAMPLES = 24;

export async function gather(mgr: RunManager, ev: Evidence, kinds: EvidenceKind[]): Promise<Evidence> {
  const { run } = ev;
  await afterNextPaint(); // the run's last frame first, as in RunManager.train
  // One request at a time: the worker is single-threaded anyway, and order keeps it deterministic.
  if (kinds.includes('samples')) {
    const s = await mgr.sample(run, SAMPLES, run.seed);
    ev.samples = s.samples;
    ev.samplePath = s.path;
  }
  if (kinds.includes('attention')) ev.attention = await mgr.attention(run, 0, 0);
  if (kinds.includes('sweep')) ev.sweep = await mgr.causality(run);
  return ev;
}

export function sweepView(ev: Evidence, t: Translate, lang: string): HTMLElement {
  const s = ev.sweep!;
  const strip = h('div', { className: 'st-sweep', attrs: { role: 'list', 'aria-label': t('studio.ev.sweepStrip') } });
  s.ok.forEach((ok, i) =>
    strip.append(h('span', {
      textContent: ok ? '✓' : '✕',
      title: t('studio.ev.sweepCell', { i: s.ks[i], d: fmt(s.maxDiff[i], lang) }),
      attrs: { role: 'listitem', 'data-ok': ok ? '1' : '0', 'aria-label': t(ok ? 'studio.ev.sweepOk' : 'studio.ev.sweepLeak', { i: s.ks[i] }) },
    })));
  const bad = s.ok.map((ok, i) => (ok ? -1 : s.ks[i])).filter((k) => k >= 0);
  const text = s.allOk
    ? t('studio.ev.sweepAllOk', { n: s.ok.length })
    : t('studio.ev.sweepFail', { n: bad.length, total: s.ok.length, list: bad.slice(0, 12).join(', ') + (bad.length > 12 ? ', …' : '') });
  return h('div', { className: 'st-ev-sweep', attrs: { 'data-all-ok': s.allOk ? '1' : '0' } },
    h('p', {}, h('strong', { textContent: t('studio.ev.sweepTitle') }), ' ', text), strip);
}

export function attentionView(ev: Evidence, t: Translate, lang: string): HTMLElement {
  const a = ev.attention!;
  const canvas = renderPanels(
    [{
      title: t('studio.ev.attnTitle', { layer: a.layer, head: a.head }),
      T: a.T,
      values: a.w,
      color: (v) => grey(Math.sqrt(Math.max(0, v))),
      note: t('studio.ev.attnNote'),
    }],
    { axisQuery: t('studio.ev.query'), axisKey: t('studio.ev.key'), cell: Math.max(6, Math.floor(260 / a.T)) },
  );
  canvas.style.width = `${canvas.width / 2}px`;
  canvas.style.maxWidth = '100%';
  canvas.setAttribute('aria-hidden', 'true');
  const tokens = a.tokens.map((w, i) => `${i} ${w}`).join(' · ');
  const sums = Array.from({ length: a.T }, (_, i) => {
    let r = 0;
    for (let j = 0; j < a.T; j++) r += a.w[i * a.T + j];
    return fmt(r, lang);
  }).join(' · ');
  const summary = t('studio.ev.attnSummary', {
    future: fmt(100 * futureMass(a), lang),
    rows: fmt(meanRowSum(a), lang),
    self: fmtWeight(meanSelfWeight(a), lang),
  });
  return h('figure', { className: 'st-attn', attrs: { 'data-future-mass': String(futureMass(a)), 'data-row-sum': String(meanRowSum(a)) } },
    canvas, h('figcaption', {},
      h('span', { className: 'st-tokens', textContent: t('studio.ev.tokens', { tokens }) }), h('br'),
      h('span', { className: 'st-tokens', textContent: t('studio.ev.rowSums', { sums }) }), h('br'), summary));
}

/** One sample, with the word where the corpus grammar refuses it marked and said in words. */
export function sampleItem(s: Sample, t: Translate): HTMLElement {
  const li = h('li', { attrs: { 'data-grammatical': s.grammatical ? '1' : '0', 'data-refused-at': String(s.refusedAt) } },
    h('span', { className: s.grammatical ? 'st-ok' : 'st-bad', textContent: s.grammatical ? '✓ ' : '✕ ' }),
    h('span', { className: 'visually-hidden', textContent: t(s.grammatical ? 'studio.ev.sampleOk' : 'studio.ev.sampleBad') + ': ' }));
  const words = s.text.split(' ').filter(Boolean);
  if (words.length === 0) li.append('∅');
  words.forEach((w, i) => {
    if (i > 0) li.append(' ');
    li.append(i === s.refusedAt && !s.grammatical ? h('mark', { className: 'st-refused', textContent: w }) : w);
  });
  if (s.grammatical) return li;
  const why =
    words.length === 0 ? t('studio.ev.whyEmpty')
    : !s.ended ? t('studio.ev.whyNoEnd')
    : s.refusedAt >= 0 && s.refusedAt < words.length
      ? s.refusedAt === 0 ? t('studio.ev.whyFirst', { word: words[0] }) : t('studio.ev.whyWord', { word: words[s.refusedAt], before: words[s.refusedAt - 1] })
      : t('studio.ev.whyShort', { last: words[words.length - 1] });
  li.append(' ', h('span', { className: 'st-sample-why', textContent: `— ${why}` }));
  return li;
}

export function samplesView(samples: Sample[], full: boolean, t: Translate, lang: string): HTMLElement {
  const ok = samples.filter((s) => s.grammatical).length;
  return h('div', { className: 'st-ev-samples', attrs: { 'data-grammatical': String(ok), 'data-n': String(samples.length) } },
    h('p', {}, h('strong', { textContent: t(full ? 'studio.ev.samplesFull' : 'studio.ev.samples', { n: samples.length }) }), ' ',
      h('span', { className: 'st-rate', textContent: t('studio.ev.grammatical', { ok, n: samples.length, pct: fmt((100 * ok) / Math.max(1, samples.length), lang, 2) }) })),
    h('ol', { className: 'st-samples' }, ...samples.map((s) => sampleItem(s, t))));
}

/** The observations list (neutral: what was measured, not yet a verdict). */
export function evidenceView(ev: Evidence, kinds: EvidenceKind[], t: Translate, lang: string): HTMLElement {
  const s = signature(ev.run);
  const f = (x: number | null) => fmt(x, lang);
  const box = h('div', { className: 'st-evidence-box' });
  const items = h('ul', { className: 'st-facts' });
  if (kinds.includes('loss')) {
    if (s.divergedAt !== null) items.append(h('li', { textContent: t('studio.ev.diverged', { step: s.divergedAt }) }));
    items.append(h('li', {
      attrs: { 'data-below-floor': s.belowFloor ? '1' : '0' },
      textContent: t(s.belowFloor ? 'studio.ev.lossBelow' : 'studio.ev.lossAbove', { avg: f(s.minLossAvg), w: SMOOTH, min: f(s.minLoss), floor: f(s.floor) }),
    }));
  }
  if (kinds.includes('val') && s.valLoss !== null) {
    const r = arRatio(ev.run);
    items.append(h('li', { textContent: t('studio.ev.val', { tf: f(s.valLoss), ar: f(s.valLossAr), ratio: r === null ? '—' : fmt(r, lang) }) }));
  }
  box.append(items);
  if (ev.samples) box.append(samplesView(ev.samples, ev.samplePath === 'full_recompute', t, lang));
  if (ev.attention) box.append(attentionView(ev, t, lang));
  if (ev.sweep) box.append(sweepView(ev, t, lang));
  return box;
}
