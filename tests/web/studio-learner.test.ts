// The studio as a learner meets it (issue 19), in its pure parts: verdicts follow a stated band
// and show their numbers; samples say where the grammar refuses them; the prompt is normalised
// and refusals stay short; saved values are checked by shape; code headers name their function,
// diffs carry one marker and the page's own comments are translated; blind runs' exports and
// summaries describe without diagnosing before the reveal.
import { describe, expect, test } from 'vitest';
import { t as translate } from '../../web/src/i18n';
import { breakSnippet } from '../../web/src/studio/code';
import { diffView } from '../../web/src/studio/codeview';
import { sampleItem } from '../../web/src/studio/evidence';
import { appendSteps, parseStep, toJson, type RunRecord } from '../../web/src/studio/metrics';
import { normalizePrompt, promptProblem, shortWord } from '../../web/src/studio/prompt';
import { diffOf, REPAIRS } from '../../web/src/studio/repairs';
import { entriesProblem, savedReader, savedValueProblem } from '../../web/src/studio/saved';
import { SPECS } from '../../web/src/studio/specs';
import { runSummary } from '../../web/src/studio/summaries';

const tr = (lang: 'en' | 'es') => (id: string, v?: Record<string, string | number>) => translate(id, v, lang);

function runWith(lines: object[]): RunRecord {
  const r: RunRecord = { id: 'r', label: '01', brk: 'no-mask-at-inference', seed: 1, steps: lines.length, config: {}, metrics: [], status: 'done' };
  appendSteps(r, lines.map((l) => parseStep(l)));
  return r;
}
const evalLine = (tf: number, ar: number) => ({ step: 0, lr: 0.01, loss: 1.5, act_rms: [], spectral: {}, dead_heads: 0, val_loss: tf, val_loss_ar: ar, entropy_floor: 1.26 });
const valQ = SPECS['no-mask-at-inference'].questions.find((q) => q.id === 'val')!;

describe('verdicts follow what a reader of the chart would say', () => {
  test('3.7 % apart is "about the same" too (it was scored "clearly lower"), and the numbers are shown', () => {
    const o = valQ.observed({ run: runWith([evalLine(1.85, 1.78)]) }, 'en')!;
    expect(o.accept).toEqual(['same']);
    expect(translate(`studio.rule.${o.rule}`, o.vars, 'en')).toMatch(/1\.85 teacher-forced, 1\.78 autoregressive: 3\.9 % apart/);
    const es = valQ.observed({ run: runWith([evalLine(1.85, 1.78)]) }, 'es')!;
    expect(translate(`studio.rule.${es.rule}`, es.vars, 'es')).toMatch(/1,85 con teacher forcing, 1,78 autorregresiva: 3,9 %/);
  });
  test('between 5 % and 10 % both answers count; from 10 % only the lower side', () => {
    expect(valQ.observed({ run: runWith([evalLine(1.5, 1.4)]) }, 'en')!.accept.sort()).toEqual(['arLow', 'same']);
    expect(valQ.observed({ run: runWith([evalLine(1.5, 1.33)]) }, 'en')!.accept).toEqual(['arLow']);
    expect(valQ.observed({ run: runWith([evalLine(0.07, 2.8)]) }, 'en')!.accept).toEqual(['tfLow']);
  });
  test('samples: a rate judges the generated text', () => {
    const q = SPECS['no-mask'].questions.find((x) => x.id === 'sample')!;
    const s = (ok: number, n: number) => Array.from({ length: n }, (_, i) => ({ text: 'yo', grammatical: i < ok, ended: true, refusedAt: i < ok ? -1 : 1 }));
    expect(q.observed({ run: runWith([]), samples: s(18, 24) }, 'en')!.accept).toEqual(['fluent']);
    expect(q.observed({ run: runWith([]), samples: s(0, 24) }, 'en')!.accept).toEqual(['broken']);
    expect(q.observed({ run: runWith([]), samples: s(9, 24) }, 'en')!.accept).toEqual(['fluent', 'broken']);
  });
});

describe('a refused sample says where and why', () => {
  for (const lang of ['en', 'es'] as const)
    test(lang, () => {
      const t = tr(lang);
      const word = sampleItem({ text: 'ellas comen poemas', grammatical: false, ended: true, refusedAt: 2 }, t);
      expect(word.querySelector('mark')!.textContent).toBe('poemas');
      expect(word.textContent).toMatch(lang === 'en' ? /“poemas” after “comen”/ : /«poemas» después de «comen»/);
      const empty = sampleItem({ text: '', grammatical: false, ended: true, refusedAt: 0 }, t);
      expect(empty.textContent).toMatch(lang === 'en' ? /∅.*before writing any word/ : /∅.*antes de escribir ninguna palabra/);
      const short = sampleItem({ text: 'yo como', grammatical: false, ended: true, refusedAt: 2 }, t);
      expect(short.textContent).toMatch(lang === 'en' ? /ends after “como”/ : /termina después de «como»/);
      const endless = sampleItem({ text: 'yo yo yo', grammatical: false, ended: false, refusedAt: 1 }, t);
      expect(endless.textContent).toMatch(lang === 'en' ? /never ended/ : /no termina nunca/);
      expect(sampleItem({ text: 'yo como pan', grammatical: true, ended: true, refusedAt: -1 }, t).querySelector('.st-sample-why')).toBeNull();
    });
});

