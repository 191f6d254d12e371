/**
 * The repairs a learner can apply to a break: one right change and several plausible wrong
 * ones, each written as an edit of the real snippet (lines found by their text, so a change in
 * the engine's source that breaks an edit fails a unit test instead of showing stale code).
 * A wrong repair is refused with a hint aimed at that exact mistake.
 */
import type { BreakSnippet, CodeLine } from './code';

export interface Edit {
  /** Text that identifies one line of the snippet (compared on the trimmed line, prefix). */
  find: string;
  /** Replacement lines (empty: delete the line). Indentation is taken from the found line. A
   * line given as [code, comment] gets the comment studio.cc.<comment>, in the page's language. */
  replace: (string | [code: string, comment: string])[];
}

/** A repair; its texts are by id: studio.fix.<break>.<id> (what the change does) and
 * studio.fixwhy.<break>.<id> (what it restores, or why it is wrong). */
export interface Repair {
  id: string;
  correct: boolean;
  edits: Edit[];
}

export const REPAIRS: Record<string, Repair[]> = {
  'no-mask': [
    {
      id: 'mask-only-at-inference',
      correct: false,
      edits: [{ find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: ['if (brk_ == Break::no_mask && pass == Pass::train) M = nullptr;'] }],
    },
    {
      id: 'zeros',
      correct: false,
      edits: [
        { find: 'const float* M = mask_.data();', replace: [['const float* M = zeros_.data();', 'zeros']] },
        { find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: [] },
      ],
    },
    {
      id: 'delete-switch',
      correct: true,
      edits: [{ find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: [] }],
    },
    {
      id: 'transposed',
      correct: false,
      edits: [
        { find: 'const float* M = mask_.data();', replace: [['const float* M = mask_transposed_.data();', 'transposed']] },
        { find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: [] },
      ],
    },
  ],
  'post-softmax-mask': [
    {
      id: 'multiply-scores',
      correct: false,
      edits: [
        { find: 'if (mrow && !post_softmax)', replace: [['if (mrow)', 'zeroFuture']] },
        { find: 'for (int j = 0; j < nk; ++j) p[j] += mrow[j];', replace: ['for (int j = 0; j < nk; ++j) p[j] *= mrow[j] == 0.0f ? 1.0f : 0.0f;'] },
        { find: 'if (mrow && post_softmax)', replace: [] },
        { find: 'for (int j = 0; j < nk; ++j) w[j] = mrow[j] == 0.0f ? p[j] : 0.0f;', replace: [] },
      ],
    },
    {
      id: 'mask-before',
      correct: true,
      edits: [
        { find: 'if (mrow && !post_softmax)', replace: [['if (mrow)', 'maskThenSoftmax']] },
        { find: 'if (mrow && post_softmax)', replace: [] },
        { find: 'for (int j = 0; j < nk; ++j) w[j] = mrow[j] == 0.0f ? p[j] : 0.0f;', replace: [] },
      ],
    },
    {
      id: 'drop-post',
      correct: false,
      edits: [
        { find: 'if (mrow && post_softmax)', replace: [] },
        { find: 'for (int j = 0; j < nk; ++j) w[j] = mrow[j] == 0.0f ? p[j] : 0.0f;', replace: [] },
      ],
    },
  ],
  'diag-blocked': [
    {
      id: 'row-zero-only',
      correct: false,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: ['if (brk == Break::diag_blocked) visible = j < i || (i == 0 && j == 0);'] }],
    },
    {
      id: 'plus-one',
      correct: false,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: ['if (brk == Break::diag_blocked) visible = j < i + 2;'] }],
    },
    {
      id: 'delete-switch',
      correct: true,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: [] }],
    },
  ],
  'no-mask-at-inference': [
    {
      id: 'delete-switch',
      correct: true,
      edits: [
        { find: 'if (pass == Pass::infer && brk_ == Break::no_mask_at_inference)', replace: [] },
        { find: 'M = nullptr;  // BUG', replace: [] },
      ],
    },
    {
      id: 'train-pass',
      correct: false,
      edits: [{ find: 'if (pass == Pass::infer && brk_ == Break::no_mask_at_inference)', replace: ['if (pass == Pass::train && brk_ == Break::no_mask_at_inference)'] }],
    },
    {
      id: 'cache-only',
      correct: false,
      edits: [
        { find: 'M = nullptr;  // BUG', replace: [['M = nullptr;', 'cacheOnly']] },
      ],
    },
  ],
};

export type DiffLine = { kind: ' ' | '-' | '+'; n: number | null; text: string };

function indentOf(s: string): string {
  return /^\s*/.exec(s)![0];
}

/** Finds the line an edit targets; throws when the source no longer has it. */
export function findLine(lines: CodeLine[], find: string): number {
  const i = lines.findIndex((l) => l.text.trim().startsWith(find));
  if (i < 0) throw new Error(`repair edit does not match the source: "${find}"`);
  return i;
}

/** The snippet with the repair applied, as a unified diff (context lines included); comments
 * the page adds are written by `t` in the page's language. */
export function diffOf(snippet: BreakSnippet, repair: Repair, t: (id: string) => string = (id) => id): DiffLine[] {
  const byLine = new Map<number, Edit>();
  for (const e of repair.edits) byLine.set(findLine(snippet.lines, e.find), e);
  const out: DiffLine[] = [];
  snippet.lines.forEach((l, i) => {
    const e = byLine.get(i);
    if (!e) return void out.push({ kind: ' ', n: l.n, text: l.text });
    out.push({ kind: '-', n: l.n, text: l.text });
    for (const r of e.replace) out.push({ kind: '+', n: null, text: indentOf(l.text) + (typeof r === 'string' ? r : `${r[0]}  // ${t(`studio.cc.${r[1]}`)}`) });
  });
  return out;
}

/**
 * Break 00 also lets the learner edit the bug line by hand. Returns 'right' when the edited
 * line makes every block receive the causal mask, otherwise the id of a targeted hint.
 */
export function judgeNoMaskEdit(line: string): 'right' | 'still-null' | 'pass-only' | 'zeros' | 'unknown' {
  const code = line.replace(/\/\/.*$/, '').replace(/\s+/g, '');
  if (code === '' || code === ';') return 'right';
  if (/pass==Pass::(train|infer)|Pass::/.test(code)) return 'pass-only';
  if (code.includes('nullptr') || /M=0;|M=NULL;/.test(code)) return 'still-null';
  if (/zeros|0\.0f\)|fill/.test(code)) return 'zeros';
  // "M = mask_.data();", with or without the if: the blocks get the mask.
  if (/^(if\(brk_==Break::no_mask\))?M=mask_\.data\(\);$/.test(code)) return 'right';
  return 'unknown';
}
