/** Pieces shared by the widgets of the lesson "Masks in real code" (realmask-*.widget.ts). */
import { h } from '../ui/dom';
import type { WidgetContext } from '../ui/types';
import type { CellKind, DependenceGridLabels } from './DependenceGrid';

const KINDS: CellKind[] = ['sees', 'hidden', 'leak', 'blind', 'nan'];

/** The grid's labels in the page language, with `title` above it; `legend` false leaves the
 * legend out (a widget with several grids shows it once). */
export function depLabels(ctx: WidgetContext, title: string, legend = true): DependenceGridLabels {
  const { t } = ctx;
  return {
    title,
    cell: (i, j, kind, d) => t('rm.cell', { i, j, kind, d }),
    kinds: Object.fromEntries(KINDS.map((k) => [k, t(`rm.kind.${k}`)])) as Record<CellKind, string>,
    legend: legend ? t('rm.legend') : '',
  };
}

/** A labelled <select> of `values`, each shown as name(value). */
export function choice(label: string, name: (v: string) => string, values: readonly string[], current: string, onChange: (v: string) => void) {
  const select = h('select', { attrs: { 'aria-label': label } },
    ...values.map((v) => h('option', { value: v, textContent: name(v), selected: v === current })));
  select.addEventListener('change', () => onChange(select.value));
  return { select, label: h('label', {}, label, ' ', select) };
}

/** A labelled checkbox. */
export function toggle(label: string, on: boolean, onChange: (on: boolean) => void) {
  const box = h('input', { type: 'checkbox', checked: on });
  box.addEventListener('change', () => onChange(box.checked));
  return { box, label: h('label', {}, box, ' ', label) };
}

/** A verdict line: words, plus the is-bad class when something is wrong. */
export function verdict(el: HTMLElement, text: string, bad: boolean) {
  el.textContent = text;
  el.classList.toggle('is-bad', bad);
}

/** Whole number from a widget parameter, clamped to [lo, hi]. */
export function intParam(raw: string | undefined, fallback: number, lo: number, hi: number): number {
  const n = Number(raw ?? fallback);
  return Number.isInteger(n) ? Math.max(lo, Math.min(hi, n)) : fallback;
}
