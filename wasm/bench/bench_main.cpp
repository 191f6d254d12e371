// examrule_bench: the native and the Node (wasm SIMD) benchmark. Prints a table, then, as its
// LAST line, one JSON object that tools/bench.sh merges into build/bench/results.json.
//   examrule_bench [--reps R] [--quick]
// GEMMs: the model's shapes at N = B*T = 512 rows, the three products of a linear layer, for
// the engine's kernels (er::k: hand-written SIMD in wasm, Eigen natively) and for plain Eigen.
// Each figure is the median of R repetitions of ~20 ms after a warm-up.
// Training: ms per optimizer step of the default config (B=16, T=32), median of 20 steps
// after 3 warm-up steps (er_bench_train: the same Run::step the studio runs).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench.h"
#include "capi/capi.h"
#include "data/corpus.h"

namespace {
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

const char* kKinds[] = {"fwd", "bwd_input", "bwd_weight"};

std::string fmt(const char* f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}
}  // namespace

int main(int argc, char** argv) {
  int reps = 7;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--reps") && i + 1 < argc)
      reps = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--quick"))
      quick = true;
  }
#ifdef __EMSCRIPTEN__
  const char* platform = "node";
#else
  const char* platform = "native";
#endif
  const int N = 512;
  const int V = er::Corpus().vocab_size();
  const int shapes[][2] = {{64, 192}, {64, 64}, {64, 256}, {256, 64}, {64, V}};

  std::printf("examrule_bench (%s, kernels: %s), N = %d rows, median of %d\n", platform,
              er_backend(), N, reps);
  std::printf("%-10s %-11s %12s %12s\n", "I x O", "GEMM", "er::k GF/s", "Eigen GF/s");
  std::string rows;
  double best_k = 0, best_e = 0, min_ratio = 1e9;
  for (const auto& s : shapes) {
    const int I = s[0], O = s[1];
    for (int kind = 0; kind < 3; ++kind) {
      if (quick && kind > 0) continue;
      const double flops = 2.0 * N * I * O;
      // repetitions alternate between the two implementations, so both see the same load
      std::vector<double> mk(reps), me(reps);
      for (int r = 0; r < reps; ++r) {
        if (er_bench_gemm(kind, N, I, O, 0, 1, &mk[r]) != 0) {
          std::fprintf(stderr, "er_bench_gemm: %s\n", er_last_error());
          return 1;
        }
        er_bench_eigen_gemm(kind, N, I, O, 0, 1, &me[r]);
      }
      const double gk = flops / (median(mk) * 1e6), ge = flops / (median(me) * 1e6);
      best_k = std::max(best_k, gk), best_e = std::max(best_e, ge);
      min_ratio = std::min(min_ratio, gk / ge);
      std::printf("%4d x %-4d %-11s %12.1f %12.1f\n", I, O, kKinds[kind], gk, ge);
      std::fflush(stdout);
      rows += std::string(rows.empty() ? "" : ",") + "{\"I\":" + std::to_string(I) +
              ",\"O\":" + std::to_string(O) + ",\"kind\":\"" + kKinds[kind] +
              "\",\"k_gflops\":" + fmt("%.2f", gk) + ",\"eigen_gflops\":" + fmt("%.2f", ge) + "}";
    }
  }
  // training steps
  const int steps = 20;
  std::vector<double> step_ms(steps);
  if (er_bench_train("", 1, 3, step_ms.data()) != 0 ||
      er_bench_train(nullptr, 0, steps, step_ms.data()) != 0) {
    std::fprintf(stderr, "er_bench_train: %s\n", er_last_error());
    return 1;
  }
  const double step_med = median(step_ms);
  const double step_min = *std::min_element(step_ms.begin(), step_ms.end());
  std::printf("training step (B=16, T=32): median %.2f ms, min %.2f ms over %d steps\n", step_med,
              step_min, steps);
  std::printf(
      "{\"platform\":\"%s\",\"backend\":\"%s\",\"N\":%d,\"V\":%d,\"reps\":%d,"
      "\"step_ms\":%.3f,\"step_ms_min\":%.3f,"
      "\"k_gemm_gflops\":%.2f,\"eigen_gemm_gflops\":%.2f,\"k_over_eigen_min\":%.3f,"
      "\"gemm\":[%s]}\n",
      platform, er_backend(), N, V, reps, step_med, step_min, best_k, best_e, min_ratio,
      rows.c_str());
  return 0;
}
