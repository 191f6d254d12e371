// Fuzzes validate_progress. An accepted file's normalized form must be accepted too and be
// its own normal form (what the site stores imports again unchanged); a refusal must explain.
#include <cstdint>
#include <string>

#include "io/progress.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string norm, again, err;
  if (!er::validate_progress(text, &norm, &err)) {
    if (err.empty()) __builtin_trap();
    return 0;
  }
  if (!er::validate_progress(norm, &again, &err) || again != norm) __builtin_trap();
  return 0;
}
