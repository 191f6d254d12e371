/**
 * The exam-rule grid: one row per query position, one column per key position; a cell says
 * whether the query may see that key. Keyboard: the grid is one tab stop; arrow keys, Home and
 * End move between cells (roving tabindex); the focused or hovered query row is highlighted,
 * and so are the keys it may see (their cells and column headers). Optional token labels name
 * the positions. In editable mode (the graded quiz) cells start unmarked and Enter / Space /
 * click toggles them; the symbols (✓ / ✕ / ·) carry the meaning, never colour alone.
 */
import { h, uid } from '../ui/dom';

export interface GridLabels {
  caption: string;
  query: string; // "query {i}"
  key: string; // "key {j}"
  visible: string;
  blocked: string;
  /** Editable mode: the state of a cell the learner has not marked as visible. */
  unmarked?: string;
  rowSummary: (i: number, seen: number[]) => string;
}

export class ExamGrid {
  readonly el = h('div', { className: 'exam-grid' });
  private table = h('table', { attrs: { role: 'grid' } });
  private title = h('p', { className: 'table-title', id: uid('grid') });
  private summary = h('p', { className: 'exam-grid-summary', attrs: { 'aria-live': 'polite' } });
  private T = 0;
  private visible: boolean[] = [];
  private tokens: string[] = [];
  private editable = false;
  private focus = { i: 0, j: 0 };
  private current = 0;
  /** Called when the learner activates a cell (Enter/Space/click); used by the graded mode. */
  onActivate?: (i: number, j: number) => void;

