/** Small pieces of the studio's exercise pages: numbered steps that can be locked, radio groups
 * in fieldsets, and a guard that shows engine failures next to the controls. */
import { h } from '../ui/dom';
import type { StatusLine } from '../ui/status';

export interface Step {
  el: HTMLElement;
  body: HTMLElement;
  lock(locked: boolean): void;
}

export function step(n: number | string, title: string, lockedNote: string): Step {
  const body = h('div', { className: 'st-step-body' });
  const note = h('p', { className: 'st-locked-note', textContent: lockedNote });
  const el = h('section', { className: 'st-step' }, h('h3', { textContent: `${n} · ${title}` }), note, body);
  const lock = (locked: boolean) => {
    el.dataset.locked = locked ? '1' : '0';
    note.hidden = !locked || !lockedNote;
  };
  lock(false);
  return { el, body, lock };
}

export interface Radios {
  el: HTMLFieldSetElement;
  get(): string | undefined;
  set(v: string | undefined): void;
  disable(d: boolean): void;
}

/** A group of radio buttons in a fieldset (arrow keys move within the group natively). */
export function radios(name: string, legend: string, options: { value: string; label: string }[], value?: string): Radios {
  const fs = h('fieldset', {}, h('legend', { textContent: legend }));
  for (const o of options) {
    const input = h('input', { type: 'radio', name, value: o.value, checked: o.value === value });
    fs.append(h('label', { className: 'st-choice' }, input, ' ', o.label));
  }
  const inputs = () => [...fs.querySelectorAll<HTMLInputElement>('input')];
  return {
    el: fs,
    get: () => inputs().find((i) => i.checked)?.value,
    set: (v) => inputs().forEach((i) => (i.checked = i.value === v)),
    disable: (d) => inputs().forEach((i) => (i.disabled = d)),
  };
}

/** Runs engine work; a failure is shown in `status` (with a retry when it makes sense). */
export async function guard<T>(status: StatusLine, work: () => Promise<T>, retry?: () => void, busy = ''): Promise<T | undefined> {
  status.show(busy);
  try {
    const out = await work();
    status.show('');
    return out;
  } catch (e) {
    status.showError(e, retry);
    return undefined;
  }
}
