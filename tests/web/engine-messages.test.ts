// The engine's refusals in the learner's language (web/src/engine/messages.ts). Every message is
// produced by the real engine (the Node-loadable build in build/wasm, called through the same ops
// the worker runs), then recognised, checked for its string id and parameters, and rendered in
// both languages: the English text must give back the engine's sentence exactly, the Spanish one
// must carry the same specifics. A guard scans the C++ sources for every message the C API can
// set (wasm/src/capi, and the progress-file and JSON checks it passes on) and fails when one is
// neither translated here nor listed with the reason no learner can see it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import createEngine from '@engine/engine-scalar.mjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EngineClient, EngineRequestError } from '../../web/src/engine/client';
import { recognise, render, type EngineText } from '../../web/src/engine/messages';
import { EngineError, type EngineModule } from '../../web/src/engine/module';
import { ops } from '../../web/src/engine/ops/index';
import type { OpContext } from '../../web/src/engine/ops/types';
import { t } from '../../web/src/i18n';
import engineStrings from '../../web/src/i18n/strings/engine';
import { importProgress } from '../../web/src/site/home';
import { LocalProgressStore } from '../../web/src/site/progress';
import { StatusLine } from '../../web/src/ui/status';
import type { WidgetContext } from '../../web/src/ui/types';

const REPO = join(import.meta.dirname, '../..');

let M: EngineModule;
let ctx: OpContext;
beforeAll(async () => {
  const wasmBinary = readFileSync(join(REPO, 'build/wasm/engine-scalar.wasm'));
  M = await (createEngine as unknown as (o: { wasmBinary: Uint8Array }) => Promise<EngineModule>)({ wasmBinary });
  ctx = { M, progress: () => {}, cancelled: () => false, yieldNow: async () => {} };
});

/** The message of the EngineError an op throws (the worker posts it as code 'engine'). */
async function refusal(op: string, args: Record<string, unknown>): Promise<string> {
  try {
    await ops[op](args, ctx);
  } catch (e) {
    if (e instanceof EngineError) return e.message;
    throw e;
  }
  throw new Error(`${op} ${JSON.stringify(args).slice(0, 80)} was not refused`);
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
  /** Produces the message with the real engine. */
  make: () => Promise<string>;
  id: string;
  params: Record<string, unknown>;
  /** The exact Spanish text, for some cases. */
  es?: string;
}

const notJson = (byte: number, detail: EngineText) => ({ byte: String(byte), detail });
const json = (id: string, params: EngineText['params'] = {}): EngineText => ({ id, params });
const char = (c: string) => json('engine.json.char', { c });

/**
 * Every message site the scan below finds that a learner can see or that a rule covers anyway,
 * keyed as the scan names it (file: the string literals of the message, in order), with the
 * engine calls that produce it.
 */
