/**
 * A (T, T) attention matrix as a table of shaded cells (darker = more weight), with each row's
 * sum in the last column, so the learner can check that masked rows still sum to 1 (or, for the
 * post-softmax bug, that they do not). Values are in each cell's accessible label.
 */
import { h, titledTable } from './common/dom';

export interface HeatmapLabels {
  caption: string;
  rowSum: string;
  cell: (i: number, j: number, w: number) => string;
}

export class AttentionHeatmap {
  readonly el = h('div', { className: 'heatmap' });

  constructor(private labels: HeatmapLabels) {}

  /** w: (T*T) row-major weights in [0, 1]. */
  render(T: number, w: Float32Array | number[]) {
    const L = this.labels;
    const head = h('tr', {}, h('th', { className: 'corner' }));
    for (let j = 0; j < T; j++) head.append(h('th', { attrs: { scope: 'col' }, textContent: String(j) }));
    head.append(h('th', { attrs: { scope: 'col' }, textContent: L.rowSum }));
    const rows = [head];
    for (let i = 0; i < T; i++) {
      const tr = h('tr', {}, h('th', { attrs: { scope: 'row' }, textContent: String(i) }));
      let sum = 0;
      for (let j = 0; j < T; j++) {
        const v = w[i * T + j];
        sum += v;
        const td = h('td', { className: 'hm-cell', attrs: { 'aria-label': L.cell(i, j, v), title: v.toFixed(4), 'data-w': String(v) } });
        // Opacity encodes weight; exact zeros get a hatched "blocked" look, not just white.
        td.style.setProperty('--w', String(Math.sqrt(Math.max(0, Math.min(1, v)))));
        if (v === 0) td.classList.add('is-zero');
        tr.append(td);
      }
      tr.append(h('td', { className: 'hm-sum', textContent: sum.toFixed(3), attrs: { 'data-sum': String(sum) } }));
      rows.push(tr);
    }
    this.el.replaceChildren(...titledTable(L.caption, h('table', {}, h('tbody', {}, ...rows))));
  }
}
