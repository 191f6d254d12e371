/**
 * What the dashboard draws for each run in each panel, and how a learner tells the lines apart:
 * the series of a panel, their colours and dash patterns, and the legend drawn with the chart.
 *
 * Styles are colour-blind safe (Okabe-Ito palette) and never rely on colour alone: with one run
 * on the charts, each series of a panel gets its own colour and dash; with several runs, the run
 * sets the colour and the series sets the dash. The grey reference run (the healthy baseline)
 * keeps the same dashes so its series read the same way.
 */
import { h } from '../ui/dom';
import { actRmsCount, spectralNames, type RunRecord, type StepMetrics } from './metrics';
import type { PanelKey, Translate } from './summaries';

export const RUN_COLORS = ['#D55E00', '#0072B2', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
/** One colour per series of a panel when one run is shown (Okabe-Ito, then darker shades). */
export const SERIES_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C510A', '#6A3D9A'];
export const REFERENCE_COLOR = '#767676';
export const FLOOR_COLOR = '#000000';
const DASHES: number[][] = [[], [7, 4], [2, 3], [10, 3, 2, 3], [1, 3], [14, 4], [5, 2, 1, 2], [8, 2, 2, 2, 2, 2], [3, 6]];
export const FLOOR_DASH = [3, 3];

export interface SeriesDef {
  label: string;
  get: (m: StepMetrics) => number | null | undefined;
  /** Position of the series in its panel (picks its dash, and its colour with one run). */
  index: number;
  points?: boolean;
  stepped?: boolean;
}

export const LOG_PANELS: Record<PanelKey, boolean> = { loss: true, lr: false, grad: true, act: true, spectral: true, dead: false };

/** Series of one run in one panel. */
export function seriesOf(panel: PanelKey, run: RunRecord, t: Translate): SeriesDef[] {
  switch (panel) {
    case 'loss':
      return [
        { label: t('studio.series.train'), get: (m) => m.loss, index: 0 },
        { label: t('studio.series.val'), get: (m) => m.val_loss, index: 1, points: true },
        { label: t('studio.series.valAr'), get: (m) => m.val_loss_ar, index: 2, points: true },
      ];
    case 'lr':
      return [{ label: t('studio.series.lr'), get: (m) => m.lr, index: 0 }];
    case 'grad':
      return [
        { label: t('studio.series.gradPre'), get: (m) => m.grad_norm_pre_clip, index: 0 },
        { label: t('studio.series.gradPost'), get: (m) => m.grad_norm_post_clip, index: 1 },
      ];
    case 'act': {
      const n = actRmsCount(run);
      return Array.from({ length: n }, (_, i) => ({
        label: i === n - 1 ? t('studio.series.lnf') : t('studio.series.block', { i }),
        get: (m: StepMetrics) => m.act_rms[i],
        index: i,
      }));
    }
    case 'spectral':
      return spectralNames(run).map((name, i) => ({ label: shortTensor(name), get: (m: StepMetrics) => m.spectral[name], index: i }));
    case 'dead':
      return [{ label: t('studio.series.dead'), get: (m) => m.dead_heads, index: 0, stepped: true }];
  }
}

/** "transformer.h.0.attn.c_attn.weight" -> "h0.attn.c_attn" (the legend has little room). */
export function shortTensor(name: string): string {
  return name.replace(/^transformer\./, '').replace(/\.weight$/, '').replace(/^h\.(\d+)\./, 'h$1.');
}

export const dashOf = (s: SeriesDef) => DASHES[s.index % DASHES.length];

/** Colours of the runs on the charts: the reference grey, the others in palette order. */
export function runColors(runs: RunRecord[]): string[] {
  let k = 0;
  return runs.map((r) => (r.reference ? REFERENCE_COLOR : RUN_COLORS[k++ % RUN_COLORS.length]));
}

/** The stroke of one series: by series when a single run is coloured, by run otherwise. */
export function strokeOf(runs: RunRecord[], colors: string[], run: number, s: SeriesDef): string {
  if (run < 0) return FLOOR_COLOR;
  if (runs[run].reference) return REFERENCE_COLOR;
  const coloured = runs.filter((r) => !r.reference).length;
  return coloured === 1 ? SERIES_COLORS[s.index % SERIES_COLORS.length] : colors[run];
}

/**
 * The legend drawn with a chart: one key per series kind (its dash, and its colour when the
 * colour names the series), then one swatch per run when the colour names the run.
 */
export function legendItems(runs: RunRecord[], colors: string[], map: { run: number; s: SeriesDef }[]): HTMLElement[] {
  const coloured = runs.filter((r) => !r.reference).length;
  const seen = new Map<string, { s: SeriesDef; run: number }>();
  for (const m of map) if (!seen.has(m.s.label)) seen.set(m.s.label, m);
  const keys = [...seen.values()].map(({ s, run }) =>
    h('span', { className: 'dash-key' }, svgLine(run < 0 ? FLOOR_DASH : dashOf(s),
      run < 0 ? FLOOR_COLOR : coloured === 1 ? SERIES_COLORS[s.index % SERIES_COLORS.length] : '#444'), ' ', s.label));
  const shown = new Set(map.map((m) => m.run).filter((r) => r >= 0));
  const runKeys = coloured === 1 && !runs.some((r) => r.reference) ? []
    : runs.map((r, i) => (shown.has(i) ? h('span', { className: 'dash-key dash-key-run' }, swatch(colors[i]), ' ', r.label) : null))
      .filter((x): x is HTMLElement => !!x);
  return [...keys, ...runKeys];
}

export function swatch(color: string): HTMLElement {
  const s = h('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
  s.style.background = color; // CSSOM, allowed by the pages' CSP (unlike a style attribute)
  return s;
}

function svgLine(dash: number[], color: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '8');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(ns, 'line');
  line.setAttribute('x1', '1');
  line.setAttribute('x2', '25');
  line.setAttribute('y1', '4');
  line.setAttribute('y2', '4');
  line.setAttribute('stroke', color);
  line.setAttribute('stroke-width', '2');
  if (dash.length) line.setAttribute('stroke-dasharray', dash.join(' '));
  svg.append(line);
  return svg;
}