const TRANSLATED: Record<string, Case[]> = {
  // The lesson widgets, through the ops they call. Reachable from the UI: the softmax slice's
  // score boxes, the attention maps' sentence box.
  'capi_lesson.cpp: score  …  must be a finite number between -1000000 and 1000000': [
    { make: () => refusal('softmaxSlice', { scores: [0, 2e6, 0, 0], query: 0 }), id: 'engine.msg.scoreRange', params: { j: '1', min: '-1000000', max: '1000000' },
      es: 'la puntuación de la key 1 tiene que ser un número finito entre -1000000 y 1000000' },
  ],
  'capi_model.cpp: unknown word " … " (not in the corpus vocabulary)': [
    { make: () => refusal('modelAttention', { text: 'yo hablo klingon', masked: true, seed: 0 }), id: 'engine.msg.unknownWord', params: { word: 'klingon' },
      es: 'la palabra «klingon» no está en el vocabulario del corpus' },
  ],
  'capi_model.cpp: the text is too long: at most  …  words': [
    { make: () => refusal('modelAttention', { text: Array(40).fill('yo').join(' '), masked: true, seed: 0 }), id: 'engine.msg.textTooLong', params: { n: '30' },
      es: 'el texto es demasiado largo: caben como mucho 30 palabras' },
  ],
  // The studio's runs live in a table of 16 in the worker, shared by every studio widget of a page.
  'capi_model.cpp: too many runs ( … ); free one first': [
    {
      make: async () => {
        const before = handles.length;
        try {
          for (let i = 0; i < 17; i++) await aRun();
        } catch (e) {
          if (e instanceof EngineError) return e.message;
          throw e;
        } finally {
          for (const h of handles.splice(before)) M._er_run_free(h);
        }
        throw new Error('17 runs were accepted');
      },
      id: 'engine.msg.tooManyRuns',
      params: { max: '16' },
    },
  ],
  'capi_model.cpp: unknown run handle ': [{ make: () => refusal('trainEval', { handle: 99 }), id: 'engine.msg.unknownRun', params: { handle: '99' } }],
  // Mask as data: the studio's candidate repairs and the code cells' own causal_mask (a learner's
  // function can return any list), through trainRun's maskData and trainSetMaskData.
  'capi_maskdata.cpp: the mask must hold T x T =  …  numbers for the context T =  … , got ': [
    { make: async () => refusal('trainSetMaskData', { handle: await aRun(), maskData: { train: { mask: [0, 0, 0], where: 'pre' } } }), id: 'engine.msg.maskSize',
      params: { n: '1024', T: '32', got: '3' }, es: 'la máscara tiene que tener T x T = 1024 números para el contexto T = 32, pero tiene 3' },
    { make: () => refusal('trainRun', { config: TINY, break: 'healthy', seed: 1, maskData: { generate: { mask: [0], where: 'post' } } }), id: 'engine.msg.maskSize',
      params: { n: '1024', T: '32', got: '1' } },
  ],
  'capi_maskdata.cpp: mask entry  …  must be a finite number or -inf, got ': [
    { make: async () => refusal('trainSetMaskData', { handle: await aRun(), maskData: { generate: { mask: [0, NaN, ...Array(1022).fill(0)], where: 'pre' } } }),
      id: 'engine.msg.maskValue', params: { i: '0', j: '1', got: 'NaN' }, es: 'la entrada (0, 1) de la máscara tiene que ser un número finito o -inf, pero vale NaN' },
  ],
  'capi_maskdata.cpp: mask entry  …  must be a finite number when it multiplies the scores, got ': [
    { make: async () => refusal('trainSetMaskData', { handle: await aRun(), maskData: { train: { mask: [...Array(33).fill(1), -Infinity, ...Array(990).fill(0)], where: 'multiply' } } }),
      id: 'engine.msg.maskFactor', params: { i: '1', j: '1', got: '-inf' } },
  ],
  // Out-of-range parameters: the widgets keep their inputs in range first, one rule covers them.
  'capi.cpp: T must be between 1 and 64, got ': [
    { make: () => refusal('mhaForward', { T: 65 }), id: 'engine.msg.range', params: { name: 'T', min: '1', max: '64', got: '65' }, es: 'T debe estar entre 1 y 64, pero vale 65' },
  ],
  'capi.cpp: d_model must be between 1 and 256, got ': [
    { make: () => refusal('mhaForward', { T: 4, d_model: 512, n_heads: 2 }), id: 'engine.msg.range', params: { name: 'd_model', min: '1', max: '256', got: '512' } },
  ],
  'capi.cpp: T must be between 1 and 1024, got ': [
    { make: () => refusal('causalMask', { T: 0 }), id: 'engine.msg.range', params: { name: 'T', min: '1', max: '1024', got: '0' } },
  ],
  'capi.cpp: pos must be between 0 and T-1, got ': [
    { make: () => refusal('perturbation', { T: 8, pos: 8 }), id: 'engine.msg.range', params: { name: 'pos', min: '0', max: 'T-1', got: '8' } },
  ],
  'capi_lesson.cpp: head must be between 0 and n_heads-1, got ': [
    { make: () => refusal('mhaScores', { T: 4, head: 2 }), id: 'engine.msg.range', params: { name: 'head', min: '0', max: 'n_heads-1', got: '2' } },
  ],
  'capi_lesson.cpp: n must be between 1 and 64, got ': [
    { make: () => refusal('softmaxSlice', { scores: Array(65).fill(0), query: 0 }), id: 'engine.msg.range', params: { name: 'n', min: '1', max: '64', got: '65' } },
  ],
  'capi_lesson.cpp: query must be between 0 and n-1, got ': [
    { make: () => refusal('softmaxSlice', { scores: [1, 2, 3, 4], query: 4 }), id: 'engine.msg.range', params: { name: 'query', min: '0', max: 'n-1', got: '4' } },
  ],
  'capi_model.cpp: n_samples must be between 0 and 1000, got ': [
    {
      make: async () => {
        const pp = M._malloc(4);
        const rc = M._er_corpus_info(1001, 0, pp);
        M._free(pp);
        expect(rc).not.toBe(0);
        return M.UTF8ToString(M._er_last_error());
      },
      id: 'engine.msg.range',
      params: { name: 'n_samples', min: '0', max: '1000', got: '1001' },
    },
  ],
  'capi_model.cpp: n must be between 1 and 100, got ': [
    { make: async () => refusal('trainSample', { handle: await aRun(), n: 0 }), id: 'engine.msg.range', params: { name: 'n', min: '1', max: '100', got: '0' } },
  ],

  // Progress-file import (the course home): every check of wasm/src/io/progress.cpp.
  'progress.cpp: This file is too large to be a progress file ( …  KB; the limit is 2 MiB).': [
    // Within the page's 2 MiB check as UTF-16 (what File.text() of a damaged file can give), over it as UTF-8.
    { make: () => progressFile('\uFFFD'.repeat(1_000_000)), id: 'engine.import.tooLarge', params: { kb: '2930', mib: '2' },
      es: 'es demasiado grande para ser un archivo de progreso (2930 KB; el límite es 2 MiB).' },
  ],
  'progress.cpp: This file is not a progress file: its text is not valid JSON ( … ).': [
    { make: () => progressFile('{"app": "exam-rule", oops'), id: 'engine.import.notJson', params: notJson(21, json('engine.json.expectedKey', { found: char('o') })),
      es: 'no es un archivo de progreso, porque su texto no es JSON válido (byte 21: se esperaba una clave entre comillas y aparece «o»).' },
  ],
  'progress.cpp: This file is not a progress file: it does not contain a JSON object.': [
    { make: () => progressFile('[]'), id: 'engine.import.notObject', params: {} },
  ],
  'progress.cpp: This file is not an Exam Rule progress file (its "app" field is  … missing … not a text … , expected "exam-rule").': [
    { make: () => progressFile('{}'), id: 'engine.import.appMissing', params: {} },
    { make: () => progressFile('{"app":1}'), id: 'engine.import.appNotText', params: {} },
    { make: () => progressFile('{"app":"notes","schema":1}'), id: 'engine.import.appOther', params: { app: '"notes"' },
      es: 'no es un archivo de progreso de Exam Rule (su campo "app" vale "notes", y debe valer "exam-rule").' },
  ],
  'progress.cpp: This progress file has no schema version (a "schema" number).': [
    { make: () => progressFile('{"app":"exam-rule"}'), id: 'engine.import.noSchema', params: {} },
  ],
  'progress.cpp: This progress file uses schema version  … , but this version of Exam Rule reads only version 1.': [
    { make: () => file({ schema: 2 }), id: 'engine.import.schema', params: { version: '2', supported: '1' } },
  ],
  'progress.cpp: This progress file has an unknown field  … ; only app, schema, savedAt and entries are allowed.': [
    { make: () => file({ extra: true }), id: 'engine.import.unknownField', params: { field: '"extra"' } },
  ],
  'progress.cpp: The "savedAt" field must be a text of 1 to 64 characters (the date it was saved).': [
    { make: () => file({ savedAt: '' }), id: 'engine.import.savedAt', params: { min: '1', max: '64' } },
  ],
  'progress.cpp: The "entries" field is missing or is not an object.': [
    { make: () => file({ entries: [] }), id: 'engine.import.entries', params: {} },
  ],
  'progress.cpp: This progress file has  …  entries; at most 5000 are allowed.': [
    { make: () => file({ entries: Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`k${i}`, 1])) }), id: 'engine.import.tooManyEntries', params: { n: '5001', max: '5000' } },
  ],
  'progress.cpp: The entry name  …  is not allowed: names have 1 to 200 characters among letters A-Z and a-z,  … digits and : . _ / -': [
    { make: () => file({ entries: { 'no spaces allowed': 1 } }), id: 'engine.import.badName', params: { name: '"no spaces allowed"', min: '1', max: '200' } },
    // A long name is cut to 40 characters by the engine ("...") and kept so.
    { make: () => file({ entries: { ['é'.repeat(50)]: 1 } }), id: 'engine.import.badName', params: { name: `"${'é'.repeat(40)}..."`, min: '1', max: '200' } },
  ],
  'progress.cpp:  holds a text of  …  characters; the limit is 20000.': [
    { make: () => file({ entries: { k: 'x'.repeat(20001) } }), id: 'engine.import.longText', params: { key: '"k"', n: '20001', max: '20000' } },
  ],
  'progress.cpp:  is nested more than 4 levels deep.': [
    { make: () => file({ entries: { k: [[[[[1]]]]] } }), id: 'engine.import.tooDeep', params: { key: '"k"', max: '4' },
      es: 'la entrada "k" tiene más de 4 niveles de anidamiento.' },
  ],
  'progress.cpp:  has a field name longer than 20000 characters.': [
    { make: () => file({ entries: { k: { ['f'.repeat(20001)]: 1 } } }), id: 'engine.import.longFieldName', params: { key: '"k"', max: '20000' } },
  ],
  'progress.cpp: This progress file would be larger than 2 MiB once stored.': [
    // "1e14" is stored as 100000000000000: the file fits, its canonical form does not.
    { make: () => progressFile(`{"app":"exam-rule","schema":1,"savedAt":"x","entries":{"k":[${Array(400_000).fill('1e14').join(',')}]}}`), id: 'engine.import.tooLargeStored', params: { mib: '2' } },
  ],

  // Why a file is not JSON (wasm/src/io/json.cpp), inside engine.import.notJson.
  'json.cpp: unexpected text after the JSON value': [{ make: () => progressFile('{} x'), id: 'engine.import.notJson', params: notJson(3, json('engine.json.afterValue')) }],
  'json.cpp: unexpected  … , expected a value': [
    { make: () => progressFile('['), id: 'engine.import.notJson', params: notJson(1, json('engine.json.expectedValue', { found: json('engine.json.end') })),
      es: 'no es un archivo de progreso, porque su texto no es JSON válido (byte 1: se esperaba un valor y aparece el final del texto).' },
    { make: () => progressFile('[x'), id: 'engine.import.notJson', params: notJson(1, json('engine.json.expectedValue', { found: char('x') })) },
    { make: () => progressFile('[é'), id: 'engine.import.notJson', params: notJson(1, json('engine.json.expectedValue', { found: json('engine.json.byte', { hex: '0xC3' }) })),
      es: 'no es un archivo de progreso, porque su texto no es JSON válido (byte 1: se esperaba un valor y aparece el byte 0xC3).' },
  ],
  "json.cpp: invalid literal, expected ' … '": [{ make: () => progressFile('[tru]'), id: 'engine.import.notJson', params: notJson(1, json('engine.json.literal', { word: 'true' })) }],
  'json.cpp: nesting deeper than 64 levels': [{ make: () => progressFile('['.repeat(70)), id: 'engine.import.notJson', params: notJson(64, json('engine.json.tooDeep', { max: '64' })) }],
  'json.cpp: unexpected  … , expected a key string': [
    { make: () => progressFile('{1}'), id: 'engine.import.notJson', params: notJson(1, json('engine.json.expectedKey', { found: char('1') })) },
  ],
  "json.cpp: unexpected  … , expected ':' after a key": [
    { make: () => progressFile('{"a" 1}'), id: 'engine.import.notJson', params: notJson(5, json('engine.json.expectedColon', { found: char('1') })) },
  ],
  'json.cpp: duplicate key in object': [{ make: () => progressFile('{"a":1,"a":2}'), id: 'engine.import.notJson', params: notJson(7, json('engine.json.duplicateKey')) }],
  "json.cpp: unexpected  … , expected ',' or '}' in an object": [
    { make: () => progressFile('{"a":1 2}'), id: 'engine.import.notJson', params: notJson(7, json('engine.json.expectedObjectEnd', { found: char('2') })) },
  ],
  "json.cpp: unexpected  … , expected ',' or ']' in an array": [
    { make: () => progressFile('[1 2]'), id: 'engine.import.notJson', params: notJson(3, json('engine.json.expectedArrayEnd', { found: char('2') })) },
  ],
  'json.cpp: invalid \\u escape, expected 4 hex digits': [{ make: () => progressFile('"\\u12x4"'), id: 'engine.import.notJson', params: notJson(5, json('engine.json.badUnicodeEscape')) }],
  'json.cpp: unterminated string': [{ make: () => progressFile('"abc'), id: 'engine.import.notJson', params: notJson(4, json('engine.json.unterminated')) }],
  'json.cpp: control character in a string (it must be escaped)': [{ make: () => progressFile('"a\tb"'), id: 'engine.import.notJson', params: notJson(2, json('engine.json.controlChar')) }],
  'json.cpp: invalid escape in a string': [{ make: () => progressFile('"\\x"'), id: 'engine.import.notJson', params: notJson(2, json('engine.json.badEscape')) }],
  'json.cpp: unpaired UTF-16 surrogate in a \\u escape': [{ make: () => progressFile('"\\ud800"'), id: 'engine.import.notJson', params: notJson(1, json('engine.json.surrogate')) }],
  'json.cpp: leading zeros are not allowed in numbers': [{ make: () => progressFile('01'), id: 'engine.import.notJson', params: notJson(1, json('engine.json.leadingZeros')) }],
  'json.cpp: invalid number': [{ make: () => progressFile('-x'), id: 'engine.import.notJson', params: notJson(1, json('engine.json.badNumber')) }],
  'json.cpp: expected a digit after the decimal point': [{ make: () => progressFile('1.'), id: 'engine.import.notJson', params: notJson(2, json('engine.json.fractionDigit')) }],
  'json.cpp: expected a digit in the exponent': [{ make: () => progressFile('1e'), id: 'engine.import.notJson', params: notJson(2, json('engine.json.exponentDigit')) }],
  'json.cpp: number literal longer than 512 characters': [
    { make: () => progressFile('1'.repeat(600)), id: 'engine.import.notJson', params: notJson(0, json('engine.json.longNumber', { max: '512' })) },
  ],
  'json.cpp: number too large for a double': [{ make: () => progressFile('1e999'), id: 'engine.import.notJson', params: notJson(0, json('engine.json.hugeNumber')) }],
};

