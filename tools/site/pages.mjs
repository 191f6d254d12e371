// HTML page templates: lesson pages, the course home per language, and the root language picker.
// Links between pages are relative, so the built site works under any sub-path; assets are
// referenced from the generated folder and rewritten by Vite (with BASE) at build time.
import { escapeHtml as esc } from './markdown.mjs';
import { LANGS } from './strings.mjs';

/** Forbids inline scripts, eval and inline styles; nothing may be loaded from another origin. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The languages a page of `lang` links to (web/src/i18n/langs.ts: every other one). */
const othersOf = (lang) => LANGS.filter((l) => l !== lang);

const LOGO =
  '<svg class="logo" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect width="16" height="16" rx="3"/>' +
  '<path d="M3 3h2v2H3zM3 6h2v2H3zM6 6h2v2H6zM3 9h2v2H3zM6 9h2v2H6zM9 9h2v2H9zM3 12h2v2H3zM6 12h2v2H6zM9 12h2v2H9zM12 12h2v2h-2z"/></svg>';

/**
 * @param {object} p
 * @param {string} p.lang
 * @param {string} p.title    full <title>
 * @param {string} p.description
 * @param {number} p.depth    folders below the generated root (root page 0, home 1, lesson 2)
 * @param {string} p.page     data-page: root | home | lesson
 * @param {Record<string,string>} [p.data] extra data-* on <body>
 * @param {(other: string) => string | undefined} [p.alternate] the same page in another language
 *   (relative URL), undefined where it does not exist
 * @param {string} p.header   site header HTML
 * @param {string} p.body     HTML inside <body> after the header
 */
