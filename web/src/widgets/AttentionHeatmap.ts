/**
 * A (T, T) matrix as a table of shaded cells (darker = larger), by default attention weights with
 * each row's sum in the last column, so the learner can check that masked rows still sum to 1
 * (or, for the post-softmax bug, that they do not). Exact zeros are hatched, so "exactly 0" is
 * never confused with "small". Values are in each cell's accessible label and title. Options
 * serve other matrices (the gradient-causality map): token names, no sum column, a value scale.
 */
import { h, titledTable } from '../ui/dom';

export interface HeatmapLabels {
  caption: string;
  rowSum: string;
  cell: (i: number, j: number, w: number) => string;
}

export interface HeatmapOptions {
  /** Show the row-sum column (default true). */
  sums?: boolean;
  /** Names of positions (tokens) shown under the numbers. */
  names?: string[];
  /** The value that gets the darkest shade (default 1). */
  max?: number;
  /** Text drawn inside exactly-zero cells (default none). */
  zeroText?: string;
  /** How values are printed in titles (default 4 decimals). */
  format?: (v: number) => string;
}

/** Grids longer than this draw smaller cells (class is-dense), so T = 32 fits a lesson column. */
export const DENSE_FROM = 16;

export class AttentionHeatmap {
  readonly el = h('div', { className: 'heatmap' });

  constructor(private labels: HeatmapLabels) {}

  /** Changes the title for the next render (e.g. "layer 1, head 2"). */
  setCaption(caption: string) {
    this.labels = { ...this.labels, caption };
  }

  /** w: (T*T) row-major values (attention weights: in [0, 1]). */
  render(T: number, w: ArrayLike<number>, opts: HeatmapOptions = {}) {
    const L = this.labels;
    const { sums = true, names = [], max = 1, zeroText = '', format = (v: number) => v.toFixed(4) } = opts;
    const label = (k: number) => (names[k] ? [String(k), h('span', { className: 'tok', textContent: names[k] })] : [String(k)]);
    const head = h('tr', {}, h('th', { className: 'corner' }));
    for (let j = 0; j < T; j++) head.append(h('th', { attrs: { scope: 'col' } }, ...label(j)));
    if (sums) head.append(h('th', { attrs: { scope: 'col' }, textContent: L.rowSum }));
    const rows = [head];
    for (let i = 0; i < T; i++) {
      const tr = h('tr', {}, h('th', { attrs: { scope: 'row' } }, ...label(i)));
      let sum = 0;
      for (let j = 0; j < T; j++) {
        const v = w[i * T + j];
        sum += v;
        const td = h('td', { className: 'hm-cell', attrs: { 'aria-label': L.cell(i, j, v), title: format(v), 'data-w': String(v) } });
        // Opacity encodes the value (square root: small weights stay visible); exact zeros are hatched.
        td.style.setProperty('--w', String(Math.sqrt(Math.max(0, Math.min(1, max > 0 ? v / max : 0)))));
        if (v === 0) {
          td.classList.add('is-zero');
          if (zeroText) td.textContent = zeroText;
        }
        tr.append(td);
      }
      if (sums) tr.append(h('td', { className: 'hm-sum', textContent: sum.toFixed(3), attrs: { 'data-sum': String(sum) } }));
      rows.push(tr);
    }
    this.el.classList.toggle('has-names', names.length > 0);
    this.el.classList.toggle('is-roomy', T <= 12);
    // Past 16 positions the cells shrink, so T = 32 and its row sums fit a lesson column.
    this.el.classList.toggle('is-dense', T > DENSE_FROM);
    this.el.replaceChildren(...titledTable(L.caption, h('table', {}, h('tbody', {}, ...rows))));
  }
}