describe('prompting the trained models', () => {
  const vocab = new Set(['ella', 'bebe', 'zumo', 'yo']);
  test('case and punctuation are normalised', () => {
    expect(normalizePrompt('Ella  bebe ZUMO.', 'es')).toEqual(['ella', 'bebe', 'zumo']);
    expect(normalizePrompt('¿Ella?', 'es')).toEqual(['ella']);
  });
  test('an unknown word is named, briefly, in both languages', () => {
    const long = 'x'.repeat(100_000);
    for (const lang of ['en', 'es'] as const) {
      const msg = promptProblem(['yo', long], vocab, 30, tr(lang))!;
      expect(msg.length).toBeLessThan(100);
      expect(msg).toContain('x'.repeat(24) + '…');
    }
    expect(shortWord('pan')).toBe('pan');
    expect(promptProblem(['ella', 'bebe'], vocab, 30, tr('en'))).toBeNull();
    expect(promptProblem(Array(31).fill('yo'), vocab, 30, tr('en'))).toMatch(/at most 30 words/);
  });
});

describe('saved values are checked by shape', () => {
  test('an import with a value of the wrong shape names the key', () => {
    expect(entriesProblem({ 'studio:break-00:prediction': 42 })).toBe('studio:break-00:prediction');
    expect(entriesProblem({ 'studio:blind:seed': -3 })).toBe('studio:blind:seed');
    expect(entriesProblem({ 'studio:break-00:hints': 2, 'studio:break-00:prediction': { answers: { train: 'below' }, text: '', at: 'x' }, 'lesson:x': 42 })).toBeNull();
    expect(savedValueProblem('studio:blind:reveal', null)).toBeNull();
  });
  test('a reader sets a bad value aside and reports it instead of handing it on', () => {
    const m = new Map<string, unknown>([['studio:break-00:prediction', 42]]);
    const store = { get: (k: string) => m.get(k) as never, set: (k: string, v: unknown) => (v === undefined ? m.delete(k) : m.set(k, v)) };
    const bad: string[] = [];
    const read = savedReader(store, (k) => bad.push(k));
    expect(read('studio:break-00:prediction')).toBeUndefined();
    expect(bad).toEqual(['studio:break-00:prediction']);
    expect(m.get('set-aside:studio:break-00:prediction')).toBe(42);
    expect(m.has('studio:break-00:prediction')).toBe(false);
  });
});

describe('code the learner can read', () => {
  test('the header names the function the lines belong to', () => {
    expect(breakSnippet('post-softmax-mask').header!.text).toMatch(/attention_row\(/);
    expect(breakSnippet('no-mask').header!.text).toMatch(/block_mask\(/);
  });
  test('a diff line carries one marker, in the gutter', () => {
    const s = breakSnippet('no-mask');
    const el = diffView(diffOf(s, REPAIRS['no-mask'].find((r) => r.id === 'zeros')!), tr('en'));
    for (const ln of el.querySelectorAll<HTMLElement>('.ln.is-add, .ln.is-del')) {
      expect(['+', '−']).toContain(ln.dataset.mark);
      expect(ln.textContent!.replace(/^(removed|added): /, '')).not.toMatch(/^[+-] /);
    }
  });
  test('the comments the page adds to a diff are in the page’s language', () => {
    const s = breakSnippet('no-mask');
    const r = REPAIRS['no-mask'].find((x) => x.id === 'zeros')!;
    expect(diffOf(s, r, tr('es')).find((l) => l.kind === '+')!.text).toMatch(/\/\/ \(T, T\) de 0\.0f$/);
    const post = REPAIRS['post-softmax-mask'].find((x) => x.id === 'mask-before')!;
    expect(diffOf(breakSnippet('post-softmax-mask'), post, tr('es')).find((l) => l.kind === '+')!.text).toMatch(/enmascarar las puntuaciones/);
  });
});

describe('blind runs before the reveal', () => {
  const r = runWith([{ step: 0, lr: 0.01, loss: 0.5, act_rms: [], spectral: {}, dead_heads: 0, entropy_floor: 1.26 }]);
  r.brk = 'no-mask';
  test('the JSON names no engine path', () => {
    expect(JSON.parse(toJson(r, true)).brk).toBe('hidden');
    expect(JSON.parse(toJson(r)).brk).toBe('no-mask');
  });
  for (const lang of ['en', 'es'] as const)
    test(`summaries describe, they do not diagnose (${lang})`, () => {
      const open = runSummary('loss', r, tr(lang), lang);
      const blind = runSummary('loss', r, tr(lang), lang, true);
      expect(open).toMatch(lang === 'en' ? /honest/ : /honesto/);
      expect(blind).not.toMatch(/honest|floor \(|suelo \(/);
      expect(blind).toMatch(/0[.,]5/);
    });
});
