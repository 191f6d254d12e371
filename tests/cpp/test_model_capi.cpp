// The model's C API as the web worker uses it: happy paths, and every kind of bad input
// refused with a message instead of a trap.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "io/json.h"

namespace {
er::json::Value parse(const char* s) {
  er::json::Value v;
  std::string err;
  INFO(s);
  REQUIRE(er::json::parse(s, &v, &err));
  return v;
}
// A short run: 6 steps, eval every 2.
int small_run(const char* brk = "healthy", uint32_t seed = 1) {
  int h = 0;
  REQUIRE(er_run_create(R"({"steps": 6, "eval_every": 2, "warmup_steps": 2})", brk, seed, &h) == 0);
  REQUIRE(h >= 1);
  return h;
}
void refused(int rc, const char* needle) {
  CHECK(rc != 0);
  INFO("message: " << er_last_error());
  CHECK(std::string(er_last_error()).find(needle) != std::string::npos);
}
}  // namespace

TEST_CASE("capi: default config and corpus info") {
  const char* js = nullptr;
  REQUIRE(er_default_config(&js) == 0);
  const auto c = parse(js);
  CHECK(c.get("n_embd")->num == 64);
  CHECK(c.get("vocab_size")->num > 100);
  REQUIRE(er_corpus_info(3, 5, &js) == 0);
  const auto info = parse(js);
  CHECK(info.get("vocab")->arr.size() == size_t(c.get("vocab_size")->num));
  CHECK(info.get("vocab")->arr[1].str == "<bos>");
  CHECK(info.get("samples")->arr.size() == 3);
  CHECK(info.get("entropy_floor")->num > 0.5);
  refused(er_corpus_info(-1, 0, &js), "n_samples");
  refused(er_default_config(nullptr), "null");
}

TEST_CASE("capi: a run steps, evaluates, samples, probes, then is freed") {
  const int h = small_run();
  const char* js = nullptr;
  for (int s = 0; s < 6; ++s) {
    REQUIRE(er_run_step(h, &js) == 0);
    const auto m = parse(js);
    CHECK(m.get("step")->num == s);
    CHECK((m.get("val_loss") != nullptr) == (s % 2 == 0 || s == 5));
  }
  refused(er_run_step(h, &js), "finished");
  REQUIRE(er_run_eval(h, &js) == 0);
  const auto e = parse(js);
  CHECK(std::isfinite(e.get("val_loss")->num));
  CHECK(e.get("val_loss_ar")->num == Approx(e.get("val_loss")->num).epsilon(1e-5));
  REQUIRE(er_run_info(h, &js) == 0);
  CHECK(parse(js).get("steps_done")->num == 6);
  CHECK(parse(js).get("sampling_path")->str == "kv_cache");

  REQUIRE(er_run_sample(h, "yo", 4, 9, 1.0f, 0, &js) == 0);
  const auto smp = parse(js);
  CHECK(smp.get("samples")->arr.size() == 4);
  CHECK(smp.get("grammatical")->arr.size() == 4);

  REQUIRE(er_run_causality(h, 8, 3, &js) == 0);
  const auto cz = parse(js);
  CHECK(cz.get("T")->num == 8);
  CHECK(cz.get("rows")->arr.size() == 7);
  CHECK(cz.get("pass")->b);

  std::vector<float> att(2 * 4 * 32 * 32, -1.0f);
  int n = 0;
  REQUIRE(er_run_attention(h, "yo como pan", att.data(), &n) == 0);
  CHECK(n == 5);  // <bos> yo como pan <eos>
  for (int r = 0; r < 2 * 4 * n; ++r) {  // every row of every head sums to 1, future is 0
    double sum = 0;
    for (int j = 0; j < n; ++j) {
      const float w = att[size_t(r) * n + j];
      if (j > r % n) CHECK(w == 0.0f);
      sum += w;
    }
    CHECK(sum == Approx(1.0).epsilon(1e-5));
  }
  REQUIRE(er_run_attention(h, "", att.data(), &n) == 0);
  CHECK(n >= 4);

  std::vector<float> g(8 * 8, -1.0f);
  REQUIRE(er_run_grad_causality(h, 8, 4, g.data()) == 0);
  for (int j = 0; j < 8; ++j)
    for (int i = j + 1; i < 8; ++i) CHECK(g[j * 8 + i] == 0.0f);
  CHECK(g[7 * 8 + 0] > 0.0f);

  std::vector<int> tok = {1, 5, 9};
  std::vector<float> logits(3 * 400, 0.0f);
  REQUIRE(er_run_logits(h, tok.data(), 3, logits.data()) == 0);
  CHECK(std::isfinite(logits[0]));

  REQUIRE(er_run_free(h) == 0);
  refused(er_run_step(h, &js), "unknown run handle");
  refused(er_run_free(h), "unknown run handle");
}

