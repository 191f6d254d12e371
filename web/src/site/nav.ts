/**
 * Navigation helpers: the root page's language pick, the language switch that keeps the lesson
 * and the section you are reading, and the table of contents that follows your reading.
 */
import { LANGS, type Lang } from '../i18n';

export const LANG_KEY = 'exam-rule:lang';

function remember(lang: string) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* not remembered: the choice still applies to this visit */
  }
}

export function rememberedLang(): Lang | null {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return LANGS.includes(v as Lang) ? (v as Lang) : null;
  } catch {
    return null;
  }
}

/** The first of the browser's preferred languages the course offers; English otherwise. */
export function browserLang(prefs: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  for (const p of prefs) {
    const base = p.toLowerCase().split('-')[0];
    if (LANGS.includes(base as Lang)) return base as Lang;
  }
  return 'en';
}

/** Root page: go to the remembered language, else the browser's; clicking a choice remembers it. */
export function pickLanguage() {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-lang-choice]'))
    a.addEventListener('click', () => remember(a.dataset.langChoice!));
  const lang = rememberedLang() ?? browserLang();
  location.replace(new URL(`${lang}/${location.search}`, location.href).href);
}

/** The `##` section being read: the last one whose heading has scrolled to near the top. */
export function currentSection(): HTMLElement | null {
  const heads = [...document.querySelectorAll<HTMLElement>('main article h2[id]')];
  let cur: HTMLElement | null = null;
  for (const h of heads) {
    if (h.getBoundingClientRect().top <= 120) cur = h;
    else break;
  }
  return cur;
}

export function setupLanguageSwitch() {
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-lang-switch]')) {
    const base = a.href.split('#')[0];
    const update = () => {
      const sec = currentSection();
      a.href = sec && document.body.dataset.page !== 'home' ? `${base}#${sec.id}` : base;
    };
    a.addEventListener('click', () => {
      update();
      remember(a.dataset.langSwitch!);
    });
    a.addEventListener('focus', update);
    a.addEventListener('pointerenter', update);
  }
}

/** Marks the TOC entry of the section being read; starts the TOC folded on narrow screens. */
export function setupToc() {
  const toc = document.querySelector<HTMLElement>('nav.toc');
  if (!toc) return;
  const details = toc.querySelector('details');
  if (details && matchMedia('(max-width: 60rem)').matches) details.open = false;
  const links = new Map([...toc.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')].map((a) => [a.hash.slice(1), a]));
  let pending = false;
  const mark = () => {
    pending = false;
    const id = currentSection()?.id;
    for (const [k, a] of links) {
      if (k === id) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    }
  };
  addEventListener('scroll', () => {
    if (!pending) (pending = true), requestAnimationFrame(mark);
  }, { passive: true });
  mark();
}

/**
 * A deep link to a section (#id) must land on it even though the page grows after the first
 * scroll (fonts arrive, widgets render their results): until the learner scrolls, clicks or
 * types, the target is put back at the top whenever the page's size changes (for a few seconds).
 */
export function keepHashTargetInView(ms = 5000) {
  const id = decodeURIComponent(location.hash.slice(1));
  const el = id ? document.getElementById(id) : null;
  if (!el || typeof ResizeObserver === 'undefined') return;
  let active = true;
  const stop = () => {
    active = false;
    ro.disconnect();
  };
  const fix = () => active && el.scrollIntoView({ behavior: 'instant' as ScrollBehavior, block: 'start' });
  const ro = new ResizeObserver(fix);
  ro.observe(document.body);
  for (const ev of ['wheel', 'touchstart', 'keydown', 'mousedown']) addEventListener(ev, stop, { once: true, passive: true });
  addEventListener('hashchange', stop, { once: true });
  void document.fonts?.ready.then(fix);
  setTimeout(stop, ms);
}
