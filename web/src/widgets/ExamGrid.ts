/**
 * The exam-rule grid: one row per query position, one column per key position; a cell says
 * whether the query may see that key. Keyboard: the grid is one tab stop; arrow keys, Home and
 * End move between cells (roving tabindex); the focused or hovered query row is highlighted
 * along with the keys it may see.
 */
import { h } from './common/dom';

export interface GridLabels {
  caption: string;
  query: string; // "query {i}"
  key: string; // "key {j}"
  visible: string;
  blocked: string;
  rowSummary: (i: number, seen: number[]) => string;
}

export class ExamGrid {
  readonly el = h('div', { className: 'exam-grid' });
  private table = h('table', { attrs: { role: 'grid' } });
  private summary = h('p', { className: 'exam-grid-summary', attrs: { 'aria-live': 'polite' } });
  private T = 0;
  private visible: boolean[] = [];
  private focus = { i: 0, j: 0 };
  /** Called when the learner activates a cell (Enter/Space/click); used by the graded mode. */
  onActivate?: (i: number, j: number) => void;

  constructor(private labels: GridLabels) {
    this.el.append(this.table, this.summary);
    this.table.addEventListener('keydown', (e) => this.onKey(e));
    this.table.addEventListener('mouseover', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('[data-i]');
      if (td) this.highlight(Number(td.dataset.i));
    });
    this.table.addEventListener('click', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-i]');
      if (td) this.activate(Number(td.dataset.i), Number(td.dataset.j));
    });
  }

  /** visible: (T*T) row-major, visible[i*T+j] = query i may see key j. */
  render(T: number, visible: boolean[]) {
    this.T = T;
    this.visible = visible;
    this.focus = { i: Math.min(this.focus.i, T - 1), j: Math.min(this.focus.j, T - 1) };
    const L = this.labels;
    const head = h('tr', {}, h('th', { attrs: { scope: 'col' }, className: 'corner', textContent: '' }));
    for (let j = 0; j < T; j++) head.append(h('th', { attrs: { scope: 'col', title: L.key.replace('{j}', String(j)) }, textContent: String(j) }));
    const rows = [head];
    for (let i = 0; i < T; i++) {
      const tr = h('tr', { attrs: { 'data-row': String(i) } }, h('th', { attrs: { scope: 'row', 'data-i': String(i) }, textContent: String(i) }));
      for (let j = 0; j < T; j++) {
        const v = visible[i * T + j];
        tr.append(
          h('td', {
            className: v ? 'cell is-visible' : 'cell is-blocked',
            textContent: v ? '✓' : '✕',
            tabIndex: i === this.focus.i && j === this.focus.j ? 0 : -1,
            attrs: {
              role: 'gridcell',
              'data-i': String(i),
              'data-j': String(j),
              'data-visible': v ? '1' : '0',
              'aria-label': `${L.query.replace('{i}', String(i))}, ${L.key.replace('{j}', String(j))}: ${v ? L.visible : L.blocked}`,
            },
          }),
        );
      }
      rows.push(tr);
    }
    this.table.replaceChildren(h('caption', { textContent: L.caption }), h('tbody', {}, ...rows));
    this.table.setAttribute('aria-rowcount', String(T + 1));
    this.table.setAttribute('aria-colcount', String(T + 1));
    this.highlight(this.focus.i);
  }

  /** Marks cells the learner got wrong (graded mode): wrong[i*T+j] = true. */
  markWrong(wrong: boolean[]) {
    for (const td of this.table.querySelectorAll<HTMLElement>('td[data-i]')) {
      const k = Number(td.dataset.i) * this.T + Number(td.dataset.j);
      td.classList.toggle('is-wrong', wrong[k]);
    }
  }

  cell(i: number, j: number): HTMLElement | null {
    return this.table.querySelector(`td[data-i="${i}"][data-j="${j}"]`);
  }

  private highlight(i: number) {
    for (const tr of this.table.querySelectorAll<HTMLElement>('tr[data-row]'))
      tr.classList.toggle('is-current', tr.dataset.row === String(i));
    const seen: number[] = [];
    for (let j = 0; j < this.T; j++) if (this.visible[i * this.T + j]) seen.push(j);
    this.summary.textContent = this.labels.rowSummary(i, seen);
  }

  private activate(i: number, j: number) {
    this.moveTo(i, j);
    this.onActivate?.(i, j);
  }

  private moveTo(i: number, j: number) {
    const T = this.T;
    i = Math.max(0, Math.min(T - 1, i));
    j = Math.max(0, Math.min(T - 1, j));
    this.cell(this.focus.i, this.focus.j)?.setAttribute('tabindex', '-1');
    this.focus = { i, j };
    const td = this.cell(i, j);
    td?.setAttribute('tabindex', '0');
    td?.focus();
    this.highlight(i);
  }

  private onKey(e: KeyboardEvent) {
    const { i, j } = this.focus;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [i - 1, j],
      ArrowDown: [i + 1, j],
      ArrowLeft: [i, j - 1],
      ArrowRight: [i, j + 1],
      Home: [i, 0],
      End: [i, this.T - 1],
    };
    if (e.key in moves) {
      e.preventDefault();
      this.moveTo(...moves[e.key]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.activate(i, j);
    }
  }
}