const NULL_POINTER = 'a null pointer: the worker always passes its buffers and strings';
/** Message sites left in English, with the reason no learner can meet them. */
const NOT_LEARNER_FACING: Record<string, string> = {
  'capi.cpp: output buffer is null': NULL_POINTER,
  'capi_lesson.cpp: output buffer is null': NULL_POINTER,
  'capi_model.cpp: output buffer is null': NULL_POINTER,
  'capi_model.cpp: output pointer is null': NULL_POINTER,
  'capi_model.cpp: handle pointer is null': NULL_POINTER,
  'capi_model.cpp: break name is null': NULL_POINTER,
  'capi_model.cpp: text is null': NULL_POINTER,
  'capi_model.cpp: tokens or output buffer is null': NULL_POINTER,
  'capi_model.cpp: input or handle pointer is null': NULL_POINTER,
  'capi_progress.cpp: progress text is null': NULL_POINTER,
  'capi_maskdata.cpp: mask buffer is null': NULL_POINTER,
  'capi_maskdata.cpp: pass must be 0 (training) or 1 (generation), got ': 'ops/maskdata.ts maps train and generate to 0 and 1',
  'capi_maskdata.cpp: where must be 0 (before the softmax), 1 (after the softmax) or 2  … (multiplied into the scores), got ':
    'ops/maskdata.ts maps pre, post and multiply to 0, 1 and 2 and refuses other names itself',
  'capi.cpp: n_heads must divide d_model ( … ), got ': 'the widgets pass d_model 16 and 2 heads',
  'capi.cpp: unknown mask mode ': 'the worker maps mode names to numbers and refuses unknown names itself (ops/mask.ts)',
  'capi_model.cpp: unknown break " … " (known:  … )': 'break names come from the studio\'s own list (studio/share.ts isBreak checks share links)',
  'capi_model.cpp: T must be between 2 and the context  … , got ': 'the widgets clamp T to [2, 32] and the context of every run the web creates is 32',
  'capi_model.cpp: <err>': 'er_run_create passes on config errors (the studio\'s config is fixed, its steps checked by parseSteps); er_run_load is not called by the web',
  'capi_model.cpp: the run has finished its  …  steps': 'trainRun stops stepping at the configured number of steps',
  'capi_model.cpp: temperature must be a number between 0 and 10': 'the studio samples with the default temperature',
  'capi_model.cpp: top_k must be between 0 (all) and  … , got ': 'the studio samples with the default top_k',
  'capi_model.cpp: the prompt must be shorter than  …  words': 'the studio samples without a prompt',
  'capi_model.cpp: n must be between 1 and the context ': 'er_run_logits is not called by the web',
  'capi_model.cpp: token id  …  at position  …  is outside the vocabulary [0,  … )': 'er_run_logits is not called by the web',
  'capi_model.cpp: not a safetensors file (shorter than its 8-byte header length)': 'er_run_load is not called by the web',
  'capi_progress.cpp: <error>': 'passes on the messages of progress.cpp, scanned and translated',
  'progress.cpp: <why>': 'passes on the messages of check() in the same file, scanned and translated',
  'progress.cpp:  holds a number that is not finite.': 'the JSON reader refuses every number that is not finite before the schema is checked',
  'json.cpp: more than 1048576 values in one document': 'takes more than 2 MiB of text, which the progress check refuses before parsing',
  'capi_model.cpp: run  …  is in the middle of a training step': 'only trainRun opens a step, and the studio calls nothing but trainFree (allowed mid-step) on a run until its training ends',
  'capi_shards.cpp: output pointer is null': NULL_POINTER,
  'capi_shards.cpp: input buffer is null': NULL_POINTER,
  ...Object.fromEntries([
    'unknown replica handle ', 'no training step is open on run ', 'a training step is already open on run ',
    'shards are added in order: expected shard ', 'the step still misses shard ', 'unknown break " … "', '<err>',
    'bad config: ', 'too many replicas; free one first', 'shard must be in [0,  … )', 'token id outside the vocabulary',
  ].map((m) => [`capi_shards.cpp: ${m}`, 'the data-parallel step (engine/sharded-step.ts, helper-worker.ts) passes the run\'s own config, break, batch and shards in order'])),
  'json.cpp: invalid UTF-8 in a string': 'the page reads the file as text and the worker writes it as UTF-8, so the engine always gets valid UTF-8',
};

