// Messages as data (wasm/src/io/message.h): the English sentence and the JSON the page
// translates come from the same code and parameters.
#include <catch2/catch.hpp>
#include <string>

#include "capi/capi.h"
#include "io/json.h"
#include "io/message.h"

TEST_CASE("a message renders its template; nested parameters render inside") {
  const er::Message m = er::range_message("T", "1", "64", 65);
  CHECK(m.english() == "T must be between 1 and 64, got 65");
  CHECK(m.json() == R"({"code":"msg.range","params":{"got":"65","max":"64","min":"1","name":"T"}})");
  er::json::ParseError e;
  REQUIRE_FALSE(er::json::parse_detailed("{\"a\" 1}", nullptr, &e));
  CHECK(e.byte == 5);
  CHECK(e.message().english() == "JSON error at byte 5: unexpected '1', expected ':' after a key");
  CHECK(e.reason.json() ==
        R"({"code":"json.expectedColon","params":{"found":{"code":"json.char","params":{"c":"1"}}}})");
  // a literal brace in a template is kept
  CHECK(er::Message("json.expectedObjectEnd").with("found", er::Message("json.end")).english() ==
        "unexpected end of input, expected ',' or '}' in an object");
}

TEST_CASE("a sentence with no code travels whole; every code has a template") {
  CHECK(er::Message::sentence("the flux capacitor is empty").json() ==
        R"({"code":"sentence","params":{"text":"the flux capacitor is empty"}})");
  er::json::Value all;
  REQUIRE(er::json::parse(er_message_templates(), &all, static_cast<std::string*>(nullptr)));
  CHECK(all.obj.size() > 40);
  CHECK(all.get("msg.range")->str == "{name} must be between {min} and {max}, got {got}");
}

TEST_CASE("er_names lists the engine's breaks and mask modes in order") {
  er::json::Value v;
  REQUIRE(er::json::parse(er_names(), &v, static_cast<std::string*>(nullptr)));
  REQUIRE(v.get("breaks")->arr.size() == 7);
  CHECK(v.get("breaks")->arr.front().str == "healthy");
  REQUIRE(v.get("mask_modes")->arr.size() == 4);
  CHECK(v.get("mask_modes")->arr.front().str == "causal");
}
