// Progress-file validation: the strict JSON reader does the syntax (so NaN, Infinity and
// out-of-range numbers are already refused), this file does the schema.
#include "progress.h"

#include <cmath>

#include "json.h"

namespace er {

namespace {

constexpr size_t kMaxBytes = 2u << 20;  // 2 MiB
constexpr size_t kMaxEntries = 5000;
constexpr size_t kMaxKey = 200;
constexpr size_t kMaxString = 20000;
constexpr size_t kMaxSavedAt = 64;
constexpr int kMaxDepth = 4;

size_t chars(const std::string& s) {  // Unicode code points (the text is valid UTF-8)
  size_t n = 0;
  for (char c : s) n += (uint8_t(c) & 0xC0) != 0x80;
  return n;
}

// A short, quoted rendering of file content for a message (at most 40 code points).
std::string shown(const std::string& s) {
  std::string out;
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((uint8_t(s[i]) & 0xC0) != 0x80 && ++n > 40) break;
    const char c = s[i];
    out += uint8_t(c) < 0x20 ? '?' : c;
  }
  return "\"" + out + (i < s.size() ? "...\"" : "\"");
}

bool key_ok(const std::string& k) {
  if (k.empty() || k.size() > kMaxKey) return false;
  for (char c : k)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == ':' || c == '.' || c == '_' || c == '/' || c == '-'))
      return false;
  return true;
}

// Checks one entry value; `depth` counts the arrays/objects around v inside the entry.
bool value_ok(const json::Value& v, int depth, const std::string& key, std::string* why) {
  const std::string where = "The entry " + shown(key);
  switch (v.type) {
    case json::Value::Null:
    case json::Value::Bool:
      return true;
    case json::Value::Number:
      if (std::isfinite(v.num)) return true;
      *why = where + " holds a number that is not finite.";
      return false;
    case json::Value::String:
      if (chars(v.str) <= kMaxString) return true;
      *why = where + " holds a text of " + std::to_string(chars(v.str)) +
             " characters; the limit is 20000.";
      return false;
    case json::Value::Array:
    case json::Value::Object:
      if (depth + 1 > kMaxDepth) {
        *why = where + " is nested more than 4 levels deep.";
        return false;
      }
      for (const auto& child : v.arr)
        if (!value_ok(child, depth + 1, key, why)) return false;
      for (const auto& [k, child] : v.obj) {
        if (chars(k) > kMaxString) {
          *why = where + " has a field name longer than 20000 characters.";
          return false;
        }
        if (!value_ok(child, depth + 1, key, why)) return false;
      }
      return true;
  }
  return false;
}

bool check(const std::string& text, json::Value* root, std::string* why) {
  if (text.size() > kMaxBytes) {
    *why = "This file is too large to be a progress file (" +
           std::to_string((text.size() + 1023) / 1024) + " KB; the limit is 2 MiB).";
    return false;
  }
  std::string jerr;
  if (!json::parse(text, root, &jerr)) {
    if (jerr.rfind("JSON error ", 0) == 0) jerr.erase(0, 11);  // "at byte N: ..."
    *why = "This file is not a progress file: its text is not valid JSON (" + jerr + ").";
    return false;
  }
  if (root->type != json::Value::Object) {
    *why = "This file is not a progress file: it does not contain a JSON object.";
    return false;
  }
  const json::Value* app = root->get("app");
  if (!app || app->type != json::Value::String || app->str != "exam-rule") {
    *why = "This file is not an Exam Rule progress file (its \"app\" field is " +
           std::string(!app ? "missing" : app->type == json::Value::String ? shown(app->str)
                                                                            : "not a text") +
           ", expected \"exam-rule\").";
    return false;
  }
  const json::Value* schema = root->get("schema");
  if (!schema || schema->type != json::Value::Number) {
    *why = "This progress file has no schema version (a \"schema\" number).";
    return false;
  }
  if (schema->num != 1) {
    *why = "This progress file uses schema version " + json::write(*schema) +
           ", but this version of Exam Rule reads only version 1.";
    return false;
  }
  for (const auto& field : root->obj)
    if (field.first != "app" && field.first != "schema" && field.first != "savedAt" &&
        field.first != "entries") {
      *why = "This progress file has an unknown field " + shown(field.first) +
             "; only app, schema, savedAt and entries are allowed.";
      return false;
    }
  const json::Value* saved = root->get("savedAt");
  if (!saved || saved->type != json::Value::String || saved->str.empty() ||
      chars(saved->str) > kMaxSavedAt) {
    *why = "The \"savedAt\" field must be a text of 1 to 64 characters (the date it was saved).";
    return false;
  }
  const json::Value* entries = root->get("entries");
  if (!entries || entries->type != json::Value::Object) {
    *why = "The \"entries\" field is missing or is not an object.";
    return false;
  }
  if (entries->obj.size() > kMaxEntries) {
    *why = "This progress file has " + std::to_string(entries->obj.size()) +
           " entries; at most 5000 are allowed.";
    return false;
  }
  for (const auto& [key, value] : entries->obj) {
    if (!key_ok(key)) {
      *why = "The entry name " + shown(key) +
             " is not allowed: names have 1 to 200 characters among letters A-Z and a-z, "
             "digits and : . _ / -";
      return false;
    }
    if (!value_ok(value, 0, key, why)) return false;
  }
  return true;
}

}  // namespace

bool validate_progress(const std::string& text, std::string* normalized_json, std::string* error) {
  json::Value root;
  std::string why;
  if (!check(text, &root, &why)) {
    if (error) *error = why;
    return false;
  }
  std::string norm = json::write(root);
  // The canonical form can be longer than the file ("1e14" becomes "100000000000000"); it is
  // what gets stored and exported, so it must pass the same limit to import again.
  if (norm.size() > kMaxBytes) {
    if (error) *error = "This progress file would be larger than 2 MiB once stored.";
    return false;
  }
  if (normalized_json) *normalized_json = std::move(norm);
  return true;
}

}  // namespace er
