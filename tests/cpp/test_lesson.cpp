// The lesson-widget entry points: the raw scores of one head and the step-by-step softmax slice.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <vector>

#include "capi/capi.h"

namespace {
struct Slice {
  std::vector<float> masked, shifted, exps, weights;
  float sum = 0;
  int rc = 0;
};
Slice slice(const std::vector<float>& s, int query, int causal) {
  const int n = int(s.size());
  Slice r{std::vector<float>(n), std::vector<float>(n), std::vector<float>(n),
          std::vector<float>(n)};
  r.rc = er_softmax_slice(n, s.data(), query, causal, r.masked.data(), r.shifted.data(),
                          r.exps.data(), &r.sum, r.weights.data());
  return r;
}
}  // namespace

TEST_CASE("softmax slice without mask: shift by the max, exp, sum, weights = exp / sum") {
  // the raw scores of the lesson's toy example; the max is key 1
  const Slice r = slice({1.2f, 3.1f, 0.4f, 0.2f}, 0, 0);
  REQUIRE(r.rc == 0);
  const float want_shift[] = {-1.9f, 0.0f, -2.7f, -2.9f};
  for (int j = 0; j < 4; ++j) {
    CHECK(r.shifted[j] == Approx(want_shift[j]).margin(1e-6));
    CHECK(r.exps[j] == Approx(std::exp(want_shift[j])).epsilon(1e-6));
    CHECK(r.weights[j] == Approx(r.exps[j] / r.sum).epsilon(1e-5));
  }
  CHECK(r.shifted[1] == 0.0f);  // the row max shifts to exactly 0, so exp is exactly 1
  CHECK(r.exps[1] == 1.0f);
  CHECK(r.sum == Approx(1.2718).margin(1e-4));
  CHECK(r.weights[1] == Approx(0.7863).margin(1e-4));  // most of query 0's weight is on key 1
}

TEST_CASE("softmax slice with the causal mask: query 0 puts all its weight on key 0") {
  const Slice r = slice({1.2f, 3.1f, 0.4f, 0.2f}, 0, 1);
  REQUIRE(r.rc == 0);
  CHECK(r.masked[0] == 1.2f);
  for (int j = 1; j < 4; ++j) {
    CHECK(r.masked[j] < -1e8f);   // a large finite negative, not -inf
    CHECK(std::isfinite(r.masked[j]));
    CHECK(r.exps[j] == 0.0f);     // exp underflows to an exact zero
    CHECK(r.weights[j] == 0.0f);
  }
  CHECK(r.sum == 1.0f);
  CHECK(r.weights[0] == 1.0f);
}

TEST_CASE("softmax slice with the mask for a later query keeps its past and renormalises") {
  const Slice r = slice({0.5f, -1.0f, 2.0f, 4.0f}, 2, 1);
  REQUIRE(r.rc == 0);
  CHECK(r.weights[3] == 0.0f);
  CHECK(r.weights[0] + r.weights[1] + r.weights[2] == Approx(1.0).epsilon(1e-6));
  CHECK(r.shifted[2] == 0.0f);  // the max of what survives the mask, not key 3's 4.0
}

TEST_CASE("softmax slice refuses bad input with a message") {
  const float bad[] = {0.0f, NAN, 1.0f};
  float a[3], b[3], c[3], d[3], s;
  CHECK(er_softmax_slice(3, bad, 0, 0, a, b, c, &s, d) != 0);
  CHECK(std::strstr(er_last_error(), "score 1") != nullptr);
  const float ok[] = {0.0f, 1.0f, 2.0f};
  CHECK(er_softmax_slice(3, ok, 3, 0, a, b, c, &s, d) != 0);
  CHECK(std::strstr(er_last_error(), "query") != nullptr);
  CHECK(er_softmax_slice(0, ok, 0, 0, a, b, c, &s, d) != 0);
  CHECK(er_softmax_slice(3, ok, 0, 0, a, b, c, &s, d) == 0);
  CHECK(std::strlen(er_last_error()) == 0);
}

TEST_CASE("mha scores are what the MHA softmaxes: softmax of a row = its attention weights") {
  const int T = 6, d = 16, H = 2;
  for (int head = 0; head < H; ++head) {
    std::vector<float> scores(T * T), att(H * T * T);
    REQUIRE(er_mha_scores(T, d, H, 0, head, scores.data()) == 0);
    REQUIRE(er_mha_forward(T, d, H, "none", 0, nullptr, att.data()) == 0);
    std::vector<float> causal(H * T * T);
    REQUIRE(er_mha_forward(T, d, H, "causal", 0, nullptr, causal.data()) == 0);
    for (int i = 0; i < T; ++i) {
      const std::vector<float> row(scores.begin() + i * T, scores.begin() + (i + 1) * T);
      const Slice open = slice(row, i, 0), masked = slice(row, i, 1);
      REQUIRE(open.rc == 0);
      for (int j = 0; j < T; ++j) {
        INFO("head " << head << " query " << i << " key " << j);
        CHECK(open.weights[j] == Approx(att[(head * T + i) * T + j]).margin(1e-6));
        CHECK(masked.weights[j] == Approx(causal[(head * T + i) * T + j]).margin(1e-6));
      }
    }
  }
}

TEST_CASE("mha scores: same seed same bits, another seed other scores, bad head refused") {
  std::vector<float> a(16), b(16), c(16);
  REQUIRE(er_mha_scores(4, 16, 2, 0, 0, a.data()) == 0);
  REQUIRE(er_mha_scores(4, 16, 2, 0, 0, b.data()) == 0);
  REQUIRE(er_mha_scores(4, 16, 2, 7, 0, c.data()) == 0);
  CHECK(std::memcmp(a.data(), b.data(), 16 * sizeof(float)) == 0);
  CHECK(std::memcmp(a.data(), c.data(), 16 * sizeof(float)) != 0);
  CHECK(er_mha_scores(4, 16, 2, 0, 2, a.data()) != 0);
  CHECK(std::strstr(er_last_error(), "head") != nullptr);
}
