/**
 * The code cells' Python: Pyodide (CPython compiled to WebAssembly) in its own worker, loaded
 * from our own origin (dist/pyodide/, copied from the npm package at build time) the first
 * time a learner runs a cell. Beside it, the engine's own WebAssembly module (a second instance,
 * as in the engine worker) backs `import examrule` (python/examrule.py).
 *
 * Page -> worker: { type: 'run', id, code, cell, base }.
 * Worker -> page: { type: 'progress', loaded, total } while downloading, { type: 'ready', ms },
 * { type: 'result', id, result } (cellrun.run's dict), { type: 'failed', id, reason } when
 * Python could not start (no raw exception text: the page words the reason).
 */
import { loadEngine } from '../engine/load';
import { bridge } from './bridge';
import cellrunPy from './python/cellrun.py?raw';
import examrulePy from './python/examrule.py?raw';

interface Pyodide {
  runPython(code: string, opts?: { globals?: unknown }): unknown;
  registerJsModule(name: string, module: object): void;
  FS: { writeFile(path: string, data: string): void };
  globals: { get(name: string): { (...args: unknown[]): { toJs(o: object): unknown; destroy(): void } } };
}

/** The two large files, fetched here so the page can show bytes; Pyodide then gets them from memory. */
const BIG = ['pyodide.asm.wasm', 'python_stdlib.zip'];

let ready: Promise<Pyodide> | null = null;

async function download(indexURL: string): Promise<Map<string, ArrayBuffer>> {
  const responses = await Promise.all(BIG.map((f) => fetch(indexURL + f)));
  for (const r of responses) if (!r.ok) throw new Error(`HTTP ${r.status}`);
  const total = responses.reduce((s, r) => s + Number(r.headers.get('content-length') ?? 0), 0);
  let loaded = 0;
  let last = 0;
  const bodies = await Promise.all(
    responses.map(async (r) => {
      const reader = r.body!.getReader();
      const parts: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        loaded += value.byteLength;
        if (performance.now() - last > 100) {
          last = performance.now();
          postMessage({ type: 'progress', loaded, total });
        }
      }
      const buf = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
      let at = 0;
      for (const p of parts) (buf.set(p, at), (at += p.byteLength));
      return buf.buffer;
    }),
  );
  postMessage({ type: 'progress', loaded, total: Math.max(total, loaded) });
  return new Map(BIG.map((f, i) => [indexURL + f, bodies[i]]));
}

async function start(base: string): Promise<Pyodide> {
  const t0 = performance.now();
  const indexURL = new URL(`${base}pyodide/`, location.origin).href;
  const files = await download(indexURL);
  // Pyodide fetches the two files again: answer from memory (no second download).
  const realFetch = self.fetch.bind(self);
  self.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = files.get(new URL(url, indexURL).href);
    if (body) return Promise.resolve(new Response(body, { headers: { 'Content-Type': url.endsWith('.wasm') ? 'application/wasm' : 'application/zip' } }));
    return realFetch(input, init);
  };
  const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as { loadPyodide: (o: object) => Promise<Pyodide> };
  const [py, engine] = await Promise.all([loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} }), loadEngine('')]);
  self.fetch = realFetch;
  py.registerJsModule('_examrule_engine', bridge(engine.M));
  py.FS.writeFile('/home/pyodide/examrule.py', examrulePy);
  py.FS.writeFile('/home/pyodide/cellrun.py', cellrunPy);
  py.runPython('import sys\nsys.path.insert(0, "/home/pyodide")\nimport cellrun');
  postMessage({ type: 'ready', ms: Math.round(performance.now() - t0) });
  return py;
}

self.onmessage = async (e: MessageEvent<{ type: 'run'; id: number; code: string; cell: string; base: string }>) => {
  const { id, code, cell, base } = e.data;
  try {
    ready ??= start(base);
    const py = await ready;
    const run = py.runPython('cellrun.run') as unknown as (c: string, k: string) => { toJs(o: object): unknown; destroy(): void };
    const t0 = performance.now();
    const res = run(code, cell);
    const result = res.toJs({ dict_converter: Object.fromEntries });
    res.destroy();
    postMessage({ type: 'result', id, result, ms: Math.round(performance.now() - t0) });
  } catch (err) {
    ready = null;
    console.warn('exam-rule: Python did not start', err);
    postMessage({ type: 'failed', id, reason: navigator.onLine === false ? 'offline' : 'load' });
  }
};
