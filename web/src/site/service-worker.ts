/**
 * Registers the service worker (dist/sw.js, production builds only) that keeps the site working
 * offline. A new deploy installs in the background; the learner is offered a reload, and every
 * open tab reloads when the new version takes over, so a page never runs old JS with new WASM.
 */
import { t } from '../i18n';
import { showNotice } from './notices';

export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  const hadController = !!sw.controller;
  sw.addEventListener('controllerchange', () => {
    if (hadController) location.reload();
  });
  const offer = (w: ServiceWorker) =>
    showNotice('update', t('sw.update'), { tone: 'info', actions: [{ label: t('sw.reload'), run: () => w.postMessage({ type: 'SKIP_WAITING' }) }] });
  sw.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
    .then((reg) => {
      if (reg.waiting && sw.controller) offer(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const w = reg.installing;
        w?.addEventListener('statechange', () => {
          if (w.state === 'installed' && sw.controller) offer(w);
        });
      });
    })
    .catch(() => {
      /* no offline copy this time (e.g. a private window); the site works online as usual */
    });
}
