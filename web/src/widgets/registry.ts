/**
 * Finds widget placeholders (`<div data-widget="name" data-*>`) and mounts the matching module
 * `./<name>.widget.ts`, loaded lazily so a page only downloads the widgets it uses. A widget that
 * cannot start (its module fails to load, or mount throws) says so in the page's language
 * (showStartupFailure); the other widgets start anyway. The clean-up a mount returns (cancel its
 * runs, free its engine memory, drop its charts) runs when the widget goes away: on
 * unmountWidgets, and when the page is discarded (pagehide not kept in the back-forward cache).
 */
import type { WidgetContext, WidgetMount } from '../ui/types';

const modules = import.meta.glob<{ mount: WidgetMount }>('./*.widget.ts');

/** Clean-up functions of the mounted widgets, by placeholder. */
const cleanups = new Map<HTMLElement, () => void>();

export function widgetNames(): string[] {
  return Object.keys(modules).map((f) => f.replace(/^\.\//, '').replace(/\.widget\.ts$/, ''));
}

function paramsOf(el: HTMLElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(el.dataset)) if (k !== 'widget' && v !== undefined) out[k] = v;
  return out;
}

let listening = false;

export async function mountWidgets(root: ParentNode, ctx: WidgetContext): Promise<void> {
  if (!listening) {
    listening = true;
    addEventListener('pagehide', (e: PageTransitionEvent) => !e.persisted && unmountWidgets(document));
  }
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
        const cleanup = mount(el, paramsOf(el), ctx);
        if (typeof cleanup === 'function') cleanups.set(el, cleanup);
      } catch (e) {
        console.error(`widget ${name} could not start:`, e); // for whoever reads the console; the learner reads the notice
        await startupFailure(el, e, ctx);
      }
    }),
  );
}

/** The notice comes with the widgets' status module, loaded on the first failure (imported
 * statically, it would become a second entry script of every page). If even that cannot load
 * (the network is gone), the notice's first sentence alone. */
async function startupFailure(el: HTMLElement, error: unknown, ctx: WidgetContext) {
  try {
    (await import('../ui/status')).showStartupFailure(el, error, ctx.t);
  } catch {
    el.dataset.state = 'error';
    el.append(Object.assign(document.createElement('p'), { className: 'widget-error', textContent: ctx.t('startup.failed') }));
  }
}

/** Runs the clean-up of every widget mounted inside `root` (once each). */
export function unmountWidgets(root: ParentNode): void {
  for (const [el, cleanup] of [...cleanups]) {
    if (!root.contains(el)) continue;
    cleanups.delete(el);
    try {
      cleanup();
    } catch (e) {
      console.error(`widget ${el.dataset.widget} failed to clean up:`, e);
    }
  }
}