TEST_CASE("capi: every bad argument is refused with a message") {
  const char* js = nullptr;
  int h = 0;
  refused(er_run_create("", "no-such-break", 0, &h), "unknown break");
  refused(er_run_create("", nullptr, 0, &h), "null");
  refused(er_run_create(R"({"steps": -3})", "healthy", 0, &h), "steps");
  refused(er_run_create(R"({"n_head": 5})", "healthy", 0, &h), "n_head");
  refused(er_run_create(R"({"lr_max": 5})", "healthy", 0, &h), "lr_max");
  refused(er_run_create(R"({"lr_max": 1e999})", "healthy", 0, &h), "too large");
  refused(er_run_create("{not json", "healthy", 0, &h), "JSON");
  refused(er_run_create(R"({"vocab_size": 3})", "healthy", 0, &h), "vocab_size");
  refused(er_run_create("", "healthy", 0, nullptr), "null");
  refused(er_run_step(0, &js), "unknown run handle");
  refused(er_run_step(17, &js), "unknown run handle");
  refused(er_run_step(-5, &js), "unknown run handle");

  h = small_run();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  refused(er_run_sample(h, "yo", 0, 1, 1.0f, 0, &js), "n must be");
  refused(er_run_sample(h, "yo", 101, 1, 1.0f, 0, &js), "n must be");
  refused(er_run_sample(h, "yo", 2, 1, nan, 0, &js), "temperature");
  refused(er_run_sample(h, "yo", 2, 1, inf, 0, &js), "temperature");
  refused(er_run_sample(h, "yo", 2, 1, -1.0f, 0, &js), "temperature");
  refused(er_run_sample(h, "yo", 2, 1, 1.0f, -1, &js), "top_k");
  refused(er_run_sample(h, "yo", 2, 1, 1.0f, 100000, &js), "top_k");
  refused(er_run_sample(h, "yo zzzunknown", 2, 1, 1.0f, 0, &js), "zzzunknown");
  std::string long_prompt;
  for (int i = 0; i < 40; ++i) long_prompt += "yo ";
  refused(er_run_sample(h, long_prompt.c_str(), 2, 1, 1.0f, 0, &js), "prompt");
  refused(er_run_causality(h, 1, 0, &js), "T must be");
  refused(er_run_causality(h, 33, 0, &js), "T must be");
  std::vector<float> buf(32 * 32 * 8 * 400);
  refused(er_run_grad_causality(h, 64, 0, buf.data()), "T must be");
  refused(er_run_grad_causality(h, 8, 0, nullptr), "null");
  int n = 0;
  refused(er_run_attention(h, "yo qwerty", buf.data(), &n), "qwerty");
  refused(er_run_attention(h, long_prompt.c_str(), buf.data(), &n), "too long");
  std::vector<int> tok = {1, 99999};
  refused(er_run_logits(h, tok.data(), 2, buf.data()), "outside the vocabulary");
  tok = {1, -1};
  refused(er_run_logits(h, tok.data(), 2, buf.data()), "outside the vocabulary");
  refused(er_run_logits(h, tok.data(), 0, buf.data()), "n must be");
  refused(er_run_logits(h, tok.data(), 33, buf.data()), "n must be");
  refused(er_run_set_break(h, "nomask"), "unknown break");
  refused(er_run_load("garbage!!", 9, &n), "");
  refused(er_run_load("abc", 3, &n), "safetensors");
  REQUIRE(er_run_free(h) == 0);
}

TEST_CASE("capi: save then load gives the same logits; set_break changes the path") {
  const int h = small_run("healthy", 4);
  const char* js = nullptr;
  for (int s = 0; s < 3; ++s) REQUIRE(er_run_step(h, &js) == 0);
  const char* bytes = nullptr;
  int n = 0;
  REQUIRE(er_run_save(h, &bytes, &n) == 0);
  const std::string file(bytes, size_t(n));
  int h2 = 0;
  REQUIRE(er_run_load(file.data(), int(file.size()), &h2) == 0);
  std::vector<int> tok = {1, 7, 3, 12, 40};
  std::vector<float> a(5 * 400), b(5 * 400);
  REQUIRE(er_run_logits(h, tok.data(), 5, a.data()) == 0);
  REQUIRE(er_run_logits(h2, tok.data(), 5, b.data()) == 0);
  CHECK(std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
  REQUIRE(er_run_info(h2, &js) == 0);
  CHECK(parse(js).get("steps_done")->num == 3);
  // a corrupted file is refused, not half-loaded
  std::string bad = file;
  bad[10] = '\x01';
  int h3 = 0;
  CHECK(er_run_load(bad.data(), int(bad.size()), &h3) != 0);

  // switch to no-mask-at-inference: the inference path loses its mask, causality fails
  REQUIRE(er_run_set_break(h, "no-mask-at-inference") == 0);
  REQUIRE(er_run_causality(h, 8, 3, &js) == 0);
  CHECK_FALSE(parse(js).get("pass")->b);
  REQUIRE(er_run_info(h, &js) == 0);
  CHECK(parse(js).get("sampling_path")->str == "full_recompute");
  REQUIRE(er_run_set_break(h, "healthy") == 0);
  REQUIRE(er_run_causality(h, 8, 3, &js) == 0);
  CHECK(parse(js).get("pass")->b);
  REQUIRE(er_run_free(h) == 0);
  REQUIRE(er_run_free(h2) == 0);
}

TEST_CASE("capi: at most 16 runs at once; freeing makes room") {
  std::vector<int> hs;
  int h = 0;
  while (er_run_create(R"({"steps": 1})", "healthy", 0, &h) == 0) {
    hs.push_back(h);
    REQUIRE(hs.size() <= 16);
  }
  CHECK(std::string(er_last_error()).find("too many runs") != std::string::npos);
  REQUIRE(er_run_free(hs.back()) == 0);
  CHECK(er_run_create(R"({"steps": 1})", "healthy", 0, &h) == 0);
  CHECK(er_run_free(h) == 0);
  hs.pop_back();
  for (int x : hs) CHECK(er_run_free(x) == 0);
}
