/**
 * The dashboard's table of runs: one row per run (colour, name, engine path or "hidden", seed,
 * steps reached, status) with its files — JSON, CSV, manifest.json and a share link. Rebuilt
 * when a run is added, removed or changes status; while runs only advance, just their step
 * counts are rewritten (this runs on every animation frame while training).
 */
import { h } from '../ui/dom';
import { downloadBlob } from '../ui/download';
import { swatch } from './dash-series';
import { toCsv, toJson, type RunRecord } from './metrics';
import type { Translate } from './summaries';

export interface RunTableOptions {
  t: Translate;
  hideBreak?: (run: RunRecord) => boolean;
  shareLink?: (run: RunRecord) => string | null;
  manifest?: (run: RunRecord) => object;
}

const textFile = (type: string, text: string) => new Blob([text], { type });

export class RunTable {
  readonly el = h('table', { className: 'dash-runs' });
  private key = '';
  private stepCells: HTMLElement[] = [];

  constructor(private o: RunTableOptions) {}

  render(runs: RunRecord[], colors: string[]) {
    const o = this.o;
    const key = JSON.stringify(runs.map((r, i) => [r.id, r.label, r.brk, r.seed, r.status, r.divergedAt, r.metrics.length > 0,
      colors[i], o.hideBreak?.(r) ?? false, r.status === 'running' ? null : o.shareLink?.(r)]));
    if (key === this.key) {
      runs.forEach((r, i) => {
        const text = `${r.metrics.length} / ${r.steps}`;
        if (this.stepCells[i].textContent !== text) this.stepCells[i].textContent = text;
      });
      return;
    }
    this.key = key;
    this.stepCells = [];
    const t = o.t;
    const head = h('tr', {},
      ...['run', 'path', 'seed', 'steps', 'status', 'files'].map((c) =>
        h('th', { attrs: { scope: 'col' }, textContent: t(`studio.col.${c}`) })));
    const rows = runs.map((r, i) => {
      const hidden = o.hideBreak?.(r) ?? false;
      const status = r.status === 'diverged' ? t('studio.status.diverged', { step: r.divergedAt ?? '?' }) : t(`studio.status.${r.status}`);
      const stepsCell = h('td', { textContent: `${r.metrics.length} / ${r.steps}` });
      this.stepCells.push(stepsCell);
      return h('tr', { attrs: { 'data-run': r.id, 'data-status': r.status } },
        h('th', { attrs: { scope: 'row' } }, swatch(colors[i]), ' ', r.label),
        h('td', { textContent: hidden ? t('studio.hidden') : t('studio.path', { name: r.brk }) }),
        h('td', { textContent: String(r.seed) }),
        stepsCell,
        h('td', { textContent: status }),
        this.files(r, hidden));
    });
    this.el.replaceChildren(h('caption', { textContent: t('studio.runsCaption') }), h('thead', {}, head), h('tbody', {}, ...rows));
    this.el.hidden = runs.length === 0;
  }

  /** The run's downloads; a hidden run's files name it by its label, never by its path. */
  private files(r: RunRecord, hidden: boolean): HTMLElement {
    const { t, manifest, shareLink } = this.o;
    const cell = h('td', { className: 'dash-files' });
    if (r.metrics.length === 0 || r.status === 'running') return cell;
    const dl = (label: string, name: string, make: () => Blob) => {
      const b = h('button', { type: 'button', className: 'btn-link', textContent: label });
      b.addEventListener('click', () => downloadBlob(make(), name));
      return b;
    };
    const base = `exam-rule-${hidden ? `run-${r.label}` : r.brk}-seed${r.seed}`;
    cell.append(
      dl(t('studio.dl.json'), `${base}.json`, () => textFile('application/json', toJson(r, hidden))),
      ' ', dl(t('studio.dl.csv'), `${base}.csv`, () => textFile('text/csv', toCsv(r))));
    if (manifest) cell.append(' ', dl(t('studio.dl.manifest'), 'manifest.json', () => textFile('application/json', JSON.stringify(manifest(r), null, 1))));
    const link = shareLink?.(r);
    if (link) cell.append(' ', h('a', { className: 'dash-share', href: link, textContent: t('studio.shareLink') }));
    return cell;
  }
}
