// Progress-file import: what a learner's file may hold, and the messages they see otherwise.
#include <catch2/catch.hpp>

#include "capi/capi.h"
#include "io/progress.h"

namespace {
std::string doc(const std::string& entries, const std::string& extra = "") {
  return R"({"app":"exam-rule","schema":1,"savedAt":"2025-01-02T03:04:05Z",)" + extra +
         R"("entries":{)" + entries + "}}";
}
std::string accepted(const std::string& text) {
  std::string norm, err;
  INFO(text.substr(0, 300));
  CHECK(er::validate_progress(text, &norm, &err));
  CHECK(err.empty());
  return norm;
}
std::string refused(const std::string& text) {
  std::string norm = "untouched", err;
  INFO(text.substr(0, 300));
  CHECK_FALSE(er::validate_progress(text, &norm, &err));
  CHECK(norm == "untouched");
  CHECK_FALSE(err.empty());
  CHECK(err.size() < 400);  // a sentence, not a dump of the file
  return err;
}
bool says(const std::string& err, const std::string& part) {
  INFO(err);
  return err.find(part) != std::string::npos;
}
std::string entry(int i) { return "\"lesson/" + std::to_string(i) + "\":true"; }
std::string nest(int depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }
}  // namespace

TEST_CASE("progress: a valid file is accepted and normalized (sorted keys, compact)") {
  const std::string text = R"( {
    "savedAt": "2025-01-02T03:04:05Z", "schema": 1.0, "app": "exam-rule",
    "entries": { "quiz:02.answer": [1, 2.5, "b", null, {"z": false, "a": true}],
                 "lesson/01-intro.done": true, "lang": "es", "n": -3 } } )";
  CHECK(accepted(text) ==
        R"({"app":"exam-rule","entries":{"lang":"es","lesson/01-intro.done":true,"n":-3,)"
        R"("quiz:02.answer":[1,2.5,"b",null,{"a":true,"z":false}]},)"
        R"("savedAt":"2025-01-02T03:04:05Z","schema":1})");
  CHECK(accepted(doc("")) == accepted(accepted(doc(""))));
}

TEST_CASE("progress: another app's file, wrong schema, broken JSON are refused in plain words") {
  CHECK(says(refused(R"({"app":"other-app","schema":1,"savedAt":"x","entries":{}})"),
             "not an Exam Rule progress file (its \"app\" field is \"other-app\""));
  CHECK(says(refused(R"({"schema":1,"savedAt":"x","entries":{}})"), "\"app\" field is missing"));
  CHECK(says(refused(R"({"app":"exam-rule","schema":2,"savedAt":"x","entries":{}})"),
             "schema version 2, but this version of Exam Rule reads only version 1"));
  CHECK(says(refused(R"({"app":"exam-rule","schema":"1","savedAt":"x","entries":{}})"),
             "no schema version"));
  CHECK(says(refused(R"({"app":"exam-rule","savedAt":"x","entries":{}})"), "no schema version"));
  CHECK(says(refused("not json at all"), "not valid JSON (at byte 0:"));
  CHECK(says(refused(""), "not valid JSON"));
  CHECK(says(refused("[1,2]"), "does not contain a JSON object"));
  CHECK(says(refused(doc("", R"("extra":1,)")), "unknown field \"extra\""));
  CHECK(says(refused(R"({"app":"exam-rule","schema":1,"entries":{}})"), "\"savedAt\" field"));
  CHECK(says(refused(R"({"app":"exam-rule","schema":1,"savedAt":"","entries":{}})"), "savedAt"));
  CHECK(says(refused(R"({"app":"exam-rule","schema":1,"savedAt":5,"entries":{}})"), "savedAt"));
  CHECK(says(refused(R"({"app":"exam-rule","schema":1,"savedAt":"x"})"), "\"entries\" field"));
  CHECK(says(refused(R"({"app":"exam-rule","schema":1,"savedAt":"x","entries":[]})"),
             "\"entries\" field"));
}

