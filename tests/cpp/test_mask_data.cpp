// Mask as data (wasm/src/capi/capi_maskdata.cpp): a run given its (T, T) mask and the place it
// is applied, for training and for generation separately. The healthy triangle given as data
// must be bit-identical to the built-in causal path (weights after training, sweep, samples),
// each broken mask given as data must reproduce its built-in break exactly, and bad masks are
// refused with a sentence.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "capi/capi.h"

namespace {

const int T = 32;  // the context of the default config
constexpr float kInf = std::numeric_limits<float>::infinity();
enum Where { kPre = 0, kPost = 1, kMultiply = 2 };

// (T, T) masks: visible(i, j) decides; hidden entries get `fill`, visible ones `keep`.
template <class F>
std::vector<float> mask(F visible, float keep, float fill) {
  std::vector<float> m(T * T);
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) m[i * T + j] = visible(i, j) ? keep : fill;
  return m;
}
const auto causal = [](int i, int j) { return j <= i; };
const auto strict = [](int i, int j) { return j < i; };
const auto all = [](int, int) { return true; };

int run(const char* brk, uint32_t seed = 3) {
  int h = 0;
  REQUIRE(er_run_create(R"({"steps": 4, "eval_every": 4, "warmup_steps": 1, "batch_size": 2,
      "n_embd": 16, "n_head": 2, "n_layer": 1, "train_sentences": 200})", brk, seed, &h) == 0);
  return h;
}
void give(int h, int pass, const std::vector<float>& m, int where) {
  INFO("pass " << pass << " where " << where);
  REQUIRE(er_run_set_mask_data(h, pass, m.data(), int(m.size()), where) == 0);
}
// Everything a learner can observe of a run after training it: the metrics lines, the weights
// (as the saved file), the sweep at T=32 and greedy samples.
std::string evidence(int h) {
  std::string out;
  const char* js = nullptr;
  for (int s = 0; s < 4; ++s) {
    REQUIRE(er_run_step(h, &js) == 0);
    std::string line = js;
    out += line.substr(0, line.find("\"ms\"")) + "\n";  // the step's time is not evidence
  }
  // the weights: the saved file after its JSON header (which names the run's break)
  const char* bytes = nullptr;
  int n = 0;
  REQUIRE(er_run_save(h, &bytes, &n) == 0);
  uint64_t header = 0;
  std::memcpy(&header, bytes, 8);
  out += std::string(bytes + 8 + header, size_t(n) - 8 - header);
  REQUIRE(er_run_causality(h, T, 5, &js) == 0);
  out += js;
  REQUIRE(er_run_sample(h, "", 3, 9, 0.0f, 0, &js) == 0);
  out += js;
  return out;
}
bool sweep_passes(int h) {
  const char* js = nullptr;
  REQUIRE(er_run_causality(h, T, 5, &js) == 0);
  return std::string(js).find("\"pass\":true") != std::string::npos;
}
void refused(int rc, const char* needle) {
  CHECK(rc != 0);
  INFO("message: " << er_last_error());
  CHECK(std::string(er_last_error()).find(needle) != std::string::npos);
}

}  // namespace

TEST_CASE("mask as data: the causal triangle is bit-identical to the built-in causal path") {
  const std::string built_in = [] {
    const int h = run("healthy");
    const std::string e = evidence(h);
    er_run_free(h);
    return e;
  }();
  for (float fill : {-1e9f, -kInf}) {
    INFO("hidden entries " << fill);
    const int h = run("healthy");
    give(h, 0, mask(causal, 0.0f, fill), kPre);
    give(h, 1, mask(causal, 0.0f, fill), kPre);
    CHECK(evidence(h) == built_in);
    const char* js = nullptr;
    REQUIRE(er_run_info(h, &js) == 0);
    CHECK(std::string(js).find("\"sampling_path\":\"kv_cache\"") != std::string::npos);
    er_run_free(h);
  }
  // the triangle as data also repairs a broken run: it overrides the break's mask
  const int h = run("no-mask");
  give(h, 0, mask(causal, 0.0f, -1e9f), kPre);
  give(h, 1, mask(causal, 0.0f, -1e9f), kPre);
  CHECK(evidence(h) == built_in);
  er_run_free(h);
}

TEST_CASE("mask as data: each broken mask reproduces its built-in break, bit for bit") {
  struct Case {
    const char* brk;
    std::vector<float> train, gen;
    int where;
  } cases[] = {
      {"no-mask", mask(all, 0.0f, 0.0f), mask(all, 0.0f, 0.0f), kPre},
      {"post-softmax-mask", mask(causal, 0.0f, -1e9f), mask(causal, 0.0f, -1e9f), kPost},
      {"diag-blocked", mask(strict, 0.0f, -1e9f), mask(strict, 0.0f, -1e9f), kPre},
      {"no-mask-at-inference", mask(causal, 0.0f, -1e9f), mask(all, 0.0f, 0.0f), kPre},
  };
  for (const Case& c : cases) {
    INFO("break " << c.brk);
    const int b = run(c.brk);
    const std::string built_in = evidence(b);
    CHECK_FALSE(sweep_passes(b));  // the break leaks, so the comparison below means something
    er_run_free(b);
    const int h = run("healthy");
    give(h, 0, c.train, c.where);
    give(h, 1, c.gen, c.where);
    CHECK(evidence(h) == built_in);
    er_run_free(h);
  }
}

