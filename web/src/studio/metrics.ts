/**
 * The per-step metrics line the engine writes (er_run_step), the record the studio keeps for
 * one training run, and pure functions over them: the signature numbers a learner compares,
 * CSV/JSON export. No DOM here, so it is unit-tested directly.
 */
import type { MaskData } from '../engine/ops/maskdata';
import { toCsv as csvText } from '../ui/download';

/** One optimizer step, as the engine reports it. Non-finite numbers arrive as null. */
export interface StepMetrics {
  step: number;
  lr: number;
  /** Mean train cross-entropy of this step's batch (nats). */
  loss: number | null;
  grad_norm_pre_clip: number | null;
  grad_norm_post_clip: number | null;
  /** RMS of each block's output, then of the final LayerNorm's output. */
  act_rms: (number | null)[];
  /** Largest singular value of each weight matrix, by tensor name. */
  spectral: Record<string, number | null>;
  dead_heads: number;
  /** Only on eval steps: teacher-forced and autoregressive validation loss, corpus floor. */
  val_loss?: number | null;
  val_loss_ar?: number | null;
  entropy_floor?: number | null;
  diverged?: boolean;
}

export type RunStatus = 'queued' | 'running' | 'done' | 'diverged' | 'cancelled' | 'error';

/** Everything the studio knows about one run; `metrics` is exactly what the page received. */
export interface RunRecord {
  /** Unique within the page. */
  id: string;
  /** What the learner sees ("healthy", "01", ...). */
  label: string;
  /** Engine path (break name). Hidden from the UI of blind runs until the reveal. */
  brk: string;
  seed: number;
  steps: number;
  /** Effective configuration the engine used (its JSON, parsed). */
  config: Record<string, number>;
  metrics: StepMetrics[];
  status: RunStatus;
  /** Step at which the engine reported divergence. */
  divergedAt?: number;
  /** Corpus entropy floor in nats per token (from the engine). */
  entropyFloor?: number;
  engine?: { version: string; backend: string };
  startedAt?: string;
  elapsedMs?: number;
  /** Masks given as data (a repair under test): they replace the engine path's masks. */
  maskData?: MaskData;
  /** A reference run is drawn in grey behind the others (e.g. the healthy baseline). */
  reference?: boolean;
  error?: string;
}

