/**
 * Prompt the trained models: the learner types the start of a sentence and the repaired and the
 * broken model continue it side by side, each sample marked where the corpus grammar refuses it.
 * The input is normalised the way the corpus is written (lower case, no punctuation: "Ella",
 * "zumo." are fine); a word the vocabulary lacks is refused by name, shortened if it is long.
 */
import { h } from '../ui/dom';
import type { StatusLine } from '../ui/status';
import { sampleItem } from './evidence';
import type { RunRecord } from './metrics';
import type { RunManager } from './runner';
import type { Translate } from './summaries';
import { guard } from './ui';

const PROMPT_SAMPLES = 5;
const MAX_SHOWN = 24;

/** Lower case, punctuation dropped, spaces collapsed: the words as the corpus writes them. */
export function normalizePrompt(text: string, lang: string): string[] {
  return text.toLocaleLowerCase(lang).replace(/[.,;:!?¡¿"'«»“”‘’()[\]{}…-]+/g, ' ').split(/\s+/).filter(Boolean);
}

/** A word for a message: long ones are cut, so a pasted page is never echoed whole. */
export function shortWord(w: string): string {
  const chars = [...w];
  return chars.length > MAX_SHOWN ? chars.slice(0, MAX_SHOWN).join('') + '…' : w;
}

/** The refusal for these words, or null if the engine can continue them. */
export function promptProblem(words: string[], vocab: ReadonlySet<string>, maxWords: number, t: Translate): string | null {
  const unknown = words.find((w) => !vocab.has(w));
  if (unknown !== undefined) return t('studio.prompt.unknown', { word: shortWord(unknown) });
  if (words.length > maxWords) return t('studio.prompt.tooLong', { max: maxWords });
  return null;
}

export function promptBox(mgr: RunManager, runs: () => { fixed: RunRecord | null; broken: RunRecord | null }, status: StatusLine, t: Translate, lang: string, name: string): HTMLElement {
  const id = `${name}-prompt`;
  const input = h('input', { type: 'text', id, value: 'Ella', spellcheck: false, attrs: { autocomplete: 'off', maxlength: '2000' } });
  const btn = h('button', { type: 'button', className: 'btn', textContent: t('studio.prompt.go') });
  const msg = h('p', { className: 'st-bad', attrs: { role: 'status', 'aria-live': 'polite' } });
  const out = h('div', { className: 'st-prompt-grid', attrs: { 'aria-live': 'polite' } });
  const box = h('div', { className: 'st-prompt' },
    h('h4', { textContent: t('studio.prompt.title') }),
    h('p', { className: 'st-note', textContent: t('studio.prompt.intro') }),
    h('label', { htmlFor: id, textContent: t('studio.prompt.label') }),
    h('div', { className: 'st-row' }, input, btn), msg, out);
  const go = async () => {
    const info = await mgr.info().catch(() => null);
    if (!info) return;
    const words = normalizePrompt(input.value, lang);
    const problem = promptProblem(words, new Set(info.corpus.vocab), info.config.block_size - 2, t);
    msg.textContent = problem ?? '';
    if (problem) return input.focus();
    const { fixed, broken } = runs();
    const cols: HTMLElement[] = [];
    btn.disabled = true;
    try {
      for (const [run, label] of [[fixed, t('studio.prompt.fixed')], [broken, t('studio.prompt.broken')]] as const) {
        if (!run) continue;
        const got = await guard(status, () => mgr.sample(run, PROMPT_SAMPLES, run.seed, words.join(' ')));
        if (!got) return;
        cols.push(h('div', { attrs: { 'data-run': run.brk, 'data-grammatical': String(got.samples.filter((s) => s.grammatical).length) } },
          h('h5', { textContent: label }),
          h('ol', { className: 'st-samples' }, ...got.samples.map((s) => sampleItem(s, t)))));
      }
      out.replaceChildren(...cols);
      out.dataset.prompt = words.join(' ');
    } finally {
      btn.disabled = false;
    }
  };
  btn.addEventListener('click', () => void go());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') void go();
  });
  return box;
}
