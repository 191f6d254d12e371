/**
 * The engine's refusals in the page's language. The C API explains a refusal in one English
 * sentence (er_last_error(), wasm/src/capi/error.h); the worker passes it on untouched. Here the
 * sentences a learner can meet are recognised by their stable wording and turned into a string
 * id of i18n/strings/engine.ts plus the sentence's specifics (numbers, words, names), so they
 * can be shown in either language. The English text of each id re-creates the engine's sentence
 * exactly. A sentence no rule knows is left as it is (the page still shows it, after a translated
 * "the engine refused" line). tests/web/engine-messages.test.ts holds every rule to a message the
 * real engine produced, and fails when the C++ gains a learner-facing message with no rule.
 */
import { currentLang, t as translate, type Lang } from '../i18n';

export type Params = Record<string, string | number | EngineText>;
/** A string id with its parameters; a parameter may itself be a recognised piece of text. */
export interface EngineText {
  id: string;
  params: Params;
}
/** Names a string id with its parameters (rules get it as `t`, so every id reads as used). */
type Name = (id: string, params?: Params) => EngineText;
type Rule = [RegExp, (m: RegExpExecArray, t: Name) => EngineText | null];

/** What the JSON reader (wasm/src/io/json.cpp, describe()) found instead of what it expected. */
function found(s: string, t: Name): EngineText | null {
  if (s === 'end of input') return t('engine.json.end');
  let m = /^'([\s\S])'$/.exec(s);
  if (m) return t('engine.json.char', { c: m[1] });
  m = /^byte (0x[0-9A-F]{2})$/.exec(s);
  return m ? t('engine.json.byte', { hex: m[1] }) : null;
}

/** The JSON reader's reasons (wasm/src/io/json.cpp), after "at byte N: ". */
const JSON_RULES: Rule[] = [
  [/^unexpected text after the JSON value$/, (_, t) => t('engine.json.afterValue')],
  [/^unexpected (.+), expected a value$/, (m, t) => has(found(m[1], t), (f) => t('engine.json.expectedValue', { found: f }))],
  [/^unexpected (.+), expected a key string$/, (m, t) => has(found(m[1], t), (f) => t('engine.json.expectedKey', { found: f }))],
  [/^unexpected (.+), expected ':' after a key$/, (m, t) => has(found(m[1], t), (f) => t('engine.json.expectedColon', { found: f }))],
  [/^unexpected (.+), expected ',' or '\}' in an object$/, (m, t) => has(found(m[1], t), (f) => t('engine.json.expectedObjectEnd', { found: f }))],
  [/^unexpected (.+), expected ',' or '\]' in an array$/, (m, t) => has(found(m[1], t), (f) => t('engine.json.expectedArrayEnd', { found: f }))],
  [/^invalid literal, expected '(true|false|null)'$/, (m, t) => t('engine.json.literal', { word: m[1] })],
  [/^nesting deeper than (\d+) levels$/, (m, t) => t('engine.json.tooDeep', { max: m[1] })],
  [/^duplicate key in object$/, (_, t) => t('engine.json.duplicateKey')],
  [/^invalid \\u escape, expected 4 hex digits$/, (_, t) => t('engine.json.badUnicodeEscape')],
  [/^unterminated string$/, (_, t) => t('engine.json.unterminated')],
  [/^control character in a string \(it must be escaped\)$/, (_, t) => t('engine.json.controlChar')],
  [/^invalid escape in a string$/, (_, t) => t('engine.json.badEscape')],
  [/^unpaired UTF-16 surrogate in a \\u escape$/, (_, t) => t('engine.json.surrogate')],
  [/^leading zeros are not allowed in numbers$/, (_, t) => t('engine.json.leadingZeros')],
  [/^invalid number$/, (_, t) => t('engine.json.badNumber')],
  [/^expected a digit after the decimal point$/, (_, t) => t('engine.json.fractionDigit')],
  [/^expected a digit in the exponent$/, (_, t) => t('engine.json.exponentDigit')],
  [/^number literal longer than (\d+) characters$/, (m, t) => t('engine.json.longNumber', { max: m[1] })],
  [/^number too large for a double$/, (_, t) => t('engine.json.hugeNumber')],
];

/** A progress-file name or value as the engine quotes it: "text" or "text..." (wasm/src/io/progress.cpp, shown()). */
const Q = '(".*")';

