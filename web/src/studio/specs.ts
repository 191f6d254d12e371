/**
 * The break exercises: for each engine path, what the learner predicts (multiple-choice
 * questions whose "observed" answer is computed from the run's own evidence, with the numbers
 * and the rule that settled it), which evidence the page gathers after the run, and what must
 * be green before the repair counts as proven. String ids are built from the break and the
 * question: studio.q.<break>.<question>, studio.a.<break>.<question>.<choice>,
 * studio.hint.<break>.<n>, studio.rule.<rule>.
 */
import { fmt, signature, SMOOTH, type RunRecord } from './metrics';
import type { AttentionMap, CausalitySweep, Sample } from './runner';
import type { BreakName } from './share';

/** Everything measured on one trained run. */
export interface Evidence {
  run: RunRecord;
  samples?: Sample[];
  /** 'kv_cache' or 'full_recompute': how the engine generated the samples. */
  samplePath?: string;
  sweep?: CausalitySweep;
  attention?: AttentionMap;
}

export type EvidenceKind = 'loss' | 'val' | 'samples' | 'attention' | 'sweep';

/** What the evidence says about one question: the choice a reader of the chart would give,
 * every choice that counts as right (a measurement near a cut-off accepts both sides), and the
 * rule with its numbers, shown in the verdict (string id studio.rule.<rule>). */
export interface Observation {
  answer: string;
  accept: string[];
  rule: string;
  vars: Record<string, string | number>;
}

export interface Question {
  id: string;
  choices: string[];
  /** What the evidence supports, or null when the evidence cannot say. */
  observed: (ev: Evidence, lang: string) => Observation | null;
}

export interface ExerciseSpec {
  /** Progress namespace: studio:<key>:... */
  key: string;
  brk: BreakName;
  questions: Question[];
  gather: EvidenceKind[];
  /** Number of hints (studio.hint.<brk>.1 .. n). */
  hints: number;
  /** Break 00 also offers editing the bug line by hand. */
  editLine?: boolean;
}

/** Fraction of attention weight that goes to keys after the query (j > i). */
export function futureMass(a: AttentionMap): number {
  let fut = 0;
  let all = 0;
  for (let i = 0; i < a.T; i++)
    for (let j = 0; j < a.T; j++) {
      const w = a.w[i * a.T + j];
      all += w;
      if (j > i) fut += w;
    }
  return all > 0 ? fut / all : 0;
}

/** Mean of the attention rows' sums (1 for a proper softmax over the visible keys). */
export function meanRowSum(a: AttentionMap): number {
  let s = 0;
  for (let k = 0; k < a.T * a.T; k++) s += a.w[k];
  return s / a.T;
}

/** Mean weight a query gives to its own position. */
export function meanSelfWeight(a: AttentionMap): number {
  let s = 0;
  for (let i = 0; i < a.T; i++) s += a.w[i * a.T + i];
  return s / a.T;
}

/** Ratio of the last autoregressive to teacher-forced validation loss (null if unknown). */
export function arRatio(run: RunRecord): number | null {
  const s = signature(run);
  return s.valLoss !== null && s.valLossAr !== null && s.valLoss > 0 ? s.valLossAr / s.valLoss : null;
}

const pct = (x: number, lang: string) => fmt(100 * x, lang, 2);

const trainVsFloor: Question = {
  id: 'train',
  choices: ['above', 'below', 'nan'],
  observed: ({ run }, lang): Observation | null => {
    const s = signature(run);
    if (s.divergedAt !== null) return { answer: 'nan', accept: ['nan'], rule: 'diverged', vars: { step: s.divergedAt } };
    if (s.minLossAvg === null || s.floor === null) return null;
    const answer = s.belowFloor ? 'below' : 'above';
    return { answer, accept: [answer], rule: 'floor', vars: { avg: fmt(s.minLossAvg, lang), floor: fmt(s.floor, lang), w: SMOOTH } };
  },
};

/** Gaps between teacher-forced and autoregressive validation: up to SAME apart a reader says
 * "about the same", from CLEAR apart "clearly lower"; in between both answers count. (A healthy
 * model gives the same number both ways; the breaks seen give 12 % and more, docs/studio.md.) */
export const VAL_SAME = 0.05;
export const VAL_CLEAR = 0.1;

const valGap: Question = {
  id: 'val',
  choices: ['same', 'tfLow', 'arLow'],
  observed: ({ run }, lang) => {
    const s = signature(run);
    if (s.valLoss === null || s.valLossAr === null) return null;
    const gap = Math.abs(s.valLossAr - s.valLoss) / Math.min(s.valLoss, s.valLossAr);
    const lower = s.valLossAr > s.valLoss ? 'tfLow' : 'arLow';
    const vars = { tf: fmt(s.valLoss, lang), ar: fmt(s.valLossAr, lang), gap: pct(gap, lang), same: pct(VAL_SAME, lang), clear: pct(VAL_CLEAR, lang) };
    if (gap <= VAL_SAME) return { answer: 'same', accept: ['same'], rule: 'valGap', vars };
    if (gap >= VAL_CLEAR) return { answer: lower, accept: [lower], rule: 'valGap', vars };
    return { answer: lower, accept: ['same', lower], rule: 'valGapNear', vars };
  },
};

/** Share of generated sentences the corpus grammar accepts (null before sampling). */
export function grammaticalShare(samples: Sample[] | undefined): number | null {
  if (!samples || samples.length === 0) return null;
  return samples.filter((s) => s.grammatical).length / samples.length;
}

