/**
 * Finds widget placeholders (`<div data-widget="name" data-*>`) and mounts the matching module
 * `./<name>.widget.ts`, loaded lazily so a page only downloads the widgets it uses.
 */
import type { WidgetContext, WidgetMount } from '../ui/types';

const modules = import.meta.glob<{ mount: WidgetMount }>('./*.widget.ts');

export function widgetNames(): string[] {
  return Object.keys(modules).map((f) => f.replace(/^\.\//, '').replace(/\.widget\.ts$/, ''));
}

function paramsOf(el: HTMLElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(el.dataset)) if (k !== 'widget' && v !== undefined) out[k] = v;
  return out;
}

export async function mountWidgets(root: ParentNode, ctx: WidgetContext): Promise<void> {
  const els = [...root.querySelectorAll<HTMLElement>('[data-widget]')];
  await Promise.all(
    els.map(async (el) => {
      const name = el.dataset.widget!;
      const load = modules[`./${name}.widget.ts`];
      if (!load) {
        el.dataset.state = 'error';
        el.append(Object.assign(document.createElement('p'), { className: 'widget-error', textContent: ctx.t('widget.unknown', { name }) }));
        return;
      }
      try {
        const { mount } = await load();
        el.dataset.state = 'mounted';
        mount(el, paramsOf(el), ctx);
      } catch (e) {
        el.dataset.state = 'error';
        el.append(Object.assign(document.createElement('p'), { className: 'widget-error', textContent: String(e) }));
      }
    }),
  );
}