export function layout(p) {
  const up = '../'.repeat(p.depth);
  const data = Object.entries(p.data ?? {}).map(([k, v]) => ` data-${k}="${esc(v)}"`).join('');
  const alt = p.alternate
    ? othersOf(p.lang)
        .filter((o) => p.alternate(o))
        .map((o) => `\n<link rel="alternate" hreflang="${o}" href="${esc(p.alternate(o))}" vite-ignore>`)
        .join('')
    : '';
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${esc(p.title)}</title>
<meta name="description" content="${esc(p.description)}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">${alt}
<link rel="stylesheet" href="${up}hoisted.css">
<script type="module" src="${up}../src/main.ts"></script>
</head>
<body data-page="${p.page}"${data}>
${p.header}
${p.body}
</body>
</html>
`;
}

/** Header shared by the home, lesson and glossary pages. `here` is the path to the language home;
 * switchHref(other) the same page in another language (one switch link per other language). */
export function siteHeader({ t, lang, here, switchHref, current }) {
  const cur = (name) => (current === name ? ' aria-current="page"' : '');
  return `<a class="skip-link" href="#main">${t('nav.skip', {}, lang)}</a>
<header class="site-header">
<a class="brand" href="${here}">${LOGO}<span>${t('site.name', {}, lang)}</span></a>
<nav class="site-nav" aria-label="${esc(t('nav.main', {}, lang))}">
<a href="${here}"${cur('home')}>${t('nav.course', {}, lang)}</a>
<a href="${here}glossary/"${cur('glossary')}>${t('nav.glossary', {}, lang)}</a>
${othersOf(lang)
  .map((other) => `<a class="lang-switch" href="${esc(switchHref(other))}" hreflang="${other}" lang="${other}" data-lang-switch="${other}" aria-label="${esc(t('nav.switchLabel', {}, other))}">${t('nav.switch', {}, other)}</a>`)
  .join('\n')}
</nav>
</header>
<div class="notices" id="notices"></div>`;
}

export function siteFooter({ t, lang, here }) {
  return `<footer class="site-footer">
<p>${t('footer.private', {}, lang)}</p>
<p><a href="${here}#progress">${t('footer.progress', {}, lang)}</a> · <a href="${here}glossary/">${t('nav.glossary', {}, lang)}</a></p>
</footer>`;
}

function kicker(t, lang, meta) {
  const parts = [t(`kind.${meta.kind}`, {}, lang)];
  if (meta.minutes > 0) parts.push(t('lesson.minutes', { n: meta.minutes }, lang));
  return parts.join(' · ');
}

/**
 * One lesson (or the glossary) page.
 * @param {object} a
 * @param {import('./lessons.mjs').LessonSource} a.lesson
 * @param {{ html: string, sections: {id: string, html: string}[] }} a.rendered
 * @param {{slug: string, title: string} | null} a.prev
 * @param {{slug: string, title: string} | null} a.next
 * @param {(lang: string) => boolean} a.hasIn  whether the same lesson exists in a language
 */
export function lessonPage({ t, lesson, rendered, prev, next, hasIn }) {
  const { lang, slug, meta } = lesson;
  const here = '../';
  const switchHref = (other) => (hasIn(other) ? `../../${other}/${slug}/` : `../../${other}/`);
  const toc = rendered.sections.length
    ? `<nav class="toc" aria-labelledby="toc-title"><details open><summary id="toc-title">${t('nav.toc', {}, lang)}</summary>
<ol>
${rendered.sections.map((s) => `<li><a href="#${s.id}">${s.html}</a></li>`).join('\n')}
</ol></details></nav>`
    : '';
  const pager =
    prev || next
      ? `<nav class="pager" aria-label="${esc(t('nav.pager', {}, lang))}">
${prev ? `<a class="pager-prev" rel="prev" href="../${prev.slug}/"><span class="pager-dir">${t('nav.prev', {}, lang)}</span> <span class="pager-title">${esc(prev.title)}</span></a>` : '<span></span>'}
${next ? `<a class="pager-next" rel="next" href="../${next.slug}/"><span class="pager-dir">${t('nav.next', {}, lang)}</span> <span class="pager-title">${esc(next.title)}</span></a>` : '<span></span>'}
</nav>`
      : '';
  const isRef = meta.kind === 'reference';
  const done = isRef
    ? ''
    : `<section class="lesson-end" aria-label="${esc(t('lesson.endLabel', {}, lang))}">
<button type="button" class="btn btn-done" data-done aria-pressed="false" hidden>${t('lesson.markDone', {}, lang)}</button>
<p class="lesson-end-note">${t('lesson.endNote', {}, lang)}</p>
</section>`;
  const body = `<div class="page${toc ? ' has-toc' : ''}">
${toc}
<main id="main" tabindex="-1">
<article class="lesson">
<header class="lesson-header">
<p class="kicker">${kicker(t, lang, meta)}</p>
<h1>${esc(meta.title)}</h1>
<p class="summary">${esc(meta.summary)}</p>
</header>
${rendered.html}
${done}
</article>
${pager}
</main>
</div>
${siteFooter({ t, lang, here })}`;
  return layout({
    lang,
    title: `${meta.title} · ${t('site.name', {}, lang)}`,
    description: meta.summary,
    depth: 2,
    page: isRef ? 'glossary' : 'lesson',
    data: { lesson: meta.id, slug, kind: meta.kind },
    alternate: (other) => (hasIn(other) ? switchHref(other) : undefined),
    header: siteHeader({ t, lang, here, switchHref, current: isRef ? 'glossary' : '' }),
    body,
  });
}

/** The course home of one language: the path through lessons and labs, progress tools. */
export function homePage({ t, lang, path, references }) {
  const item = (l, n) => `<li class="path-item" data-lesson="${esc(l.meta.id)}" data-kind="${l.meta.kind}">
<span class="path-step" aria-hidden="true">${n}</span>
<div class="path-text">
<p class="kicker">${kicker(t, lang, l.meta)}</p>
<h3><a href="${l.slug}/">${esc(l.meta.title)}</a></h3>
<p>${esc(l.meta.summary)}</p>
</div>
<p class="path-mark" data-mark></p>
</li>`;
  const first = path[0];
  const body = `<main id="main" tabindex="-1" class="home">
<section class="hero">
<h1>${t('home.title', {}, lang)}</h1>
<p class="lede">${t('home.lede', {}, lang)}</p>
<p class="hero-note">${t('home.how', {}, lang)}</p>
${first ? `<p><a class="btn btn-primary" href="${first.slug}/" data-continue>${t('home.start', {}, lang)}</a></p>` : ''}
</section>
<section class="path-section" aria-labelledby="path-title">
<h2 id="path-title">${t('home.path', {}, lang)}</h2>
${path.length ? `<ol class="path">\n${path.map((l, i) => item(l, i + 1)).join('\n')}\n</ol>` : `<p>${t('home.empty', {}, lang)}</p>`}
${references.length ? `<p class="path-refs">${references.map((r) => `<a href="${r.slug}/">${esc(r.meta.title)}</a>`).join(' · ')}</p>` : ''}
</section>
<section class="progress-section" id="progress" aria-labelledby="progress-title">
<h2 id="progress-title">${t('progress.title', {}, lang)}</h2>
<p>${t('progress.intro', {}, lang)}</p>
<p class="progress-summary" data-progress-summary></p>
<div class="progress-tools">
<button type="button" class="btn" data-action="export" disabled>${t('progress.export', {}, lang)}</button>
<button type="button" class="btn" data-action="import" disabled>${t('progress.import', {}, lang)}</button>
<input type="file" id="import-file" accept=".json,application/json" hidden>
<button type="button" class="btn btn-danger" data-action="reset" disabled>${t('progress.reset', {}, lang)}</button>
</div>
<p class="progress-message" role="status" aria-live="polite" data-progress-message></p>
<dialog class="confirm" id="reset-dialog" aria-labelledby="reset-title" aria-describedby="reset-text">
<form method="dialog">
<h3 id="reset-title">${t('progress.resetTitle', {}, lang)}</h3>
<p id="reset-text">${t('progress.resetText', {}, lang)}</p>
<div class="confirm-actions">
<button type="submit" value="cancel" class="btn" autofocus>${t('progress.resetCancel', {}, lang)}</button>
<button type="submit" value="reset" class="btn btn-danger">${t('progress.resetConfirm', {}, lang)}</button>
</div>
</form>
</dialog>
</section>
</main>
${siteFooter({ t, lang, here: './' })}`;
  return layout({
    lang,
    title: `${t('site.name', {}, lang)} · ${t('home.title', {}, lang)}`,
    description: t('home.lede', {}, lang),
    depth: 1,
    page: 'home',
    alternate: (other) => `../${other}/`,
    header: siteHeader({ t, lang, here: './', switchHref: (other) => `../${other}/`, current: 'home' }),
    body,
  });
}

/** /<base>/ : picks the language (remembered choice, else the browser's), links to every one. */
export function rootPage({ t }) {
  const first = LANGS[0];
  const choice = (lang) =>
    `<li><a class="lang-choice" href="${lang}/" hreflang="${lang}" lang="${lang}" data-lang-choice="${lang}"><strong>${t('root.choose', {}, lang)}</strong><span>${t('home.lede', {}, lang)}</span></a></li>`;
  const body = `<main id="main" class="root-picker">
<h1>${LOGO}<span>${t('site.name', {}, first)}</span></h1>
<p class="lede">${LANGS.map((l) => `<span lang="${l}">${t('site.tagline', {}, l)}</span>`).join(' ')}</p>
<ul class="lang-choices">
${LANGS.map(choice).join('\n')}
</ul>
</main>`;
  return layout({
    lang: first,
    title: `${t('site.name', {}, first)} — ${t('site.tagline', {}, first)}`,
    description: LANGS.map((l) => t('site.tagline', {}, l)).join(' / '),
    depth: 0,
    page: 'root',
    header: '',
    body,
  });
}

/**
 * 404.html at the site root: GitHub Pages serves it for any missing path (at any depth, so its
 * links are absolute under the site's base), and the service worker shows it offline for a page
 * it never cached. It cannot know the reader's language, so it says everything in every one.
 */
export function notFoundPage({ t, base }) {
  const part = (lang) => `<section lang="${lang}">
<h1>${t('notFound.title', {}, lang)}</h1>
<p>${t('notFound.body', {}, lang)}</p>
<p><a href="${esc(base)}${lang}/" hreflang="${lang}">${t('notFound.home', {}, lang)}</a></p>
</section>`;
  return layout({
    lang: 'en',
    title: `${LANGS.map((l) => t('notFound.title', {}, l)).join(' / ')} — ${t('site.name', {}, 'en')}`,
    description: LANGS.map((l) => t('notFound.body', {}, l)).join(' / '),
    depth: 0,
    page: 'not-found',
    header: '',
    body: `<main id="main" class="root-picker not-found">
${LANGS.map(part).join('\n')}
</main>`,
  });
}
