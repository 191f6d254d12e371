/** Tiny DOM helpers shared by widgets (no framework: the widgets are small). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const { attrs, ...rest } = props;
  const el = Object.assign(document.createElement(tag), rest);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

/** Replaces the build-time text fallback of a widget placeholder with live content, but keeps
 * the fallback available to screen readers and print as a visually hidden description. */
export function takeOver(el: HTMLElement): HTMLElement {
  for (const fb of el.querySelectorAll<HTMLElement>('.widget-fallback')) fb.classList.add('visually-hidden');
  const body = h('div', { className: 'widget-body' });
  el.append(body);
  return body;
}

let nextId = 0;
/** A page-unique id for aria-labelledby / aria-describedby links. */
export function uid(prefix = 'w'): string {
  return `${prefix}-${++nextId}`;
}

/** A table's title as a paragraph above it (a <caption> would be squeezed to the table's width),
 * linked to the table for assistive technology. Returns [title, table]. */
export function titledTable(title: string, table: HTMLTableElement, className = 'table-title'): [HTMLElement, HTMLTableElement] {
  const id = uid('tt');
  table.setAttribute('aria-labelledby', id);
  return [h('p', { id, className, textContent: title }), table];
}

/**
 * Resolves just after the next frame has been painted, when layout is clean and the main thread
 * is free (at most 100 ms later: a background tab paints nothing). Without a DOM, at once.
 */
export function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame === 'undefined') return Promise.resolve();
  return new Promise((ok) => {
    const timer = setTimeout(ok, 100);
    requestAnimationFrame(() => setTimeout(() => (clearTimeout(timer), ok()), 0));
  });
}
