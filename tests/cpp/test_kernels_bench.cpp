// The benchmark entry points (tools/bench.sh, the worker's bench ops) refuse bad arguments and
// return usable timings. No speed is asserted here: performance lives in the benchmark.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "capi/capi.h"

TEST_CASE("er_bench_gemm: validates its arguments and times every product") {
  double ms[3] = {-1, -1, -1};
  CHECK(er_bench_gemm(3, 8, 8, 8, 1, 1, ms) != 0);
  CHECK(std::string(er_last_error()).find("kind") != std::string::npos);
  CHECK(er_bench_gemm(0, 0, 8, 8, 1, 1, ms) != 0);
  CHECK(er_bench_gemm(0, 8, 8, 8, 1, 0, ms) != 0);
  CHECK(er_bench_gemm(0, 8, 8, 8, 1, 1, nullptr) != 0);
  for (int kind = 0; kind < 3; ++kind) {
    INFO("kind " << kind);
    REQUIRE(er_bench_gemm(kind, 37, 17, 13, 2, 3, ms) == 0);
    for (double t : ms) CHECK((std::isfinite(t) && t >= 0.0));
  }
}

TEST_CASE("er_bench_train: needs a config first, then times steps of one continuing run") {
  double ms[2] = {-1, -1};
  CHECK(er_bench_train("{\"batch_size\": 0}", 1, 1, ms) != 0);  // refused by the config check
  CHECK(er_bench_train(nullptr, 0, 1, ms) != 0);  // no run yet (the failed one is not kept)
  CHECK(std::string(er_last_error()).find("config") != std::string::npos);
  REQUIRE(er_bench_train("{\"batch_size\": 2, \"train_sentences\": 200}", 1, 1, ms) == 0);
  REQUIRE(er_bench_train(nullptr, 0, 2, ms) == 0);
  for (double t : ms) CHECK((std::isfinite(t) && t > 0.0));
  CHECK(er_bench_train(nullptr, 0, -1, ms) != 0);
}