/** Generated text: with the engine's default recipe a healthy model writes corpus sentences
 * most of the time (28–37 of 40 natively, seeds 1–3) and the broken one almost never (0–1 of
 * 40), so half is a cut-off a reader of the samples agrees with; from FLUENT_LOW to FLUENT_HIGH
 * both answers count. */
export const FLUENT_LOW = 0.3;
export const FLUENT_HIGH = 0.5;

const sampleQuality: Question = {
  id: 'sample',
  choices: ['fluent', 'broken'],
  observed: ({ samples }, lang) => {
    const share = grammaticalShare(samples);
    if (share === null) return null;
    const vars = { ok: samples!.filter((x) => x.grammatical).length, n: samples!.length, low: pct(FLUENT_LOW, lang), high: pct(FLUENT_HIGH, lang) };
    if (share >= FLUENT_HIGH) return { answer: 'fluent', accept: ['fluent'], rule: 'samples', vars };
    if (share < FLUENT_LOW) return { answer: 'broken', accept: ['broken'], rule: 'samples', vars };
    return { answer: share >= (FLUENT_LOW + FLUENT_HIGH) / 2 ? 'fluent' : 'broken', accept: ['fluent', 'broken'], rule: 'samplesNear', vars };
  },
};

const sweepPass: Question = {
  id: 'sweep',
  choices: ['pass', 'fail'],
  observed: ({ sweep }) => {
    if (!sweep) return null;
    const bad = sweep.ok.filter((x) => !x).length;
    const answer = sweep.allOk ? 'pass' : 'fail';
    return { answer, accept: [answer], rule: 'sweep', vars: { bad, n: sweep.ok.length } };
  },
};

/** Attention rows: a softmax over the visible keys sums to 1 (within 1 %). */
const rowSums: Question = {
  id: 'rows',
  choices: ['one', 'less', 'more'],
  observed: ({ attention }, lang) => {
    if (!attention) return null;
    const m = meanRowSum(attention);
    const answer = m < 0.99 ? 'less' : m > 1.01 ? 'more' : 'one';
    return { answer, accept: [answer], rule: 'rows', vars: { sum: fmt(m, lang) } };
  },
};

/** Row 0 of the attention map (the first query): all on itself, nothing, or spread out. */
const rowZero: Question = {
  id: 'self',
  choices: ['self', 'nothing', 'everything'],
  observed: ({ attention }, lang) => {
    if (!attention) return null;
    const row0 = Array.from(attention.w.subarray(0, attention.T));
    const sum = row0.reduce((a, b) => a + b, 0);
    const later = row0.slice(1).reduce((a, b) => a + b, 0);
    const answer = sum < 1e-6 ? 'nothing' : row0.slice(1).some((w) => w > 1e-6) ? 'everything' : 'self';
    return { answer, accept: [answer], rule: 'rowZero', vars: { self: fmtWeight(row0[0], lang), later: fmtWeight(later, lang) } };
  },
};

/** A weight for a sentence: "≈ 0" below 0.001 (3.21e-29 of a weight means nothing to a reader). */
export function fmtWeight(x: number, lang: string): string {
  return Math.abs(x) < 1e-3 ? '≈ 0' : fmt(x, lang);
}

export const SPECS: Record<string, ExerciseSpec> = {
  'no-mask': {
    key: 'break-00',
    brk: 'no-mask',
    questions: [trainVsFloor, valGap, sampleQuality],
    gather: ['loss', 'val', 'samples', 'attention', 'sweep'],
    hints: 3,
    editLine: true,
  },
  'post-softmax-mask': {
    key: 'break-post-softmax',
    brk: 'post-softmax-mask',
    questions: [rowSums, sweepPass, valGap],
    gather: ['loss', 'val', 'attention', 'sweep'],
    hints: 3,
  },
  'diag-blocked': {
    key: 'break-diag',
    brk: 'diag-blocked',
    questions: [rowZero, sweepPass, valGap],
    gather: ['loss', 'val', 'attention', 'sweep'],
    hints: 3,
  },
  'no-mask-at-inference': {
    key: 'break-inference',
    brk: 'no-mask-at-inference',
    questions: [
      trainVsFloor,
      valGap,
      sweepPass,
    ],
    gather: ['loss', 'val', 'samples', 'sweep'],
    hints: 3,
  },
};

/** A model that learned the corpus gets its validation loss close to the floor: healthy runs end
 * 3–6 % above it with the default recipe (docs/studio.md), a model that cannot see the current
 * token ends 50 % above or more. */
export const LEARNED = 1.1;

/** What must hold on a repaired run before the exercise is solved; every repair is judged by it. */
export interface Verdict {
  /** Changing a token never moves an output before it (the trained model, generation path). */
  sweepOk: boolean;
  /** The lowest 20-step average train loss stays above the entropy floor (no peeking). */
  aboveFloor: boolean;
  /** The last validation loss (teacher-forced) is within LEARNED of the floor. */
  learned: boolean;
  solved: boolean;
}

export function verdict(ev: Evidence): Verdict {
  const s = signature(ev.run);
  const sweepOk = !!ev.sweep && ev.sweep.allOk;
  const aboveFloor = s.divergedAt === null && s.minLossAvg !== null && s.floor !== null && !s.belowFloor;
  const learned = s.valLoss !== null && s.floor !== null && s.valLoss <= LEARNED * s.floor;
  return { sweepOk, aboveFloor, learned, solved: sweepOk && aboveFloor && learned };
}

/** The evidence that proves (or refuses) a repair: the spec's, with samples and the sweep. */
export function proofKinds(spec: ExerciseSpec): EvidenceKind[] {
  return [...new Set<EvidenceKind>([...spec.gather, 'loss', 'val', 'samples', 'sweep'])];
}