  constructor(private labels: GridLabels) {
    this.table.setAttribute('aria-labelledby', this.title.id);
    this.el.append(this.title, this.table, this.summary);
    this.table.addEventListener('keydown', (e) => this.onKey(e));
    this.table.addEventListener('mouseover', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('[data-i]');
      if (td) this.highlight(Number(td.dataset.i));
    });
    this.table.addEventListener('mouseleave', () => this.highlight(this.focus.i));
    this.table.addEventListener('focusin', (e) => {
      this.el.classList.add('has-focus');
      const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-i]');
      if (td) {
        this.focus = { i: Number(td.dataset.i), j: Number(td.dataset.j) };
        this.highlight(this.focus.i);
      }
    });
    this.table.addEventListener('focusout', () => this.el.classList.remove('has-focus'));
    this.table.addEventListener('click', (e) => {
      const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-i]');
      if (td) this.activate(Number(td.dataset.i), Number(td.dataset.j));
    });
  }

  /** Token labels for positions 0..T-1 (shown under the numbers); empty for numbers only. */
  setTokens(tokens: string[]) {
    this.tokens = tokens;
  }

  /** Editable cells (graded quiz): the state shown is the learner's, not the engine's. */
  setEditable(on: boolean) {
    this.editable = on;
    this.el.classList.toggle('is-editable', on);
  }

  /** Label of position k: "2 pan" with tokens, "2" without. */
  posName(k: number): string {
    return this.tokens[k] ? `${k} ${this.tokens[k]}` : String(k);
  }

  /** visible: (T*T) row-major, visible[i*T+j] = query i may see key j. */
  render(T: number, visible: boolean[]) {
    this.T = T;
    this.visible = visible.slice();
    this.focus = { i: Math.min(this.focus.i, T - 1), j: Math.min(this.focus.j, T - 1) };
    const head = h('tr', {}, h('th', { attrs: { scope: 'col' }, className: 'corner', textContent: '' }));
    for (let j = 0; j < T; j++)
      head.append(h('th', { attrs: { scope: 'col', 'data-col': String(j), title: this.labels.key.replace('{j}', String(j)) } }, ...this.headLabel(j)));
    const rows = [head];
    for (let i = 0; i < T; i++) {
      const tr = h('tr', { attrs: { 'data-row': String(i) } },
        h('th', { attrs: { scope: 'row', 'data-i': String(i), title: this.labels.query.replace('{i}', String(i)) } }, ...this.headLabel(i)));
      for (let j = 0; j < T; j++) {
        const td = h('td', {
          tabIndex: i === this.focus.i && j === this.focus.j ? 0 : -1,
          attrs: { role: 'gridcell', 'data-i': String(i), 'data-j': String(j) },
        });
        this.paint(td, i, j);
        tr.append(td);
      }
      rows.push(tr);
    }
    this.title.textContent = this.labels.caption;
    this.table.replaceChildren(h('tbody', {}, ...rows));
    this.table.setAttribute('aria-rowcount', String(T + 1));
    this.table.setAttribute('aria-colcount', String(T + 1));
    this.highlight(this.focus.i);
  }

  /** Sets one cell (editable mode) without re-rendering the table. */
  set(i: number, j: number, v: boolean) {
    this.visible[i * this.T + j] = v;
    const td = this.cell(i, j);
    if (td) {
      this.paint(td, i, j);
      td.classList.remove('is-wrong');
    }
    this.highlight(i);
  }

  get(i: number, j: number): boolean {
    return this.visible[i * this.T + j];
  }

  /** The grid's current state (T*T). */
  state(): boolean[] {
    return this.visible.slice();
  }

  /** Marks cells the learner got wrong (graded mode): wrong[i*T+j] = true. */
  markWrong(wrong: boolean[]) {
    for (const td of this.table.querySelectorAll<HTMLElement>('td[data-i]')) {
      const k = Number(td.dataset.i) * this.T + Number(td.dataset.j);
      td.classList.toggle('is-wrong', !!wrong[k]);
      td.dataset.wrong = wrong[k] ? '1' : '0';
    }
  }

  cell(i: number, j: number): HTMLElement | null {
    return this.table.querySelector(`td[data-i="${i}"][data-j="${j}"]`);
  }

  private headLabel(k: number): (Node | string)[] {
    return this.tokens[k] ? [String(k), h('span', { className: 'tok', textContent: this.tokens[k] })] : [String(k)];
  }

  private paint(td: HTMLElement, i: number, j: number) {
    const L = this.labels;
    const v = this.visible[i * this.T + j];
    const off = this.editable ? (L.unmarked ?? L.blocked) : L.blocked;
    td.className = v ? 'cell is-visible' : this.editable ? 'cell is-unmarked' : 'cell is-blocked';
    td.textContent = v ? '✓' : this.editable ? '·' : '✕';
    td.dataset.visible = v ? '1' : '0';
    const who = `${L.query.replace('{i}', this.posName(i))}, ${L.key.replace('{j}', this.posName(j))}`;
    td.setAttribute('aria-label', `${who}: ${v ? L.visible : off}`);
    if (this.editable) td.setAttribute('aria-selected', v ? 'true' : 'false');
    else td.removeAttribute('aria-selected');
  }

  private highlight(i: number) {
    if (i < 0 || i >= this.T) return;
    this.current = i;
    for (const tr of this.table.querySelectorAll<HTMLElement>('tr[data-row]'))
      tr.classList.toggle('is-current', tr.dataset.row === String(i));
    const seen: number[] = [];
    for (let j = 0; j < this.T; j++) if (this.visible[i * this.T + j]) seen.push(j);
    for (const td of this.table.querySelectorAll<HTMLElement>('td[data-i]'))
      td.classList.toggle('is-seen', td.dataset.i === String(i) && this.visible[i * this.T + Number(td.dataset.j)]);
    for (const th of this.table.querySelectorAll<HTMLElement>('th[data-col]'))
      th.classList.toggle('is-seen', seen.includes(Number(th.dataset.col)));
    this.el.dataset.current = String(i);
    this.summary.textContent = this.labels.rowSummary(i, seen);
  }

  /** The query row currently highlighted. */
  get currentRow(): number {
    return this.current;
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
      Home: e.ctrlKey ? [0, 0] : [i, 0],
      End: e.ctrlKey ? [this.T - 1, this.T - 1] : [i, this.T - 1],
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
