// The training run: determinism, the metrics line's contract, evaluation steps, divergence.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "io/json.h"
#include "model/config_json.h"
#include "model/run.h"

namespace {
std::unique_ptr<er::Run> make(er::Break b, uint32_t seed, const std::string& overrides) {
  er::Config cfg;
  std::string err;
  REQUIRE(er::config_from_json(overrides, &cfg, &err));
  auto r = er::Run::create(cfg, b, seed, &err);
  INFO(err);
  REQUIRE(r);
  return r;
}
std::vector<std::string> run_all(er::Run& r) {
  std::vector<std::string> lines;
  while (!r.finished()) lines.push_back(r.step());
  return lines;
}
}  // namespace

TEST_CASE("same seed, same bits: two runs give identical metrics lines; another seed differs") {
  const std::string cfg = R"({"steps": 12, "eval_every": 5})";
  auto a = make(er::Break::healthy, 7, cfg), b = make(er::Break::healthy, 7, cfg);
  auto c = make(er::Break::healthy, 8, cfg);
  const auto la = run_all(*a), lb = run_all(*b), lc = run_all(*c);
  REQUIRE(la.size() == 12);
  CHECK(la == lb);
  CHECK(la != lc);
  const float* pa = a->model().params();
  const float* pb = b->model().params();
  for (size_t i = 0; i < a->model().num_params(); ++i) REQUIRE(pa[i] == pb[i]);
}

TEST_CASE("metrics line: every documented key, eval keys on eval steps and the last step") {
  auto r = make(er::Break::healthy, 1, R"({"steps": 7, "eval_every": 3})");
  const auto lines = run_all(*r);
  REQUIRE(lines.size() == 7);
  for (size_t s = 0; s < lines.size(); ++s) {
    INFO(lines[s]);
    er::json::Value v;
    std::string err;
    REQUIRE(er::json::parse(lines[s], &v, &err));
    CHECK(lines[s].find('\n') == std::string::npos);
    CHECK(v.get("step")->num == double(s));
    for (const char* k : {"lr", "loss", "grad_norm_pre_clip", "grad_norm_post_clip", "dead_heads"})
      CHECK(v.get(k)->type == er::json::Value::Number);
    CHECK(v.get("diverged")->type == er::json::Value::Bool);
    CHECK_FALSE(v.get("diverged")->b);
    CHECK(v.get("act_rms")->arr.size() == 3);  // 2 blocks + ln_f
    const er::json::Value* sp = v.get("spectral");
    REQUIRE(sp);
    CHECK(sp->obj.size() == 9);  // wte + 4 matrices per block
    CHECK(sp->get("transformer.h.1.mlp.c_proj.weight")->num > 0);
    CHECK(v.get("grad_norm_post_clip")->num <= 1.0 + 1e-6);
    CHECK(v.get("grad_norm_post_clip")->num <= v.get("grad_norm_pre_clip")->num + 1e-9);
    const bool eval = s % 3 == 0 || s == 6;
    CHECK((v.get("val_loss") != nullptr) == eval);
    CHECK((v.get("val_loss_ar") != nullptr) == eval);
    CHECK((v.get("entropy_floor") != nullptr) == eval);
    if (eval) CHECK(v.get("entropy_floor")->num == Approx(r->corpus().entropy_floor()));
  }
  CHECK(r->step().empty());  // the run is over
}

TEST_CASE("spectral norm by power iteration matches the true largest singular value") {
  // Power iteration on W^T W converges to s_max; compare with 500 plain iterations in double.
  auto r = make(er::Break::healthy, 2, R"({"steps": 1})");
  r->step();
  const er::Gpt& g = r->model();
  for (const er::TensorInfo& t : g.layout()) {
    if (t.name != "transformer.h.0.attn.c_proj.weight") continue;
    const float* W = g.params() + t.offset;
    const int R = t.shape[0], C = t.shape[1];
    std::vector<double> x(C, 1.0), y(R);
    double s = 0;
    for (int it = 0; it < 500; ++it) {
      for (int i = 0; i < R; ++i) {
        y[i] = 0;
        for (int j = 0; j < C; ++j) y[i] += W[i * C + j] * x[j];
      }
      for (int j = 0; j < C; ++j) {
        x[j] = 0;
        for (int i = 0; i < R; ++i) x[j] += W[i * C + j] * y[i];
      }
      double n = 0;
      for (double e : x) n += e * e;
      n = std::sqrt(n);
      s = std::sqrt(n);  // |W^T W x| with |x| = 1 -> s_max^2
      for (double& e : x) e /= n;
    }
    er::SpectralTracker tr(g, 99);
    tr.update(g.params(), 60);
    for (size_t i = 0; i < tr.size(); ++i)
      if (tr.name(i) == t.name) CHECK(tr.sigma(i) == Approx(s).epsilon(1e-3));
  }
}

TEST_CASE("a non-finite weight ends the run with diverged:true at that step, never a crash") {
  auto r = make(er::Break::healthy, 1, R"({"steps": 10})");
  r->step();
  r->step();
  std::vector<float> p(r->model().params(), r->model().params() + r->model().num_params());
  p[5] = std::numeric_limits<float>::quiet_NaN();  // inside wte
  r->load_params(p);
  const std::string line = r->step();
  er::json::Value v;
  std::string err;
  REQUIRE(er::json::parse(line, &v, &err));
  CHECK(v.get("diverged")->b);
  CHECK(v.get("step")->num == 2);
  CHECK(v.get("loss")->type == er::json::Value::Null);  // NaN is written as null
  CHECK(r->diverged());
  CHECK(r->finished());
  CHECK(r->step() == line);  // and again: nothing changes any more
  CHECK(r->steps_done() == 2);
}

