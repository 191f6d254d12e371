/**
 * The additive mask M (T, T) as a table: 0 (allowed) in white, -1e9 (blocked) in black, the
 * value itself in each cell's label and title (and as text when cells are large enough).
 */
import { h, titledTable } from '../ui/dom';
import { DENSE_FROM } from './AttentionHeatmap';

export interface MaskLabels {
  caption: string;
  cell: (i: number, j: number, v: string) => string;
}

export class MaskMatrix {
  readonly el = h('div', { className: 'mask-matrix' });

  constructor(private labels: MaskLabels) {}

  render(T: number, m: ArrayLike<number>) {
    const head = h('tr', {}, h('th', { className: 'corner' }));
    for (let j = 0; j < T; j++) head.append(h('th', { attrs: { scope: 'col' }, textContent: String(j) }));
    const rows = [head];
    const showText = T <= 10;
    this.el.classList.toggle('has-text', showText);
    for (let i = 0; i < T; i++) {
      const tr = h('tr', {}, h('th', { attrs: { scope: 'row' }, textContent: String(i) }));
      for (let j = 0; j < T; j++) {
        const v = m[i * T + j];
        const txt = v === 0 ? '0' : v.toExponential(0).replace('e+', 'e');
        tr.append(h('td', {
          className: v === 0 ? 'mm-cell is-open' : 'mm-cell is-blocked',
          textContent: showText ? txt : '',
          attrs: { title: txt, 'aria-label': this.labels.cell(i, j, txt), 'data-v': String(v) },
        }));
      }
      rows.push(tr);
    }
    this.el.classList.toggle('is-dense', T > DENSE_FROM);
    this.el.replaceChildren(...titledTable(this.labels.caption, h('table', {}, h('tbody', {}, ...rows))));
  }
}
