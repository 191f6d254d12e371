// A monotonic clock in milliseconds and the loop that times a benchmark, for the benchmark code
// only (capi/capi_bench.cpp, bench/*.cpp): timing never feeds back into any result of the engine.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "rng.h"

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

// Calls f() `iters` times per repetition; ms_out[r] = mean ms per call of repetition r.
template <class F>
void time_loop(F f, double flops, int warmup, int iters, int reps, double* ms_out) {
  // iters <= 0: a fixed amount of work per repetition (4e8 flops, ~10 ms at 40 GFLOPS),
  // chosen without reading the clock (browser clocks are coarse and a calibration that read
  // them once made a repetition last tens of seconds)
  if (iters <= 0) iters = std::max(1, std::min(100000, int(4e8 / flops)));
  // warm-up: at least one repetition's worth, so a browser's optimizing tier has taken over
  for (int i = 0, n = std::max(warmup, iters); i < n; ++i) f();
  for (int r = 0; r < reps; ++r) {
    const double t0 = now_ms();
    for (int i = 0; i < iters; ++i) f();
    ms_out[r] = (now_ms() - t0) / iters;
  }
}

// n floats uniform in [-1, 1) from `seed`: the benchmarks' operands.
inline std::vector<float> random_floats(size_t n, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = 2.0f * rng.uniform() - 1.0f;
  return v;
}
}  // namespace er