// ---- the scan of the C++ sources ----

function skipLiteral(src: string, i: number): number {
  const q = src[i];
  for (i++; i < src.length && src[i] !== q; ) i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}
/** The text from i up to the ')' closing the call, or the ';' ending the statement. */
function readExpr(src: string, i: number, stop: ')' | ';'): string {
  const start = i;
  for (let depth = 0; i < src.length; ) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = skipLiteral(src, i);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0 && stop === ')') break;
      depth--;
    } else if (c === ';' && depth === 0 && stop === ';') break;
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
const literals = (expr: string) => [...expr.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
const keyOf = (file: string, expr: string) => {
  const l = literals(expr);
  return `${file}: ${l.length ? l.join(' … ') : `<${expr.trim()}>`}`;
};

/**
 * Every message the C API can set: the fail(code, message) calls of wasm/src/capi (the
 * benchmark entry points excluded: only tools/bench calls them), the messages of the progress
 * check it passes on (wasm/src/io/progress.cpp: *why / *error), and the JSON reader's reasons
 * inside them (wasm/src/io/json.cpp: fail(message)).
 */
function scanSites(): Set<string> {
  const keys = new Set<string>();
  const read = (p: string) => readFileSync(join(REPO, p), 'utf8');
  for (const f of readdirSync(join(REPO, 'wasm/src/capi')).filter((f) => f.endsWith('.cpp') && f !== 'capi_bench.cpp')) {
    const src = read(`wasm/src/capi/${f}`);
    for (const m of src.matchAll(/\b(?:er::capi::)?fail\(/g)) {
      const args = topLevelArgs(readExpr(src, m.index + m[0].length, ')'));
      keys.add(keyOf(f, args.slice(1).join(',')));
    }
  }
  const json = read('wasm/src/io/json.cpp');
  for (const m of json.matchAll(/\breturn\s+fail\(/g)) keys.add(keyOf('json.cpp', readExpr(json, m.index + m[0].length, ')')));
  const progress = read('wasm/src/io/progress.cpp');
  for (const m of progress.matchAll(/\*(?:why|error)\s*=(?!=)/g)) keys.add(keyOf('progress.cpp', readExpr(progress, m.index + m[0].length, ';')));
  return keys;
}

/** The case's id and parameters, nested pieces included, as plain data. */
const plain = (x: EngineText | null): unknown => JSON.parse(JSON.stringify(x));

describe('engine messages in the learner\'s language', () => {
  test('the scan finds the C API\'s messages (sanity of the guard itself)', () => {
    const sites = scanSites();
    expect(sites.size).toBeGreaterThan(60);
    expect(sites).toContain('capi_model.cpp: unknown word " … " (not in the corpus vocabulary)');
    expect(sites).toContain('progress.cpp:  is nested more than 4 levels deep.');
    expect(sites).toContain('json.cpp: unterminated string');
  });

  test('guard: every message the C API can set is translated or listed with the reason no learner sees it', () => {
    const sites = scanSites();
    const classified = new Set([...Object.keys(TRANSLATED), ...Object.keys(NOT_LEARNER_FACING)]);
    const unclassified = [...sites].filter((k) => !classified.has(k));
    // A new or reworded message: add a rule in web/src/engine/messages.ts, its strings in
    // web/src/i18n/strings/engine.ts and a case in TRANSLATED (or say in NOT_LEARNER_FACING why
    // no learner can meet it).
    expect(unclassified).toEqual([]);
    const stale = [...classified].filter((k) => !sites.has(k));
    expect(stale).toEqual([]);
    expect(Object.keys(TRANSLATED).filter((k) => k in NOT_LEARNER_FACING)).toEqual([]);
  });

  test('the entry points said not to be called by the web are not', () => {
    const src = (dir: string): string[] =>
      readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? src(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [readFileSync(join(REPO, dir, e.name), 'utf8')] : []);
    const web = src('web/src').join('\n');
    for (const fn of ['_er_run_logits', '_er_run_load']) expect(web).not.toContain(fn);
  });

  for (const [site, cases] of Object.entries(TRANSLATED))
    test(`translated: ${site}`, async () => {
      const longest = site.slice(site.indexOf(': ') + 2).split(' … ').reduce((a, b) => (b.length > a.length ? b : a));
      for (const c of cases) {
        const message = await c.make();
        expect(message, 'the engine produced this site\'s message').toContain(longest);
        const known = recognise(message);
        expect(plain(known), message).toEqual({ id: c.id, params: c.params });
        const en = render(known!, 'en');
        const es = render(known!, 'es');
        expect(en, 'English gives back the engine\'s sentence').toBe(message);
        expect(es).not.toBe(en);
        expect(es).not.toMatch(/⟦|\{\w+\}/);
        const specifics = (p: EngineText['params']): string[] =>
          Object.values(p).flatMap((v) => (typeof v === 'object' ? specifics(v.params) : [String(v)]));
        for (const s of specifics(known!.params)) expect(es).toContain(s);
        if (c.es) expect(es).toBe(c.es);
      }
    }, 30_000);

  test('every string of engine.ts is reached by a case', () => {
    const ids = new Set<string>();
    const collect = (x: unknown): void => {
      if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (typeof o.id === 'string') ids.add(o.id);
        Object.values(o).forEach(collect);
      }
    };
    collect(TRANSLATED);
    expect(Object.keys(engineStrings).filter((id) => !ids.has(id))).toEqual([]);
  });

  test('an unknown message is kept whole, in both languages', () => {
    const odd = 'the flux capacitor needs 1.21 gigawatts, got 0.9 (see "manual")';
    expect(recognise(odd)).toBeNull();
    // near misses of a rule are not half-translated either
    expect(recognise('T must be between 1 and 64')).toBeNull();
    expect(recognise('This file is not a progress file: its text is not valid JSON (at byte 3: something new).')).toBeNull();
    document.documentElement.lang = 'es';
    try {
      const e = new EngineRequestError('engine', odd);
      expect(e.message).toBe(odd);
      expect(e.engineMessage).toBe(odd);
    } finally {
      document.documentElement.lang = '';
    }
  });
});

describe('where the learner sees them', () => {
  afterAll(() => {
    document.documentElement.lang = '';
  });

  test('a refusal from the worker becomes an EngineRequestError in the page\'s language', async () => {
    document.documentElement.lang = 'es';
    const raw = await refusal('modelAttention', { text: 'yo hablo klingon', masked: true, seed: 0 });
    let worker!: { onmessage: (e: { data: unknown }) => void };
    const client = new EngineClient('', () => {
      worker = { onmessage: () => {}, postMessage() {}, terminate() {} } as never;
      return worker as unknown as Worker;
    });
    const p = client.run('modelAttention', { text: 'yo hablo klingon' });
    worker.onmessage({ data: { id: 1, type: 'ERROR', data: { code: 'engine', message: raw } } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineRequestError);
    expect(err).toMatchObject({ code: 'engine', message: 'la palabra «klingon» no está en el vocabulario del corpus', engineMessage: raw });
    // other codes keep their message
    expect(new EngineRequestError('internal', raw).message).toBe(raw);
  });

  test('a widget\'s status line (Spanish page)', async () => {
    document.documentElement.lang = 'es';
    const widgetCtx = { lang: 'es', t: (id: string, vars?: Record<string, string | number>) => t(id, vars, 'es') } as unknown as WidgetContext;
    const status = new StatusLine(widgetCtx);
    const raw = await refusal('softmaxSlice', { scores: [0, 0, 3e6, 0], query: 0 });
    status.showError(new EngineRequestError('engine', raw));
    expect(status.el.textContent).toBe('El motor rechazó esta entrada: la puntuación de la key 2 tiene que ser un número finito entre -1000000 y 1000000');
    status.showError(new EngineRequestError('engine', 'something the rules do not know'));
    expect(status.el.textContent).toBe('El motor rechazó esta entrada: something the rules do not know');
  });

  test('a refused progress import on the course home (Spanish page)', async () => {
    document.documentElement.lang = 'es';
    const engine = {
      run: async (op: string, args: Record<string, unknown>) => {
        try {
          return await ops[op](args, ctx);
        } catch (e) {
          throw new EngineRequestError('engine', (e as Error).message);
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
