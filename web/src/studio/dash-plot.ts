/**
 * uPlot options for one dashboard panel: its series' strokes and dashes, the axes (log10 for
 * losses, norms and RMS), and the divergence marker drawn on the canvas (so PNGs keep it).
 */
import uPlot from 'uplot';
import { h } from '../ui/dom';
import { dashOf, FLOOR_DASH, LOG_PANELS, strokeOf, type SeriesDef } from './dash-series';
import { fmt, type RunRecord } from './metrics';
import type { PanelKey, Translate } from './summaries';

/** One panel's figure: title (with "log scale" where it applies), the focusable chart box that
 * reads values with the arrow keys, the legend, the read-out and the summary caption. */
export function panelFigure(key: PanelKey, t: Translate) {
  const titleId = `dash-${Math.random().toString(36).slice(2, 9)}`;
  const chartBox = h('div', { className: 'dash-chart', tabIndex: 0, attrs: { 'aria-hidden': 'false', role: 'img', 'aria-label': t('studio.chartKeys') } });
  const readout = h('p', { className: 'dash-readout', attrs: { 'aria-live': 'polite' } });
  const legend = h('div', { className: 'dash-legend' });
  const summary = h('p', { className: 'dash-summary' });
  const fig = h('figure', { className: 'dash-panel', attrs: { 'data-panel': key, 'aria-labelledby': titleId } },
    h('h5', { id: titleId, textContent: t(`studio.panel.${key}`) + (LOG_PANELS[key] ? ` ${t('studio.logAxis')}` : '') }),
    chartBox, legend, readout,
    h('figcaption', {}, summary));
  return { fig, chartBox, readout, legend, summary };
}

/** The y series of a chart (uPlot's series 1..), one per (run, series) of `map`; run -1 is the floor. */
export function seriesOptions(map: { run: number; s: SeriesDef }[], runs: RunRecord[], colors: string[]): uPlot.Series[] {
  return map.map(({ run, s }) => {
    const color = strokeOf(runs, colors, run, s);
    return {
      label: run < 0 ? s.label : `${runs[run].label} · ${s.label}`,
      stroke: color,
      width: run < 0 ? 1 : runs[run].reference ? 1.5 : 1.75,
      dash: run < 0 ? FLOOR_DASH : dashOf(s),
      spanGaps: !!s.points,
      paths: s.stepped ? uPlot.paths.stepped!({ align: 1 }) : undefined,
      points: s.points ? { show: true, size: 5, stroke: color, fill: color } : { show: false },
    };
  });
}

export interface PlotSpec {
  key: PanelKey;
  lang: string;
  width: number;
  height: number;
  stepLabel: string;
  series: uPlot.Series[];
  onCursor: (u: uPlot) => void;
  onDraw: (u: uPlot) => void;
}

export function plotOptions(p: PlotSpec): uPlot.Options {
  const log = LOG_PANELS[p.key];
  const tick = (_u: uPlot, vals: number[]) => vals.map((v) => (v === null ? '' : fmt(v, p.lang, 2)));
  return {
    width: p.width,
    height: p.height,
    legend: { show: false },
    cursor: { focus: { prox: 16 }, points: { size: 6 } },
    focus: { alpha: 0.35 },
    scales: {
      x: { time: false },
      y: log ? { distr: 3, log: 10 } : { auto: true, range: p.key === 'dead' ? (_u, _a, b) => [0, Math.max(1, b)] : undefined },
    },
    axes: [
      { stroke: '#333', grid: { stroke: '#e4e4e4' }, size: 30 },
      { stroke: '#333', grid: { stroke: '#e4e4e4' }, values: tick, size: 52 },
    ],
    series: [{ label: p.stepLabel }, ...p.series],
    hooks: { setCursor: [p.onCursor], draw: [p.onDraw] },
  };
}

/** Vertical marker + label at the step where each diverged run diverged. */
export function drawDivergence(u: uPlot, runs: RunRecord[], colors: string[], label: (r: RunRecord) => string) {
  const ctx = u.ctx;
  const px = uPlot.pxRatio;
  runs.forEach((r, i) => {
    if (r.divergedAt === undefined) return;
    const x = Math.round(u.valToPos(r.divergedAt, 'x', true));
    const { top, height } = u.bbox;
    const color = colors[i] ?? '#000';
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5 * px;
    ctx.setLineDash([4 * px, 3 * px]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = color;
    ctx.font = `${11 * px}px system-ui, sans-serif`;
    const text = `✕ ${label(r)}`;
    const w = ctx.measureText(text).width;
    const lx = x + 4 * px + w > u.bbox.left + u.bbox.width ? x - 4 * px - w : x + 4 * px;
    ctx.fillText(text, lx, top + 12 * px);
    ctx.restore();
  });
}

/** The read-out of a chart at step index `idx`: every series' value there. */
export function readoutText(u: uPlot, map: { run: number; s: SeriesDef }[], runs: RunRecord[], idx: number, lang: string, stepLabel: string): string {
  const parts: string[] = [];
  map.forEach(({ run, s }, k) => {
    const v = u.data[k + 1][idx];
    if (v === null || v === undefined) return;
    parts.push(`${run < 0 ? s.label : `${runs[run].label} · ${s.label}`} ${fmt(v as number, lang)}`);
  });
  return `${stepLabel} ${idx}: ${parts.join('; ') || '—'}`;
}

/** The step index a key moves a chart's read-out to (n steps reached, cur the current index;
 * Shift moves by 10), or null for other keys. */
export function keyStep(e: KeyboardEvent, n: number, cur: number): number | null {
  const step = e.shiftKey ? 10 : 1;
  if (e.key === 'ArrowRight') return Math.min(n - 1, cur + step);
  if (e.key === 'ArrowLeft') return Math.max(0, cur < 0 ? 0 : cur - step);
  if (e.key === 'Home') return 0;
  if (e.key === 'End') return n - 1;
  return null;
}
