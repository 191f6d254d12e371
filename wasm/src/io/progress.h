// Validation of a learner's progress file (the site's "import progress" goes through it, and
// it is fuzzed). Schema v1:
//   {"app":"exam-rule","schema":1,"savedAt":"<text>","entries":{"<key>":<value>,...}}
// - the whole file at most 2 MiB; exactly these four top-level fields (savedAt: 1..64 chars);
// - at most 5000 entries; keys 1..200 characters of [A-Za-z0-9:._/-];
// - values: null, true/false, finite numbers, strings of at most 20000 characters (Unicode
//   code points), or arrays/objects of those nested at most 4 levels (keys inside values obey
//   the string limit).
// Errors are messages as data (message.h: codes import.* and json.*), which the page translates.
#pragma once
#include <string>

#include "message.h"

namespace er {

// True if `text` is a valid progress file; then *normalized_json is its canonical form
// (json::write: compact, keys sorted, numbers %.9g / exact integers). Otherwise false and
// *error says what is wrong. Either pointer may be null.
bool validate_progress(const std::string& text, std::string* normalized_json, Message* error);
// The same, with the error as its English sentence (CLI, tests, fuzzers).
bool validate_progress(const std::string& text, std::string* normalized_json, std::string* error);

}  // namespace er
