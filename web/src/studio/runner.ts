/**
 * The run manager: trains runs in the engine worker (ops in engine/ops/train.ts), streams their
 * metrics into RunRecords (reporting progress to a TrainObserver, e.g. a Dashboard), and asks the trained models for samples, attention
 * and the causality sweep. Runs live in the worker under a handle; if the worker is restarted
 * (crash, hang) the handle is gone, so the manager retrains the run from its seed (the engine
 * is deterministic) before answering.
 */
import { EngineRequestError, type EngineClient } from '../engine/client';
import type { EngineInfo } from '../engine/protocol';
import { afterNextPaint } from '../ui/dom';
import { errorText } from '../ui/errors';
import { appendSteps, type RunRecord, type StepMetrics } from './metrics';

/** What a training request streams back (PROGRESS data of the trainRun op). */
export type TrainProgress =
  | { kind: 'start'; handle: number; config: Record<string, number> }
  | { kind: 'steps'; steps: StepMetrics[] };

export interface TrainResult {
  handle: number;
  stepsDone: number;
  diverged: boolean;
  ms: number;
}

/** Who watches a run train: told when it starts, as steps arrive (rate: steps per second), and
 * when it ends (whatever the outcome). The Dashboard is one; tests can pass their own. */
export interface TrainObserver {
  started(run: RunRecord): void;
  progress(run: RunRecord, done: number, total: number, rate: number): void;
  ended(run: RunRecord): void;
}

export interface StudioInfo {
  config: Record<string, number>;
  corpus: { entropy_floor: number; vocab_size: number; vocab: string[]; [k: string]: unknown };
  engine: EngineInfo;
}

/** The causality sweep on the trained model (inference path): for each perturbed position k,
 * are the logits of every position before k bit-identical (and does something from k on move)? */
export interface CausalitySweep {
  T: number;
  /** The perturbed positions, 1..T-1. */
  ks: number[];
  ok: boolean[];
  /** max |Δ logits| at positions before k, per k (0 when identical). */
  maxDiff: number[];
  allOk: boolean;
}

export interface Sample {
  text: string;
  /** The sentence ended with <eos> and the corpus grammar can produce it. */
  grammatical: boolean;
  /** The model wrote <eos> (false: it filled the context without ending the sentence). */
  ended: boolean;
  /** Index of the first word no corpus sentence continues with; the word count when every word
   * fits but no sentence ends there; -1 for a corpus sentence. */
  refusedAt: number;
}

export interface AttentionMap {
  T: number;
  layer: number;
  head: number;
  tokens: string[];
  /** (T, T) row-major weights. */
  w: Float32Array;
}

/**
 * The studio trains with the engine's default recipe (wasm/src/model/config.h: batch 16, 300
 * steps, warmup 30, evaluation every 50): shorter recipes left the healthy model writing as few
 * corpus sentences as the broken one (docs/studio.md), and the generated text is the evidence a
 * learner reads first. Only the number of steps may be changed (a `steps=` parameter).
 */
export const STUDIO_STEPS = 300;

let nextId = 1;

interface Live {
  handle: number;
  generation: number;
}

export class RunManager {
  private live = new Map<string, Live>();
  private infoP?: Promise<StudioInfo>;

  constructor(private engine: EngineClient) {}

  info(): Promise<StudioInfo> {
    this.infoP ??= (async () => {
      const engine = await this.engine.ready;
      const r = await this.engine.run<{ config: Record<string, number>; corpus: StudioInfo['corpus'] }>('trainInfo');
      return { ...r, engine };
    })();
    this.infoP.catch(() => (this.infoP = undefined));
    return this.infoP;
  }

  /** A record for a run that has not started yet. */
  record(spec: { brk: string; seed: number; steps?: number; label: string; reference?: boolean; id?: string; maskData?: RunRecord['maskData'] }): RunRecord {
    return {
      id: spec.id ?? `run-${nextId++}`,
      label: spec.label,
      brk: spec.brk,
      seed: spec.seed >>> 0,
      steps: spec.steps ?? STUDIO_STEPS,
      config: {},
      metrics: [],
      status: 'queued',
      reference: spec.reference,
      ...(spec.maskData ? { maskData: spec.maskData } : {}),
    };
  }

