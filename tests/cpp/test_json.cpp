// JSON reader (strict RFC 8259, bounded, never throws) and writer (compact, sorted, %.9g).
#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>

#include "io/json.h"

namespace json = er::json;

namespace {
json::Value ok(const std::string& text) {
  json::Value v;
  std::string err;
  INFO(text);
  CHECK(json::parse(text, &v, &err));
  CHECK(err.empty());
  return v;
}
std::string bad(const std::string& text) {
  json::Value v;
  std::string err;
  INFO(text);
  CHECK_FALSE(json::parse(text, &v, &err));
  CHECK(err.find("at byte ") != std::string::npos);
  return err;
}
double num(const std::string& text) {
  const json::Value v = ok(text);
  CHECK(v.type == json::Value::Number);
  return v.num;
}
std::string str(const std::string& text) {
  const json::Value v = ok(text);
  CHECK(v.type == json::Value::String);
  return v.str;
}
std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST_CASE("json: scalars and whitespace") {
  CHECK(ok("null").type == json::Value::Null);
  CHECK(ok(" \t\r\ntrue\n").b == true);
  CHECK(ok("false").type == json::Value::Bool);
  CHECK(ok("\xEF\xBB\xBF{}").type == json::Value::Object);  // a leading BOM is ignored
}

TEST_CASE("json: numbers are exact where a double can be, whatever the syntax") {
  CHECK(num("0") == 0);
  CHECK(std::signbit(num("-0")));
  CHECK(num("-0.5e2") == -50);
  CHECK(num("1E+2") == 100);
  CHECK(num("2.5e-3") == 0.0025);
  CHECK(num("0.1") == 0.1);
  CHECK(num("3.141592653589793") == M_PI);
  CHECK(num("1.7976931348623157e308") == DBL_MAX);
  CHECK(num("2.2250738585072014e-308") == DBL_MIN);
  CHECK(num("4.9406564584124654e-324") == 4.9406564584124654e-324);  // smallest denormal
  CHECK(num("1e-400") == 0);                                          // underflow is a zero
  CHECK(num("9007199254740993") == 9007199254740992.0);               // round half to even
  CHECK(num("0.000000000000000000000000000001e30") == 1);
  CHECK(num("100000000000000000000000e-22") == 10);
  CHECK(num("1e-99999999999999999999") == 0);  // exponent saturates instead of overflowing
}

TEST_CASE("json: strings, escapes, surrogate pairs and raw UTF-8") {
  CHECK(str(R"("\"\\\/\b\f\n\r\t")") == "\"\\/\b\f\n\r\t");
  CHECK(str(R"("\u00e9\u00C9")") == "\xC3\xA9\xC3\x89");
  CHECK(str(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");
  CHECK(str(R"("\u0000x")") == std::string("\0x", 2));
  CHECK(str("\"ñandú 😀\"") == "ñandú 😀");
}

TEST_CASE("json: arrays, objects and get()") {
  const json::Value v = ok(R"( {"a" : [1, 2, {"b": null}], "c": "d", "": {}} )");
  REQUIRE(v.type == json::Value::Object);
  REQUIRE(v.get("a"));
  CHECK(v.get("a")->arr.size() == 3);
  CHECK(v.get("a")->arr[2].get("b")->type == json::Value::Null);
  CHECK(v.get("c")->str == "d");
  CHECK(v.get("")->obj.empty());
  CHECK(v.get("zzz") == nullptr);
  CHECK(v.get("a")->get("b") == nullptr);  // not an object
  CHECK(ok("[]").arr.empty());
}

TEST_CASE("json: depth is bounded at 64 nested arrays/objects") {
  ok(nested(64));
  const std::string err = bad(nested(65));
  CHECK(err.find("deeper than 64") != std::string::npos);
  bad(nested(100000));  // no stack overflow
  bad(std::string(200000, '{'));
}

TEST_CASE("json: malformed documents are refused with the byte offset") {
  for (const char* text :
       {"", " ", "[1,]", R"({"a":1,})", "[1 2]", "{'a':1}", R"({"a" 1})", R"({"a":})", "{1:2}",
        "01", "1.", ".5", "+1", "1e", "1e+", "-", "--1", "NaN", "-Infinity", "Infinity", "tru",
        "nul", "True", R"("abc)", "\"a\nb\"", "\"tab\there\"", R"("\x")", R"("\u12")",
        R"("\u12g4")", R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")", R"("\ud800x")",
        "\"\xFF\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\"",
        "1e400", "-1e400", R"({"a":1,"a":2})", "[1] x", "[1]]", "{}{}", "[", "{", "[1,",
        "\"\\", "0x10", "1 2", "\x01"})
    bad(text);
  CHECK(bad("[1, 2,, 3]").find("at byte 6: unexpected ','") != std::string::npos);
  CHECK(bad(R"({"k": 1, "k": 2})").find("at byte 9: duplicate key") != std::string::npos);
  CHECK(bad("\"caf\xC3\"").find("at byte 4: invalid UTF-8") != std::string::npos);
}

TEST_CASE("json: size limits: 16 MiB input, 512-char numbers, a million values") {
  CHECK(bad(std::string(16 * 1024 * 1024 + 1, ' ')).find("16 MiB") != std::string::npos);
  CHECK(num("1" + std::string(500, '0') + "e-500") == 1);
  CHECK(bad("1" + std::string(600, '0')).find("longer than 512") != std::string::npos);
  std::string many = "[";
  for (int i = 0; i < (1 << 20); ++i) many += "0,";
  many += "0]";
  CHECK(bad(many).find("values") != std::string::npos);
}

TEST_CASE("json: a failed parse leaves the output untouched") {
  json::Value v = ok(R"({"keep": true})");
  std::string err;
  CHECK_FALSE(json::parse("[1,", &v, &err));
  CHECK(v.get("keep"));
  CHECK(json::parse("1", nullptr, nullptr));
  CHECK_FALSE(json::parse("x", nullptr, nullptr));
}

TEST_CASE("json: the writer is compact, sorted and round-trips") {
  CHECK(json::write(ok(R"( { "b" : 1 , "a" : [ true , null , "x" ] , "B": {} } )")) ==
        R"({"B":{},"a":[true,null,"x"],"b":1})");
  const std::string doc = R"({"a":[1,-2.5,"\"\\\n\u0001é😀"],"b":{"c":null,"d":false}})";
  CHECK(json::write(ok(doc)) == doc);
  CHECK(json::write(ok(json::write(ok(doc)))) == doc);
}

