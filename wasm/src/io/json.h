// A small JSON value, reader and writer: enough for configs, metrics lines and safetensors
// headers. The reader never throws and never aborts: malformed input gives false and a
// message with the byte offset (as data: message.h). Depth and size are bounded (fuzzed in tests/fuzz).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "message.h"

namespace er::json {

struct Value {
  enum Type { Null, Bool, Number, String, Array, Object } type = Null;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Value> arr;
  std::map<std::string, Value> obj;  // keys sorted: writing is deterministic

  const Value* get(const std::string& key) const;  // nullptr if absent or not an object
};

// Where and why a text is not JSON: reason is a json.* message (message.cpp).
struct ParseError {
  size_t byte = 0;
  Message reason;
  Message message() const;  // "JSON error at byte N: <reason>"
};
bool parse_detailed(const std::string& text, Value* out, ParseError* error);
bool parse(const std::string& text, Value* out, std::string* error);  // error: message().english()
std::string write(const Value& v);  // compact, one line; numbers with %.9g; NaN/Inf -> null
// Integers with |x| <= 2^53 are written exactly ("1234567890123"), everything else with
// %.9g (and a %.9g result that is such an integer is written as that integer).
// Invalid UTF-8 in strings built by code is written as \ufffd, so the output always parses.

bool valid_utf8(const std::string& s);  // RFC 3629: no overlongs, no surrogates, <= U+10FFFF

namespace detail {
// Length of the valid UTF-8 sequence at s[i] (1..4), or 0 (shared by the reader and the writer).
size_t utf8_len(const std::string& s, size_t i);
}  // namespace detail

}  // namespace er::json

// Value builders: jv::num(1.5), jv::str("x"), jv::obj() / jv::arr() (empty, to fill).
namespace er::jv {
json::Value num(double x);
json::Value boolean(bool b);
json::Value str(const std::string& s);
json::Value arr();
json::Value obj();
}  // namespace er::jv
