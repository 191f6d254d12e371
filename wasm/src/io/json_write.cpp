// The JSON writer (json.h): compact, keys sorted, numbers exact or %.9g with '.' whatever the
// locale, invalid UTF-8 replaced so the output always parses; and the jv:: value builders.
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "json.h"

namespace er::json {

namespace {
using detail::utf8_len;
constexpr double kMaxExactInt = 9007199254740992.0;  // 2^53: larger doubles skip integers
void write_string(std::string* out, const std::string& s) {
  *out += '"';
  for (size_t i = 0; i < s.size();) {
    const uint8_t c = uint8_t(s[i]);
    const size_t n = utf8_len(s, i);
    if (n == 0) {  // invalid UTF-8 built by code: write U+FFFD so the output stays valid JSON
      *out += "\\ufffd";
      ++i;
      continue;
    }
    if (c == '"') *out += "\\\"";
    else if (c == '\\') *out += "\\\\";
    else if (c == '\n') *out += "\\n";
    else if (c == '\r') *out += "\\r";
    else if (c == '\t') *out += "\\t";
    else if (c == '\b') *out += "\\b";
    else if (c == '\f') *out += "\\f";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      *out += buf;
    } else {
      out->append(s, i, n);
    }
    i += n;
  }
  *out += '"';
}

void write_number(std::string* out, double x) {
  if (!std::isfinite(x)) {
    *out += "null";
    return;
  }
  char buf[40];
  if (x == std::floor(x) && std::fabs(x) <= kMaxExactInt) {
    // Integers are written exactly (tensor offsets and shapes, steps, timestamps in ms).
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(x));
    *out += buf;
    return;
  }
  std::snprintf(buf, sizeof buf, "%.9g", x);
  // The locale may have used another radix (',' or a multibyte one): anything that is not a
  // digit, sign or exponent letter is the radix, and becomes '.'.
  std::string g;
  bool in_radix = false;
  for (const char* p = buf; *p; ++p) {
    const char c = *p;
    const bool plain = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e';
    if (plain) g += c;
    else if (!in_radix) g += '.';
    in_radix = !plain;
  }
  // Rounding to 9 digits can land on an integer (3456789012.3 -> "3.45678901e+09"); write it
  // the way that integer is written, so that write(parse(write(v))) == write(v).
  Value rounded;
  if (parse(g, &rounded, static_cast<std::string*>(nullptr)) && rounded.num == std::floor(rounded.num) &&
      std::fabs(rounded.num) <= kMaxExactInt) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(rounded.num));
    *out += buf;
    return;
  }
  *out += g;
}

void write_value(std::string* out, const Value& v) {
  switch (v.type) {
    case Value::Null: *out += "null"; break;
    case Value::Bool: *out += v.b ? "true" : "false"; break;
    case Value::Number: write_number(out, v.num); break;
    case Value::String: write_string(out, v.str); break;
    case Value::Array:
      *out += '[';
      for (size_t i = 0; i < v.arr.size(); ++i) {
        if (i) *out += ',';
        write_value(out, v.arr[i]);
      }
      *out += ']';
      break;
    case Value::Object: {
      *out += '{';
      bool first = true;
      for (const auto& [k, child] : v.obj) {
        if (!first) *out += ',';
        first = false;
        write_string(out, k);
        *out += ':';
        write_value(out, child);
      }
      *out += '}';
      break;
    }
  }
}
}  // namespace

std::string write(const Value& v) {
  std::string out;
  write_value(&out, v);
  return out;
}

}  // namespace er::json

namespace er::jv {
using json::Value;
Value num(double x) {
  Value v;
  v.type = Value::Number;
  v.num = x;
  return v;
}
Value boolean(bool b) {
  Value v;
  v.type = Value::Bool;
  v.b = b;
  return v;
}
Value str(const std::string& s) {
  Value v;
  v.type = Value::String;
  v.str = s;
  return v;
}
Value arr() {
  Value v;
  v.type = Value::Array;
  return v;
}
Value obj() {
  Value v;
  v.type = Value::Object;
  return v;
}
}  // namespace er::jv