TEST_CASE("progress: NaN, Infinity and out-of-range numbers are refused") {
  CHECK(says(refused(doc(R"("a":NaN)")), "not valid JSON"));
  CHECK(says(refused(doc(R"("a":Infinity)")), "not valid JSON"));
  CHECK(says(refused(doc(R"("a":-1e999)")), "too large"));
}

TEST_CASE("progress: entry names: 1 to 200 characters of [A-Za-z0-9:._/-]") {
  accepted(doc("\"" + std::string(200, 'k') + "\":1"));
  CHECK(says(refused(doc("\"" + std::string(201, 'k') + "\":1")), "1 to 200 characters"));
  CHECK(says(refused(doc(R"("":1)")), "entry name \"\" is not allowed"));
  for (const char* bad : {"has space", "lección", "a\\u0000b", "quote\\\"", "semi;colon", "a+b"})
    CHECK(says(refused(doc("\"" + std::string(bad) + "\":1")), "is not allowed"));
  accepted(doc(R"("AZaz09:._/-":1)"));
}

TEST_CASE("progress: sizes: 5000 entries, 20000-character strings, 2 MiB files") {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += (i ? "," : "") + entry(i);
  accepted(doc(many));
  CHECK(says(refused(doc(many + "," + entry(5000))), "5001 entries; at most 5000"));

  // Characters, not bytes: 20000 'ñ' are 40000 bytes and still fit.
  std::string enye;
  for (int i = 0; i < 20000; ++i) enye += "ñ";
  accepted(doc("\"s\":\"" + enye + "\""));
  CHECK(says(refused(doc("\"s\":\"" + enye + "x\"")), "20001 characters; the limit is 20000"));
  CHECK(says(refused(doc("\"s\":[\"" + std::string(20001, 'x') + "\"]")), "limit is 20000"));
  CHECK(says(refused(doc("\"s\":{\"" + std::string(20001, 'x') + "\":1}")), "field name"));

  const std::string huge = doc("\"s\":\"" + std::string(2 * 1024 * 1024, 'x') + "\"");
  CHECK(says(refused(huge), "too large to be a progress file"));
  // 2 MiB exactly is allowed (padding with whitespace keeps the JSON valid).
  std::string edge = doc("");
  edge += std::string(2 * 1024 * 1024 - edge.size(), ' ');
  accepted(edge);
  CHECK(says(refused(edge + " "), "limit is 2 MiB"));
  // Under 2 MiB as written, over 2 MiB once normalized: refused, so an export always imports.
  std::string arr = "[1e14";
  for (int j = 1; j < 100; ++j) arr += ",1e14";  // each "1e14" is written "100000000000000"
  arr += "]";
  std::string grows;
  for (int i = 0; i < 2000; ++i) grows += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + arr;
  CHECK(grows.size() < 2 * 1024 * 1024);
  CHECK(says(refused(doc(grows)), "larger than 2 MiB once stored"));
}

TEST_CASE("progress: values nest at most 4 levels") {
  accepted(doc("\"d\":" + nest(4)));
  accepted(doc(R"("d":{"a":{"b":{"c":[1]}}})"));
  CHECK(says(refused(doc("\"d\":" + nest(5))), "nested more than 4 levels"));
  CHECK(says(refused(doc(R"("d":{"a":{"b":{"c":[[]]}}})")), "nested more than 4 levels"));
  CHECK(says(refused(doc("\"d\":" + nest(500))), "not valid JSON"));  // parser's own bound
}

TEST_CASE("progress: the C API returns the normalized JSON or the learner's message") {
  const char* out = "x";
  CHECK(er_validate_progress(doc(R"("b":1,"a":2)").c_str(), &out) == 0);
  REQUIRE(out != nullptr);
  CHECK(std::string(out).find(R"("entries":{"a":2,"b":1})") != std::string::npos);
  CHECK(er_validate_progress(doc("").c_str(), nullptr) == 0);

  CHECK(er_validate_progress(R"({"app":"other"})", &out) != 0);
  CHECK(out == nullptr);
  CHECK(says(er_last_error(), "not an Exam Rule progress file"));
  CHECK(er_validate_progress(nullptr, &out) != 0);
  CHECK(says(er_last_error(), "null"));
}
