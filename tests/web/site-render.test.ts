// @vitest-environment node
// The page pipeline (tools/site/) on the fixture lessons in tests/fixtures/lessons: Markdown,
// math, directives, headings, links, the CSP-friendly output, and the generated pages.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM build tool without type declarations
import { buildPages, renderAll } from '../../tools/site/build.mjs';
// @ts-expect-error plain ESM build tool without type declarations
import { parseFrontMatter } from '../../tools/site/lessons.mjs';
// @ts-expect-error plain ESM build tool without type declarations
import { createRenderer, hoistStyles, parseQuiz, slugify, structureOf } from '../../tools/site/markdown.mjs';
// @ts-expect-error plain ESM build tool without type declarations
import { CSP } from '../../tools/site/pages.mjs';

const FIXTURES = join(import.meta.dirname, '../fixtures/lessons');

let all: Awaited<ReturnType<typeof renderAll>>;
beforeAll(async () => {
  all = await renderAll({ lessonsDir: FIXTURES });
});
const page = (lang: string, slug: string) => all.pages[lang].get(slug).rendered;
const renderer = () => createRenderer({ t: all.t, has: (id: string) => id in all.strings });

describe('front matter', () => {
  test('key: value lines, quoted values and numbers', () => {
    const { meta, body, problems } = parseFrontMatter('---\nid: x\ntitle: "A: b"\norder: 3\n---\n\nText');
    expect(meta).toEqual({ id: 'x', title: 'A: b', order: 3 });
    expect(body.trim()).toBe('Text');
    expect(problems).toEqual([]);
  });
  test('a file without front matter is reported', () => {
    expect(parseFrontMatter('# Hi').problems).toHaveLength(1);
  });
});

describe('lesson body', () => {
  test('a widget directive becomes a placeholder with lower-cased data-* and a text fallback', () => {
    const html = page('en', '01-fixture').html;
    expect(html).toMatch(/<div class="widget" id="widget-1" data-widget="exam-grid" data-t="5" data-mode="causal">\s*<p class="widget-fallback">Interactive grid/);
    expect(page('es', '01-fixture').html).toMatch(/<p class="widget-fallback">Cuadrícula interactiva/);
  });

  test('an unknown widget gets the generic fallback and a warning', () => {
    const r = renderer().render('::: widget no-such-thing a=1 :::\n', { lang: 'es' });
    expect(r.html).toContain('«no-such-thing»');
    expect(r.warnings.join()).toMatch(/fallback\.no-such-thing/);
  });

  test('math is rendered by KaTeX at build time; a lone dollar stays text', () => {
    const html = page('en', '01-fixture').html;
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('<span class="katex-display">');
    expect(html).toContain('a price of $5 stays text');
    expect(html).not.toContain('$$');
  });

  test('broken math is a warning, not a crash', () => {
    const r = renderer().render('Bad $\\frac{1}{$ here.\n', { lang: 'en' });
    expect(r.warnings.join()).toMatch(/KaTeX/);
    expect(r.html).toContain('math-error');
  });

  test('code is highlighted; tables scroll in their own box', () => {
    const html = page('en', '01-fixture').html;
    expect(html).toContain('<span class="hljs-keyword">return</span>');
    expect(html).toContain('<div class="table-wrap"><table>');
  });

  test('## headings get their explicit ids; links to .md files point to the lesson URL', () => {
    expect(page('en', '01-fixture').sections.map((s: { id: string }) => s.id)).toEqual(['rule', 'check']);
    expect(page('en', '01-fixture').html).toContain('<a href="../02-fixture/#second">');
  });

  test('Spanish sections without explicit ids borrow the English ones, so the switch keeps the section', () => {
    const r = renderer();
    const en = r.render('## The grid\n\nx\n\n## Why\n', { lang: 'en' });
    const es = r.render('## La cuadrícula\n\nx\n\n## Por qué\n', { lang: 'es', sectionIds: en.sections.map((s: { id: string }) => s.id) });
    expect(es.sections.map((s: { id: string }) => s.id)).toEqual(['the-grid', 'why']);
  });

  test('a quiz becomes a form with radios, hidden feedback and an answer key for readers without JS', () => {
    const html = page('en', '01-fixture').html;
    expect(html).toContain('<form class="quiz" id="quiz-pick-one" data-quiz="pick-one" novalidate>');
    expect(html).toMatch(/<input type="radio" id="quiz-pick-one-o1" name="quiz-pick-one" value="1" data-correct="1">/);
    expect(html).toMatch(/<p class="quiz-feedback" id="quiz-pick-one-fb0" hidden>No: 3 is in its future.<\/p>/);
    expect(html).toContain('<details class="quiz-answers">');
    expect(page('en', '01-fixture').quizzes).toEqual([{ id: 'pick-one', options: 2, correct: [1] }]);
  });

  test('quiz parsing: question, options, feedback lines', () => {
    const q = parseQuiz(['Why?', '- [ ] A', '  > no', '- [x] B', '  > yes', '  and more']);
    expect(q).toEqual({
      question: 'Why?',
      options: [
        { correct: false, text: 'A', feedback: 'no' },
        { correct: true, text: 'B', feedback: 'yes and more' },
      ],
    });
  });

  test('a quiz without feedback or without a right answer is a warning', () => {
    const r = renderer().render('::: quiz q1\nWhy?\n- [ ] A\n- [ ] B\n:::\n', { lang: 'en' });
    expect(r.warnings.join('\n')).toMatch(/no right option/);
    expect(r.warnings.join('\n')).toMatch(/no "> " feedback/);
  });

  test('a recall block becomes a labelled textarea', () => {
    const html = page('es', '01-fixture').html;
    expect(html).toMatch(/<label for="recall-own-words-text">.*Dilo en una frase\./);
    expect(html).toContain('<textarea id="recall-own-words-text"');
  });

  test('raw HTML in a lesson is shown as text, never run', () => {
    const r = renderer().render('<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)>\n', { lang: 'en' });
    expect(r.html).not.toMatch(/<script|<img/);
  });

  test('structureOf sees a missing quiz, a different widget parameter and a different section id', () => {
    const r = renderer();
    const en = structureOf(r.render('## A {#a}\n\n::: widget exam-grid T=5 tokens=a|b :::\n\n::: quiz q\nQ\n- [x] A\n  > y\n- [ ] B\n  > n\n:::\n', { lang: 'en' }));
    expect(structureOf(r.render('## A {#a}\n\n::: widget exam-grid T=5 tokens=x|y :::\n\n::: quiz q\nQ\n- [x] A\n  > y\n- [ ] B\n  > n\n:::\n', { lang: 'es' }))).toEqual(en);
    expect(structureOf(r.render('## A {#a}\n\n::: widget exam-grid T=5 tokens=x|y :::\n', { lang: 'es' }))).not.toEqual(en);
    expect(structureOf(r.render('## A {#a}\n\n::: widget exam-grid T=4 tokens=x|y :::\n\n::: quiz q\nQ\n- [x] A\n  > y\n- [ ] B\n  > n\n:::\n', { lang: 'es' }))).not.toEqual(en);
    expect(structureOf(r.render('## A {#b}\n\n::: widget exam-grid T=5 tokens=x|y :::\n\n::: quiz q\nQ\n- [x] A\n  > y\n- [ ] B\n  > n\n:::\n', { lang: 'es' }))).not.toEqual(en);
  });

  test('slugify', () => {
    expect(slugify('¿Qué ve la query?')).toBe('que-ve-la-query');
  });
});

