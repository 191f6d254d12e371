// C API: benchmark loops (tools/bench.sh, the worker's `bench` op). They time the engine's own
// kernels where they run, so a browser, Node and the native build are measured the same way.
// Timing is the only clock use in the engine, and it never feeds back into any result.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "../core/clock.h"
#include "../core/rng.h"
#include "../kernels/kernels.h"
#include "../model/config_json.h"
#include "../model/run.h"
#include "capi.h"
#include "error.h"

using er::capi::fail;
using er::capi::kBadArg;

using er::now_ms;
using er::random_floats;
using er::time_loop;

extern "C" {

int er_bench_gemm(int kind, int N, int I, int O, int iters, int reps, double* ms_out) {
  er::capi::clear_error();
  if (kind < 0 || kind > 2)
    return fail(kBadArg, "kind must be 0, 1 or 2, got " + std::to_string(kind));
  if (N < 1 || I < 1 || O < 1 || N > 8192 || I > 8192 || O > 8192)
    return fail(kBadArg, "GEMM sizes must be in [1, 8192]");
  if (reps < 1 || reps > 1000 || !ms_out)
    return fail(kBadArg, "reps must be in [1, 1000] with an output buffer");
  const std::vector<float> in = random_floats(size_t(N) * I, 1),
                           w = random_floats(size_t(O) * I, 2), b = random_floats(O, 3),
                           dout = random_floats(size_t(N) * O, 4);
  std::vector<float> out(size_t(N) * O), din(size_t(N) * I), dw(size_t(O) * I), db(O);
  const double flops = 2.0 * N * I * O;
  switch (kind) {
    case 0:
      time_loop([&] { er::k::linear_fwd(out.data(), in.data(), w.data(), b.data(), N, I, O); },
                flops, 3, iters, reps, ms_out);
      break;
    case 1:
      time_loop([&] { er::k::linear_bwd_input(din.data(), dout.data(), w.data(), N, I, O); }, flops,
                3, iters, reps, ms_out);
      break;
    default:
      time_loop(
          [&] { er::k::linear_bwd_weight(dw.data(), db.data(), dout.data(), in.data(), N, I, O); },
          flops, 3, iters, reps, ms_out);
      break;
  }
  return 0;
}

int er_bench_train(const char* config_json, uint32_t seed, int steps, double* ms_out) {
  // One training run kept between calls, so a caller can time steps one at a time.
  static std::unique_ptr<er::Run> run;
  er::capi::clear_error();
  if (steps < 0 || steps > 100000 || (steps > 0 && !ms_out))
    return fail(kBadArg, "steps must be in [0, 100000] with an output buffer");
  if (config_json) {
    run.reset();  // a refused config leaves no run behind
    er::Config cfg;
    std::string err;
    if (!er::config_from_json(config_json, &cfg, &err)) return fail(kBadArg, err);
    cfg.steps = 100000;  // never the last step (which also evaluates); same cost per step
    run = er::Run::create(cfg, er::Break::healthy, seed, &err);
    if (!run) return fail(kBadArg, err);
  }
  if (!run) return fail(er::capi::kBadState, "no benchmark run: pass a config first");
  for (int i = 0; i < steps; ++i) {
    if (run->finished())
      return fail(er::capi::kBadState, "the benchmark run has finished or diverged");
    const double t0 = now_ms();
    run->step();
    ms_out[i] = now_ms() - t0;
  }
  return 0;
}

}  // extern "C"
