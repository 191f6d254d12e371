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
bool value_ok(const json::Value& v, int depth, const std::string& key, Message* why) {
  const auto where = [&](const char* code) { return Message(code).with("key", shown(key)); };
  switch (v.type) {
    case json::Value::Null:
    case json::Value::Bool:
      return true;
    case json::Value::Number:
      if (std::isfinite(v.num)) return true;
      *why = where("import.notFinite");
      return false;
    case json::Value::String:
      if (chars(v.str) <= kMaxString) return true;
      *why = where("import.longText").with("n", (long long)chars(v.str)).with("max", (long long)kMaxString);
      return false;
    case json::Value::Array:
    case json::Value::Object:
      if (depth + 1 > kMaxDepth) {
        *why = where("import.tooDeep").with("max", kMaxDepth);
        return false;
      }
      for (const auto& child : v.arr)
        if (!value_ok(child, depth + 1, key, why)) return false;
      for (const auto& [k, child] : v.obj) {
        if (chars(k) > kMaxString) {
          *why = where("import.longFieldName").with("max", (long long)kMaxString);
          return false;
        }
        if (!value_ok(child, depth + 1, key, why)) return false;
      }
      return true;
  }
  return false;
}

bool check(const std::string& text, json::Value* root, Message* why) {
  if (text.size() > kMaxBytes) {
    *why = Message("import.tooLarge").with("kb", (long long)((text.size() + 1023) / 1024))
               .with("mib", (long long)(kMaxBytes >> 20));
    return false;
  }
  json::ParseError jerr;
  if (!json::parse_detailed(text, root, &jerr)) {
    *why = Message("import.notJson").with("byte", (long long)jerr.byte).with("detail", jerr.reason);
    return false;
  }
  if (root->type != json::Value::Object) {
    *why = Message("import.notObject");
    return false;
  }
  const json::Value* app = root->get("app");
  if (!app || app->type != json::Value::String || app->str != "exam-rule") {
    *why = !app ? Message("import.appMissing")
           : app->type != json::Value::String ? Message("import.appNotText")
                                               : Message("import.appOther").with("app", shown(app->str));
    return false;
  }
  const json::Value* schema = root->get("schema");
  if (!schema || schema->type != json::Value::Number) {
    *why = Message("import.noSchema");
    return false;
  }
  if (schema->num != 1) {
    *why = Message("import.schema").with("version", json::write(*schema)).with("supported", 1);
    return false;
  }
  for (const auto& field : root->obj)
    if (field.first != "app" && field.first != "schema" && field.first != "savedAt" &&
        field.first != "entries") {
      *why = Message("import.unknownField").with("field", shown(field.first));
      return false;
    }
  const json::Value* saved = root->get("savedAt");
  if (!saved || saved->type != json::Value::String || saved->str.empty() ||
      chars(saved->str) > kMaxSavedAt) {
    *why = Message("import.savedAt").with("min", 1).with("max", (long long)kMaxSavedAt);
    return false;
  }
  const json::Value* entries = root->get("entries");
  if (!entries || entries->type != json::Value::Object) {
    *why = Message("import.entries");
    return false;
  }
  if (entries->obj.size() > kMaxEntries) {
    *why = Message("import.tooManyEntries").with("n", (long long)entries->obj.size())
               .with("max", (long long)kMaxEntries);
    return false;
  }
  for (const auto& [key, value] : entries->obj) {
    if (!key_ok(key)) {
      *why = Message("import.badName").with("name", shown(key)).with("min", 1).with("max", (long long)kMaxKey);
      return false;
    }
    if (!value_ok(value, 0, key, why)) return false;
  }
  return true;
}

}  // namespace

bool validate_progress(const std::string& text, std::string* normalized_json, Message* error) {
  json::Value root;
  Message why;
  if (!check(text, &root, &why)) {
    if (error) *error = why;
    return false;
  }
  std::string norm = json::write(root);
  // The canonical form can be longer than the file ("1e14" becomes "100000000000000"); it is
  // what gets stored and exported, so it must pass the same limit to import again.
  if (norm.size() > kMaxBytes) {
    if (error) *error = Message("import.tooLargeStored").with("mib", (long long)(kMaxBytes >> 20));
    return false;
  }
  if (normalized_json) *normalized_json = std::move(norm);
  return true;
}

bool validate_progress(const std::string& text, std::string* normalized_json, std::string* error) {
  Message why;
  const bool ok = validate_progress(text, normalized_json, &why);
  if (!ok && error) *error = why.english();
  return ok;
}

}  // namespace er
