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

/**
 * The attention mask a repaired engine would use, by position pattern (query i, key j):
 * causal j <= i; none (every key visible, or a mask of zeros); transposed j >= i; rowZero j < i
 * plus (0, 0); plusOne j <= i + 1; multiply: the scores multiplied by the 0/1 causal triangle
 * (a hidden score becomes 0, not -inf, so exp(0) = 1 still reaches it).
 */
export type MaskKind = 'causal' | 'none' | 'transposed' | 'rowZero' | 'plusOne' | 'multiply';

/** What a repair does to the masks of training and of generation (evaluation, sampling, the sweep). */
export interface RepairMasks {
  train: MaskKind;
  generate: MaskKind;
}

/** A repair; its texts are by id: studio.fix.<break>.<id> (what the change does) and
 * studio.fixwhy.<break>.<id> (what it restores, or why it is wrong). Every repair is run: the
 * engine trains with the masks it produces and the evidence decides (exercise.ts). */
export interface Repair {
  id: string;
  correct: boolean;
  edits: Edit[];
  masks: RepairMasks;
}

const both = (k: MaskKind): RepairMasks => ({ train: k, generate: k });

export const REPAIRS: Record<string, Repair[]> = {
  'no-mask': [
    {
      id: 'mask-only-at-inference',
      masks: { train: 'none', generate: 'causal' },
      correct: false,
      edits: [{ find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: ['if (brk_ == Break::no_mask && pass == Pass::train) M = nullptr;'] }],
    },
    {
      id: 'zeros',
      masks: both('none'),
      correct: false,
      edits: [
        { find: 'const float* M = mask_.data();', replace: [['const float* M = zeros_.data();', 'zeros']] },
        { find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: [] },
      ],
    },
    {
      id: 'delete-switch',
      masks: both('causal'),
      correct: true,
      edits: [{ find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: [] }],
    },
    {
      id: 'transposed',
      masks: both('transposed'),
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
      masks: both('multiply'),
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
      masks: both('causal'),
      correct: true,
      edits: [
        { find: 'if (mrow && !post_softmax)', replace: [['if (mrow)', 'maskThenSoftmax']] },
        { find: 'if (mrow && post_softmax)', replace: [] },
        { find: 'for (int j = 0; j < nk; ++j) w[j] = mrow[j] == 0.0f ? p[j] : 0.0f;', replace: [] },
      ],
    },
    {
      id: 'drop-post',
      masks: both('none'),
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
      masks: both('rowZero'),
      correct: false,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: ['if (brk == Break::diag_blocked) visible = j < i || (i == 0 && j == 0);'] }],
    },
    {
      id: 'plus-one',
      masks: both('plusOne'),
      correct: false,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: ['if (brk == Break::diag_blocked) visible = j < i + 2;'] }],
    },
    {
      id: 'delete-switch',
      masks: both('causal'),
      correct: true,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: [] }],
    },
  ],
  'no-mask-at-inference': [
    {
      id: 'delete-switch',
      masks: both('causal'),
      correct: true,
      edits: [
        { find: 'if (pass == Pass::infer && brk_ == Break::no_mask_at_inference)', replace: [] },
        { find: 'M = nullptr;  // BUG', replace: [] },
      ],
    },
    {
      id: 'train-pass',
      masks: { train: 'none', generate: 'causal' },
      correct: false,
      edits: [{ find: 'if (pass == Pass::infer && brk_ == Break::no_mask_at_inference)', replace: ['if (pass == Pass::train && brk_ == Break::no_mask_at_inference)'] }],
    },
    {
      id: 'cache-only',
      masks: { train: 'causal', generate: 'none' },
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

/** Break 00's hand edit, as the masks it would produce (null: not a change the page can run). */
export function editMasks(line: string): RepairMasks | null {
  const v = judgeNoMaskEdit(line);
  if (v === 'right') return both('causal');
  if (v === 'still-null' || v === 'zeros') return both('none');
  if (v === 'pass-only') return /Pass::train/.test(line) ? { train: 'none', generate: 'causal' } : { train: 'causal', generate: 'none' };
  return null;
}
