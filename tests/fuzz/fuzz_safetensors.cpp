// Fuzzes st::parse. Whatever it accepts must serialize again and parse back to the same
// tensors (bit for bit) and metadata; whatever it refuses must come with a message.
#include <cstdint>
#include <cstring>
#include <string>

#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  er::st::File f, g;
  std::string err;
  if (!er::st::parse(bytes, &f, &err)) {
    if (err.empty()) __builtin_trap();
    return 0;
  }
  const std::string out = er::st::serialize(f);
  if (out.empty() || !er::st::parse(out, &g, &err)) __builtin_trap();
  if (g.metadata != f.metadata || g.tensors.size() != f.tensors.size()) __builtin_trap();
  for (const auto& [name, t] : f.tensors) {
    const auto it = g.tensors.find(name);
    if (it == g.tensors.end() || it->second.shape != t.shape) __builtin_trap();
    if (it->second.data.size() != t.data.size()) __builtin_trap();
    if (!t.data.empty() && std::memcmp(it->second.data.data(), t.data.data(), 4 * t.data.size()))
      __builtin_trap();
  }
  return 0;
}
