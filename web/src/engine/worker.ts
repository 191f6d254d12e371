/// <reference lib="webworker" />
/**
 * The one worker that owns the engine module. It loads the module, announces READY, then runs
 * named ops (ops/index.ts) for the page. Each RUN gets exactly one RESULT or ERROR; long ops post
 * PROGRESS and stop early when CANCEL arrives. A trap inside the module (RuntimeError) may leave
 * its memory inconsistent, so the worker reports it as 'crashed' and closes; the client then
 * starts a fresh worker.
 */
import { loadEngine } from './load';
import { EngineError, type EngineModule } from './module';
import { ops } from './ops/index';
import { configurePool } from './pool';
import type { OpContext } from './ops/types';
import { MsgType, type FromWorker, type ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const cancelled = new Set<number>();
let engine: Promise<EngineModule>;

function post(msg: FromWorker) {
  const transfer: Transferable[] = [];
  const data = (msg as { data?: unknown }).data;
  if (data && typeof data === 'object')
    for (const v of Object.values(data)) if (v instanceof Float32Array) transfer.push(v.buffer);
  self.postMessage(msg, transfer);
}

class Cancelled extends Error {}

/**
 * Runs `cb` in a new task, after the messages already queued (a CANCEL among them). Not
 * setTimeout(0): timers nested more than five deep wait at least 4 ms, and a training run
 * yields every 40 ms, so those waits were ~7 % of a run (docs/performance.md).
 */
const channel = new MessageChannel();
const nextTasks: (() => void)[] = [];
channel.port1.onmessage = () => nextTasks.shift()?.();
function nextTask(cb: () => void) {
  nextTasks.push(cb);
  channel.port2.postMessage(0);
}
/** The module could not be loaded (no WebAssembly, or a failed download). */
class LoadError extends Error {}

async function run(id: number, opName: string, args: Record<string, unknown>) {
  const op = ops[opName];
  if (!op) return post({ id, type: MsgType.ERROR, data: { code: 'internal', message: `unknown op "${opName}"` } });
  try {
    const M = await engine;
    const ctx: OpContext = {
      M,
      progress: (data) => post({ id, type: MsgType.PROGRESS, data }),
      cancelled: () => cancelled.has(id),
      yieldNow: () =>
        new Promise((resolve, reject) =>
          nextTask(() => (cancelled.has(id) ? reject(new Cancelled('cancelled')) : resolve())),
        ),
    };
    const data = await op(args, ctx);
    post({ id, type: MsgType.RESULT, data });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof Cancelled) post({ id, type: MsgType.ERROR, data: { code: 'cancelled', message } });
    else if (e instanceof LoadError) post({ id, type: MsgType.ERROR, data: { code: 'load', message } });
    else if (e instanceof EngineError) post({ id, type: MsgType.ERROR, data: { code: 'engine', message, text: e.text } });
    else if (e instanceof WebAssembly.RuntimeError) {
      post({ id, type: MsgType.ERROR, data: { code: 'crashed', message } });
      self.close();
    } else post({ id, type: MsgType.ERROR, data: { code: 'internal', message } });
  } finally {
    cancelled.delete(id);
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === MsgType.CANCEL) cancelled.add(msg.id);
  else if (msg.type === MsgType.RUN) void run(msg.id, msg.op, msg.args ?? {});
};

// The worker's name carries the page's module preference ("engine:scalar" forces the fallback)
// and, when the page asks for a number of training workers, "workers=N" (engine/pool.ts).
const [, prefer = '', workers] = self.name.split(':');
configurePool(workers?.startsWith('workers=') ? Number(workers.slice(8)) : null, prefer);
engine = loadEngine(prefer).then(
  ({ M, info }) => {
    self.postMessage({ id: 0, type: MsgType.READY, data: info });
    return M;
  },
  (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    self.postMessage({ id: 0, type: MsgType.ERROR, data: { code: 'load', message } });
    throw new LoadError(message);
  },
);
engine.catch(() => {}); // reported above; each RUN awaiting it reports its own error too
