// The engine's refusals in the learner's language. The C API reports a refusal as data (a code
// and its parameters, er_last_error_json; wasm/src/io/message.h) next to its English sentence;
// the page translates from the code (web/src/ui/errors.ts, strings "engine." + code in
// web/src/i18n/strings/engine.ts). Every case below is produced by the real engine (the
// Node-loadable build in build/wasm, called through the same ops the worker runs), checked for
// its code and parameters, and rendered in both languages: the English text must give back the
// engine's sentence exactly, the Spanish one must carry the same specifics. Guards fail when the
// engine gains a code with no strings or no case, when a template and its English string drift
// apart, or when the C API gains a refusal with no code that is not listed with the reason no
// learner can meet it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import createEngine from '@engine/engine-scalar.mjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EngineClient, EngineRequestError } from '../../web/src/engine/client';
import { EngineError, check, type EngineModule } from '../../web/src/engine/module';
import { ops } from '../../web/src/engine/ops/index';
import type { OpContext } from '../../web/src/engine/ops/types';
import type { EngineText } from '../../web/src/engine/protocol';
import { t } from '../../web/src/i18n';
import engineStrings from '../../web/src/i18n/strings/engine';
import { importProgress } from '../../web/src/site/home';
import { LocalProgressStore } from '../../web/src/site/progress';
import { errorText, renderEngineText } from '../../web/src/ui/errors';
import { StatusLine } from '../../web/src/ui/status';
import type { WidgetContext } from '../../web/src/ui/types';

const REPO = join(import.meta.dirname, '../..');

let M: EngineModule;
let ctx: OpContext;
let templates: Record<string, string>;
beforeAll(async () => {
  const wasmBinary = readFileSync(join(REPO, 'build/wasm/engine-scalar.wasm'));
  M = await (createEngine as unknown as (o: { wasmBinary: Uint8Array }) => Promise<EngineModule>)({ wasmBinary });
  ctx = { M, progress: () => {}, cancelled: () => false, yieldNow: async () => {} };
  templates = JSON.parse(M.UTF8ToString(M._er_message_templates())) as Record<string, string>;
});

