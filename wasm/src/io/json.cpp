// Strict RFC 8259 reader (the writer is json_write.cpp). No exceptions (the wasm build has none),
// no locale: numbers are converted by strtod only after being rewritten as "<digits>e<exp>",
// a form that has no radix character and so reads the same in every locale; the writer
// replaces whatever radix snprintf used by '.'.
#include "json.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace er::json {

namespace {

constexpr size_t kMaxInput = 16u << 20;  // 16 MiB
constexpr int kMaxDepth = 64;            // nested arrays/objects
constexpr size_t kMaxNumberChars = 512;  // a longer number literal is refused, not rounded
// A Value is ~100 bytes: 16 MiB of "[0,0,..." would otherwise become ~1 GB, which the wasm
// heap cannot hold. A million values is far beyond any config, header or progress file.
constexpr size_t kMaxValues = 1u << 20;

}  // namespace

// RFC 3629: no overlongs, no UTF-16 surrogates, nothing above U+10FFFF.
size_t detail::utf8_len(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return k < s.size() ? uint8_t(s[k]) : 0; };
  const uint8_t c = b(i);
  const auto cont = [&](size_t k) { return (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const uint8_t lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return b(i + 1) >= lo && b(i + 1) <= hi && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const uint8_t lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return b(i + 1) >= lo && b(i + 1) <= hi && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

namespace {
using detail::utf8_len;

void append_utf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    *out += char(cp);
  } else if (cp < 0x800) {
    *out += char(0xC0 | (cp >> 6));
    *out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += char(0xE0 | (cp >> 12));
    *out += char(0x80 | ((cp >> 6) & 0x3F));
    *out += char(0x80 | (cp & 0x3F));
  } else {
    *out += char(0xF0 | (cp >> 18));
    *out += char(0x80 | ((cp >> 12) & 0x3F));
    *out += char(0x80 | ((cp >> 6) & 0x3F));
    *out += char(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}

  bool document(Value* out) {
    if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;  // a UTF-8 BOM may be ignored (RFC 8259 §8.1)
    skip_ws();
    if (!value(out, 0)) return false;
    skip_ws();
    if (i_ != s_.size()) return fail(Message("json.afterValue"));
    return true;
  }
  const ParseError& error() const { return err_; }

 private:
  bool fail(const Message& reason) {
    if (err_.reason.empty()) err_ = {i_, reason};
    return false;
  }
  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  void skip_ws() {
    while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  // What stands at the current byte, for "unexpected <found>, expected ...".
  Message found() const {
    if (at_end()) return Message("json.end");
    const uint8_t c = uint8_t(s_[i_]);
    if (c >= 0x20 && c < 0x7F) return Message("json.char").with("c", std::string(1, char(c)));
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", c);
    return Message("json.byte").with("hex", buf);
  }
  bool unexpected(const char* code) { return fail(Message(code).with("found", found())); }

  bool value(Value* v, int depth) {
    *v = Value();
    if (++values_ > kMaxValues) return fail(Message("json.tooManyValues").with("max", (long long)kMaxValues));
    switch (peek()) {
      case '{': return object(v, depth + 1);
      case '[': return array(v, depth + 1);
      case '"': v->type = Value::String; return string(&v->str);
      case 't': v->type = Value::Bool; v->b = true; return literal("true");
      case 'f': v->type = Value::Bool; return literal("false");
      case 'n': return literal("null");
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) {
          v->type = Value::Number;
          return number(&v->num);
        }
        return unexpected("json.expectedValue");
    }
  }

  bool literal(const char* word) {
    const std::string w(word);
    if (s_.compare(i_, w.size(), w) != 0) return fail(Message("json.literal").with("word", w));
    i_ += w.size();
    return true;
  }

  bool object(Value* v, int depth) {
    if (depth > kMaxDepth) return fail(Message("json.tooDeep").with("max", kMaxDepth));
    v->type = Value::Object;
    ++i_;  // '{'
    skip_ws();
    if (peek() == '}') return ++i_, true;
    for (;;) {
      skip_ws();
      if (peek() != '"') return unexpected("json.expectedKey");
      const size_t key_at = i_;
      std::string key;
      if (!string(&key)) return false;
      skip_ws();
      if (peek() != ':') return unexpected("json.expectedColon");
      ++i_;
      skip_ws();
      Value child;
      if (!value(&child, depth)) return false;
      if (!v->obj.emplace(std::move(key), std::move(child)).second) {
        i_ = key_at;
        return fail(Message("json.duplicateKey"));
      }
      skip_ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == '}') return ++i_, true;
      return unexpected("json.expectedObjectEnd");
    }
  }

  bool array(Value* v, int depth) {
    if (depth > kMaxDepth) return fail(Message("json.tooDeep").with("max", kMaxDepth));
    v->type = Value::Array;
    ++i_;  // '['
    skip_ws();
    if (peek() == ']') return ++i_, true;
    for (;;) {
      skip_ws();
      v->arr.emplace_back();
      if (!value(&v->arr.back(), depth)) return false;
      skip_ws();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == ']') return ++i_, true;
      return unexpected("json.expectedArrayEnd");
    }
  }

  bool hex4(uint32_t* out) {
    uint32_t x = 0;
    for (int k = 0; k < 4; ++k, ++i_) {
      const char c = peek();
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
      else return fail(Message("json.badUnicodeEscape"));
      x = x * 16 + uint32_t(d);
    }
    *out = x;
    return true;
  }

  bool string(std::string* out) {
    ++i_;  // opening quote
    out->clear();
    for (;;) {
      if (at_end()) return fail(Message("json.unterminated"));
      const uint8_t c = uint8_t(s_[i_]);
      if (c == '"') return ++i_, true;
      if (c < 0x20) return fail(Message("json.controlChar"));
      if (c != '\\') {
        const size_t n = utf8_len(s_, i_);
        if (n == 0) return fail(Message("json.badUtf8"));
        out->append(s_, i_, n);
        i_ += n;
        continue;
      }
      const size_t esc_at = i_++;
      const char e = peek();
      const char* simple = "\"\"\\\\//b\bf\fn\nr\rt\t";
      bool done = false;
      for (const char* p = simple; *p; p += 2)
        if (e == p[0]) {
          *out += p[1];
          ++i_;
          done = true;
          break;
        }
      if (done) continue;
      if (e != 'u') return fail(Message("json.badEscape"));
      ++i_;
      uint32_t cp = 0;  // hex4 sets it on success; g++ could not see that (a false "maybe uninitialised")
      if (!hex4(&cp)) return false;
      if (cp >= 0xD800 && cp <= 0xDBFF) {  // high surrogate: a low one must follow
        uint32_t lo = 0;
        if (s_.compare(i_, 2, "\\u") != 0) {
          i_ = esc_at;
          return fail(Message("json.surrogate"));
        }
        i_ += 2;
        if (!hex4(&lo)) return false;
        if (lo < 0xDC00 || lo > 0xDFFF) {
          i_ = esc_at;
          return fail(Message("json.surrogate"));
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        i_ = esc_at;
        return fail(Message("json.surrogate"));
      }
      append_utf8(out, cp);
    }
  }

  // -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
  bool number(double* out) {
    const size_t start = i_;
    const bool neg = peek() == '-';
    if (neg) ++i_;
    std::string digits;  // significant digits, leading zeros dropped
    long long exp10 = 0; // value = digits * 10^exp10
    const auto is_digit = [&] { return peek() >= '0' && peek() <= '9'; };
    if (peek() == '0') {
      ++i_;
      if (is_digit()) return fail(Message("json.leadingZeros"));
    } else if (is_digit()) {
      while (is_digit()) digits += s_[i_++];
    } else {
      return fail(Message("json.badNumber"));
    }
    if (peek() == '.') {
      ++i_;
      if (!is_digit()) return fail(Message("json.fractionDigit"));
      while (is_digit()) {
        if (!(digits.empty() && peek() == '0')) digits += peek();
        --exp10;
        ++i_;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i_;
      bool eneg = false;
      if (peek() == '+' || peek() == '-') eneg = s_[i_++] == '-';
      if (!is_digit()) return fail(Message("json.exponentDigit"));
      long long e = 0;
      while (is_digit()) {
        if (e < 100000000) e = e * 10 + (s_[i_] - '0');  // saturates; the result is 0 or inf
        ++i_;
      }
      exp10 += eneg ? -e : e;
    }
    if (i_ - start > kMaxNumberChars) {
      i_ = start;
      return fail(Message("json.longNumber").with("max", (long long)kMaxNumberChars));
    }
    double x = 0;
    if (!digits.empty()) {
      const std::string plain = digits + "e" + std::to_string(exp10);
      errno = 0;
      x = std::strtod(plain.c_str(), nullptr);
      if (std::isinf(x)) {
        i_ = start;
        return fail(Message("json.hugeNumber"));
      }
    }
    *out = neg ? -x : x;
    return true;
  }

  const std::string& s_;
  size_t i_ = 0;
  size_t values_ = 0;
  ParseError err_;
};

}  // namespace

const Value* Value::get(const std::string& key) const {
  if (type != Object) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &it->second;
}

bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_len(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool parse_detailed(const std::string& text, Value* out, ParseError* error) {
  Value tmp;
  ParseError err;
  bool ok;
  if (text.size() > kMaxInput) {
    ok = false;
    err = {kMaxInput, Message("json.inputTooLarge").with("mib", (long long)(kMaxInput >> 20))
                          .with("n", (long long)text.size())};
  } else {
    Parser p(text);
    ok = p.document(&tmp);
    err = p.error();
  }
  if (ok && out) *out = std::move(tmp);
  if (!ok && error) *error = std::move(err);
  return ok;
}

Message ParseError::message() const {
  return Message("json.at").with("byte", (long long)byte).with("detail", reason);
}

bool parse(const std::string& text, Value* out, std::string* error) {
  ParseError err;
  const bool ok = parse_detailed(text, out, &err);
  if (!ok && error) *error = err.message().english();
  return ok;
}


}  // namespace er::json
