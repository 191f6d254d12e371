/**
 * The training dashboard: six live panels (loss, learning rate, gradient norm, activation RMS,
 * spectral norms, dead heads) for one or several runs overlaid, fed step by step while the
 * worker trains. Colour tells the runs apart (Okabe-Ito palette), dash patterns tell the series
 * of one run apart, so nothing depends on colour alone. A diverged run keeps its chart: its
 * non-finite values become gaps and a marker with a label shows the step where it diverged.
 *
 * The element carries what the page received: `el.runs` (RunRecord[]) and data-state.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './studio.css';
import { h } from '../ui/dom';
import { actRmsCount, finite, fmt, spectralNames, toCsv, toJson, type RunRecord, type StepMetrics } from './metrics';
import { PANELS, panelSummary, type PanelKey, type Translate } from './summaries';

export const RUN_COLORS = ['#D55E00', '#0072B2', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
export const REFERENCE_COLOR = '#767676';
const DASHES: number[][] = [[], [7, 4], [2, 3], [10, 3, 2, 3], [1, 3], [14, 4], [5, 2, 1, 2], [8, 2, 2, 2, 2, 2], [3, 6]];

interface SeriesDef {
  label: string;
  get: (m: StepMetrics) => number | null | undefined;
  dash: number[];
  points?: boolean;
  stepped?: boolean;
}

export interface DashboardOptions {
  t: Translate;
  lang: string;
  /** Smaller panels (side-by-side layouts). */
  compact?: boolean;
  /** Hide the engine path of these runs (blind lab before the reveal). */
  hideBreak?: (run: RunRecord) => boolean;
  /** A share link for a run (null: no link for this run). */
  shareLink?: (run: RunRecord) => string | null;
  /** manifest.json for a run. */
  manifest?: (run: RunRecord) => object;
  /** Heading shown above the panels. */
  title?: string;
  /** The steps a run is planned for here: the x axis spans them before any run exists. */
  steps?: number;
}

/** Series of one run in one panel. */
function seriesOf(panel: PanelKey, run: RunRecord, t: Translate): SeriesDef[] {
  switch (panel) {
    case 'loss':
      return [
        { label: t('studio.series.train'), get: (m) => m.loss, dash: DASHES[0] },
        { label: t('studio.series.val'), get: (m) => m.val_loss, dash: DASHES[1], points: true },
        { label: t('studio.series.valAr'), get: (m) => m.val_loss_ar, dash: DASHES[2], points: true },
      ];
    case 'lr':
      return [{ label: t('studio.series.lr'), get: (m) => m.lr, dash: DASHES[0] }];
    case 'grad':
      return [
        { label: t('studio.series.gradPre'), get: (m) => m.grad_norm_pre_clip, dash: DASHES[0] },
        { label: t('studio.series.gradPost'), get: (m) => m.grad_norm_post_clip, dash: DASHES[1] },
      ];
    case 'act': {
      const n = actRmsCount(run);
      return Array.from({ length: n }, (_, i) => ({
        label: i === n - 1 ? t('studio.series.lnf') : t('studio.series.block', { i }),
        get: (m: StepMetrics) => m.act_rms[i],
        dash: DASHES[i % DASHES.length],
      }));
    }
    case 'spectral':
      return spectralNames(run).map((name, i) => ({ label: shortTensor(name), get: (m: StepMetrics) => m.spectral[name], dash: DASHES[i % DASHES.length] }));
    case 'dead':
      return [{ label: t('studio.series.dead'), get: (m) => m.dead_heads, dash: DASHES[0], stepped: true }];
  }
}

/** "transformer.h.0.attn.c_attn.weight" -> "h0.attn.c_attn" (the legend has little room). */
export function shortTensor(name: string): string {
  return name.replace(/^transformer\./, '').replace(/\.weight$/, '').replace(/^h\.(\d+)\./, 'h$1.');
}

const LOG_PANELS: Record<PanelKey, boolean> = { loss: true, lr: false, grad: true, act: true, spectral: true, dead: false };

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