/** null, NaN and ±Infinity are all "not a finite number". */
export function finite(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Parses one metrics line; the engine writes strict JSON (non-finite numbers as null). */
export function parseStep(line: string | object): StepMetrics {
  const o = (typeof line === 'string' ? JSON.parse(line) : line) as Partial<StepMetrics>;
  if (typeof o.step !== 'number') throw new Error('metrics line without a step');
  return {
    step: o.step,
    lr: typeof o.lr === 'number' ? o.lr : NaN,
    loss: o.loss ?? null,
    grad_norm_pre_clip: o.grad_norm_pre_clip ?? null,
    grad_norm_post_clip: o.grad_norm_post_clip ?? null,
    act_rms: Array.isArray(o.act_rms) ? o.act_rms : [],
    spectral: o.spectral && typeof o.spectral === 'object' ? o.spectral : {},
    dead_heads: typeof o.dead_heads === 'number' ? o.dead_heads : 0,
    ...('val_loss' in o ? { val_loss: o.val_loss ?? null } : {}),
    ...('val_loss_ar' in o ? { val_loss_ar: o.val_loss_ar ?? null } : {}),
    ...('entropy_floor' in o ? { entropy_floor: o.entropy_floor ?? null } : {}),
    ...(o.diverged ? { diverged: true } : {}),
  };
}

/** Appends steps to a run, keeping its status and the divergence step up to date. */
export function appendSteps(run: RunRecord, steps: StepMetrics[]): void {
  for (const s of steps) {
    const last = run.metrics[run.metrics.length - 1];
    if (last && s.step <= last.step) continue; // the engine repeats the diverged line: keep one
    run.metrics.push(s);
    if (finite(s.entropy_floor)) run.entropyFloor = s.entropy_floor;
    if (s.diverged && run.divergedAt === undefined) {
      run.divergedAt = s.step;
      run.status = 'diverged';
    }
  }
}

/** Names of the act_rms entries: "block 0", ..., "final LN" (labels come from the caller). */
export function actRmsCount(run: RunRecord): number {
  return run.metrics.reduce((n, m) => Math.max(n, m.act_rms.length), 0);
}

export function spectralNames(run: RunRecord): string[] {
  const seen = new Set<string>();
  for (const m of run.metrics) for (const k of Object.keys(m.spectral)) seen.add(k);
  return [...seen];
}

/** The numbers that tell the failures apart, measured on one run. */
export interface Signature {
  /** Activation RMS of block 0's output and of the final LayerNorm at step 0. */
  actRms0: number | null;
  actRmsLast0: number | null;
  /** Largest pre-clip gradient norm and its step. */
  maxGradPre: number | null;
  maxGradPreStep: number | null;
  /** Learning rate of the first step. */
  lr0: number | null;
  /** Lowest finite train loss (one batch) and its step; the corpus floor. */
  minLoss: number | null;
  minLossStep: number | null;
  /** Lowest average of the train loss over SMOOTH consecutive steps (one batch is noisy: a
   * healthy model's batch can dip under the floor by chance, its average cannot). */
  minLossAvg: number | null;
  floor: number | null;
  /** minLossAvg < floor: the model does better than any honest predictor can. */
  belowFloor: boolean;
  /** Last evaluation: teacher-forced and autoregressive validation loss. */
  valLoss: number | null;
  valLossAr: number | null;
  /** Dead heads at step 0, at the last step, and the most at any step. */
  dead0: number | null;
  deadLast: number | null;
  deadMax: number | null;
  /** Largest spectral norm at step 0 and at the end. */
  spectral0: number | null;
  spectralLast: number | null;
  divergedAt: number | null;
  stepsDone: number;
}

function maxOf(xs: (number | null | undefined)[]): number | null {
  let best: number | null = null;
  for (const x of xs) if (finite(x) && (best === null || x > best)) best = x;
  return best;
}

/** Window of the smoothed train loss used against the entropy floor. */
export const SMOOTH = 20;

/** Lowest mean of `w` consecutive finite values (all of them when there are fewer). */
export function minWindowMean(xs: (number | null)[], w = SMOOTH): number | null {
  const v = xs.filter(finite);
  if (v.length === 0) return null;
  const k = Math.min(w, v.length);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += v[i];
  let best = sum / k;
  for (let i = k; i < v.length; i++) {
    sum += v[i] - v[i - k];
    best = Math.min(best, sum / k);
  }
  return best;
}

export function signature(run: RunRecord): Signature {
  const ms = run.metrics;
  const first = ms[0];
  const last = ms[ms.length - 1];
  let maxGradPre: number | null = null;
  let maxGradPreStep: number | null = null;
  let minLoss: number | null = null;
  let minLossStep: number | null = null;
  let deadMax: number | null = null;
  let valLoss: number | null = null;
  let valLossAr: number | null = null;
  for (const m of ms) {
    if (finite(m.grad_norm_pre_clip) && (maxGradPre === null || m.grad_norm_pre_clip > maxGradPre))
      (maxGradPre = m.grad_norm_pre_clip), (maxGradPreStep = m.step);
    if (finite(m.loss) && (minLoss === null || m.loss < minLoss)) (minLoss = m.loss), (minLossStep = m.step);
    if (finite(m.dead_heads) && (deadMax === null || m.dead_heads > deadMax)) deadMax = m.dead_heads;
    if (m.val_loss !== undefined || m.val_loss_ar !== undefined) {
      valLoss = finite(m.val_loss) ? m.val_loss : null;
      valLossAr = finite(m.val_loss_ar) ? m.val_loss_ar : null;
    }
  }
  const floor = finite(run.entropyFloor) ? run.entropyFloor : null;
  const minLossAvg = minWindowMean(ms.map((m) => m.loss));
  const firstAct = first?.act_rms ?? [];
  return {
    actRms0: finite(firstAct[0]) ? firstAct[0] : null,
    actRmsLast0: finite(firstAct[firstAct.length - 1]) ? firstAct[firstAct.length - 1] : null,
    maxGradPre,
    maxGradPreStep,
    lr0: first && finite(first.lr) ? first.lr : null,
    minLoss,
    minLossStep,
    minLossAvg,
    floor,
    belowFloor: minLossAvg !== null && floor !== null && minLossAvg < floor,
    valLoss,
    valLossAr,
    dead0: first ? first.dead_heads : null,
    deadLast: last ? last.dead_heads : null,
    deadMax,
    spectral0: first ? maxOf(Object.values(first.spectral)) : null,
    spectralLast: last ? maxOf(Object.values(last.spectral)) : null,
    divergedAt: run.divergedAt ?? null,
    stepsDone: ms.length,
  };
}

/** CSV rows of one run: a header, then one row per step; empty cells for values the step does
 * not have, NaN for a value the engine reported as not finite. */
export function csvRows(run: RunRecord): string[][] {
  const nAct = actRmsCount(run);
  const names = spectralNames(run);
  const head = ['step', 'lr', 'loss', 'grad_norm_pre_clip', 'grad_norm_post_clip'];
  for (let i = 0; i < nAct; i++) head.push(i === nAct - 1 ? 'act_rms_ln_f' : `act_rms_block${i}`);
  for (const n of names) head.push(`spectral_${n}`);
  head.push('dead_heads', 'val_loss', 'val_loss_ar', 'entropy_floor', 'diverged');
  const cell = (x: number | null | undefined) => (x === undefined ? '' : x === null ? 'NaN' : String(x));
  const rows = [head];
  for (const m of run.metrics) {
    const r = [cell(m.step), cell(m.lr), cell(m.loss), cell(m.grad_norm_pre_clip), cell(m.grad_norm_post_clip)];
    for (let i = 0; i < nAct; i++) r.push(cell(m.act_rms[i]));
    for (const n of names) r.push(cell(m.spectral[n]));
    r.push(cell(m.dead_heads), cell(m.val_loss), cell(m.val_loss_ar), cell(m.entropy_floor), m.diverged ? '1' : '0');
    rows.push(r);
  }
  return rows;
}

/** CSV of one run (the site's one CSV dialect, ui/download.ts). */
export const toCsv = (run: RunRecord): string => csvText(csvRows(run));

/** JSON export of one run: the record minus UI-only fields. A blind run before the reveal
 * (`hideBreak`) says which run it is, not which engine path trained it. */
export function toJson(run: RunRecord, hideBreak = false): string {
  const { reference: _r, ...rest } = run;
  return JSON.stringify(hideBreak ? { ...rest, brk: 'hidden' } : rest, null, 1);
}

/** A short number for read-outs and summaries: 3 significant digits, locale decimal mark. */
export function fmt(x: number | null | undefined, lang: string, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) {
    const [m, e] = x.toExponential(digits - 1).split('e');
    return `${numberFormat(lang, 0).format(Number(m))}e${Number(e)}`;
  }
  return numberFormat(lang, digits).format(x);
}

// Creating an Intl.NumberFormat costs far more than using one, and the charts format every tick
// label on every frame: keep one per (language, significant digits); 0 = default options.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: string, digits: number): Intl.NumberFormat {
  const key = `${lang}/${digits}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(lang, digits ? { maximumSignificantDigits: digits } : undefined)));
  return f;
}
