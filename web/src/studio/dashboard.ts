/**
 * The training dashboard: six live panels (loss, learning rate, gradient norm, activation RMS,
 * spectral norms, dead heads) for one or several runs overlaid, fed step by step while the
 * worker trains (it is the RunManager's TrainObserver). How series look and the legend live in
 * dash-series.ts, the run table and its files in dash-runs.ts, the PNG in dash-png.ts. A
 * diverged run keeps its chart: its non-finite values become gaps and a marker with a label
 * shows the step where it diverged.
 *
 * The element carries what the page received: `el.runs` (RunRecord[]) and data-state.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './studio.css';
import { h } from '../ui/dom';
import { downloadBlob } from '../ui/download';
import { dashboardPng } from './dash-png';
import { announcement, ProgressBar } from './dash-progress';
import { Redraw } from './dash-redraw';
import { RunTable } from './dash-runs';
import { drawDivergence, keyStep, panelFigure, plotOptions, readoutText, seriesOptions } from './dash-plot';
import { legendItems, LOG_PANELS, runColors, seriesOf, type SeriesDef } from './dash-series';
import { finite, type RunRecord, type StepMetrics } from './metrics';
import type { TrainObserver } from './runner';
import { PANELS, panelSummary, type PanelKey, type Translate } from './summaries';

/** Charts a live redraw updates per frame. Each one's canvas is committed in its frame: six at
 * once held the main thread ~25 ms of CPU (48 ms of wall time beside two busy workers), two
 * ~15 ms (key presses waited up to 52 ms), one ~12 ms (20 ms; docs/performance.md). */
const LIVE_PANELS_PER_FRAME = 1;

export interface DashboardOptions {
  t: Translate;
  lang: string;
  /** Smaller panels (side-by-side layouts). */
  compact?: boolean;
  /** Hide the engine path of these runs (blind lab before the reveal). */
  hideBreak?: (run: RunRecord) => boolean;
  /** Summaries describe what was measured without naming what it means (blind lab before the reveal). */
  describeOnly?: () => boolean;
  /** A share link for a run (null: no link for this run). */
  shareLink?: (run: RunRecord) => string | null;
  /** manifest.json for a run. */
  manifest?: (run: RunRecord) => object;
  /** Heading shown above the panels. */
  title?: string;
  /** The steps a run is planned for here: the x axis spans them before any run exists. */
  steps?: number;
}

interface Panel {
  key: PanelKey;
  fig: HTMLElement;
  chartBox: HTMLElement;
  readout: HTMLElement;
  legend: HTMLElement;
  summary: HTMLElement;
  plot?: uPlot;
  /** (run, series) behind each uPlot series index (1..); the floor line has run -1. */
  map: { run: number; s: SeriesDef }[];
  signature: string;
  /** The step the read-out shows (moved by the mouse or by the arrow keys). */
  idx: number | null;
  /** The chart box's width as the ResizeObserver last reported it (0: not yet). */
  boxWidth: number;
}

