/**
 * Runs engine requests for a widget and shows what is happening next to its controls:
 * a loading line, the engine's refusal message, or a crash notice with a retry button.
 * Cancelled requests (superseded by a newer one) are silent. A failure the page did not expect
 * (a bug, not a refusal) is said in the page's language, its technical message folded away in a
 * details element; so is a widget that cannot start at all (showStartupFailure).
 */
import { EngineRequestError } from '../engine/client';
import type { WidgetContext } from './types';
import { h } from './dom';
import { errorText } from './errors';
import { parseSeed } from './seed';

export class StatusLine {
  readonly el = h('p', { className: 'widget-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  private seq = 0;

  constructor(private ctx: WidgetContext) {}

  /** Runs `work`; only the latest call's outcome is shown. Returns undefined on failure. */
  async run<T>(work: () => Promise<T>, retry?: () => void): Promise<T | undefined> {
    const mine = ++this.seq;
    const timer = setTimeout(() => mine === this.seq && this.show(this.ctx.t('engine.loading')), 150);
    try {
      const out = await work();
      if (mine === this.seq) this.show('');
      return mine === this.seq ? out : undefined;
    } catch (e) {
      if (mine === this.seq) this.showError(e, retry);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  show(text: string) {
    this.el.className = 'widget-status';
    this.el.replaceChildren(text);
  }

  showError(e: unknown, retry?: () => void) {
    const t = this.ctx.t;
    const err = e instanceof EngineRequestError ? e : new EngineRequestError('internal', String(e));
    if (err.code === 'cancelled') return;
    this.el.className = 'widget-status is-error';
    const text =
      err.code === 'engine' ? t('engine.refused', { message: errorText(err, this.ctx.lang) })
      : err.code === 'load' ? t('engine.noWasm')
      : err.code === 'crashed' || err.code === 'hung' ? t('engine.crashed')
      : t('startup.unexpected');
    this.el.replaceChildren(text);
    if (err.code === 'internal') this.el.append(' ', technicalDetails(e, t));
    if (retry && err.code !== 'engine' && err.code !== 'load')
      this.el.append(' ', h('button', { type: 'button', className: 'btn-small', textContent: t('engine.retry'), onclick: retry }));
  }
}

/** The raw message, for a bug report only: folded away under "Technical details". */
function technicalDetails(e: unknown, t: (id: string) => string): HTMLElement {
  const message = e instanceof EngineRequestError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return h('details', { className: 'widget-error-details' },
    h('summary', { textContent: t('startup.details') }), h('code', { textContent: message }));
}

/**
 * A widget that could not start (its module failed to load, or mount threw): takes back what it
 * had drawn, shows its build-time text again, and says in the page's language that this part
 * could not start and what the learner can do, with the technical message in a details element.
 * Marks the placeholder data-state="error".
 */
export function showStartupFailure(el: HTMLElement, error: unknown, t: (id: string) => string): void {
  el.dataset.state = 'error';
  for (const part of el.querySelectorAll(':scope > .widget-body, :scope > .widget-error')) part.remove();
  for (const fb of el.querySelectorAll<HTMLElement>('.widget-fallback')) fb.classList.remove('visually-hidden');
  el.append(h('div', { className: 'widget-error', attrs: { role: 'alert' } },
    h('p', { textContent: t('startup.failed') }),
    h('p', { className: 'widget-error-advice', textContent: t('startup.advice') + ' ' },
      h('button', { type: 'button', className: 'btn-small', textContent: t('startup.reload'), onclick: () => location.reload() })),
    technicalDetails(error, t)));
}

/** Calls `apply` with the whole number typed into `input` when it lies in [min, max]; otherwise
 * shows `message` next to the controls and changes nothing. */
export function onWholeNumberChange(
  input: HTMLInputElement,
  status: StatusLine,
  message: string,
  min: number,
  max: number,
  apply: (n: number) => void,
) {
  input.addEventListener('change', () => {
    const n = Number(input.value);
    // An empty field (also what a number input gives for letters) is not 0.
    if (input.value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      status.show(message);
      status.el.classList.add('is-error');
      return;
    }
    apply(n);
  });
}

/** Calls `apply` with the seed typed into `input` (ui/seed.ts parseSeed: a whole number in
 * [0, 2^32)), or says next to the controls that the seed is not valid and changes nothing. */
export function onSeedChange(
  input: HTMLInputElement,
  status: StatusLine,
  t: (id: string) => string,
  apply: (seed: number) => void,
) {
  input.addEventListener('change', () => {
    const seed = parseSeed(input.value);
    if (seed === null) {
      status.show(t('slice.badSeed'));
      status.el.classList.add('is-error');
      return;
    }
    apply(seed);
  });
}