describe('inline styles are hoisted into classes (the CSP forbids style attributes)', () => {
  test('style attributes become classes with the same declarations', () => {
    const rules = new Map<string, string>();
    const out = hoistStyles('<span class="a" style="height:1em;top:-2px;">x</span><td style="text-align:right">', rules);
    expect(out).not.toMatch(/style=/);
    expect(out).toMatch(/<span class="a s-[0-9a-f]{8}">x<\/span><td class="s-[0-9a-f]{8}">/);
    expect([...rules.values()].join('\n')).toMatch(/\{height:1em !important;top:-2px !important\}/);
  });
});

describe('generated pages', () => {
  let out: string;
  let result: { files: string[]; warnings: string[] };
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'er-pages-'));
    result = await buildPages({ lessonsDir: FIXTURES, outDir: out });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const read = (p: string) => readFileSync(join(out, p), 'utf8');

  test('one page per lesson per language, a home per language and the root picker', () => {
    const rel = result.files.map((f) => f.slice(out.length + 1)).sort();
    expect(rel).toEqual(['404.html', 'en/01-fixture/index.html', 'en/02-fixture/index.html', 'en/index.html', 'es/01-fixture/index.html', 'es/02-fixture/index.html', 'es/index.html', 'index.html']);
    expect(result.warnings).toEqual([]);
  });

  test('no inline script, no style attribute, no other origin; the CSP forbids inline code and eval', () => {
    for (const f of result.files) {
      const html = readFileSync(f, 'utf8');
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle\s*=/);
      expect(html).not.toMatch(/\son[a-z]+\s*=/);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    }
    expect(CSP).toMatch(/script-src 'self'(;|$)/);
    expect(CSP).toMatch(/style-src 'self'(;|$)/);
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  test('a lesson page: language, switch to the same lesson, previous/next, TOC, lesson id', () => {
    const html = read('es/01-fixture/index.html');
    expect(html).toMatch(/<html lang="es">/);
    expect(html).toMatch(/<a class="lang-switch" href="..\/..\/en\/01-fixture\/" hreflang="en"/);
    expect(html).toMatch(/<a class="pager-next" rel="next" href="..\/02-fixture\/">/);
    expect(html).toContain('<li><a href="#rule">Qué dice la regla</a></li>');
    expect(html).toContain('data-lesson="fixture-one"');
    expect(read('en/02-fixture/index.html')).toMatch(/rel="prev" href="..\/01-fixture\/"/);
  });

  test('the course home lists the path in order with a place for each progress mark', () => {
    const html = read('en/index.html');
    const ids = [...html.matchAll(/<li class="path-item" data-lesson="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['fixture-one', 'fixture-two']);
    expect(html).toContain('data-action="export"');
    expect(html).toContain('<dialog class="confirm" id="reset-dialog"');
  });

  test('the root page links to both languages', () => {
    const html = read('index.html');
    // 404.html: both languages, links absolute under the base (it is served at any depth).
    const nf = read('404.html');
    expect(nf).toMatch(/<section lang="en">[\s\S]*<a href="\/en\/"/);
    expect(nf).toMatch(/<section lang="es">[\s\S]*<a href="\/es\/"/);
    expect(html).toMatch(/href="en\/" hreflang="en"/);
    expect(html).toMatch(/href="es\/" hreflang="es"/);
  });

  test('KaTeX inline styles end up in hoisted.css', () => {
    expect(read('hoisted.css')).toMatch(/\.s-[0-9a-f]{8}\{[^}]*!important/);
  });
});
