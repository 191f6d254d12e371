// The KV-cache path against the full recompute, token picking, and sampling.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/rng.h"
#include "model/run.h"
#include "model/sample.h"

namespace {
std::vector<int> random_tokens(int T, int V, uint64_t seed) {
  er::Rng rng(seed);
  std::vector<int> t(T);
  for (auto& x : t) x = int(rng.below(V));
  return t;
}

float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  float m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::fmax(m, std::fabs(a[i] - b[i]));
  return m;
}
}  // namespace

TEST_CASE("KV cache and full recompute give the same logits (1e-5), fresh and trained") {
  er::Config cfg;
  cfg.steps = 40;
  std::string err;
  auto run = er::Run::create(cfg, er::Break::healthy, 3, &err);
  REQUIRE(run);
  er::Gpt& g = run->model();
  const int T = cfg.model.T, V = g.dims().V;
  for (int phase = 0; phase < 2; ++phase) {
    INFO((phase == 0 ? "at init" : "after 40 steps"));
    for (int n : {1, 7, T}) {
      const auto tokens = random_tokens(n, V, 100 + n);
      std::vector<float> full, kv;
      er::full_logits(g, tokens, &full);
      er::kv_logits(g, tokens, &kv);
      REQUIRE(full.size() == size_t(n) * V);
      REQUIRE(kv.size() == full.size());
      INFO("n = " << n << ", max |full - kv| = " << max_abs_diff(full, kv));
      CHECK(max_abs_diff(full, kv) <= 1e-5f);
    }
    while (!run->finished()) run->step();
  }
  // a full context refuses one more token instead of writing past the cache
  g.kv_reset();
  for (int t = 0; t < T; ++t) REQUIRE(g.kv_step(1) != nullptr);
  CHECK(g.kv_step(1) == nullptr);
}

TEST_CASE("KV streams side by side: each stream gets the bits it gets alone, for every mask") {
  // Evaluation runs up to B validation windows as parallel streams; that must not change a
  // single bit of any window's logits, nor val_loss_ar (compared with a batch-1 run, which
  // evaluates one window at a time, holding the same weights).
  using B = er::Break;
  for (B brk : {B::healthy, B::no_mask, B::post_softmax_mask, B::diag_blocked,
                B::no_mask_at_inference}) {
    INFO("break " << int(brk));
    er::Config cfg;
    cfg.steps = 10;
    cfg.batch_size = 4;
    cfg.val_windows = 11;  // two full chunks of 4 streams and one of 3
    std::string err;
    auto run = er::Run::create(cfg, brk, 5, &err);
    REQUIRE(run);
    while (!run->finished()) run->step();
    er::Gpt& g = run->model();
    const int T = cfg.model.T, V = g.dims().V, S = 3;
    std::vector<std::vector<int>> tok;
    for (int s = 0; s < S; ++s) tok.push_back(random_tokens(T, V, 40 + s));
    std::vector<float> together;  // (T, S, V)
    g.kv_reset(S);
    for (int t = 0; t < T; ++t) {
      const int now[S] = {tok[0][t], tok[1][t], tok[2][t]};
      const float* l = g.kv_step(now);
      REQUIRE(l != nullptr);
      together.insert(together.end(), l, l + size_t(S) * V);
    }
    int differing = 0;
    for (int s = 0; s < S; ++s) {
      g.kv_reset(1);
      for (int t = 0; t < T; ++t) {
        const float* l = g.kv_step(tok[s][t]);
        const float* row = together.data() + (size_t(t) * S + s) * V;
        differing += std::memcmp(l, row, size_t(V) * sizeof(float)) != 0;
      }
    }
    CHECK(differing == 0);

    er::Config one = cfg;
    one.batch_size = 1;
    auto solo = er::Run::create(one, brk, 5, &err);
    REQUIRE(solo);
    std::copy(g.params(), g.params() + g.num_params(), solo->model().params());
    const double batched = run->evaluate().val_loss_ar, alone = solo->evaluate().val_loss_ar;
    CHECK(std::isfinite(batched));
    CHECK(batched == alone);
  }
}

TEST_CASE("KV cache is the causal path even when the training path has no mask") {
  // Under no-mask the full recompute lets early positions read later ones; the cache cannot.
  // Position 0 shows it directly. (Even the last position differs with 2 blocks: its block-2
  // query reads block-1 states of earlier positions, which did see the future.)
  er::Config cfg;
  std::string err;
  auto run = er::Run::create(cfg, er::Break::no_mask, 3, &err);
  REQUIRE(run);
  er::Gpt& g = run->model();
  const int V = g.dims().V, n = 8;
  const auto tokens = random_tokens(n, V, 9);
  std::vector<float> full, kv;
  er::full_logits(g, tokens, &full);
  er::kv_logits(g, tokens, &kv);
  float first = 0;
  for (int v = 0; v < V; ++v) first = std::fmax(first, std::fabs(full[v] - kv[v]));
  CHECK(first > 1e-3f);
  CHECK_FALSE(er::kv_matches_full(er::Break::no_mask));
  CHECK(er::kv_matches_full(er::Break::healthy));
  CHECK(er::kv_matches_full(er::Break::init_x100));
}

TEST_CASE("pick_token: temperature 0 and top_k 1 are argmax; sampling follows the softmax") {
  const std::vector<float> logits = {0.0f, 2.0f, 1.0f, -1.0f};
  std::vector<std::pair<float, int>> scratch;
  er::Rng rng(1);
  CHECK(er::pick_token(logits.data(), 4, 0.0f, 0, rng, &scratch) == 1);
  for (int i = 0; i < 20; ++i) CHECK(er::pick_token(logits.data(), 4, 1.0f, 1, rng, &scratch) == 1);
  // top_k 2 never picks outside {1, 2}; with temperature 1 the frequencies follow softmax
  int counts[4] = {0, 0, 0, 0};
  const int n = 20000;
  for (int i = 0; i < n; ++i) ++counts[er::pick_token(logits.data(), 4, 1.0f, 2, rng, &scratch)];
  CHECK(counts[0] == 0);
  CHECK(counts[3] == 0);
  const double p1 = std::exp(2.0) / (std::exp(2.0) + std::exp(1.0));  // 0.731
  CHECK(double(counts[1]) / n == Approx(p1).margin(0.015));
}

TEST_CASE("sampling is deterministic for a seed and keeps the prompt") {
  er::Config cfg;
  std::string err;
  auto run = er::Run::create(cfg, er::Break::healthy, 1, &err);
  REQUIRE(run);
  const er::Corpus& c = run->corpus();
  const std::vector<int> prompt = {c.id("yo")};
  REQUIRE(prompt[0] >= 0);
  const er::Samples a = er::sample(run->model(), c, prompt, 5, 42, 1.0f, 0);
  const er::Samples b = er::sample(run->model(), c, prompt, 5, 42, 1.0f, 0);
  const er::Samples d = er::sample(run->model(), c, prompt, 5, 43, 1.0f, 0);
  REQUIRE(a.text.size() == 5);
  REQUIRE(a.grammatical.size() == 5);
  CHECK(a.text == b.text);
  CHECK(a.text != d.text);
  for (const auto& s : a.text) CHECK(s.rfind("yo", 0) == 0);
}
