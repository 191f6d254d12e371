/**
 * The break exercises: for each engine path, what the learner predicts (multiple-choice
 * questions whose "observed" answer is computed from the run's own evidence), which evidence
 * the page gathers after the run, and what must be green before the repair counts as proven.
 * String ids are built from the keys: studio.q.<question>, studio.a.<question>.<choice>,
 * studio.hint.<exercise>.<n>.
 */
import { signature, type RunRecord } from './metrics';
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

export interface Question {
  id: string;
  choices: string[];
  /** The choice the evidence supports, or null when the evidence cannot say. */
  observed?: (ev: Evidence) => string | null;
}

export interface ExerciseSpec {
  /** Progress namespace: studio:<key>:... */
  key: string;
  brk: BreakName;
  questions: Question[];
  gather: EvidenceKind[];
  /** Number of hints (studio.hint.<key>.1 .. n). */
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

const trainVsFloor: Question = {
  id: 'train',
  choices: ['above', 'below', 'nan'],
  observed: ({ run }) => {
    const s = signature(run);
    if (s.divergedAt !== null) return 'nan';
    if (s.minLossAvg === null || s.floor === null) return null;
    return s.belowFloor ? 'below' : 'above';
  },
};

/** Teacher-forced vs autoregressive validation: within 3 % either way counts as "about the
 * same" (a healthy model gives exactly the same number both ways). */
const valGap: Question = {
  id: 'val',
  choices: ['same', 'tfLow', 'arLow'],
  observed: ({ run }) => {
    const r = arRatio(run);
    if (r === null) return null;
    return r > 1.03 ? 'tfLow' : r < 1 / 1.03 ? 'arLow' : 'same';
  },
};

/** Share of generated sentences the corpus grammar accepts (null before sampling). */
export function grammaticalShare(samples: Sample[] | undefined): number | null {
  if (!samples || samples.length === 0) return null;
  return samples.filter((s) => s.grammatical).length / samples.length;
}

/** Generated text: left to the learner's judgement (a short run's healthy model also makes
 * mistakes, so a threshold on the grammatical share would not separate the two). */
const sampleQuality: Question = { id: 'sample', choices: ['fluent', 'broken'] };

const sweepPass: Question = {
  id: 'sweep',
  choices: ['pass', 'fail'],
  observed: ({ sweep }) => (sweep ? (sweep.allOk ? 'pass' : 'fail') : null),
};

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
    questions: [
      {
        id: 'rows',
        choices: ['one', 'less', 'more'],
        observed: ({ attention }) => {
          if (!attention) return null;
          const m = meanRowSum(attention);
          return m < 0.99 ? 'less' : m > 1.01 ? 'more' : 'one';
        },
      },
      sweepPass,
      valGap,
    ],
    gather: ['loss', 'val', 'attention', 'sweep'],
    hints: 3,
  },
  'diag-blocked': {
    key: 'break-diag',
    brk: 'diag-blocked',
    questions: [
      {
        id: 'self',
        choices: ['self', 'nothing', 'everything'],
        observed: ({ attention }) => {
          if (!attention) return null;
          const row0 = Array.from(attention.w.subarray(0, attention.T));
          const sum = row0.reduce((a, b) => a + b, 0);
          if (sum < 1e-6) return 'nothing';
          return row0.slice(1).some((w) => w > 1e-6) ? 'everything' : 'self';
        },
      },
      sweepPass,
      valGap,
    ],
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

/** What must hold on the repaired run before the exercise is solved. */
export interface Verdict {
  sweepOk: boolean;
  aboveFloor: boolean;
  solved: boolean;
}

export function verdict(ev: Evidence): Verdict {
  const s = signature(ev.run);
  const sweepOk = !!ev.sweep && ev.sweep.allOk;
  const aboveFloor = s.divergedAt === null && s.minLossAvg !== null && s.floor !== null && !s.belowFloor;
  return { sweepOk, aboveFloor, solved: sweepOk && aboveFloor && ev.run.brk === 'healthy' };
}
