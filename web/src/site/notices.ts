/**
 * Banners at the top of the page for things the learner must know about (storage problems, a
 * new version): one per topic, announced to screen readers, each with a dismiss button and
 * optional actions. Falls back to <body> when a page has no #notices area.
 */
import { t } from '../i18n';
import { h } from '../ui/dom';

export interface NoticeAction {
  label: string;
  run: () => void;
}

export function showNotice(topic: string, text: string, { actions = [], tone = 'warn' }: { actions?: NoticeAction[]; tone?: 'warn' | 'info' } = {}) {
  const host = document.getElementById('notices') ?? document.body;
  host.querySelector(`[data-notice="${topic}"]`)?.remove();
  const el = h('div', { className: `notice notice-${tone}`, attrs: { role: tone === 'warn' ? 'alert' : 'status', 'data-notice': topic } });
  const buttons = h('div', { className: 'notice-actions' });
  for (const a of actions) {
    const b = h('button', { type: 'button', className: 'btn btn-small', textContent: a.label });
    b.addEventListener('click', a.run);
    buttons.append(b);
  }
  const close = h('button', { type: 'button', className: 'btn btn-small btn-quiet', textContent: t('notice.dismiss') });
  close.addEventListener('click', () => el.remove());
  buttons.append(close);
  el.append(h('p', { textContent: text }), buttons);
  host.prepend(el);
  return el;
}

export function clearNotice(topic: string) {
  document.querySelector(`[data-notice="${topic}"]`)?.remove();
}