/** The EngineError an op throws (the worker posts it as code 'engine'). */
async function refusal(op: string, args: Record<string, unknown>): Promise<EngineError> {
  try {
    await ops[op](args, ctx);
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error(`${op} ${JSON.stringify(args).slice(0, 80)} was not refused`);
}
/** The EngineError of a direct C call's status. */
function refusedBy(rc: number): EngineError {
  try {
    check(M, rc);
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('the call was not refused');
}
const progressFile = (text: string) => refusal('validateProgress', { text });
const file = (o: Record<string, unknown>) => progressFile(JSON.stringify({ app: 'exam-rule', schema: 1, savedAt: '2026-01-01', entries: {}, ...o }));

// Runs created by the triggers below, freed at the end (a tiny model: only their handles matter).
const TINY = { n_embd: 8, n_head: 2, n_layer: 1, batch_size: 1, steps: 1, val_windows: 1, train_sentences: 100, val_sentences: 50 };
const handles: number[] = [];
async function aRun(): Promise<number> {
  const r = (await ops.trainRun({ config: TINY, break: 'healthy', seed: 1 }, ctx)) as { handle: number };
  handles.push(r.handle);
  return r.handle;
}
afterAll(() => {
  for (const h of handles) M._er_run_free(h);
});

interface Case {
  /** Produces the refusal with the real engine. */
  make: () => Promise<EngineError>;
  code: string;
  params: EngineText['params'];
  /** The exact Spanish text, for some cases. */
  es?: string;
}

const notJson = (byte: number, detail: EngineText) => ({ byte: String(byte), detail });
const json = (code: string, params: EngineText['params'] = {}): EngineText => ({ code, params });
const char = (c: string) => json('json.char', { c });

/** Every code a learner can meet, each produced by the engine calls that produce it. */
const CASES: Case[] = [
  // The lesson widgets, through the ops they call. Reachable from the UI: the softmax slice's
  // score boxes, the attention maps' sentence box.
  { make: () => refusal('softmaxSlice', { scores: [0, 2e6, 0, 0], query: 0 }), code: 'msg.scoreRange', params: { j: '1', min: '-1000000', max: '1000000' },
    es: 'la puntuación de la key 1 tiene que ser un número finito entre -1000000 y 1000000' },
  { make: () => refusal('modelAttention', { text: 'yo hablo klingon', masked: true, seed: 0 }), code: 'msg.unknownWord', params: { word: 'klingon' },
    es: 'la palabra «klingon» no está en el vocabulario del corpus' },
  { make: () => refusal('modelAttention', { text: Array(40).fill('yo').join(' '), masked: true, seed: 0 }), code: 'msg.textTooLong', params: { n: '30' },
    es: 'el texto es demasiado largo: caben como mucho 30 palabras' },
  // The studio's runs live in a table of 16 in the worker, shared by every studio widget of a page.
  {
    make: async () => {
      const before = handles.length;
      try {
        for (let i = 0; i < 17; i++) await aRun();
      } catch (e) {
        if (e instanceof EngineError) return e;
        throw e;
      } finally {
        for (const h of handles.splice(before)) M._er_run_free(h);
      }
      throw new Error('17 runs were accepted');
    },
    code: 'msg.tooManyRuns',
    params: { max: '16' },
  },
  { make: () => refusal('trainEval', { handle: 99 }), code: 'msg.unknownRun', params: { handle: '99' } },
  // Out-of-range parameters: the widgets keep their inputs in range first, one rule covers them.
  { make: () => refusal('mhaForward', { T: 65 }), code: 'msg.range', params: { name: 'T', min: '1', max: '64', got: '65' }, es: 'T debe estar entre 1 y 64, pero vale 65' },
  { make: () => refusal('mhaForward', { T: 4, d_model: 512, n_heads: 2 }), code: 'msg.range', params: { name: 'd_model', min: '1', max: '256', got: '512' } },
  { make: () => refusal('causalMask', { T: 0 }), code: 'msg.range', params: { name: 'T', min: '1', max: '1024', got: '0' } },
  { make: () => refusal('perturbation', { T: 8, pos: 8 }), code: 'msg.range', params: { name: 'pos', min: '0', max: 'T-1', got: '8' } },
  { make: () => refusal('mhaScores', { T: 4, head: 2 }), code: 'msg.range', params: { name: 'head', min: '0', max: 'n_heads-1', got: '2' } },
  { make: () => refusal('softmaxSlice', { scores: Array(65).fill(0), query: 0 }), code: 'msg.range', params: { name: 'n', min: '1', max: '64', got: '65' } },
  { make: () => refusal('softmaxSlice', { scores: [1, 2, 3, 4], query: 4 }), code: 'msg.range', params: { name: 'query', min: '0', max: 'n-1', got: '4' } },
  {
    make: async () => {
      const pp = M._malloc(4);
      const rc = M._er_corpus_info(1001, 0, pp);
      M._free(pp);
      return refusedBy(rc);
    },
    code: 'msg.range',
    params: { name: 'n_samples', min: '0', max: '1000', got: '1001' },
  },
  { make: async () => refusal('trainSample', { handle: await aRun(), n: 0 }), code: 'msg.range', params: { name: 'n', min: '1', max: '100', got: '0' } },

  // Progress-file import (the course home): every check of wasm/src/io/progress.cpp.
  // Within the page's 2 MiB check as UTF-16 (what File.text() of a damaged file can give), over it as UTF-8.
  { make: () => progressFile('\uFFFD'.repeat(1_000_000)), code: 'import.tooLarge', params: { kb: '2930', mib: '2' },
    es: 'es demasiado grande para ser un archivo de progreso (2930 KB; el límite es 2 MiB).' },
  { make: () => progressFile('{"app": "exam-rule", oops'), code: 'import.notJson', params: notJson(21, json('json.expectedKey', { found: char('o') })),
    es: 'no es un archivo de progreso, porque su texto no es JSON válido (byte 21: se esperaba una clave entre comillas y aparece «o»).' },
  { make: () => progressFile('[]'), code: 'import.notObject', params: {} },
  { make: () => progressFile('{}'), code: 'import.appMissing', params: {} },
  { make: () => progressFile('{"app":1}'), code: 'import.appNotText', params: {} },
  { make: () => progressFile('{"app":"notes","schema":1}'), code: 'import.appOther', params: { app: '"notes"' },
    es: 'no es un archivo de progreso de Exam Rule (su campo "app" vale "notes", y debe valer "exam-rule").' },
  { make: () => progressFile('{"app":"exam-rule"}'), code: 'import.noSchema', params: {} },
  { make: () => file({ schema: 2 }), code: 'import.schema', params: { version: '2', supported: '1' } },
  { make: () => file({ extra: true }), code: 'import.unknownField', params: { field: '"extra"' } },
  { make: () => file({ savedAt: '' }), code: 'import.savedAt', params: { min: '1', max: '64' } },
  { make: () => file({ entries: [] }), code: 'import.entries', params: {} },
  { make: () => file({ entries: Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`k${i}`, 1])) }), code: 'import.tooManyEntries', params: { n: '5001', max: '5000' } },
  { make: () => file({ entries: { 'no spaces allowed': 1 } }), code: 'import.badName', params: { name: '"no spaces allowed"', min: '1', max: '200' } },
  // A long name is cut to 40 characters by the engine ("...") and kept so.
  { make: () => file({ entries: { ['é'.repeat(50)]: 1 } }), code: 'import.badName', params: { name: `"${'é'.repeat(40)}..."`, min: '1', max: '200' } },
  { make: () => file({ entries: { k: 'x'.repeat(20001) } }), code: 'import.longText', params: { key: '"k"', n: '20001', max: '20000' } },
  { make: () => file({ entries: { k: [[[[[1]]]]] } }), code: 'import.tooDeep', params: { key: '"k"', max: '4' },
    es: 'la entrada "k" tiene más de 4 niveles de anidamiento.' },
  { make: () => file({ entries: { k: { ['f'.repeat(20001)]: 1 } } }), code: 'import.longFieldName', params: { key: '"k"', max: '20000' } },
  // "1e14" is stored as 100000000000000: the file fits, its canonical form does not.
  { make: () => progressFile(`{"app":"exam-rule","schema":1,"savedAt":"x","entries":{"k":[${Array(400_000).fill('1e14').join(',')}]}}`), code: 'import.tooLargeStored', params: { mib: '2' } },

  // Why a file is not JSON (wasm/src/io/json.cpp), inside engine.import.notJson.
  { make: () => progressFile('{} x'), code: 'import.notJson', params: notJson(3, json('json.afterValue')) },
  { make: () => progressFile('['), code: 'import.notJson', params: notJson(1, json('json.expectedValue', { found: json('json.end') })),
    es: 'no es un archivo de progreso, porque su texto no es JSON válido (byte 1: se esperaba un valor y aparece el final del texto).' },
  { make: () => progressFile('[x'), code: 'import.notJson', params: notJson(1, json('json.expectedValue', { found: char('x') })) },
  { make: () => progressFile('[é'), code: 'import.notJson', params: notJson(1, json('json.expectedValue', { found: json('json.byte', { hex: '0xC3' }) })),
    es: 'no es un archivo de progreso, porque su texto no es JSON válido (byte 1: se esperaba un valor y aparece el byte 0xC3).' },
  { make: () => progressFile('[tru]'), code: 'import.notJson', params: notJson(1, json('json.literal', { word: 'true' })) },
  { make: () => progressFile('['.repeat(70)), code: 'import.notJson', params: notJson(64, json('json.tooDeep', { max: '64' })) },
  { make: () => progressFile('{1}'), code: 'import.notJson', params: notJson(1, json('json.expectedKey', { found: char('1') })) },
  { make: () => progressFile('{"a" 1}'), code: 'import.notJson', params: notJson(5, json('json.expectedColon', { found: char('1') })) },
  { make: () => progressFile('{"a":1,"a":2}'), code: 'import.notJson', params: notJson(7, json('json.duplicateKey')) },
  { make: () => progressFile('{"a":1 2}'), code: 'import.notJson', params: notJson(7, json('json.expectedObjectEnd', { found: char('2') })) },
  { make: () => progressFile('[1 2]'), code: 'import.notJson', params: notJson(3, json('json.expectedArrayEnd', { found: char('2') })) },
  { make: () => progressFile('"\\u12x4"'), code: 'import.notJson', params: notJson(5, json('json.badUnicodeEscape')) },
  { make: () => progressFile('"abc'), code: 'import.notJson', params: notJson(4, json('json.unterminated')) },
  { make: () => progressFile('"a\tb"'), code: 'import.notJson', params: notJson(2, json('json.controlChar')) },
  { make: () => progressFile('"\\x"'), code: 'import.notJson', params: notJson(2, json('json.badEscape')) },
  { make: () => progressFile('"\\ud800"'), code: 'import.notJson', params: notJson(1, json('json.surrogate')) },
  { make: () => progressFile('01'), code: 'import.notJson', params: notJson(1, json('json.leadingZeros')) },
  { make: () => progressFile('-x'), code: 'import.notJson', params: notJson(1, json('json.badNumber')) },
  { make: () => progressFile('1.'), code: 'import.notJson', params: notJson(2, json('json.fractionDigit')) },
  { make: () => progressFile('1e'), code: 'import.notJson', params: notJson(2, json('json.exponentDigit')) },
  { make: () => progressFile('1'.repeat(600)), code: 'import.notJson', params: notJson(0, json('json.longNumber', { max: '512' })) },
  { make: () => progressFile('1e999'), code: 'import.notJson', params: notJson(0, json('json.hugeNumber')) },
  // Mask as data: the studio's candidate repairs and the code cells' own causal_mask (a learner's
  // function can return any list), through trainRun's maskData and trainSetMaskData.
  { make: async () => refusal('trainSetMaskData', { handle: await aRun(), maskData: { train: { mask: [0, 0, 0], where: 'pre' } } }), code: 'msg.maskSize',
    params: { n: '1024', T: '32', got: '3' }, es: 'la máscara tiene que tener T x T = 1024 números para el contexto T = 32, pero tiene 3' },
  { make: () => refusal('trainRun', { config: TINY, break: 'healthy', seed: 1, maskData: { generate: { mask: [0], where: 'post' } } }), code: 'msg.maskSize',
    params: { n: '1024', T: '32', got: '1' } },
  { make: async () => refusal('trainSetMaskData', { handle: await aRun(), maskData: { generate: { mask: [0, NaN, ...Array(1022).fill(0)], where: 'pre' } } }),
    code: 'msg.maskValue', params: { i: '0', j: '1', got: 'NaN' }, es: 'la entrada (0, 1) de la máscara tiene que ser un número finito o -inf, pero vale NaN' },
  { make: async () => refusal('trainSetMaskData', { handle: await aRun(), maskData: { train: { mask: [...Array(33).fill(1), -Infinity, ...Array(990).fill(0)], where: 'multiply' } } }),
    code: 'msg.maskFactor', params: { i: '1', j: '1', got: '-inf' } },
  // Masks in real code (capi_realmasks.cpp): one range check for every parameter; the widgets keep
  // T, n, P, Q, W and the lengths in range, the chunk widget's P and Q boxes say so first.
  { make: () => refusal('rmConvention', { T: 40 }), code: 'msg.range', params: { name: 'T', min: '2', max: '16', got: '40' } },
  { make: () => refusal('rmChunk', { P: 12, Q: 5 }), code: 'msg.range', params: { name: 'Q', min: '1', max: '4', got: '5' } },
];

