/**
 * manifest.json of one run: enough to know what was run and to run it again (date, seed,
 * break, config, engine version and backend, share link) plus a summary of what it measured.
 */
import { signature, type RunRecord } from './metrics';

export interface Manifest {
  kind: 'exam-rule-run';
  date: string;
  label: string;
  break: string;
  seed: number;
  steps_requested: number;
  steps_done: number;
  status: string;
  config: Record<string, number>;
  engine: { version: string; backend: string } | null;
  share_link: string | null;
  results: ReturnType<typeof signature> & { final_loss: number | null };
}

export function manifestOf(run: RunRecord, shareLink: string | null, now = new Date()): Manifest {
  const last = run.metrics[run.metrics.length - 1];
  return {
    kind: 'exam-rule-run',
    date: now.toISOString(),
    label: run.label,
    break: run.brk,
    seed: run.seed,
    steps_requested: run.steps,
    steps_done: run.metrics.length,
    status: run.status,
    config: run.config,
    engine: run.engine ?? null,
    share_link: shareLink,
    results: { ...signature(run), final_loss: last?.loss ?? null },
  };
}
