/**
 * uPlot options for one dashboard panel: its series' strokes and dashes, the axes (log10 for
 * losses, norms and RMS), and the divergence marker drawn on the canvas (so PNGs keep it).
 */
import uPlot from 'uplot';
import { dashOf, FLOOR_DASH, LOG_PANELS, strokeOf, type SeriesDef } from './dash-series';
import { fmt, type RunRecord } from './metrics';
import type { PanelKey } from './summaries';

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
