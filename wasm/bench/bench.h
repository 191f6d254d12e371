// Shared bits of the benchmark programs (native, Node and the Chromium bench page).
#pragma once

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ER_BENCH_API EMSCRIPTEN_KEEPALIVE
#else
#include <chrono>
#define ER_BENCH_API
#endif

namespace er::bench {
inline double now_ms() {
#ifdef __EMSCRIPTEN__
  return emscripten_get_now();
#else
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double, std::milli>(clock::now().time_since_epoch()).count();
#endif
}
}  // namespace er::bench

// Eigen's GEMM, same contract as er_bench_gemm (capi.h) — eigen_gemm.cpp.
extern "C" ER_BENCH_API int er_bench_eigen_gemm(int kind, int N, int I, int O, int iters, int reps,
                                                double* ms_out);