TEST_CASE("config JSON: defaults round-trip, partial overrides, and every kind of bad input") {
  er::Config c;
  const std::string js = er::config_to_json(c);
  er::Config back;
  back.steps = 1;
  std::string err;
  REQUIRE(er::config_from_json(js, &back, &err));
  CHECK(er::config_to_json(back) == js);
  er::Config p;
  REQUIRE(er::config_from_json(R"({"steps": 50, "lr_max": 0.02})", &p, &err));
  CHECK(p.steps == 50);
  CHECK(p.lr_max == 0.02f);
  CHECK(p.batch_size == 16);  // untouched keys keep their defaults
  const char* bad[] = {
      R"({"stepz": 5})",                    // unknown key
      R"({"steps": "5"})",                  // wrong type
      R"({"steps": 2.5})",                  // not an integer
      R"({"n_head": 3})",                   // does not divide 64
      R"({"n_embd": 36, "n_head": 4})",     // odd head size (9)
      R"({"lr_min": 0.5})",                 // above lr_max
      R"({"block_size": 100000})",          // out of range
      R"({"warmup_steps": -1})",            // negative
      R"([1, 2])",                          // not an object
      R"({"steps": 5)",                     // malformed
      R"({"lr_max": 1e300})",               // beyond float: refused before converting
  };
  for (const char* b : bad) {
    INFO(b);
    er::Config x;
    const std::string before = er::config_to_json(x);
    err.clear();
    CHECK_FALSE(er::config_from_json(b, &x, &err));
    CHECK_FALSE(err.empty());
    CHECK(er::config_to_json(x) == before);  // a failed parse changes nothing
  }
  er::Config wrong_vocab;
  wrong_vocab.model.V = 12;
  CHECK_FALSE(er::Run::create(wrong_vocab, er::Break::healthy, 0, &err));
  CHECK(err.find("vocab_size") != std::string::npos);
}

TEST_CASE("head contributions: the RMS of each head's term in the attention output, as defined") {
  // Brute force: head h's term is atty[:, h] @ c_proj.weight[:, h]^T, an (N, C) matrix.
  er::Config cfg;
  cfg.steps = 5;
  std::string err;
  auto run = er::Run::create(cfg, er::Break::healthy, 2, &err);
  REQUIRE(run);
  while (!run->finished()) run->step();  // trained a little, so the heads differ
  er::Gpt& g = run->model();
  const er::ModelDims& d = g.dims();
  const int C = d.C, H = d.H, hs = C / H;
  std::vector<int> idx(size_t(3) * d.T);
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = int((i * 7 + 3) % size_t(d.V));
  g.forward(idx.data(), nullptr, 3, d.T, er::Pass::train);
  std::vector<double> contrib;
  std::vector<float> scratch;
  er::head_contributions(g, &contrib, &scratch);
  const int N = 3 * d.T;
  for (int l = 0; l < d.L; ++l)
    for (int h = 0; h < H; ++h) {
      const float* W = g.p().h[l].projw;
      const float* Y = g.atty(l);
      double sq = 0;
      for (int n = 0; n < N; ++n)
        for (int o = 0; o < C; ++o) {
          double v = 0;
          for (int a = 0; a < hs; ++a) v += double(Y[size_t(n) * C + h * hs + a]) * W[o * C + h * hs + a];
          sq += v * v;
        }
      const double want = std::sqrt(sq / (double(N) * C));
      INFO("layer " << l << " head " << h);
      CHECK(want > 0);
      CHECK(contrib[l * H + h] == Approx(want).epsilon(1e-5));
    }
}

TEST_CASE("dead heads: a head that adds almost nothing to the residual stream counts; an even one does not") {
  er::ModelDims d;
  d.V = 11, d.T = 8, d.C = 8, d.L = 1, d.H = 2;
  er::Gpt g(d, 2);
  g.init(3);
  std::vector<int> idx = {1, 4, 2, 7, 3, 9, 5, 6, 2, 2, 8, 1, 0, 10, 4, 4};
  const er::BlockParams& w = g.p().h[0];
  std::vector<double> contrib;
  std::vector<float> gram;
  // q = k = 0 (zero c_attn rows for q and k): every score equal, attention exactly uniform;
  // both heads still write to the residual stream, so neither is dead
  for (int i = 0; i < 2 * d.C * d.C; ++i) w.qkvw[i] = 0.0f;
  g.forward(idx.data(), nullptr, 2, 8, er::Pass::train);
  er::head_contributions(g, &contrib, &gram);
  CHECK(contrib[0] > 0.0);
  CHECK(contrib[1] > 0.0);
  CHECK(er::count_dead_heads(contrib, 1, 2) == 0);
  // silence head 0: zero its columns of c_proj, its contribution drops to 0
  for (int r = 0; r < d.C; ++r)
    for (int c = 0; c < d.C / 2; ++c) w.projw[r * d.C + c] = 0.0f;
  er::head_contributions(g, &contrib, &gram);
  CHECK(contrib[0] == 0.0);
  CHECK(er::count_dead_heads(contrib, 1, 2) == 1);
  // below the fraction of the strongest head of the block counts, above it does not
  CHECK(er::count_dead_heads({1.0, 0.19}, 1, 2) == 1);
  CHECK(er::count_dead_heads({1.0, 0.21}, 1, 2) == 0);
}