/** Codes with no case, with the reason no learner can meet them. */
const NOT_REACHED: Record<string, string> = {
  sentence: 'the code of refusals that have none (below); "a refusal with no code is kept whole" checks it',
  'json.at': 'the C API passes JSON errors on only inside import.notJson (with their byte); json.at is the sentence of config errors, which the web never causes',
  'import.notFinite': 'the JSON reader refuses every number that is not finite before the schema is checked',
  'json.tooManyValues': 'takes more than 2 MiB of text, which the progress check refuses before parsing',
  'json.inputTooLarge': 'takes more than 16 MiB of text, which the progress check refuses before parsing',
  'json.badUtf8': 'the page reads the file as text and the worker writes it as UTF-8, so the engine always gets valid UTF-8',
};

const NULL_POINTER = 'a null pointer: the worker always passes its buffers and strings';
/**
 * Refusals with no code of their own (fail(status, "an English sentence"), shown as code
 * 'sentence': the English sentence after the page's translated "the engine refused" line), keyed
 * as the scan names them (file: the string literals, in order), with the reason no learner meets
 * them. A learner-facing refusal needs a code instead (docs/ARCHITECTURE.md, "C API").
 */
const NOT_LEARNER_FACING: Record<string, string> = {
  'capi.cpp: output buffer is null': NULL_POINTER,
  'capi.cpp: mask mode is null': NULL_POINTER,
  'capi_lesson.cpp: output buffer is null': NULL_POINTER,
  'capi_model.cpp: output buffer is null': NULL_POINTER,
  'capi_model.cpp: output pointer is null': NULL_POINTER,
  'capi_model.cpp: handle pointer is null': NULL_POINTER,
  'capi_model.cpp: break name is null': NULL_POINTER,
  'capi_model.cpp: text is null': NULL_POINTER,
  'capi_model.cpp: tokens or output buffer is null': NULL_POINTER,
  'capi_model.cpp: input or handle pointer is null': NULL_POINTER,
  'capi_progress.cpp: progress text is null': NULL_POINTER,
  'capi.cpp: n_heads must divide d_model ( … ), got ': 'the widgets pass d_model 16 and 2 heads',
  'capi.cpp: unknown mask mode \\" … \\"': 'the widgets offer only the names of engine/names.ts, held to the engine\'s by capi-names.test.ts',
  'capi_model.cpp: unknown break \\" … \\" (known:  … )': 'break names come from the studio\'s own list (engine/names.ts; share links are checked by isBreak)',
  'capi_model.cpp: T must be between 2 and the context  … , got ': 'the widgets clamp T to [2, 32] and the context of every run the web creates is 32',
  'capi_model.cpp: <err>': 'er_run_create passes on config errors (the studio\'s config is fixed, its steps checked by parseSteps); er_run_load is not called by the web',
  'capi_model.cpp: the run has finished its  …  steps': 'trainRun stops stepping at the configured number of steps',
  'capi_model.cpp: temperature must be a number between 0 and 10': 'the studio samples with the default temperature',
  'capi_model.cpp: top_k must be between 0 (all) and  … , got ': 'the studio samples with the default top_k',
  'capi_model.cpp: the prompt must be shorter than  …  words': 'the studio samples without a prompt',
  'capi_model.cpp: n must be between 1 and the context ': 'er_run_logits is called only by a code cell\'s Python (model.logits), where a refusal is a Python exception in the traceback, like Python\'s own errors',
  'capi_model.cpp: token id  …  at position  …  is outside the vocabulary [0,  … )': 'er_run_logits is called only by a code cell\'s Python (model.logits), where a refusal is a Python exception in the traceback, like Python\'s own errors',
  'capi_model.cpp: run  …  is in the middle of a training step': 'the engine worker finishes a step before it answers any other request for that run',
  'capi_cells.cpp: output buffer is null': NULL_POINTER,
  'capi_cells.cpp: where must be 0 (before the softmax), 1 (after the softmax) or 2  … (multiplied into the scores), got ': 'reached only from a code cell\'s Python (python/examrule.py), which passes fixed, valid arguments',
  'capi_maskdata.cpp: pass must be 0 (training) or 1 (generation), got ': 'ops/maskdata.ts maps train and generate to 0 and 1',
  'capi_maskdata.cpp: where must be 0 (before the softmax), 1 (after the softmax) or 2  … (multiplied into the scores), got ': 'ops/maskdata.ts maps pre, post and multiply to 0, 1 and 2 and refuses other names itself',
  'capi_maskdata.cpp: mask buffer is null': NULL_POINTER,
  'capi_realmasks.cpp: output buffer is null': NULL_POINTER,
  'capi_shards.cpp: unknown replica handle ': 'the engine worker and its helpers drive the step in parts in order (sharded-step.ts, helper-worker.ts); a failure there falls back to computing the shard in the engine worker',
  'capi_shards.cpp: no training step is open on run ': 'the engine worker and its helpers drive the step in parts in order (sharded-step.ts, helper-worker.ts); a failure there falls back to computing the shard in the engine worker',
  'capi_shards.cpp: output pointer is null': NULL_POINTER,
  'capi_shards.cpp: a training step is already open on run ': 'the engine worker and its helpers drive the step in parts in order (sharded-step.ts, helper-worker.ts); a failure there falls back to computing the shard in the engine worker',
  'capi_shards.cpp: shards are added in order: expected shard ': 'the engine worker and its helpers drive the step in parts in order (sharded-step.ts, helper-worker.ts); a failure there falls back to computing the shard in the engine worker',
  'capi_shards.cpp: input buffer is null': NULL_POINTER,
  'capi_shards.cpp: the step still misses shard ': 'the engine worker and its helpers drive the step in parts in order (sharded-step.ts, helper-worker.ts); a failure there falls back to computing the shard in the engine worker',
  'capi_shards.cpp: unknown break \\" … \\"': 'a replica is created with the break of a run the engine already accepted',
  'capi_shards.cpp: <err>': 'a replica is created with the config of a run the engine already accepted',
  'capi_shards.cpp: bad config: ': 'a replica is created with the config of a run the engine already accepted',
  'capi_shards.cpp: too many replicas; free one first': 'the pool starts at most 8 helpers, each with one replica at a time',
  'capi_shards.cpp: shard must be in [0,  … )': 'the engine worker and its helpers drive the step in parts in order (sharded-step.ts, helper-worker.ts); a failure there falls back to computing the shard in the engine worker',
  'capi_shards.cpp: token id outside the vocabulary': 'the tokens are the batch the run itself drew',
  'capi_model.cpp: not a safetensors file (shorter than its 8-byte header length)': 'er_run_load is not called by the web',
};

