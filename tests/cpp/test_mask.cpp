// The mask core of lab 02: the helper, every mask mode, and the perturbation test.
#include <catch2/catch.hpp>
#include <cmath>

#include "capi/capi.h"
#include "core/mask.h"

using er::MaskMode;

TEST_CASE("causal_mask(4) is 0 on and below the diagonal, -1e9 above") {
  const auto m = er::causal_mask(4);
  REQUIRE(m.size() == 16);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      INFO("i=" << i << " j=" << j);
      CHECK(m[i * 4 + j] == (j <= i ? 0.0f : -1e9f));
      CHECK(std::isfinite(m[i * 4 + j]));
    }
}

namespace {
struct Run {
  std::vector<float> y, att;
};
Run run(MaskMode mode, int T = 8, int d = 16, int H = 2) {
  const er::Mha mha(d, H, 0);
  const auto x = er::random_input(T, d, 1000);
  Run r{std::vector<float>(T * d), std::vector<float>(H * T * T)};
  mha.forward(x.data(), T, mode, r.y.data(), r.att.data());
  return r;
}
}  // namespace

TEST_CASE("causal mode: weights are lower-triangular and every row sums to 1") {
  const int T = 8, H = 2;
  const Run r = run(MaskMode::causal);
  for (int h = 0; h < H; ++h)
    for (int i = 0; i < T; ++i) {
      double sum = 0;
      for (int j = 0; j < T; ++j) {
        const float w = r.att[(h * T + i) * T + j];
        if (j > i) CHECK(w == 0.0f);
        else CHECK(w > 0.0f);
        sum += w;
      }
      CHECK(sum == Approx(1.0).epsilon(1e-5));
    }
}

TEST_CASE("none mode: every query puts weight on every key") {
  const Run r = run(MaskMode::none);
  for (float w : r.att) CHECK(w > 0.0f);
}

TEST_CASE("post_softmax mode: future weights are zeroed but rows no longer sum to 1") {
  const int T = 8;
  const Run r = run(MaskMode::post_softmax);
  for (int i = 0; i < T; ++i)
    for (int j = i + 1; j < T; ++j) CHECK(r.att[i * T + j] == 0.0f);
  double row0 = 0;
  for (int j = 0; j < T; ++j) row0 += r.att[j];
  CHECK(row0 < 0.999);  // the mass that went to the future is simply lost
}

TEST_CASE("diag_blocked mode: a position cannot see itself; row 0 is fully masked") {
  const int T = 8;
  const Run r = run(MaskMode::diag_blocked);
  for (int i = 1; i < T; ++i) CHECK(r.att[i * T + i] == 0.0f);
  // Row 0 has every score at -1e9 + s; in float32 the s is below half an ulp of 1e9 (64),
  // so all scores round to exactly -1e9 and softmax spreads attention UNIFORMLY over all T
  // keys, future included: the finite mask turns "see nothing" into "see everything equally".
  for (int j = 0; j < T; ++j) CHECK(r.att[j] == Approx(1.0 / T).epsilon(1e-6));
}

TEST_CASE("perturbation test (lab 02): T=8, d=16, 2 heads, seed 0, change row 7") {
  const er::Mha mha(16, 2, 0);
  SECTION("causal: rows 0..6 bit-identical, row 7 differs by more than 1e-3") {
    const auto p = er::perturbation_test(mha, MaskMode::causal, 8, 7, 1000);
    CHECK(p.prefix_identical);
    for (int i = 0; i < 7; ++i) CHECK(p.max_diff[i] == 0.0f);
    CHECK(p.max_diff[7] > 1e-3f);
    CHECK(p.changed_row_differs);
  }
  SECTION("post_softmax: earlier rows differ by more than 1e-3") {
    const auto p = er::perturbation_test(mha, MaskMode::post_softmax, 8, 7, 1000);
    CHECK_FALSE(p.prefix_identical);
    for (int i = 0; i < 7; ++i) CHECK(p.max_diff[i] > 1e-3f);
  }
  SECTION("none: earlier rows differ") {
    const auto p = er::perturbation_test(mha, MaskMode::none, 8, 7, 1000);
    for (int i = 0; i < 7; ++i) CHECK(p.max_diff[i] > 1e-3f);
  }
  SECTION("diag_blocked: row 0 leaks (uniform over the future), rows 1..6 do not") {
    const auto p = er::perturbation_test(mha, MaskMode::diag_blocked, 8, 7, 1000);
    CHECK(p.max_diff[0] > 1e-3f);
    for (int i = 1; i < 7; ++i) CHECK(p.max_diff[i] == 0.0f);
  }
}

TEST_CASE("dependence grid: what each query really sees, for every mode") {
  const int T = 6;
  const er::Mha mha(16, 2, 0);
  const auto causal = er::dependence_grid(mha, MaskMode::causal, T, 1000);
  const auto none = er::dependence_grid(mha, MaskMode::none, T, 1000);
  const auto post = er::dependence_grid(mha, MaskMode::post_softmax, T, 1000);
  const auto diag = er::dependence_grid(mha, MaskMode::diag_blocked, T, 1000);
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) {
      INFO("i=" << i << " j=" << j);
      CHECK((causal[i * T + j] > 0.0f) == (j <= i));
      CHECK(none[i * T + j] > 0.0f);
      CHECK(post[i * T + j] > 0.0f);  // the future leaks through the softmax denominator
      // off-by-one: strict past only, except row 0, which (all masked) averages every position
      CHECK((diag[i * T + j] > 0.0f) == (i == 0 || j < i));
    }
}

TEST_CASE("C API validates arguments and explains the error") {
  float buf[64];
  int flags = 0;
  CHECK(er_mha_forward(0, 16, 2, "causal", 0, buf, nullptr) != 0);
  CHECK(std::string(er_last_error()) == "T must be between 1 and 64, got 0");
  CHECK(std::string(er_last_error_json()) ==
        R"({"code":"msg.range","params":{"got":"0","max":"64","min":"1","name":"T"}})");
  CHECK(er_mha_forward(4, 16, 3, "causal", 0, nullptr, nullptr) != 0);
  CHECK(std::string(er_last_error()).find("n_heads") != std::string::npos);
  // a message with no code of its own travels as the generic "sentence"
  CHECK(std::string(er_last_error_json()).find(R"({"code":"sentence","params":{"text":"n_heads)") == 0);
  CHECK(er_mha_forward(4, 16, 2, "diagonal", 0, nullptr, nullptr) != 0);
  CHECK(std::string(er_last_error()) == "unknown mask mode \"diagonal\"");
  CHECK(er_mha_forward(4, 16, 2, nullptr, 0, nullptr, nullptr) != 0);
  CHECK(er_mha_perturbation(4, 16, 2, "causal", 0, 4, buf, &flags) != 0);
  CHECK(er_mha_perturbation(8, 16, 2, "causal", 0, 7, buf, &flags) == 0);
  CHECK(std::string(er_last_error()).empty());
  CHECK(std::string(er_last_error_json()).empty());
  CHECK(flags == 3);
}
