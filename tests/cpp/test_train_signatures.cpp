// The break signatures, asserted from real runs (seed 0, default config). The figures in the
// comments were measured natively (Eigen) and in wasm (SIMD kernels) on 2026-11-22; the
// assertions keep margins that hold in both builds. wasm/README.md records the same figures.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "io/json.h"
#include "model/probes.h"
#include "model/run.h"
#include "model/sample.h"

namespace {

struct Line {
  int step;
  double lr, loss, gpre, gpost, act0, val = NAN, val_ar = NAN;
  int dead;
  bool diverged;
};

Line parse_line(const std::string& s) {
  er::json::Value v;
  std::string err;
  INFO(s);
  REQUIRE(er::json::parse(s, &v, &err));
  Line l{int(v.get("step")->num), v.get("lr")->num, v.get("loss")->num,
         v.get("grad_norm_pre_clip")->num, v.get("grad_norm_post_clip")->num,
         v.get("act_rms")->arr[0].num};
  if (v.get("val_loss")) l.val = v.get("val_loss")->num, l.val_ar = v.get("val_loss_ar")->num;
  l.dead = int(v.get("dead_heads")->num);
  l.diverged = v.get("diverged")->b;
  return l;
}

std::unique_ptr<er::Run> make(er::Break b, int steps = 300) {
  er::Config cfg;
  cfg.steps = steps;
  std::string err;
  auto r = er::Run::create(cfg, b, 0, &err);
  REQUIRE(r);
  return r;
}

std::vector<Line> train(er::Run& r, int max_steps = 1 << 30) {
  std::vector<Line> out;
  while (!r.finished() && int(out.size()) < max_steps) out.push_back(parse_line(r.step()));
  return out;
}

int clipped(const std::vector<Line>& ls, int first_n) {
  int n = 0;
  for (int i = 0; i < first_n; ++i) n += ls[i].gpre > 1.0;
  return n;
}

// Degenerate sample: it never ended (ran to the context) or repeats a word 3 times in a row.
bool degenerate(const std::string& s, bool grammatical) {
  if (grammatical) return false;
  std::vector<std::string> w;
  size_t a = 0;
  while (a < s.size()) {
    size_t b = s.find(' ', a);
    if (b == std::string::npos) b = s.size();
    w.push_back(s.substr(a, b - a));
    a = b + 1;
  }
  for (size_t i = 2; i < w.size(); ++i)
    if (w[i] == w[i - 1] && w[i] == w[i - 2]) return true;
  return w.size() >= 30;
}

}  // namespace

TEST_CASE("signatures: healthy, no-warmup and no-mask-at-inference (seed 0)") {
  // One 300-step run serves three signatures (plain blocks, not SECTIONs: Catch2 would re-run
  // the whole test case, training included, once per SECTION).
  auto run = make(er::Break::healthy);
  const double H = run->corpus().entropy_floor();  // 1.2597 nats/token
  const auto h = train(*run);
  REQUIRE(h.size() == 300);

  {  // healthy: above the floor, val_loss_ar = val_loss, no dead head, grammatical
    // lowest batch loss of the run 1.2624; a batch can dip a little below H by chance
    // (no-warmup's run reaches 1.2559), hence the tolerance
    for (const Line& l : h) CHECK(l.loss > H - 0.05);
    const Line& last = h.back();
    CHECK(last.val > H);          // 1.3239
    CHECK(last.val < H + 0.2);    // it did learn the grammar's statistics
    CHECK(std::fabs(last.val_ar - last.val) < 1e-3);  // 1.3239 both: no leak to exploit
    for (const Line& l : h) CHECK(l.dead == 0);  // every head keeps contributing
    // 40 samples: one draw of 20 swings by +-4 between sample seeds of the same model
    const er::Samples s = er::sample(run->model(), run->corpus(), {}, 40, 7, 1.0f, 0);
    int g = 0;
    for (bool x : s.grammatical) g += x;
    CHECK(g >= 20);  // 23/40 native (runs of seeds 1, 2, 3: 34, 35, 33 of 40; no-mask: 0)
  }

  {  // no-warmup: lr(0) = lr_max, faster first steps, fewer clipped, no grad spike
    auto nw = make(er::Break::no_warmup);
    const auto w = train(*nw, 30);
    CHECK(w[0].lr == Approx(1e-2).epsilon(1e-7));        // lr_max
    CHECK(h[0].lr == Approx(1e-2 / 30).epsilon(1e-6));   // healthy starts 30x lower
    CHECK(w[0].loss == h[0].loss);                        // same init, same first batch
    CHECK(w[10].loss < h[10].loss - 0.5);                 // 3.34 vs 4.37
    CHECK(clipped(w, 30) <= 8);                           // 5 of the first 30 steps
    CHECK(clipped(h, 30) >= 12);                          // 15 of the first 30 steps
    // no spike: after step 0 (2.67) the pre-clip norm only falls (max of steps 1..29 < 2.67)
    for (int i = 1; i < 30; ++i) CHECK(w[i].gpre < 1.5 * w[0].gpre);
  }

  {  // no-mask-at-inference: same training, worse teacher-forced eval, same val_loss_ar
    // The break only touches the inference path, so the healthy run IS its training run.
    const Line& last = h.back();
    run->set_break(er::Break::no_mask_at_inference);
    const er::Run::Eval e = run->evaluate();
    CHECK(e.val_loss > last.val + 0.1);  // 1.5045 vs 1.3239: unmasked eval misleads
    CHECK(e.val_loss_ar == Approx(last.val_ar).epsilon(1e-6));  // the KV cache has no future
    CHECK_FALSE(er::causality_sweep(run->model(), 32, 3).pass());
    run->set_break(er::Break::healthy);
    CHECK(er::causality_sweep(run->model(), 32, 3).pass());
  }
}