// ---- the scan of the C++ sources ----

function skipLiteral(src: string, i: number): number {
  const q = src[i];
  for (i++; i < src.length && src[i] !== q; ) i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}
/** The text from i up to the ')' closing the call. */
function readArgs(src: string, i: number): string {
  const start = i;
  for (let depth = 0; i < src.length; ) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = skipLiteral(src, i);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
    i++;
  }
  return src.slice(start, i);
}
function topLevelArgs(expr: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0, depth = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"' || c === "'") {
      const j = skipLiteral(expr, i);
      cur += expr.slice(i, j);
      i = j - 1;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  return [...out, cur];
}
const literals = (expr: string) => [...expr.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
const keyOf = (file: string, expr: string) => {
  const l = literals(expr);
  return `${file}: ${l.length ? l.join(' … ') : `<${expr.trim()}>`}`;
};
/** A source file without its // comments (they mention calls in prose). */
const read = (p: string) => readFileSync(join(REPO, p), 'utf8').replace(/\/\/.*$/gm, '');
const cppFiles = (dir: string): string[] =>
  readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cppFiles(`${dir}/${e.name}`) : /\.(cpp|h)$/.test(e.name) ? [`${dir}/${e.name}`] : []);

/** Every code the engine's C++ builds: Message("code"). */
function codesUsed(): Set<string> {
  const codes = new Set<string>();
  for (const f of cppFiles('wasm/src')) for (const m of read(f).matchAll(/\bMessage\("([\w.]+)"\)/g)) codes.add(m[1]);
  return codes;
}

