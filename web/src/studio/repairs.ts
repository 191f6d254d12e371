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
  /** Replacement lines (empty: delete the line). Indentation is taken from the found line. */
  replace: string[];
}

export interface Repair {
  id: string;
  correct: boolean;
  edits: Edit[];
  /** String id: one sentence saying what the change does (shown with the diff). */
  label: string;
  /** String id: why it is refused (wrong repairs) or what it restores (the right one). */
  feedback: string;
}

export const REPAIRS: Record<string, Repair[]> = {
  'no-mask': [
    {
      id: 'mask-only-at-inference',
      correct: false,
      edits: [{ find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: ['if (brk_ == Break::no_mask && pass == Pass::train) M = nullptr;'] }],
      label: 'studio.fix.noMask.inferOnly',
      feedback: 'studio.fix.noMask.inferOnly.why',
    },
    {
      id: 'zeros',
      correct: false,
      edits: [
        { find: 'const float* M = mask_.data();', replace: ['const float* M = zeros_.data();  // (T, T) of 0.0f'] },
        { find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: [] },
      ],
      label: 'studio.fix.noMask.zeros',
      feedback: 'studio.fix.noMask.zeros.why',
    },
    {
      id: 'delete-switch',
      correct: true,
      edits: [{ find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: [] }],
      label: 'studio.fix.noMask.right',
      feedback: 'studio.fix.noMask.right.why',
    },
    {
      id: 'transposed',
      correct: false,
      edits: [
        { find: 'const float* M = mask_.data();', replace: ['const float* M = mask_transposed_.data();  // M[j*T+i]'] },
        { find: 'if (brk_ == Break::no_mask) M = nullptr;', replace: [] },
      ],
      label: 'studio.fix.noMask.transposed',
      feedback: 'studio.fix.noMask.transposed.why',
    },
  ],
  'post-softmax-mask': [
    {
      id: 'multiply-scores',
      correct: false,
      edits: [
        { find: 'if (mrow && !post_softmax)', replace: ['if (mrow)  // zero the future scores'] },
        { find: 'for (int j = 0; j < nk; ++j) p[j] += mrow[j];', replace: ['for (int j = 0; j < nk; ++j) p[j] *= mrow[j] == 0.0f ? 1.0f : 0.0f;'] },
        { find: 'if (mrow && post_softmax)', replace: [] },
        { find: 'for (int j = 0; j < nk; ++j) w[j] = mrow[j] == 0.0f ? p[j] : 0.0f;', replace: [] },
      ],
      label: 'studio.fix.post.multiply',
      feedback: 'studio.fix.post.multiply.why',
    },
    {
      id: 'mask-before',
      correct: true,
      edits: [
        { find: 'if (mrow && !post_softmax)', replace: ['if (mrow)  // mask the scores, then softmax'] },
        { find: 'if (mrow && post_softmax)', replace: [] },
        { find: 'for (int j = 0; j < nk; ++j) w[j] = mrow[j] == 0.0f ? p[j] : 0.0f;', replace: [] },
      ],
      label: 'studio.fix.post.right',
      feedback: 'studio.fix.post.right.why',
    },
    {
      id: 'drop-post',
      correct: false,
      edits: [
        { find: 'if (mrow && post_softmax)', replace: [] },
        { find: 'for (int j = 0; j < nk; ++j) w[j] = mrow[j] == 0.0f ? p[j] : 0.0f;', replace: [] },
      ],
      label: 'studio.fix.post.dropPost',
      feedback: 'studio.fix.post.dropPost.why',
    },
  ],
  'diag-blocked': [
    {
      id: 'row-zero-only',
      correct: false,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: ['if (brk == Break::diag_blocked) visible = j < i || (i == 0 && j == 0);'] }],
      label: 'studio.fix.diag.rowZero',
      feedback: 'studio.fix.diag.rowZero.why',
    },
    {
      id: 'plus-one',
      correct: false,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: ['if (brk == Break::diag_blocked) visible = j < i + 2;'] }],
      label: 'studio.fix.diag.plusOne',
      feedback: 'studio.fix.diag.plusOne.why',
    },
    {
      id: 'delete-switch',
      correct: true,
      edits: [{ find: 'if (brk == Break::diag_blocked) visible = j < i;', replace: [] }],
      label: 'studio.fix.diag.right',
      feedback: 'studio.fix.diag.right.why',
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
      label: 'studio.fix.infer.right',
      feedback: 'studio.fix.infer.right.why',
    },
    {
      id: 'train-pass',
      correct: false,
      edits: [{ find: 'if (pass == Pass::infer && brk_ == Break::no_mask_at_inference)', replace: ['if (pass == Pass::train && brk_ == Break::no_mask_at_inference)'] }],
      label: 'studio.fix.infer.trainPass',
      feedback: 'studio.fix.infer.trainPass.why',
    },
    {
      id: 'cache-only',
      correct: false,
      edits: [
        { find: 'M = nullptr;  // BUG', replace: ['M = nullptr;  // evaluate with kv_step() only, never with forward()'] },
      ],
      label: 'studio.fix.infer.cacheOnly',
      feedback: 'studio.fix.infer.cacheOnly.why',
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

/** The snippet with the repair applied, as a unified diff (context lines included). */
export function diffOf(snippet: BreakSnippet, repair: Repair): DiffLine[] {
  const byLine = new Map<number, Edit>();
  for (const e of repair.edits) byLine.set(findLine(snippet.lines, e.find), e);
  const out: DiffLine[] = [];
  snippet.lines.forEach((l, i) => {
    const e = byLine.get(i);
    if (!e) return void out.push({ kind: ' ', n: l.n, text: l.text });
    out.push({ kind: '-', n: l.n, text: l.text });
    for (const r of e.replace) out.push({ kind: '+', n: null, text: indentOf(l.text) + r });
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