export class Dashboard {
  readonly el: HTMLElement & { runs?: RunRecord[] };
  readonly runs: RunRecord[] = [];
  private panels: Panel[] = [];
  private runTable = h('table', { className: 'dash-runs' });
  private progressBox = h('div', { className: 'dash-progress', hidden: true });
  private progressBar = h('progress', { max: 1, value: 0 });
  private progressText = h('span', { className: 'dash-progress-text', attrs: { 'aria-live': 'off' } });
  private cancelBtn = h('button', { type: 'button', className: 'btn-small' });
  private announce = h('p', { className: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  private runTableKey = '';
  private stepCells: HTMLElement[] = [];
  private pending = false;
  private keyNav = false;
  private resizeObs?: ResizeObserver;
  onCancel?: () => void;

  constructor(private o: DashboardOptions) {
    const t = o.t;
    this.el = h('section', { className: 'dashboard' + (o.compact ? ' is-compact' : ''), attrs: { 'data-state': 'idle' } });
    this.el.runs = this.runs;
    this.cancelBtn.textContent = t('studio.cancel');
    this.cancelBtn.addEventListener('click', () => this.onCancel?.());
    this.progressBox.append(
      h('span', { className: 'dash-progress-label', textContent: t('studio.training') }),
      this.progressBar,
      this.progressText,
      this.cancelBtn,
    );
    this.progressBar.setAttribute('aria-label', t('studio.progressLabel'));
    const pngBtn = h('button', { type: 'button', className: 'btn-small', textContent: t('studio.exportPng') });
    pngBtn.addEventListener('click', () => void this.exportPng());
    if (o.title) this.el.append(h('h4', { className: 'dash-title', textContent: o.title }));
    const grid = h('div', { className: 'dash-grid' });
    for (const key of PANELS) {
      const titleId = `dash-${Math.random().toString(36).slice(2, 9)}`;
      const chartBox = h('div', {
        className: 'dash-chart',
        tabIndex: 0,
        attrs: { 'aria-hidden': 'false', role: 'img', 'aria-label': t('studio.chartKeys') },
      });
      const readout = h('p', { className: 'dash-readout', attrs: { 'aria-live': 'polite' } });
      const legend = h('div', { className: 'dash-legend' });
      const summary = h('p', { className: 'dash-summary' });
      const fig = h('figure', { className: 'dash-panel', attrs: { 'data-panel': key, 'aria-labelledby': titleId } },
        h('h5', { id: titleId, textContent: t(`studio.panel.${key}`) + (LOG_PANELS[key] ? ` ${t('studio.logAxis')}` : '') }),
        chartBox, legend, readout,
        h('figcaption', {}, summary));
      chartBox.addEventListener('keydown', (e) => this.onChartKey(e, key));
      this.panels.push({ key, fig, chartBox, readout, legend, summary, map: [], signature: '', idx: null, boxWidth: 0 });
      grid.append(fig);
    }
    this.el.append(this.progressBox, this.announce, grid,
      h('div', { className: 'dash-runs-box' }, this.runTable),
      h('div', { className: 'dash-actions' }, pngBtn));
    this.renderRunTable();
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

  /** Schedules a redraw (at most one per animation frame). */
  update() {
    if (this.pending) return;
    this.pending = true;
    const go = () => {
      this.pending = false;
      this.draw();
    };
    if (typeof requestAnimationFrame !== 'undefined') requestAnimationFrame(go);
    else setTimeout(go, 16);
  }

  colorOf(run: RunRecord): string {
    if (run.reference) return REFERENCE_COLOR;
    const idx = this.runs.filter((r) => !r.reference).indexOf(run);
    return RUN_COLORS[Math.max(0, idx) % RUN_COLORS.length];
  }

  /** Shows the progress bar. rate: steps per second. */
  setProgress(run: RunRecord | null, done = 0, total = 0, rate = 0) {
    const t = this.o.t;
    if (!run) {
      this.progressBox.hidden = true;
      this.el.dataset.state = this.runs.some((r) => r.status === 'running') ? 'running' : 'idle';
      return;
    }
    this.el.dataset.state = 'running';
    this.progressBox.hidden = false;
    this.progressBar.max = Math.max(1, total);
    this.progressBar.value = done;
    this.progressText.textContent = t('studio.progress', {
      run: run.label,
      done,
      total,
      rate: rate > 0 ? fmt(rate, this.o.lang, 2) : '…',
    });
  }

  /** Called when a run ends: final redraw (draw() writes the summaries once no run is left
   * running) and an announcement. */
  finish(run: RunRecord) {
    const t = this.o.t;
    this.draw(true);
    const msg =
      run.status === 'diverged' ? t('studio.announce.diverged', { run: run.label, step: run.divergedAt ?? '?' })
      : run.status === 'cancelled' ? t('studio.announce.cancelled', { run: run.label, n: run.metrics.length })
      : run.status === 'error' ? t('studio.announce.error', { run: run.label })
      : t('studio.announce.done', { run: run.label, n: run.metrics.length });
    this.announce.textContent = msg;
    this.el.dataset.state = this.runs.some((r) => r.status === 'running') ? 'running' : 'done';
  }

  private writeSummaries() {
    for (const p of this.panels) p.summary.textContent = panelSummary(p.key, this.runs, this.o.t, this.o.lang);
  }

  /** all: build every chart now (end of a run, when the charts usually exist already). */
  private draw(all = false) {
    this.renderRunTable();
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
    for (const p of this.panels) {
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
    this.runs.forEach((run, ri) => {
      for (const s of seriesOf(p.key, run, t)) {
        const col = xs.map((x) => {
          const m = byStep[ri].get(x);
          return m ? clean(s.get(m)) : null;
        });
        if (s.points && col.every((v) => v === null)) continue; // no eval yet: no empty series
        map.push({ run: ri, s });
        cols.push(col);
      }
    });
    // The corpus entropy floor: the lowest loss any honest next-token predictor can reach.
    const floor = p.key === 'loss' ? this.runs.find((r) => finite(r.entropyFloor))?.entropyFloor : undefined;
    if (finite(floor)) {
      map.push({ run: -1, s: { label: t('studio.series.floor'), get: () => floor, dash: [3, 3] } });
      cols.push(xs.map(() => floor));
    }
    const sig = map.map((m) => `${m.run}:${m.s.label}`).join('|') + `|${this.runs.map((r) => this.colorOf(r)).join()}`;
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
        for (const s of this.seriesOpts(map)) u.addSeries(s);
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

  /** The y series of a chart (uPlot's series 1..), one per (run, series) of `map`. */
  private seriesOpts(map: Panel['map']): uPlot.Series[] {
    return map.map(({ run, s }) => {
      const color = run < 0 ? '#000000' : this.colorOf(this.runs[run]);
      return {
        label: run < 0 ? s.label : `${this.runs[run].label} · ${s.label}`,
        stroke: color,
        width: run < 0 ? 1 : this.runs[run].reference ? 1.25 : 1.75,
        dash: s.dash,
        spanGaps: !!s.points,
        paths: s.stepped ? uPlot.paths.stepped!({ align: 1 }) : undefined,
        points: s.points ? { show: true, size: 5, stroke: color, fill: color } : { show: false },
      };
    });
  }

  private plotOpts(p: Panel, map: Panel['map']): uPlot.Options {
    const log = LOG_PANELS[p.key];
    const lang = this.o.lang;
    const series: uPlot.Series[] = [{ label: this.o.t('studio.step') }, ...this.seriesOpts(map)];
    const tick = (_u: uPlot, vals: number[]) => vals.map((v) => (v === null ? '' : fmt(v, lang, 2)));
    return {
      width: this.width(p),
      height: this.o.compact ? 150 : 190,
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
      series,
      hooks: {
        setCursor: [(u) => !this.keyNav && this.readout(p, (p.idx = u.cursor.idx ?? null))],
        draw: [(u) => this.drawDivergence(u)],
      },
    };
  }

  /** Vertical marker + label at the step where a run diverged (drawn on the canvas, so PNGs keep it). */
  private drawDivergence(u: uPlot) {
    const ctx = u.ctx;
    const px = uPlot.pxRatio;
    for (const r of this.runs) {
      if (r.divergedAt === undefined) continue;
      const x = Math.round(u.valToPos(r.divergedAt, 'x', true));
      const { top, height } = u.bbox;
      ctx.save();
      ctx.strokeStyle = this.colorOf(r);
      ctx.lineWidth = 1.5 * px;
      ctx.setLineDash([4 * px, 3 * px]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = this.colorOf(r);
      ctx.font = `${11 * px}px system-ui, sans-serif`;
      const label = `✕ ${this.o.t('studio.divergedShort', { run: r.label, step: r.divergedAt })}`;
      const w = ctx.measureText(label).width;
      const lx = x + 4 * px + w > u.bbox.left + u.bbox.width ? x - 4 * px - w : x + 4 * px;
      ctx.fillText(label, lx, top + 12 * px);
      ctx.restore();
    }
  }

  private renderLegend(p: Panel) {
    // Dash patterns are the same for every run: one key per series kind, plus the run colours.
    const seen = new Map<string, SeriesDef>();
    for (const { s } of p.map) if (!seen.has(s.label)) seen.set(s.label, s);
    const items = [...seen.values()].map((s) =>
      h('span', { className: 'dash-key' }, svgLine(s.dash, s.label === this.o.t('studio.series.floor') ? '#000' : '#444'), ' ', s.label),
    );
    p.legend.replaceChildren(...items);
  }

  private readout(p: Panel, idx: number | null) {
    if (idx === null || !p.plot) {
      p.readout.textContent = '';
      return;
    }
    const lang = this.o.lang;
    const parts: string[] = [];
    p.map.forEach(({ run, s }, k) => {
      const v = p.plot!.data[k + 1][idx];
      if (v === null || v === undefined) return;
      parts.push(`${run < 0 ? s.label : `${this.runs[run].label} · ${s.label}`} ${fmt(v as number, lang)}`);
    });
    p.readout.textContent = `${this.o.t('studio.step')} ${idx}: ${parts.join('; ') || '—'}`;
  }

  private onChartKey(e: KeyboardEvent, key: PanelKey) {
    const p = this.panels.find((q) => q.key === key)!;
    const u = p.plot;
    if (!u) return;
    const n = Math.min(u.data[0].length, this.lastStep() + 1); // steps reached, not planned
    if (n === 0) return;
    const cur = p.idx ?? -1;
    const step = e.shiftKey ? 10 : 1;
    let idx: number | null = null;
    if (e.key === 'ArrowRight') idx = Math.min(n - 1, cur + step);
    else if (e.key === 'ArrowLeft') idx = Math.max(0, cur < 0 ? 0 : cur - step);
    else if (e.key === 'Home') idx = 0;
    else if (e.key === 'End') idx = n - 1;
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

  /** Rebuilds the run table when a run is added, removed or changes status; while runs only
   * advance, just their step counts are rewritten (this runs on every animation frame). */
  private renderRunTable() {
    const key = JSON.stringify(this.runs.map((r) => [r.id, r.label, r.brk, r.seed, r.status, r.divergedAt, r.metrics.length > 0,
      this.colorOf(r), this.o.hideBreak?.(r) ?? false, r.status === 'running' ? null : this.o.shareLink?.(r)]));
    if (key === this.runTableKey) {
      this.runs.forEach((r, i) => {
        const text = `${r.metrics.length} / ${r.steps}`;
        if (this.stepCells[i].textContent !== text) this.stepCells[i].textContent = text;
      });
      return;
    }
    this.runTableKey = key;
    this.stepCells = [];
    const t = this.o.t;
    const head = h('tr', {},
      ...['run', 'path', 'seed', 'steps', 'status', 'files'].map((c) =>
        h('th', { attrs: { scope: 'col' }, textContent: t(`studio.col.${c}`) })));
    const rows = this.runs.map((r) => {
      const hidden = this.o.hideBreak?.(r) ?? false;
      const status =
        r.status === 'diverged' ? t('studio.status.diverged', { step: r.divergedAt ?? '?' })
        : t(`studio.status.${r.status}`);
      const files = h('td', { className: 'dash-files' });
      const dl = (label: string, name: string, type: string, body: () => string) => {
        const b = h('button', { type: 'button', className: 'btn-link', textContent: label });
        b.addEventListener('click', () => download(name, type, body()));
        return b;
      };
      if (r.metrics.length > 0 && r.status !== 'running') {
        const base = `exam-rule-${hidden ? `run-${r.label}` : r.brk}-seed${r.seed}`;
        files.append(
          dl(t('studio.dl.json'), `${base}.json`, 'application/json', () => toJson(r)),
          ' ', dl(t('studio.dl.csv'), `${base}.csv`, 'text/csv', () => toCsv(r)));
        if (this.o.manifest)
          files.append(' ', dl(t('studio.dl.manifest'), 'manifest.json', 'application/json', () => JSON.stringify(this.o.manifest!(r), null, 1)));
        const link = this.o.shareLink?.(r);
        if (link) files.append(' ', h('a', { className: 'dash-share', href: link, textContent: t('studio.shareLink') }));
      }
      const stepsCell = h('td', { textContent: `${r.metrics.length} / ${r.steps}` });
      this.stepCells.push(stepsCell);
      return h('tr', { attrs: { 'data-run': r.id, 'data-status': r.status } },
        h('th', { attrs: { scope: 'row' } }, swatch(this.colorOf(r)), ' ', r.label),
        h('td', { textContent: hidden ? t('studio.hidden') : t('studio.path', { name: r.brk }) }),
        h('td', { textContent: String(r.seed) }),
        stepsCell,
        h('td', { textContent: status }),
        files);
    });
    this.runTable.replaceChildren(h('caption', { textContent: t('studio.runsCaption') }), h('thead', {}, head), h('tbody', {}, ...rows));
    this.runTable.hidden = this.runs.length === 0;
  }

  /** Composes the six canvases (titles included) into one PNG and downloads it. */
  async exportPng() {
    const blob = await this.pngBlob();
    if (blob) downloadBlob('exam-rule-dashboard.png', blob);
  }

  async pngBlob(): Promise<Blob | null> {
    const plots = this.panels.filter((p) => p.plot);
    if (plots.length === 0) return null;
    const px = uPlot.pxRatio;
    const cw = Math.max(...plots.map((p) => p.plot!.ctx.canvas.width));
    const ch = Math.max(...plots.map((p) => p.plot!.ctx.canvas.height));
    const titleH = 22 * px;
    const legendH = (18 * this.runs.length + 10) * px;
    const cols = 2;
    const rows = Math.ceil(plots.length / cols);
    const canvas = document.createElement('canvas');
    canvas.width = cols * cw;
    canvas.height = legendH + rows * (ch + titleH);
    const c = canvas.getContext('2d');
    if (!c) return null;
    c.fillStyle = '#fff';
    c.fillRect(0, 0, canvas.width, canvas.height);
    c.font = `${12 * px}px system-ui, sans-serif`;
    this.runs.forEach((r, i) => {
      c.fillStyle = this.colorOf(r);
      c.fillRect(8 * px, (8 + 18 * i) * px, 12 * px, 12 * px);
      c.fillStyle = '#000';
      const path = this.o.hideBreak?.(r) ? this.o.t('studio.hidden') : r.brk;
      c.fillText(`${r.label} — ${path}, seed ${r.seed}, ${r.metrics.length}/${r.steps}`, 26 * px, (18 + 18 * i) * px);
    });
    plots.forEach((p, i) => {
      const x = (i % cols) * cw;
      const y = legendH + Math.floor(i / cols) * (ch + titleH);
      c.fillStyle = '#000';
      c.font = `bold ${13 * px}px system-ui, sans-serif`;
      c.fillText(p.fig.querySelector('h5')?.textContent ?? p.key, x + 8 * px, y + 16 * px);
      c.drawImage(p.plot!.ctx.canvas, x, y + titleH);
    });
    return new Promise((ok) => canvas.toBlob((b) => ok(b), 'image/png'));
  }

  destroy() {
    this.resizeObs?.disconnect();
    for (const p of this.panels) p.plot?.destroy();
  }
}

function swatch(color: string): HTMLElement {
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

export function download(name: string, type: string, text: string) {
  downloadBlob(name, new Blob([text], { type }));
}

export function downloadBlob(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