/**
 * The refusals of the C API with no code: the fail(status, message) calls of wasm/src/capi (the
 * benchmark entry points excluded: only tools/bench calls them) whose message is not a Message
 * (Message(..) or range_message(..)), and every Message::sentence(..) in the engine.
 */
function sentenceSites(): Set<string> {
  const keys = new Set<string>();
  for (const f of readdirSync(join(REPO, 'wasm/src/capi')).filter((f) => f.endsWith('.cpp') && f !== 'capi_bench.cpp')) {
    const src = read(`wasm/src/capi/${f}`);
    for (const m of src.matchAll(/\b(?:er::capi::)?fail\(/g)) {
      const msg = topLevelArgs(readArgs(src, m.index + m[0].length)).slice(1).join(',').trim();
      const isMessage =
        /^(?:er::)?(?:Message|range_message)\(/.test(msg) || (/^\w+$/.test(msg) && new RegExp(`\\bMessage\\s+${msg}\\b`).test(src));
      if (!isMessage) keys.add(keyOf(f, msg));
    }
  }
  for (const f of cppFiles('wasm/src'))
    for (const m of read(f).matchAll(/\bMessage::sentence\(/g)) {
      const name = f.split('/').pop()!;
      if (name !== 'error.h' && name !== 'message.cpp') keys.add(keyOf(name, readArgs(read(f), m.index + m[0].length)));
    }
  return keys;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('engine messages in the learner\'s language', () => {
  test('the engine\'s templates and the page\'s English strings are the same sentences; each has Spanish', () => {
    expect(Object.keys(templates).length).toBeGreaterThan(40);
    for (const [code, english] of Object.entries(templates)) {
      const s = engineStrings[`engine.${code}`];
      expect(s, `engine.${code} in web/src/i18n/strings/engine.ts`).toBeDefined();
      expect(s.en, code).toBe(english);
      expect(placeholders(s.es), code).toEqual(placeholders(english));
      if (code !== 'sentence') expect(s.es, code).not.toBe(s.en);
    }
    // and no string is left for a code the engine no longer has
    expect(Object.keys(engineStrings).filter((id) => !(id.slice('engine.'.length) in templates))).toEqual([]);
  });

  test('guard: every code built in the C++ has a template (a typo in a code fails here)', () => {
    const used = codesUsed();
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((c) => !(c in templates))).toEqual([]);
  });

  test('guard: every code is produced by a case below, or listed with the reason no learner meets it', () => {
    const reached = new Set<string>();
    const collect = (x: EngineText['params'] | EngineText): void => {
      if ('code' in x && typeof x.code === 'string') reached.add(x.code);
      for (const v of Object.values('code' in x && typeof x.code === 'string' ? (x as EngineText).params : x))
        if (typeof v === 'object') collect(v);
    };
    for (const c of CASES) collect({ code: c.code, params: c.params });
    expect(Object.keys(templates).filter((c) => !reached.has(c) && !(c in NOT_REACHED))).toEqual([]);
    expect(Object.keys(NOT_REACHED).filter((c) => reached.has(c) || !(c in templates))).toEqual([]);
  });

  test('guard: every refusal without a code is listed with the reason no learner meets it', () => {
    const sites = sentenceSites();
    expect(sites).toContain('capi_model.cpp: unknown break \\" … \\" (known:  … )');
    // A new refusal a learner can meet: give it a code (a template in wasm/src/io/message.cpp, its
    // strings in web/src/i18n/strings/engine.ts, a case in CASES); otherwise say here why not.
    expect([...sites].filter((k) => !(k in NOT_LEARNER_FACING))).toEqual([]);
    expect(Object.keys(NOT_LEARNER_FACING).filter((k) => !sites.has(k))).toEqual([]);
  });

  test('the entry point said not to be called by the web is not', () => {
    const src = (dir: string): string[] =>
      readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? src(`${dir}/${e.name}`) : e.name.endsWith('.ts') && e.name !== 'capi.ts' ? [readFileSync(join(REPO, dir, e.name), 'utf8')] : []);
    const web = src('web/src').join('\n');
    for (const fn of ['_er_run_load']) expect(web).not.toContain(fn);
  });

  test.each(CASES.map((c, i) => [`${i}: ${c.code}`, c] as const))('translated: %s', async (_, c) => {
    const err = await c.make();
    expect(err.text).toEqual({ code: c.code, params: c.params });
    const en = renderEngineText(err.text, 'en');
    const es = renderEngineText(err.text, 'es');
    expect(en, 'English gives back the engine\'s sentence').toBe(err.message);
    expect(es).not.toBe(en);
    expect(es).not.toMatch(/⟦|\{\w+\}/);
    const specifics = (p: EngineText['params']): string[] =>
      Object.values(p).flatMap((v) => (typeof v === 'object' ? specifics(v.params) : [v]));
    for (const s of specifics(err.text.params)) expect(es).toContain(s);
    if (c.es) expect(es).toBe(c.es);
  }, 30_000);

  test('a refusal with no code is kept whole, in both languages', async () => {
    const err = await refusal('mhaForward', { T: 4, mode: 'diagonal' });
    expect(err.message).toBe('unknown mask mode "diagonal"');
    expect(err.text).toEqual({ code: 'sentence', params: { text: 'unknown mask mode "diagonal"' } });
    expect(renderEngineText(err.text, 'es')).toBe('unknown mask mode "diagonal"');
    const odd = new EngineRequestError('engine', 'the flux capacitor needs 1.21 gigawatts', { code: 'sentence', params: { text: 'the flux capacitor needs 1.21 gigawatts' } });
    expect(errorText(odd, 'es')).toBe('the flux capacitor needs 1.21 gigawatts');
  });
});

describe('where the learner sees them', () => {
  afterAll(() => {
    document.documentElement.lang = '';
  });

  test('a refusal from the worker reaches the page as data; the transport does not translate it', async () => {
    document.documentElement.lang = 'es';
    const raw = await refusal('modelAttention', { text: 'yo hablo klingon', masked: true, seed: 0 });
    let worker!: { onmessage: (e: { data: unknown }) => void };
    const client = new EngineClient('', () => {
      worker = { onmessage: () => {}, postMessage() {}, terminate() {} } as never;
      return worker as unknown as Worker;
    });
    const p = client.run('modelAttention', { text: 'yo hablo klingon' });
    worker.onmessage({ data: { id: 1, type: 'ERROR', data: { code: 'engine', message: raw.message, text: raw.text } } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineRequestError);
    expect(err).toMatchObject({ code: 'engine', message: 'unknown word "klingon" (not in the corpus vocabulary)', text: raw.text });
    expect(errorText(err)).toBe('la palabra «klingon» no está en el vocabulario del corpus');
    // other codes keep their message
    expect(errorText(new EngineRequestError('internal', 'a bug'))).toBe('a bug');
  });

  test('a widget\'s status line (Spanish page)', async () => {
    document.documentElement.lang = 'es';
    const widgetCtx = { lang: 'es', t: (id: string, vars?: Record<string, string | number>) => t(id, vars, 'es') } as unknown as WidgetContext;
    const status = new StatusLine(widgetCtx);
    const raw = await refusal('softmaxSlice', { scores: [0, 0, 3e6, 0], query: 0 });
    status.showError(new EngineRequestError('engine', raw.message, raw.text));
    expect(status.el.textContent).toBe('El motor rechazó esta entrada: la puntuación de la key 2 tiene que ser un número finito entre -1000000 y 1000000');
    status.showError(new EngineRequestError('engine', 'something with no code', { code: 'sentence', params: { text: 'something with no code' } }));
    expect(status.el.textContent).toBe('El motor rechazó esta entrada: something with no code');
  });

  test('a refused progress import on the course home (Spanish page)', async () => {
    document.documentElement.lang = 'es';
    const engine = {
      run: async (op: string, args: Record<string, unknown>) => {
        try {
          return await ops[op](args, ctx);
        } catch (e) {
          const err = e as EngineError;
          throw new EngineRequestError('engine', err.message, err.text);
        }
      },
    };
    const bad = JSON.stringify({ app: 'exam-rule', schema: 1, savedAt: 'x', entries: { k: [[[[[1]]]]] } });
    const out = await importProgress(new LocalProgressStore(null), bad, () => engine as never);
    expect(out).toMatchObject({
      ok: false,
      message: 'No se ha importado el archivo: la entrada "k" tiene más de 4 niveles de anidamiento. Tu progreso actual no ha cambiado.',
    });
  });
});