  /**
   * Trains `run` from scratch (its metrics are reset), reporting to `watch`. Resolves with the
   * run when it ends (done, diverged or cancelled); throws EngineRequestError on other failures
   * (the record then has status 'error').
   */
  async train(run: RunRecord, watch: TrainObserver | null, signal?: AbortSignal): Promise<RunRecord> {
    await this.free(run);
    run.metrics = [];
    run.divergedAt = undefined;
    run.status = 'running';
    run.error = undefined;
    run.startedAt = new Date().toISOString();
    const info = await this.info().catch(() => null);
    if (info) run.engine = { version: info.engine.version, backend: info.engine.backend };
    watch?.started(run);
    const t0 = performance.now();
    let lastDone = 0;
    let lastT = t0;
    let rate = 0;
    // A run starts right after a big frame (a dashboard shown or redrawn, a run table rebuilt):
    // the worker's CPU-bound job waits until it is painted, so the two do not compete for a
    // core on a small machine, which stretched the frame (docs/performance.md).
    if (watch) await afterNextPaint();
    const generation = this.engine.generation;
    try {
      const res = await this.engine.run<TrainResult>(
        'trainRun',
        { config: { steps: run.steps }, break: run.brk, seed: run.seed, ...(run.maskData ? { maskData: run.maskData } : {}) },
        {
          signal,
          hungAfterMs: 60_000,
          onProgress: (d) => {
            const p = d as TrainProgress;
            if (p.kind === 'start') {
              run.config = p.config;
              this.live.set(run.id, { handle: p.handle, generation });
              return;
            }
            appendSteps(run, p.steps);
            const now = performance.now();
            const done = run.metrics.length;
            if (now - lastT > 250) {
              rate = ((done - lastDone) * 1000) / (now - lastT);
              lastDone = done;
              lastT = now;
            }
            watch?.progress(run, done, run.steps, rate || (done * 1000) / Math.max(1, now - t0));
          },
        },
      );
      this.live.set(run.id, { handle: res.handle, generation });
      if (run.status === 'running') run.status = res.diverged ? 'diverged' : 'done';
    } catch (e) {
      this.live.delete(run.id);
      if (e instanceof EngineRequestError && e.code === 'cancelled') run.status = 'cancelled';
      else {
        run.status = 'error';
        run.error = errorText(e);
        throw e;
      }
    } finally {
      run.elapsedMs = Math.round(performance.now() - t0);
      watch?.ended(run);
    }
    return run;
  }

  /** The run's handle in the current worker, retraining it silently if the worker was restarted. */
  private async handle(run: RunRecord): Promise<number> {
    const l = this.live.get(run.id);
    if (l && l.generation === this.engine.generation) return l.handle;
    if (run.status !== 'done' && run.status !== 'diverged') throw new EngineRequestError('engine', 'this run has not finished training');
    const copy = { ...run, metrics: [] as StepMetrics[] };
    await this.train(copy, null);
    const again = this.live.get(copy.id);
    if (!again) throw new EngineRequestError('engine', 'could not rebuild the run');
    return again.handle;
  }

  /** n sentences from the trained model; `path` says whether the KV cache or a full recompute
   * produced them (the engine samples mask breaks by full recompute, as such a model would). */
  async sample(run: RunRecord, n = 5, seed = run.seed, prompt = ''): Promise<{ samples: Sample[]; path: string }> {
    const handle = await this.handle(run);
    return this.engine.run('trainSample', { handle, n, seed, prompt });
  }

  async causality(run: RunRecord): Promise<CausalitySweep> {
    const handle = await this.handle(run);
    return this.engine.run<CausalitySweep>('trainCausality', { handle });
  }

  async attention(run: RunRecord, layer = 0, head = 0, seed = run.seed): Promise<AttentionMap> {
    const handle = await this.handle(run);
    return this.engine.run<AttentionMap>('trainAttention', { handle, layer, head, seed });
  }

  async free(run: RunRecord): Promise<void> {
    const l = this.live.get(run.id);
    this.live.delete(run.id);
    if (l && l.generation === this.engine.generation) await this.engine.run('trainFree', { handle: l.handle }).catch(() => {});
  }

  async freeAll(): Promise<void> {
    const ids = [...this.live.keys()];
    await Promise.all(ids.map((id) => this.free({ id } as RunRecord)));
  }
}
