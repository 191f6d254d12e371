// A monotonic clock in milliseconds, for the benchmark loops only: timing never feeds back into
// any result of the engine.
#pragma once

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#else
#include <chrono>
#endif

namespace er {
inline double now_ms() {
#ifdef __EMSCRIPTEN__
  return emscripten_get_now();
#else
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double, std::milli>(clock::now().time_since_epoch()).count();
#endif
}
}  // namespace er
