// Shared by the site's browser tests (site, progress, offline, a11y): the list of built pages
// and a wait for a page to have settled (widgets mounted, engine answers in).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every page of dist/ as a path under the base: '', 'en/', 'en/01-exam-rule/', ... */
export function builtPages(dir = 'dist') {
  const out = [];
  const walk = (d, rel) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) {
        if (e !== 'assets') walk(p, `${rel}${e}/`);
      } else if (e === 'index.html') out.push(rel);
    }
  };
  walk(dir, '');
  return out;
}

/** Lesson and glossary pages of one language. */
export const lessonPages = (lang) => builtPages().filter((p) => p.startsWith(`${lang}/`) && p !== `${lang}/`);

/** Waits until every widget placeholder has been mounted (or has failed) and the page is quiet. */
export async function settle(page, { quietMs = 400 } = {}) {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-widget]')].every((el) => el.dataset.state), null, { timeout: 15000 });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(quietMs);
}

/** Resolves once the page's service worker is active and controls nothing yet or the page. */
export async function swReady(page) {
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.state;
  });
}
