// Messages as data (message.h): the English template of every code, and the two renderings.
#include "message.h"

#include <cstring>

#include "json.h"

namespace er {

namespace {

struct Template {
  const char* code;
  const char* english;  // {name} = the parameter `name`
};

// One line per code. The page's strings (web/src/i18n/strings/engine.ts, id "engine." + code)
// must give back exactly these English sentences (tests/web/engine-messages.test.ts).
constexpr Template kTemplates[] = {
    {"sentence", "{text}"},
    // ---- lesson widgets and studio runs (wasm/src/capi/*.cpp) ----
    {"msg.range", "{name} must be between {min} and {max}, got {got}"},
    {"msg.unknownWord", "unknown word \"{word}\" (not in the corpus vocabulary)"},
    {"msg.textTooLong", "the text is too long: at most {n} words"},
    {"msg.scoreRange", "score {j} must be a finite number between {min} and {max}"},
    {"msg.tooManyRuns", "too many runs ({max}); free one first"},
    {"msg.unknownRun", "unknown run handle {handle}"},
    {"msg.maskSize", "the mask must hold T x T = {n} numbers for the context T = {T}, got {got}"},
    {"msg.maskValue", "mask entry ({i}, {j}) must be a finite number or -inf, got {got}"},
    {"msg.maskFactor", "mask entry ({i}, {j}) must be a finite number when it multiplies the scores, got {got}"},
    // ---- progress-file import (wasm/src/io/progress.cpp) ----
    {"import.tooLarge", "This file is too large to be a progress file ({kb} KB; the limit is {mib} MiB)."},
    {"import.notJson", "This file is not a progress file: its text is not valid JSON (at byte {byte}: {detail})."},
    {"import.notObject", "This file is not a progress file: it does not contain a JSON object."},
    {"import.appMissing", "This file is not an Exam Rule progress file (its \"app\" field is missing, expected \"exam-rule\")."},
    {"import.appNotText", "This file is not an Exam Rule progress file (its \"app\" field is not a text, expected \"exam-rule\")."},
    {"import.appOther", "This file is not an Exam Rule progress file (its \"app\" field is {app}, expected \"exam-rule\")."},
    {"import.noSchema", "This progress file has no schema version (a \"schema\" number)."},
    {"import.schema", "This progress file uses schema version {version}, but this version of Exam Rule reads only version {supported}."},
    {"import.unknownField", "This progress file has an unknown field {field}; only app, schema, savedAt and entries are allowed."},
    {"import.savedAt", "The \"savedAt\" field must be a text of {min} to {max} characters (the date it was saved)."},
    {"import.entries", "The \"entries\" field is missing or is not an object."},
    {"import.tooManyEntries", "This progress file has {n} entries; at most {max} are allowed."},
    {"import.badName", "The entry name {name} is not allowed: names have {min} to {max} characters among letters A-Z and a-z, digits and : . _ / -"},
    {"import.longText", "The entry {key} holds a text of {n} characters; the limit is {max}."},
    {"import.notFinite", "The entry {key} holds a number that is not finite."},
    {"import.tooDeep", "The entry {key} is nested more than {max} levels deep."},
    {"import.longFieldName", "The entry {key} has a field name longer than {max} characters."},
    {"import.tooLargeStored", "This progress file would be larger than {mib} MiB once stored."},
    // ---- why a text is not valid JSON (wasm/src/io/json.cpp) ----
    {"json.at", "JSON error at byte {byte}: {detail}"},
    {"json.end", "end of input"},
    {"json.char", "'{c}'"},
    {"json.byte", "byte {hex}"},
    {"json.afterValue", "unexpected text after the JSON value"},
    {"json.expectedValue", "unexpected {found}, expected a value"},
    {"json.expectedKey", "unexpected {found}, expected a key string"},
    {"json.expectedColon", "unexpected {found}, expected ':' after a key"},
    {"json.expectedObjectEnd", "unexpected {found}, expected ',' or '}' in an object"},
    {"json.expectedArrayEnd", "unexpected {found}, expected ',' or ']' in an array"},
    {"json.literal", "invalid literal, expected '{word}'"},
    {"json.tooDeep", "nesting deeper than {max} levels"},
    {"json.tooManyValues", "more than {max} values in one document"},
    {"json.inputTooLarge", "the input is larger than {mib} MiB ({n} bytes)"},
    {"json.duplicateKey", "duplicate key in object"},
    {"json.badUnicodeEscape", "invalid \\u escape, expected 4 hex digits"},
    {"json.unterminated", "unterminated string"},
    {"json.controlChar", "control character in a string (it must be escaped)"},
    {"json.badUtf8", "invalid UTF-8 in a string"},
    {"json.badEscape", "invalid escape in a string"},
    {"json.surrogate", "unpaired UTF-16 surrogate in a \\u escape"},
    {"json.leadingZeros", "leading zeros are not allowed in numbers"},
    {"json.badNumber", "invalid number"},
    {"json.fractionDigit", "expected a digit after the decimal point"},
    {"json.exponentDigit", "expected a digit in the exponent"},
    {"json.longNumber", "number literal longer than {max} characters"},
    {"json.hugeNumber", "number too large for a double"},
};

const char* english_template(const std::string& code) {
  for (const Template& t : kTemplates)
    if (code == t.code) return t.english;
  return nullptr;
}

json::Value to_value(const Message& m) {
  json::Value v = jv::obj(), params = jv::obj();
  v.obj["code"] = jv::str(m.code);
  for (const Param& p : m.params)
    params.obj[p.name] = p.nested.empty() ? jv::str(p.text) : to_value(p.nested.front());
  v.obj["params"] = std::move(params);
  return v;
}

}  // namespace

Message Message::sentence(const std::string& text) { return Message("sentence").with("text", text); }

Message& Message::with(const std::string& name, const std::string& text) {
  params.push_back({name, text, {}});
  return *this;
}

Message& Message::with(const std::string& name, const Message& m) {
  params.push_back({name, "", {m}});
  return *this;
}

std::string Message::english() const {
  const char* tpl = english_template(code);
  if (!tpl) return code;  // a code without a template: a bug, but never an empty message
  std::string out;
  for (const char* c = tpl; *c; ++c) {
    const char* close = *c == '{' ? std::strchr(c, '}') : nullptr;
    if (!close) {
      out += *c;
      continue;
    }
    const std::string name(c + 1, close);
    const Param* found = nullptr;
    for (const Param& p : params)
      if (p.name == name) found = &p;
    if (!found) {
      out += *c;  // a literal brace, as in "',' or '}'"
      continue;
    }
    out += found->nested.empty() ? found->text : found->nested.front().english();
    c = close;
  }
  return out;
}

std::string Message::json() const { return json::write(to_value(*this)); }

Message range_message(const std::string& name, const std::string& min, const std::string& max,
                      long long got) {
  return Message("msg.range").with("name", name).with("min", min).with("max", max).with("got", got);
}

std::string message_templates_json() {
  json::Value v = jv::obj();
  for (const Template& t : kTemplates) v.obj[t.code] = jv::str(t.english);
  return json::write(v);
}

}  // namespace er
