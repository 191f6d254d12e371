// Fuzzes json::parse (and the model's config reader on the same bytes). Besides "no crash,
// no leak, no UB", it checks the writer: whatever parses is written as JSON that parses
// again, and writing is a fixed point after one round.
#include <cstdint>
#include <string>

#include "io/json.h"
#include "model/config.h"
#include "model/config_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  er::json::Value v;
  std::string err;
  if (er::json::parse(text, &v, &err)) {
    const std::string once = er::json::write(v);
    er::json::Value again;
    if (!er::json::parse(once, &again, &err)) __builtin_trap();
    if (er::json::write(again) != once) __builtin_trap();
  } else if (err.find("at byte ") == std::string::npos) {
    __builtin_trap();  // every refusal says where
  }
  er::Config config;
  std::string cerr;
  if (!er::config_from_json(text, &config, &cerr) && cerr.empty()) __builtin_trap();
  return 0;
}