TEST_CASE("signatures: no-mask goes below the entropy floor and cannot generate (seed 0)") {
  auto run = make(er::Break::no_mask, 150);
  const double H = run->corpus().entropy_floor();
  const auto l = train(*run);
  int first_below = -1;
  for (const Line& x : l)
    if (first_below < 0 && x.loss < H) first_below = x.step;
  CHECK(first_below >= 0);
  CHECK(first_below <= 80);     // step 47
  CHECK(l.back().loss < 0.5 * H);  // 0.129 at step 149
  CHECK(l.back().val < H);       // 0.116: the leak works on validation windows too ...
  CHECK(l.back().val_ar > 2.0);  // 3.69: ... and is useless without a future
  CHECK(l.back().val_ar > 10 * l.back().val);
  // No head dies without the mask either: each keeps adding to the residual stream (the
  // "many dead heads" some dashboards report for this bug is not seen in this model).
  for (const Line& x : l) CHECK(x.dead == 0);
  const er::Samples s = er::sample(run->model(), run->corpus(), {}, 20, 7, 1.0f, 0);
  int g = 0, d = 0;
  for (size_t i = 0; i < s.text.size(); ++i) {
    g += s.grammatical[i];
    d += degenerate(s.text[i], s.grammatical[i]);
  }
  CHECK(g <= 2);   // 0/20
  CHECK(d >= 15);  // "nosotras nosotras nosotras ...", "yo yo yo ..."
}

TEST_CASE("signatures: init-x100 is huge from step 0, clipped every step, and stays finite") {
  auto x = make(er::Break::init_x100);
  auto h = make(er::Break::healthy);
  const auto lx = train(*x, 30);
  const auto lh = train(*h, 1);
  CHECK(lx[0].act0 > 1000 * lh[0].act0);  // 8976 vs 0.581 at step 0, before any update
  CHECK(lx[0].loss > 100);                // 171.4 vs 6.24
  CHECK(lh[0].loss < 7);
  for (const Line& l : lx) {
    INFO("step " << l.step);
    CHECK_FALSE(l.diverged);  // LayerNorm and a logsumexp loss keep it finite: no NaN here
    CHECK(std::isfinite(l.loss));
    CHECK(l.gpre > 10);       // pre-clip norms 50 .. 5e4
    CHECK(l.gpost == Approx(1.0).epsilon(1e-5));  // so every step is clipped to 1
  }
  CHECK(lx.back().loss > 50);  // ~120 after 30 steps (healthy: ~2.8)
  CHECK(lx[0].dead == 0);      // every head writes to the residual stream
}

TEST_CASE("signatures: post-softmax-mask and diag-blocked fail the causality sweep") {
  for (er::Break b : {er::Break::post_softmax_mask, er::Break::diag_blocked, er::Break::no_mask}) {
    INFO(er::break_name(b));
    auto r = make(b, 1);
    const er::Causality c = er::causality_sweep(r->model(), 32, 3);
    REQUIRE(c.rows.size() == 31);
    CHECK_FALSE(c.pass());
    for (const er::CausalityRow& row : c.rows) CHECK_FALSE(row.prefix_identical);  // every k leaks
  }
  auto h = make(er::Break::healthy, 1);
  CHECK(er::causality_sweep(h->model(), 32, 3).pass());
}
