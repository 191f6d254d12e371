// A message for a person, as data: a stable code, named parameters, and the English sentence
// built from them. The C API hands the code and parameters to the page (er_last_error_json), which
// translates from the code (web/src/i18n/strings/engine.ts: id "engine." + code); the CLI and the
// logs show english(). The English templates live in message.cpp, one line per code; the web test
// tests/web/engine-messages.test.ts fails when a template and its English string differ, or when
// a code has no Spanish. A message with no code of its own is Message::sentence(text): the page
// shows the sentence as it is, after its translated "the engine refused" line.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace er {

struct Message;
// One named parameter: a text, or (when `nested` holds one element) a message of its own.
struct Param {
  std::string name;
  std::string text;
  std::vector<Message> nested;
};

struct Message {
  std::string code;  // e.g. "msg.range"; "sentence" = an English sentence with no code (param text)
  std::vector<Param> params;

  Message() = default;
  explicit Message(std::string c) : code(std::move(c)) {}
  static Message sentence(const std::string& text);

  Message& with(const std::string& name, const std::string& text);
  Message& with(const std::string& name, const char* text) { return with(name, std::string(text)); }
  Message& with(const std::string& name, long long n) { return with(name, std::to_string(n)); }
  Message& with(const std::string& name, const Message& m);

  bool empty() const { return code.empty(); }
  std::string english() const;  // the code's template with its parameters filled in
  std::string json() const;     // {"code":..,"params":{name: text | {"code":..,"params":..}}}
};

// "<name> must be between <min> and <max>, got <got>" (min and max may be words, e.g. "T-1").
Message range_message(const std::string& name, const std::string& min, const std::string& max,
                      long long got);

// Every code with its English template, as a JSON object (er_message_templates, tests).
std::string message_templates_json();

}  // namespace er
