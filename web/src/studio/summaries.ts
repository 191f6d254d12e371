/**
 * One text summary per dashboard panel, per run: what a screen reader announces instead of the
 * chart, and what every learner can read under it. Pure functions of the runs' metrics.
 */
import { finite, fmt, signature, SMOOTH, spectralNames, type RunRecord } from './metrics';

export type Translate = (id: string, vars?: Record<string, string | number>) => string;
export type PanelKey = 'loss' | 'lr' | 'grad' | 'act' | 'spectral' | 'dead';
export const PANELS: readonly PanelKey[] = ['loss', 'lr', 'grad', 'act', 'spectral', 'dead'];

function lastFinite<T>(xs: T[], get: (x: T) => number | null | undefined): { v: number; i: number } | null {
  for (let i = xs.length - 1; i >= 0; i--) {
    const v = get(xs[i]);
    if (finite(v)) return { v, i };
  }
  return null;
}

/** The sentence about one run in one panel. `describeOnly`: say what was measured, never what it
 * means (the blind lab before the reveal, where the meaning is the learner's to find). */
export function runSummary(panel: PanelKey, run: RunRecord, t: Translate, lang: string, describeOnly = false): string {
  const ms = run.metrics;
  const f = (x: number | null | undefined) => fmt(x, lang);
  const name = run.label;
  if (ms.length === 0) return t('studio.sum.noData', { run: name });
  const sig = signature(run);
  const div = sig.divergedAt !== null ? ' ' + t('studio.sum.diverged', { run: name, step: sig.divergedAt }) : '';
  switch (panel) {
    case 'loss': {
      const first = ms.find((m) => finite(m.loss))?.loss;
      const last = lastFinite(ms, (m) => m.loss);
      let s = t('studio.sum.loss', {
        run: name,
        first: f(first),
        last: f(last?.v),
        min: f(sig.minLoss),
        step: sig.minLossStep ?? '—',
      });
      if (sig.floor !== null) s += ' ' + t('studio.sum.floor', { floor: f(sig.floor) });
      if (sig.valLoss !== null || sig.valLossAr !== null)
        s += ' ' + t('studio.sum.val', { val: f(sig.valLoss), ar: f(sig.valLossAr) });
      if (describeOnly) s += ' ' + t('studio.sum.minAvg', { w: SMOOTH, avg: f(sig.minLossAvg) });
      else if (sig.belowFloor) s += ' ' + t('studio.sum.belowFloor', { w: SMOOTH, avg: f(sig.minLossAvg) });
      return s + div;
    }
    case 'lr': {
      let max = -Infinity;
      let at = 0;
      for (const m of ms) if (finite(m.lr) && m.lr > max) (max = m.lr), (at = m.step);
      return t('studio.sum.lr', { run: name, lr0: f(sig.lr0), max: f(max), step: at, last: f(ms[ms.length - 1].lr) }) + div;
    }
    case 'grad': {
      const clip = run.config.grad_clip;
      const clipped = finite(clip) ? ms.filter((m) => finite(m.grad_norm_pre_clip) && m.grad_norm_pre_clip > clip).length : 0;
      const last = lastFinite(ms, (m) => m.grad_norm_pre_clip);
      return t('studio.sum.grad', {
        run: name,
        max: f(sig.maxGradPre),
        step: sig.maxGradPreStep ?? '—',
        last: f(last?.v),
        clipped,
        n: ms.length,
      }) + div;
    }
    case 'act': {
      const last = lastFinite(ms, (m) => m.act_rms[0]);
      const lastLn = lastFinite(ms, (m) => m.act_rms[m.act_rms.length - 1]);
      return t('studio.sum.act', {
        run: name,
        first: f(sig.actRms0),
        firstLn: f(sig.actRmsLast0),
        last: f(last?.v),
        lastLn: f(lastLn?.v),
      }) + div;
    }
    case 'spectral': {
      let max = -Infinity;
      let which = '';
      for (const m of ms)
        for (const [k, v] of Object.entries(m.spectral)) if (finite(v) && v > max) (max = v), (which = k);
      return t('studio.sum.spectral', {
        run: name,
        n: spectralNames(run).length,
        first: f(sig.spectral0),
        max: f(Number.isFinite(max) ? max : null),
        tensor: which || '—',
        last: f(sig.spectralLast),
      }) + div;
    }
    case 'dead': {
      const total = (run.config.n_layer ?? 0) * (run.config.n_head ?? 0);
      return t('studio.sum.dead', { run: name, last: sig.deadLast ?? '—', max: sig.deadMax ?? '—', total: total || '—' }) + div;
    }
  }
}

/** The whole panel summary: one sentence per run. */
export function panelSummary(panel: PanelKey, runs: RunRecord[], t: Translate, lang: string, describeOnly = false): string {
  if (runs.length === 0) return t('studio.sum.empty');
  return runs.map((r) => runSummary(panel, r, t, lang, describeOnly)).join(' ');
}