TEST_CASE("json: numbers are written with %.9g, integers exactly, NaN/Inf as null") {
  const auto w = [](double x) {
    json::Value v;
    v.type = json::Value::Number;
    v.num = x;
    return json::write(v);
  };
  CHECK(w(0) == "0");
  CHECK(w(123) == "123");
  CHECK(w(-2.5) == "-2.5");
  CHECK(w(0.1) == "0.1");
  CHECK(w(1.0 / 3) == "0.333333333");
  CHECK(w(1e-7) == "1e-07");
  CHECK(w(1234567890123.0) == "1234567890123");  // e.g. a timestamp in ms
  CHECK(w(1e20) == "1e+20");
  CHECK(w(3456789012.34678) == "3456789010");  // rounded to 9 digits, written as that integer
  CHECK(w(num(w(3456789012.34678))) == "3456789010");
  CHECK(w(999999999999999.9) == "1000000000000000");
  CHECK(w(9007199254740992.0) == "9007199254740992");  // 2^53, e.g. a safetensors shape
  CHECK(w(9007199254740994.0) == "9007199250000000");  // above: 9 digits, as an integer
  CHECK(w(1e16) == "1e+16");
  CHECK(w(0.1f) == "0.100000001");  // a float widened to double, 9 digits round-trip a float
  CHECK(float(num(w(0.1f))) == 0.1f);
  CHECK(w(NAN) == "null");
  CHECK(w(INFINITY) == "null");
  CHECK(w(-INFINITY) == "null");
}

TEST_CASE("json: the writer escapes control characters and repairs invalid UTF-8") {
  json::Value v;
  v.type = json::Value::String;
  v.str = std::string("a\x01\x1f\x7f", 4) + "\xFF" + "b";
  CHECK(json::write(v) == "\"a\\u0001\\u001f\x7f\\ufffdb\"");
  CHECK(ok(json::write(v)).str == std::string("a\x01\x1f\x7f", 4) + "\xEF\xBF\xBD" + "b");
}
