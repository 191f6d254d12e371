/**
 * A measured dependence grid of the lesson "Masks in real code": rows are outputs (queries),
 * columns are input tokens (keys), and a cell says what the engine measured when that token
 * alone changed, held against what the correct mask allows:
 *   ✓ depends, and may        ✕ does not, and may not
 *   ! depends, but may not (a leak)     – does not, but should (a blind spot)     NaN
 * Rows and columns can be muted (padding; a muted row shows • where it moved, or NaN) and carry a short label under their number (pad, doc,
 * cache, chunk). Meaning rests on the symbols and words, never on colour alone. Rows or columns
 * may differ in number (the chunk of a KV cache: Q rows, P+Q keys).
 */
import { h, uid } from '../ui/dom';
import { fmtDiff } from '../ui/format';
import './realmasks.css';

export type CellKind = 'sees' | 'hidden' | 'leak' | 'blind' | 'nan';
const SYMBOL: Record<CellKind, string> = { sees: '✓', hidden: '✕', leak: '!', blind: '–', nan: 'NaN' };

export interface DependenceGridData {
  rows: number;
  cols: number;
  /** (rows * cols) measured max |logit change|. */
  dep: ArrayLike<number>;
  /** What the correct mask allows: true = row i may depend on column j. */
  expected: (i: number, j: number) => boolean;
  /** Optional short labels under the numbers ('' for none) and muted rows / columns. */
  rowLabel?: (i: number) => string;
  colLabel?: (j: number) => string;
  mutedRow?: (i: number) => boolean;
  mutedCol?: (j: number) => boolean;
  /** Row numbers shown (default i); the chunk numbers its queries by position P + r. */
  rowNumber?: (i: number) => number;
  /** Replaces the labels' title for this render. */
  title?: string;
}

export interface DependenceGridLabels {
  title: string;
  /** Text of a cell for assistive technology: {i}, {j}, {kind} (a word), {d} (the figure). */
  cell: (i: number, j: number, kind: string, d: string) => string;
  kinds: Record<CellKind, string>;
  legend: string;
}

export function cellKind(d: number, expected: boolean): CellKind {
  if (Number.isNaN(d)) return 'nan';
  if (d > 0) return expected ? 'sees' : 'leak';
  return expected ? 'blind' : 'hidden';
}

export class DependenceGrid {
  readonly el = h('div', { className: 'dep-grid' });
  private title = h('p', { className: 'table-title', id: uid('dep') });
  private table = h('table');
  private legend = h('p', { className: 'dep-legend' });
  /** Count of each kind over the rows and columns not muted, after the last render. */
  counts: Record<CellKind, number> = { sees: 0, hidden: 0, leak: 0, blind: 0, nan: 0 };

  constructor(private labels: DependenceGridLabels) {
    this.table.setAttribute('aria-labelledby', this.title.id);
    this.el.append(this.title, h('div', { className: 'table-scroll' }, this.table), this.legend);
  }

  render(g: DependenceGridData) {
    const L = this.labels;
    this.counts = { sees: 0, hidden: 0, leak: 0, blind: 0, nan: 0 };
    const head = h('tr', {}, h('th', { className: 'corner', attrs: { scope: 'col' } }));
    for (let j = 0; j < g.cols; j++)
      head.append(h('th', { attrs: { scope: 'col' }, className: g.mutedCol?.(j) ? 'is-muted' : '' }, ...label(j, g.colLabel?.(j))));
    const rows = [head];
    for (let i = 0; i < g.rows; i++) {
      const num = g.rowNumber ? g.rowNumber(i) : i;
      const mutedRow = g.mutedRow?.(i) ?? false;
      const tr = h('tr', { className: mutedRow ? 'is-muted' : '' },
        h('th', { attrs: { scope: 'row' } }, ...label(num, g.rowLabel?.(i))));
      for (let j = 0; j < g.cols; j++) {
        const d = Number(g.dep[i * g.cols + j]);
        const kind = cellKind(d, g.expected(i, j));
        const muted = mutedRow || (g.mutedCol?.(j) ?? false);
        if (!muted) this.counts[kind]++;
        const text = L.cell(num, j, L.kinds[kind], fmtDiff(d));
        // a padding row is nobody's output: it shows only whether it moved (•) or is NaN, in grey
        const symbol = !mutedRow || kind === 'nan' ? SYMBOL[kind] : d > 0 ? '•' : '';
        tr.append(h('td', {
          className: `dep-cell is-${kind}${muted ? ' is-muted' : ''}`,
          textContent: symbol,
          title: text,
          attrs: { 'aria-label': text, 'data-i': String(i), 'data-j': String(j), 'data-kind': kind },
        }));
      }
      rows.push(tr);
    }
    this.title.textContent = g.title ?? L.title;
    this.table.replaceChildren(h('tbody', {}, ...rows));
    this.legend.textContent = L.legend;
  }
}

function label(k: number, extra?: string): (Node | string)[] {
  return extra ? [String(k), h('span', { className: 'tok', textContent: extra })] : [String(k)];
}
