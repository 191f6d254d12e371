/**
 * The page's handle on the engine worker: `engine.run(op, args, { onProgress, signal })`
 * returns a promise per request. It also watches the worker: if it crashes or stops answering
 * (no PROGRESS/RESULT for `hungAfterMs`), every pending request fails with code 'crashed' or
 * 'hung' and a fresh worker is started, so the page can offer a retry.
 */
import { MsgType, type EngineInfo, type EngineText, type ErrorCode, type FromWorker, type ToWorker } from './protocol';

/**
 * A failed request, as the worker reported it: `message` in English (logs), and for code
 * 'engine' the refusal as data (`text`). The transport does not localise: the UI shows it in
 * the page's language (ui/errors.ts errorText).
 */
export class EngineRequestError extends Error {
  constructor(
    public code: ErrorCode,
    message: string,
    readonly text?: EngineText,
  ) {
    super(message);
  }
}

export interface RunOptions {
  onProgress?: (data: unknown) => void;
  signal?: AbortSignal;
  /** Milliseconds without any message before the worker is declared hung (default 30 s). */
  hungAfterMs?: number;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: EngineRequestError): void;
  onProgress?: (data: unknown) => void;
  lastSeen: number;
  hungAfterMs: number;
}

export type WorkerFactory = (name: string) => Worker;

export const defaultWorkerFactory: WorkerFactory = (name) =>
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name });

export class EngineClient {
  private worker!: Worker;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  /** Resolves with module facts once loaded; rejects (code 'load') if the engine cannot run. */
  ready!: Promise<EngineInfo>;
  /** Number of workers started (1 + restarts); useful to tests and to the UI. */
  generation = 0;

  /**
   * prefer: 'scalar' forces the scalar module; workers: how many workers a training run may use
   * (1..8; default: the browser's cores, capped: engine/pool.ts).
   */
  constructor(
    private prefer = '',
    private factory: WorkerFactory = defaultWorkerFactory,
    private workers?: number,
  ) {
    this.start();
  }

  private start() {
    this.generation++;
    this.worker = this.factory(`engine:${this.prefer}${this.workers ? `:workers=${this.workers}` : ''}`);
    let readyResolve!: (i: EngineInfo) => void, readyReject!: (e: EngineRequestError) => void;
    this.ready = new Promise((res, rej) => ((readyResolve = res), (readyReject = rej)));
    this.ready.catch(() => {}); // callers that care await it; avoid unhandled rejections
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const msg = e.data;
      if (msg.type === MsgType.READY) return readyResolve(msg.data);
      if (msg.id === 0 && msg.type === MsgType.ERROR) return readyReject(new EngineRequestError('load', msg.data.message));
      const p = this.pending.get(msg.id);
      if (!p) return;
      p.lastSeen = Date.now();
      if (msg.type === MsgType.PROGRESS) p.onProgress?.(msg.data);
      else {
        this.pending.delete(msg.id);
        if (msg.type === MsgType.RESULT) p.resolve(msg.data);
        else {
          p.reject(new EngineRequestError(msg.data.code, msg.data.message, msg.data.text));
          if (msg.data.code === 'crashed') this.restart('crashed', msg.data.message);
        }
      }
    };
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      readyReject(new EngineRequestError('load', e.message || 'the engine worker failed to start'));
      this.restart('crashed', e.message || 'the engine worker stopped');
    };
  }

  /** Kills the worker, fails every pending request with `code`, and starts a new worker. */
  restart(code: ErrorCode = 'crashed', message = 'the engine was restarted') {
    this.worker.terminate();
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const p of failed) p.reject(new EngineRequestError(code, message));
    this.start();
  }

  run<T = unknown>(op: string, args: Record<string, unknown> = {}, opts: RunOptions = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new EngineRequestError('cancelled', 'cancelled'));
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: opts.onProgress,
        lastSeen: Date.now(),
        hungAfterMs: opts.hungAfterMs ?? 30_000,
      });
      opts.signal?.addEventListener('abort', () => this.post({ id, type: MsgType.CANCEL }), { once: true });
      this.post({ id, type: MsgType.RUN, op, args });
      this.ensureWatchdog();
    });
  }

  private post(msg: ToWorker) {
    this.worker.postMessage(msg);
  }

  private ensureWatchdog() {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => {
      if (this.pending.size === 0) {
        clearInterval(this.watchdog);
        this.watchdog = undefined;
        return;
      }
      const now = Date.now();
      for (const p of this.pending.values())
        if (now - p.lastSeen > p.hungAfterMs) return this.restart('hung', 'the engine stopped answering');
    }, 1000);
  }
}