export class Dashboard implements TrainObserver {
  readonly el: HTMLElement & { runs?: RunRecord[] };
  readonly runs: RunRecord[] = [];
  private panels: Panel[] = [];
  private runTable: RunTable;
  private colors: string[] = [];
  private bar: ProgressBar;
  private announce = h('p', { className: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  private redraw = new Redraw((live) => this.drawLive(live));
  /** The next panel a live round draws (dash-redraw.ts). */
  private liveCursor = 0;
  /** A training run's latest progress, shown with the next redraw (the bar changes the layout
   * and is repainted: 4 to 5 times a second is enough, and leaves the cores to training). */
  private live: { run: RunRecord; done: number; total: number; rate: number } | null = null;
  private keyNav = false;
  private resizeObs?: ResizeObserver;
  onCancel?: () => void;

  constructor(private o: DashboardOptions) {
    const t = o.t;
    this.runTable = new RunTable(o);
    this.el = h('section', { className: 'dashboard' + (o.compact ? ' is-compact' : ''), attrs: { 'data-state': 'idle' } });
    this.el.runs = this.runs;
    this.bar = new ProgressBar(t, o.lang, () => this.onCancel?.());
    const pngBtn = h('button', { type: 'button', className: 'btn-small', textContent: t('studio.exportPng') });
    pngBtn.addEventListener('click', () => void this.exportPng());
    if (o.title) this.el.append(h('h4', { className: 'dash-title', textContent: o.title }));
    const grid = h('div', { className: 'dash-grid' });
    for (const key of PANELS) {
      const p = panelFigure(key, t);
      p.chartBox.addEventListener('keydown', (e) => this.onChartKey(e, key));
      this.panels.push({ ...p, key, map: [], signature: '', idx: null, boxWidth: 0 });
      grid.append(p.fig);
    }
    this.el.append(this.bar.el, this.announce, grid,
      h('div', { className: 'dash-runs-box' }, this.runTable.el),
      h('div', { className: 'dash-actions' }, pngBtn));
    this.runTable.render(this.runs, this.colors);
    for (const p of this.panels) p.summary.textContent = t('studio.sum.empty');
    if (typeof ResizeObserver !== 'undefined') {
      // The observer reports widths without forcing a layout, unlike reading clientWidth
      // while charts are being built.
      this.resizeObs = new ResizeObserver((entries) => {
        for (const e of entries) {
          const p = this.panels.find((q) => q.chartBox === e.target);
          if (p) p.boxWidth = e.contentRect.width;
        }
        this.resize();
      });
      for (const p of this.panels) this.resizeObs.observe(p.chartBox);
    }
    // Empty charts (axes only) right away, one per frame: the learner sees the six panels
    // before training, and the first run then rebuilds charts with warm code.
    this.update();
  }

  /** Adds a run (or replaces the run with the same id) and redraws. */
  addRun(run: RunRecord) {
    const i = this.runs.findIndex((r) => r.id === run.id);
    if (i >= 0) this.runs[i] = run;
    else this.runs.push(run);
    this.update();
  }

  removeRun(id: string) {
    const i = this.runs.findIndex((r) => r.id === id);
    if (i >= 0) this.runs.splice(i, 1);
    this.update();
  }

  clear() {
    this.runs.length = 0;
    this.update();
  }

  /** Schedules a redraw (dash-redraw.ts): live, a training run's new steps, spaced out; any
   * other change at the next frame. */
  update(live = false) {
    this.redraw.request(live);
  }

  // ---- TrainObserver: the RunManager reports a run's progress here ----
  started(run: RunRecord) {
    this.addRun(run);
    this.setProgress(run, 0, run.steps, 0);
  }

  progress(run: RunRecord, done: number, total: number, rate: number) {
    this.live = { run, done, total, rate };
    this.update(true);
  }

  ended(run: RunRecord) {
    this.live = null;
    this.setProgress(null);
    this.finish(run);
  }

  /** Shows `run`'s progress line at once and moves the focus to its Cancel button (the button
   * that started the run is disabled, so the focus would otherwise drop to the page). */
  focusCancel(run: RunRecord) {
    this.setProgress(run, 0, run.steps, 0);
    this.bar.cancelBtn.focus({ preventScroll: true });
  }

  /** Shows the progress bar. rate: steps per second. */
  setProgress(run: RunRecord | null, done = 0, total = 0, rate = 0) {
    this.bar.show(run, done, total, rate);
    this.el.dataset.state = run || this.runs.some((r) => r.status === 'running') ? 'running' : 'idle';
  }

  /** Called when a run ends: final redraw (draw() writes the summaries once no run is left
   * running) and an announcement. */
  finish(run: RunRecord) {
    const t = this.o.t;
    this.draw(true);
    const msg = announcement(run, t);
    this.announce.textContent = msg;
    this.el.dataset.state = this.runs.some((r) => r.status === 'running') ? 'running' : 'done';
  }

  private writeSummaries() {
    const describeOnly = this.o.describeOnly?.() ?? false;
    for (const p of this.panels) p.summary.textContent = panelSummary(p.key, this.runs, this.o.t, this.o.lang, describeOnly);
  }

  /** A redraw (dash-redraw.ts): live, the next LIVE_PANELS_PER_FRAME panels of the round (true
   * if more are left); otherwise all of them. The progress bar goes with it. */
  private drawLive(live: boolean): boolean {
    const l = this.live;
    this.live = null;
    if (l) this.setProgress(l.run, l.done, l.total, l.rate);
    if (!live) {
      this.liveCursor = 0;
      this.draw();
      return false;
    }
    const from = this.liveCursor;
    this.liveCursor = from + LIVE_PANELS_PER_FRAME < this.panels.length ? from + LIVE_PANELS_PER_FRAME : 0;
    this.draw(false, this.panels.slice(from, from + LIVE_PANELS_PER_FRAME));
    return this.liveCursor > 0;
  }

  /** all: build every chart now (end of a run, when the charts usually exist already).
   * panels: the ones to draw (a live round draws a few per frame). */
  private draw(all = false, panels = this.panels) {
    this.colors = runColors(this.runs);
    this.runTable.render(this.runs, this.colors);
    // What every panel shares: the x values, and each run's metrics by step. The x axis spans
    // the steps the runs are planned for: a curve grows across a fixed axis (a cancelled or
    // diverged run shows how far it got) instead of the axis rescaling on every frame. Steps
    // not reached yet are gaps.
    const planned = this.runs.length ? Math.max(...this.runs.map((r) => r.steps)) : (this.o.steps ?? 0);
    const xs = Array.from({ length: Math.max(this.lastStep() + 1, planned) }, (_, i) => i);
    const byStep = this.runs.map((r) => new Map(r.metrics.map((m) => [m.step, m])));
    // Creating a chart, or changing its series, is the expensive part (uPlot finishes it in a
    // microtask of the same task, so its cost cannot be timed here). At most one chart does
    // that per animation frame, so the main thread never holds a frame for long while the
    // worker trains; data-only updates are always done.
    let changed = 0;
    let deferred = false;
    for (const p of panels) {
      const r = this.drawPanel(p, xs, byStep, all || changed === 0);
      if (r === 'changed') changed++;
      else if (r === 'deferred') deferred = true;
    }
    if (deferred) this.update();
    // While a run is going, summaries say so; they are rewritten when it ends (finish()).
    if (this.runs.some((r) => r.status === 'running'))
      for (const p of this.panels) p.summary.textContent = this.o.t('studio.sum.running');
    else this.writeSummaries();
  }

  /** Draws one panel: 'changed' if it created its chart or changed its series, 'deferred' (nothing
   * drawn) if it needs to but may not now, 'updated' if only its data changed. */
  private drawPanel(p: Panel, xs: number[], byStep: Map<number, StepMetrics>[], mayChange: boolean): 'changed' | 'updated' | 'deferred' {
    const t = this.o.t;
    const log = LOG_PANELS[p.key];
    const map: Panel['map'] = [];
    const cols: (number | null)[][] = [];
    const clean = (v: number | null | undefined): number | null =>
      !finite(v) || (log && v <= 0) ? null : v;
    // The reference run (grey) last, so it is drawn on top and never hidden under the others.
    const order = [...this.runs.keys()].sort((a, b) => Number(!!this.runs[a].reference) - Number(!!this.runs[b].reference));
    for (const ri of order) {
      const run = this.runs[ri];
      for (const s of seriesOf(p.key, run, t)) {
        const col = xs.map((x) => {
          const m = byStep[ri].get(x);
          return m ? clean(s.get(m)) : null;
        });
        if (s.points && col.every((v) => v === null)) continue; // no eval yet: no empty series
        map.push({ run: ri, s });
        cols.push(col);
      }
    }
    // The corpus entropy floor: the lowest loss any honest next-token predictor can reach.
    const floor = p.key === 'loss' ? this.runs.find((r) => finite(r.entropyFloor))?.entropyFloor : undefined;
    if (finite(floor)) {
      map.push({ run: -1, s: { label: t('studio.series.floor'), get: () => floor, index: 0 } });
      cols.push(xs.map(() => floor));
    }
    const sig = map.map((m) => `${m.run}:${m.s.label}`).join('|') + `|${this.colors.join()}`;
    const data = [xs, ...cols] as uPlot.AlignedData;
    const change = !p.plot || sig !== p.signature;
    if (change && !mayChange) return 'deferred';
    if (!p.plot) p.plot = new uPlot(this.plotOpts(p, map), data, p.chartBox);
    else if (change) {
      // A run came, went or gained series: swap the series on the existing chart (much cheaper
      // than a new chart: no new DOM, no layout), then one redraw with the new data.
      const u = p.plot;
      u.batch(() => {
        for (let i = u.series.length - 1; i >= 1; i--) u.delSeries(i);
        for (const s of seriesOptions(map, this.runs, this.colors)) u.addSeries(s);
        u.setData(data);
      });
    } else p.plot.setData(data);
    // A chart without series has no y range of its own: give it one (two decades on a log
    // axis), so an empty chart's axis is labelled too; the first series brings its own range.
    // After setData, which resets it.
    if (map.length === 0) p.plot.setScale('y', log ? { min: 0.1, max: 10 } : { min: 0, max: 1 });
    if (change) {
      p.signature = sig;
      p.map = map;
      this.renderLegend(p);
    }
    // Diverged runs are also said in words next to the chart (the canvas marker is visual only).
    for (const n of p.fig.querySelectorAll('.dash-diverged')) n.remove();
    for (const r of this.runs)
      if (r.divergedAt !== undefined)
        p.readout.before(h('p', {
          className: 'dash-diverged',
          textContent: t('studio.divergedLabel', { run: r.label, step: r.divergedAt }),
          attrs: { 'data-run': r.id, 'data-step': String(r.divergedAt) },
        }));
    return change ? 'changed' : 'updated';
  }

  /** The last step any run has reached (the charts' x axis may go further: see draw). */
  private lastStep(): number {
    let last = 0;
    for (const r of this.runs) for (const m of r.metrics) last = Math.max(last, m.step);
    return last;
  }

  private width(p: Panel): number {
    const w = p.boxWidth || p.chartBox.clientWidth || p.fig.clientWidth;
    return Math.max(220, Math.floor(w || (this.o.compact ? 300 : 380)));
  }

  private resize() {
    for (const p of this.panels) if (p.plot) {
      const w = this.width(p);
      if (Math.abs(w - p.plot.width) > 2) p.plot.setSize({ width: w, height: this.o.compact ? 150 : 190 });
    }
  }

  private plotOpts(p: Panel, map: Panel['map']): uPlot.Options {
    const lang = this.o.lang;
    const t = this.o.t;
    return plotOptions({
      key: p.key, lang, width: this.width(p), height: this.o.compact ? 150 : 190,
      stepLabel: t('studio.step'),
      series: seriesOptions(map, this.runs, this.colors),
      onCursor: (u) => !this.keyNav && this.readout(p, (p.idx = u.cursor.idx ?? null)),
      onDraw: (u) => drawDivergence(u, this.runs, this.colors, (r) => t('studio.divergedShort', { run: r.label, step: r.divergedAt ?? '?' })),
    });
  }

  private renderLegend(p: Panel) {
    p.legend.replaceChildren(...legendItems(this.runs, this.colors, p.map));
  }

  private readout(p: Panel, idx: number | null) {
    if (idx === null || !p.plot) {
      p.readout.textContent = '';
      return;
    }
    p.readout.textContent = readoutText(p.plot, p.map, this.runs, idx, this.o.lang, this.o.t('studio.step'));
  }

  private onChartKey(e: KeyboardEvent, key: PanelKey) {
    const p = this.panels.find((q) => q.key === key)!;
    const u = p.plot;
    if (!u) return;
    const n = Math.min(u.data[0].length, this.lastStep() + 1); // steps reached, not planned
    if (n === 0) return;
    const idx = keyStep(e, n, p.idx ?? -1);
    if (idx === null) return;
    e.preventDefault();
    p.idx = idx;
    this.keyNav = true;
    try {
      u.setCursor({ left: u.valToPos(idx, 'x'), top: u.bbox.height / uPlot.pxRatio / 2 });
    } finally {
      this.keyNav = false;
    }
    this.readout(p, idx);
  }

  /** Composes the six canvases (titles included) into one PNG and downloads it. */
  async exportPng() {
    const blob = await this.pngBlob();
    if (blob) downloadBlob(blob, 'exam-rule-dashboard.png');
  }

  pngBlob(): Promise<Blob | null> {
    const t = this.o.t;
    const panels = this.panels.filter((p) => p.plot).map((p) => ({ title: p.fig.querySelector('h5')?.textContent ?? p.key, canvas: p.plot!.ctx.canvas }));
    return dashboardPng(panels, this.runs, runColors(this.runs), (r) =>
      `${r.label} — ${this.o.hideBreak?.(r) ? t('studio.hidden') : r.brk}, ${t('studio.seed')} ${r.seed}, ${r.metrics.length}/${r.steps}`);
  }

  destroy() {
    this.resizeObs?.disconnect();
    for (const p of this.panels) p.plot?.destroy();
  }
}
