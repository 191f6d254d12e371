// Shared bits of the benchmark programs (native, Node and the Chromium bench page).
#pragma once

#include "../src/core/clock.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ER_BENCH_API EMSCRIPTEN_KEEPALIVE
#else
#define ER_BENCH_API
#endif

namespace er::bench {
using er::now_ms;
}  // namespace er::bench

// Eigen's GEMM, same contract as er_bench_gemm (capi.h) — eigen_gemm.cpp.
extern "C" ER_BENCH_API int er_bench_eigen_gemm(int kind, int N, int I, int O, int iters, int reps,
                                                double* ms_out);