const RULES: Rule[] = [
  // ---- the lesson widgets and the studio (wasm/src/capi/*.cpp) ----
  [/^(\w+) must be between (\S+) and (\S+), got (\S+)$/, (m, t) => t('engine.msg.range', { name: m[1], min: m[2], max: m[3], got: m[4] })],
  [/^unknown word "(.*)" \(not in the corpus vocabulary\)$/, (m, t) => t('engine.msg.unknownWord', { word: m[1] })],
  [/^the text is too long: at most (\d+) words$/, (m, t) => t('engine.msg.textTooLong', { n: m[1] })],
  [/^score (\d+) must be a finite number between (\S+) and (\S+)$/, (m, t) => t('engine.msg.scoreRange', { j: m[1], min: m[2], max: m[3] })],
  [/^too many runs \((\d+)\); free one first$/, (m, t) => t('engine.msg.tooManyRuns', { max: m[1] })],
  [/^unknown run handle (-?\d+)$/, (m, t) => t('engine.msg.unknownRun', { handle: m[1] })],
  // mask as data (capi_maskdata.cpp): a studio repair or a code cell's own mask
  [/^the mask must hold T x T = (\d+) numbers for the context T = (\d+), got (\d+)$/, (m, t) => t('engine.msg.maskSize', { n: m[1], T: m[2], got: m[3] })],
  [/^mask entry \((\d+), (\d+)\) must be a finite number or -inf, got (\S+)$/, (m, t) => t('engine.msg.maskValue', { i: m[1], j: m[2], got: m[3] })],
  [/^mask entry \((\d+), (\d+)\) must be a finite number when it multiplies the scores, got (\S+)$/, (m, t) =>
    t('engine.msg.maskFactor', { i: m[1], j: m[2], got: m[3] })],

  // ---- progress-file import (wasm/src/io/progress.cpp) ----
  [/^This file is too large to be a progress file \((\d+) KB; the limit is (\d+) MiB\)\.$/, (m, t) => t('engine.import.tooLarge', { kb: m[1], mib: m[2] })],
  [/^This file is not a progress file: its text is not valid JSON \(at byte (\d+): (.*)\)\.$/, (m, t) =>
    has(recogniseWith(m[2], JSON_RULES, t), (detail) => t('engine.import.notJson', { byte: m[1], detail }))],
  [/^This file is not a progress file: it does not contain a JSON object\.$/, (_, t) => t('engine.import.notObject')],
  [/^This file is not an Exam Rule progress file \(its "app" field is missing, expected "exam-rule"\)\.$/, (_, t) => t('engine.import.appMissing')],
  [/^This file is not an Exam Rule progress file \(its "app" field is not a text, expected "exam-rule"\)\.$/, (_, t) => t('engine.import.appNotText')],
  [new RegExp(`^This file is not an Exam Rule progress file \\(its "app" field is ${Q}, expected "exam-rule"\\)\\.$`), (m, t) => t('engine.import.appOther', { app: m[1] })],
  [/^This progress file has no schema version \(a "schema" number\)\.$/, (_, t) => t('engine.import.noSchema')],
  [/^This progress file uses schema version (\S+), but this version of Exam Rule reads only version (\d+)\.$/, (m, t) => t('engine.import.schema', { version: m[1], supported: m[2] })],
  [new RegExp(`^This progress file has an unknown field ${Q}; only app, schema, savedAt and entries are allowed\\.$`), (m, t) => t('engine.import.unknownField', { field: m[1] })],
  [/^The "savedAt" field must be a text of (\d+) to (\d+) characters \(the date it was saved\)\.$/, (m, t) => t('engine.import.savedAt', { min: m[1], max: m[2] })],
  [/^The "entries" field is missing or is not an object\.$/, (_, t) => t('engine.import.entries')],
  [/^This progress file has (\d+) entries; at most (\d+) are allowed\.$/, (m, t) => t('engine.import.tooManyEntries', { n: m[1], max: m[2] })],
  [new RegExp(`^The entry name ${Q} is not allowed: names have (\\d+) to (\\d+) characters among letters A-Z and a-z, digits and : \\. _ / -$`), (m, t) =>
    t('engine.import.badName', { name: m[1], min: m[2], max: m[3] })],
  [new RegExp(`^The entry ${Q} holds a text of (\\d+) characters; the limit is (\\d+)\\.$`), (m, t) => t('engine.import.longText', { key: m[1], n: m[2], max: m[3] })],
  [new RegExp(`^The entry ${Q} is nested more than (\\d+) levels deep\\.$`), (m, t) => t('engine.import.tooDeep', { key: m[1], max: m[2] })],
  [new RegExp(`^The entry ${Q} has a field name longer than (\\d+) characters\\.$`), (m, t) => t('engine.import.longFieldName', { key: m[1], max: m[2] })],
  [/^This progress file would be larger than (\d+) MiB once stored\.$/, (m, t) => t('engine.import.tooLargeStored', { mib: m[1] })],
];

function has<T>(x: T | null, f: (x: T) => EngineText): EngineText | null {
  return x === null ? null : f(x);
}

function recogniseWith(message: string, rules: Rule[], t: Name): EngineText | null {
  for (const [re, make] of rules) {
    const m = re.exec(message);
    if (m) return make(m, t);
  }
  return null;
}

const name: Name = (id, params = {}) => ({ id, params });

/** The string id and parameters of an engine message, or null when no rule knows it. */
export function recognise(message: string): EngineText | null {
  return recogniseWith(message, RULES, name);
}

/** The text in `lang` (nested pieces first). */
export function render(text: EngineText, lang: Lang = currentLang()): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(text.params)) vars[k] = typeof v === 'object' ? render(v, lang) : v;
  return translate(text.id, vars, lang);
}

/** The engine's message in `lang` when a rule knows it, else the message unchanged. */
export function localizeEngineMessage(message: string, lang: Lang = currentLang()): string {
  const known = recognise(message);
  return known ? render(known, lang) : message;
}
