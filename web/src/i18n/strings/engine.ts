import type { StringTable } from '../index';

/**
 * The engine's refusals, by code: the id is "engine." + the engine's message code
 * (wasm/src/io/message.cpp, which holds each code's English template). Each English text here is
 * that template, so an English page reads exactly what the engine said (a test compares them).
 * The pages show these after a colon ("The engine refused this input: …", "This file was not
 * imported: …"), hence the Spanish texts start in lower case.
 */
const table: StringTable = {
  // a refusal with no code of its own: the engine's English sentence, as it is
  'engine.sentence': { en: '{text}', es: '{text}' },
  // ---- lesson widgets and studio runs (wasm/src/capi/*.cpp) ----
  'engine.msg.range': { en: '{name} must be between {min} and {max}, got {got}', es: '{name} debe estar entre {min} y {max}, pero vale {got}' },
  'engine.msg.unknownWord': {
    en: 'unknown word "{word}" (not in the corpus vocabulary)',
    es: 'la palabra «{word}» no está en el vocabulario del corpus',
  },
  'engine.msg.textTooLong': { en: 'the text is too long: at most {n} words', es: 'el texto es demasiado largo: caben como mucho {n} palabras' },
  'engine.msg.scoreRange': {
    en: 'score {j} must be a finite number between {min} and {max}',
    es: 'la puntuación de la key {j} tiene que ser un número finito entre {min} y {max}',
  },
  'engine.msg.tooManyRuns': { en: 'too many runs ({max}); free one first', es: 'hay demasiados runs a la vez ({max}); libera uno primero' },
  'engine.msg.unknownRun': { en: 'unknown run handle {handle}', es: 'no hay ningún run con el identificador {handle}' },
  'engine.msg.maskSize': {
    en: 'the mask must hold T x T = {n} numbers for the context T = {T}, got {got}',
    es: 'la máscara tiene que tener T x T = {n} números para el contexto T = {T}, pero tiene {got}',
  },
  'engine.msg.maskValue': {
    en: 'mask entry ({i}, {j}) must be a finite number or -inf, got {got}',
    es: 'la entrada ({i}, {j}) de la máscara tiene que ser un número finito o -inf, pero vale {got}',
  },
  'engine.msg.maskFactor': {
    en: 'mask entry ({i}, {j}) must be a finite number when it multiplies the scores, got {got}',
    es: 'la entrada ({i}, {j}) de la máscara tiene que ser un número finito cuando multiplica las puntuaciones, pero vale {got}',
  },

  // ---- progress-file import (wasm/src/io/progress.cpp) ----
  'engine.import.tooLarge': {
    en: 'This file is too large to be a progress file ({kb} KB; the limit is {mib} MiB).',
    es: 'es demasiado grande para ser un archivo de progreso ({kb} KB; el límite es {mib} MiB).',
  },
  'engine.import.notJson': {
    en: 'This file is not a progress file: its text is not valid JSON (at byte {byte}: {detail}).',
    es: 'no es un archivo de progreso, porque su texto no es JSON válido (byte {byte}: {detail}).',
  },
  'engine.import.notObject': {
    en: 'This file is not a progress file: it does not contain a JSON object.',
    es: 'no es un archivo de progreso, porque no contiene un objeto JSON.',
  },
  'engine.import.appMissing': {
    en: 'This file is not an Exam Rule progress file (its "app" field is missing, expected "exam-rule").',
    es: 'no es un archivo de progreso de Exam Rule (le falta el campo "app", que debe valer "exam-rule").',
  },
  'engine.import.appNotText': {
    en: 'This file is not an Exam Rule progress file (its "app" field is not a text, expected "exam-rule").',
    es: 'no es un archivo de progreso de Exam Rule (su campo "app" no es un texto, y debe valer "exam-rule").',
  },
  'engine.import.appOther': {
    en: 'This file is not an Exam Rule progress file (its "app" field is {app}, expected "exam-rule").',
    es: 'no es un archivo de progreso de Exam Rule (su campo "app" vale {app}, y debe valer "exam-rule").',
  },
  'engine.import.noSchema': {
    en: 'This progress file has no schema version (a "schema" number).',
    es: 'al archivo de progreso le falta la versión del esquema (un número en "schema").',
  },
  'engine.import.schema': {
    en: 'This progress file uses schema version {version}, but this version of Exam Rule reads only version {supported}.',
    es: 'el archivo de progreso usa la versión {version} del esquema, pero esta versión de Exam Rule solo lee la versión {supported}.',
  },
  'engine.import.unknownField': {
    en: 'This progress file has an unknown field {field}; only app, schema, savedAt and entries are allowed.',
    es: 'el archivo de progreso tiene un campo desconocido, {field}; solo se admiten app, schema, savedAt y entries.',
  },
  'engine.import.savedAt': {
    en: 'The "savedAt" field must be a text of {min} to {max} characters (the date it was saved).',
    es: 'el campo "savedAt" tiene que ser un texto de {min} a {max} caracteres (la fecha en que se guardó).',
  },
  'engine.import.entries': {
    en: 'The "entries" field is missing or is not an object.',
    es: 'falta el campo "entries" o no es un objeto.',
  },
  'engine.import.tooManyEntries': {
    en: 'This progress file has {n} entries; at most {max} are allowed.',
    es: 'el archivo de progreso tiene {n} entradas, y se admiten como mucho {max}.',
  },
  'engine.import.badName': {
    en: 'The entry name {name} is not allowed: names have {min} to {max} characters among letters A-Z and a-z, digits and : . _ / -',
    es: 'el nombre de entrada {name} no está permitido: un nombre tiene de {min} a {max} caracteres, entre letras A-Z y a-z, dígitos y : . _ / -',
  },
  'engine.import.longText': {
    en: 'The entry {key} holds a text of {n} characters; the limit is {max}.',
    es: 'la entrada {key} guarda un texto de {n} caracteres, y el límite es {max}.',
  },
  'engine.import.notFinite': {
    en: 'The entry {key} holds a number that is not finite.',
    es: 'la entrada {key} guarda un número que no es finito.',
  },
  'engine.import.tooDeep': {
    en: 'The entry {key} is nested more than {max} levels deep.',
    es: 'la entrada {key} tiene más de {max} niveles de anidamiento.',
  },
  'engine.import.longFieldName': {
    en: 'The entry {key} has a field name longer than {max} characters.',
    es: 'la entrada {key} tiene un nombre de campo de más de {max} caracteres.',
  },
  'engine.import.tooLargeStored': {
    en: 'This progress file would be larger than {mib} MiB once stored.',
    es: 'una vez guardado, el archivo de progreso ocuparía más de {mib} MiB.',
  },

  // ---- why a text is not valid JSON (wasm/src/io/json.cpp), inside engine.import.notJson ----
  'engine.json.at': { en: 'JSON error at byte {byte}: {detail}', es: 'error de JSON en el byte {byte}: {detail}' },
  'engine.json.end': { en: 'end of input', es: 'el final del texto' },
  'engine.json.char': { en: "'{c}'", es: '«{c}»' },
  'engine.json.byte': { en: 'byte {hex}', es: 'el byte {hex}' },
  'engine.json.afterValue': { en: 'unexpected text after the JSON value', es: 'sobra texto después del valor JSON' },
  'engine.json.expectedValue': { en: 'unexpected {found}, expected a value', es: 'se esperaba un valor y aparece {found}' },
  'engine.json.expectedKey': { en: 'unexpected {found}, expected a key string', es: 'se esperaba una clave entre comillas y aparece {found}' },
  'engine.json.expectedColon': { en: "unexpected {found}, expected ':' after a key", es: 'se esperaba «:» después de la clave y aparece {found}' },
  'engine.json.expectedObjectEnd': {
    en: "unexpected {found}, expected ',' or '}' in an object",
    es: 'se esperaba «,» o «}» dentro de un objeto y aparece {found}',
  },
  'engine.json.expectedArrayEnd': {
    en: "unexpected {found}, expected ',' or ']' in an array",
    es: 'se esperaba «,» o «]» dentro de un array y aparece {found}',
  },
  'engine.json.literal': { en: "invalid literal, expected '{word}'", es: 'palabra no válida: se esperaba «{word}»' },
  'engine.json.tooDeep': { en: 'nesting deeper than {max} levels', es: 'hay más de {max} niveles de anidamiento' },
  'engine.json.tooManyValues': { en: 'more than {max} values in one document', es: 'hay más de {max} valores en un solo documento' },
  'engine.json.inputTooLarge': { en: 'the input is larger than {mib} MiB ({n} bytes)', es: 'el texto ocupa más de {mib} MiB ({n} bytes)' },
  'engine.json.duplicateKey': { en: 'duplicate key in object', es: 'un objeto repite una clave' },
  'engine.json.badUnicodeEscape': { en: 'invalid \\u escape, expected 4 hex digits', es: 'escape \\u no válido: faltan 4 dígitos hexadecimales' },
  'engine.json.unterminated': { en: 'unterminated string', es: 'una cadena de texto no se cierra' },
  'engine.json.controlChar': {
    en: 'control character in a string (it must be escaped)',
    es: 'hay un carácter de control dentro de una cadena (tiene que ir escapado)',
  },
  'engine.json.badUtf8': { en: 'invalid UTF-8 in a string', es: 'una cadena de texto no es UTF-8 válido' },
  'engine.json.badEscape': { en: 'invalid escape in a string', es: 'hay un escape no válido dentro de una cadena' },
  'engine.json.surrogate': {
    en: 'unpaired UTF-16 surrogate in a \\u escape',
    es: 'un escape \\u lleva medio par sustituto UTF-16 (surrogate) sin su pareja',
  },
  'engine.json.leadingZeros': { en: 'leading zeros are not allowed in numbers', es: 'un número no puede llevar ceros a la izquierda' },
  'engine.json.badNumber': { en: 'invalid number', es: 'número no válido' },
  'engine.json.fractionDigit': { en: 'expected a digit after the decimal point', es: 'falta un dígito después del punto decimal' },
  'engine.json.exponentDigit': { en: 'expected a digit in the exponent', es: 'falta un dígito en el exponente' },
  'engine.json.longNumber': { en: 'number literal longer than {max} characters', es: 'un número escrito con más de {max} caracteres' },
  'engine.json.hugeNumber': { en: 'number too large for a double', es: 'un número demasiado grande para un double' },
};
export default table;
