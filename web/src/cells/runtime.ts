/**
 * The page's side of the Python worker (python-worker.ts): one worker per page, created when a
 * learner first runs a cell. A run that takes longer than RUN_LIMIT_S (an endless loop, a huge
 * allocation) is stopped by terminating the worker; the next run starts a fresh one (from the
 * service worker's cache, so it is quick and works offline).
 */
export const RUN_LIMIT_S = 15;

export interface CellFrame {
  line: number;
  name: string;
  text: string;
}
export interface CellResult {
  stdout: string;
  error: { frames: CellFrame[]; message: string; line: number | null } | null;
  verdict: 'pass' | 'fail' | 'error';
  feedback: { id: string; params: Record<string, string | number> }[];
  table: Record<string, string>[] | null;
}
export type RunOutcome =
  | { kind: 'result'; result: CellResult; ms: number }
  | { kind: 'timeout' }
  | { kind: 'failed'; reason: 'offline' | 'load' };

export interface RunHooks {
  onLoading?(loaded: number, total: number): void;
  onRunning?(): void;
}

type Msg =
  | { type: 'progress'; loaded: number; total: number }
  | { type: 'ready'; ms: number }
  | { type: 'result'; id: number; result: CellResult; ms: number }
  | { type: 'failed'; id: number; reason: 'offline' | 'load' };

export class PythonRuntime {
  private worker: Worker | null = null;
  private started = false;
  private nextId = 0;

  constructor(private readonly base: string) {}

  run(code: string, cell: string, hooks: RunHooks = {}): Promise<RunOutcome> {
    const worker = (this.worker ??= new Worker(new URL('./python-worker.ts', import.meta.url), { type: 'module' }));
    const id = ++this.nextId;
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        hooks.onRunning?.();
        timer = setTimeout(() => {
          worker.terminate(); // the only way to stop a running Python: a fresh worker next time
          if (this.worker === worker) (this.worker = null), (this.started = false);
          done({ kind: 'timeout' });
        }, RUN_LIMIT_S * 1000);
      };
      const done = (o: RunOutcome) => {
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        resolve(o);
      };
      const onMessage = (e: MessageEvent<Msg>) => {
        const m = e.data;
        if (m.type === 'progress') hooks.onLoading?.(m.loaded, m.total);
        else if (m.type === 'ready') (this.started = true), arm();
        else if (m.id !== id) return;
        else if (m.type === 'result') done({ kind: 'result', result: m.result, ms: m.ms });
        else if (m.type === 'failed') done({ kind: 'failed', reason: m.reason });
      };
      worker.addEventListener('message', onMessage);
      if (this.started) arm();
      worker.postMessage({ type: 'run', id, code, cell, base: this.base });
    });
  }
}