TEST_CASE("mask as data: the 0/1 triangle multiplied into the scores leaks (a wrong repair)") {
  const int h = run("healthy");
  give(h, 0, mask(causal, 1.0f, 0.0f), kMultiply);
  give(h, 1, mask(causal, 1.0f, 0.0f), kMultiply);
  const char* js = nullptr;
  for (int s = 0; s < 4; ++s) REQUIRE(er_run_step(h, &js) == 0);
  CHECK_FALSE(sweep_passes(h));
  REQUIRE(er_run_info(h, &js) == 0);
  CHECK(std::string(js).find("\"sampling_path\":\"full_recompute\"") != std::string::npos);
  // cleared: the run is back on its break's (healthy) mask
  REQUIRE(er_run_clear_mask_data(h) == 0);
  CHECK(sweep_passes(h));
  er_run_free(h);
}

TEST_CASE("mask as data: bad masks are refused with a sentence, the run keeps its mask") {
  const int h = run("healthy");
  std::vector<float> m = mask(causal, 0.0f, -1e9f);
  refused(er_run_set_mask_data(h, 0, m.data(), 10, kPre),
          "the mask must hold T x T = 1024 numbers for the context T = 32, got 10");
  m[3 * T + 5] = std::nanf("");
  refused(er_run_set_mask_data(h, 1, m.data(), T * T, kPre), "mask entry (3, 5) must be a finite number or -inf, got NaN");
  m[3 * T + 5] = kInf;
  refused(er_run_set_mask_data(h, 1, m.data(), T * T, kPost), "mask entry (3, 5) must be a finite number or -inf, got +inf");
  m[3 * T + 5] = -kInf;
  refused(er_run_set_mask_data(h, 1, m.data(), T * T, kMultiply),
          "mask entry (3, 5) must be a finite number when it multiplies the scores, got -inf");
  refused(er_run_set_mask_data(h, 2, m.data(), T * T, kPre), "pass must be 0");
  refused(er_run_set_mask_data(h, 0, m.data(), T * T, 3), "where must be 0");
  refused(er_run_set_mask_data(h, 0, nullptr, T * T, kPre), "null");
  refused(er_run_set_mask_data(99, 0, m.data(), T * T, kPre), "unknown run handle 99");
  CHECK(sweep_passes(h));  // nothing was applied
  er_run_free(h);
}

TEST_CASE("cells: the MHA with masks as data gives the built-in modes' bits") {
  const int t = 8, d = 16, H = 2;
  std::vector<float> y0(t * d), y1(t * d), heads(t * d), q(t * d), k(t * d), v(t * d);
  auto masks = [&](auto visible) {
    std::vector<float> m(H * t * t);
    for (int h = 0; h < H; ++h)
      for (int i = 0; i < t; ++i)
        for (int j = 0; j < t; ++j) m[(h * t + i) * t + j] = visible(i, j) ? 0.0f : -1e9f;
    return m;
  };
  const struct {
    const char* mode;
    std::vector<float> m;
    int where;
  } cases[] = {{"causal", masks([](int i, int j) { return j <= i; }), 0},
               {"diag_blocked", masks([](int i, int j) { return j < i; }), 0},
               {"post_softmax", masks([](int i, int j) { return j <= i; }), 1}};
  for (const auto& c : cases) {
    INFO("mode " << c.mode);
    REQUIRE(er_mha_forward(t, d, H, c.mode, 0, y0.data(), nullptr) == 0);
    REQUIRE(er_mha_forward_masks(t, d, H, 0, nullptr, c.m.data(), c.where, y1.data(), heads.data()) == 0);
    CHECK(y0 == y1);
  }
  REQUIRE(er_mha_forward(t, d, H, "none", 0, y0.data(), nullptr) == 0);
  REQUIRE(er_mha_forward_masks(t, d, H, 0, nullptr, nullptr, 0, y1.data(), nullptr) == 0);
  CHECK(y0 == y1);
  // the projections are those of the seeded input: head 0's score (0, 1) is er_mha_scores'
  REQUIRE(er_mha_project(t, d, H, 0, nullptr, q.data(), k.data(), v.data()) == 0);
  std::vector<float> s(t * t);
  REQUIRE(er_mha_scores(t, d, H, 0, 0, s.data()) == 0);
  float dot = 0;
  for (int c = 0; c < d / H; ++c) dot += q[c] * k[d + c];
  CHECK(s[1] == Approx(dot / std::sqrt(8.0f)).epsilon(1e-6));
  std::vector<float> x(t * d);
  REQUIRE(er_random_input(t, d, 1000, x.data()) == 0);  // the seeded input of seed 0
  REQUIRE(er_mha_forward_masks(t, d, H, 0, x.data(), nullptr, 0, y0.data(), nullptr) == 0);
  CHECK(y0 == y1);
  std::vector<float> bad = cases[0].m;
  bad[t * t + 2 * t + 3] = std::nanf("");
  refused(er_mha_forward_masks(t, d, H, 0, nullptr, bad.data(), 0, y1.data(), nullptr),
          "mask entry (2, 3) must be a finite number or -inf, got NaN");
}
