// The optimiser pieces against values computed by hand (python3, double precision): the
// learning-rate schedule, global-norm clipping, and two AdamW steps with and without decay.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "model/optim.h"

TEST_CASE("schedule: linear warmup, then cosine from lr_max to lr_min on the last step") {
  const int steps = 21, warmup = 10;
  const float mx = 1e-3f, mn = 1e-4f;
  CHECK(er::lr_at(0, steps, warmup, mx, mn) == Approx(1e-4).epsilon(1e-6));  // 1/10 of lr_max
  CHECK(er::lr_at(4, steps, warmup, mx, mn) == Approx(5e-4).epsilon(1e-6));
  CHECK(er::lr_at(9, steps, warmup, mx, mn) == Approx(1e-3).epsilon(1e-6));  // warmup ends at max
  CHECK(er::lr_at(10, steps, warmup, mx, mn) == Approx(1e-3).epsilon(1e-6));  // cosine r = 0
  // r = (step - warmup) / (steps - 1 - warmup) = 3/10: 1e-4 + 9e-4 * 0.5 * (1 + cos(0.3 pi))
  CHECK(er::lr_at(13, steps, warmup, mx, mn) == Approx(8.14503363531613e-4).epsilon(1e-6));
  CHECK(er::lr_at(15, steps, warmup, mx, mn) == Approx(5.5e-4).epsilon(1e-6));  // r = 1/2
  CHECK(er::lr_at(20, steps, warmup, mx, mn) == Approx(1e-4).epsilon(1e-6));   // last step
  // monotone: up during warmup, down after
  for (int s = 1; s < steps; ++s) {
    INFO("step " << s);
    if (s < warmup) CHECK(er::lr_at(s, steps, warmup, mx, mn) > er::lr_at(s - 1, steps, warmup, mx, mn));
    else if (s > warmup) CHECK(er::lr_at(s, steps, warmup, mx, mn) < er::lr_at(s - 1, steps, warmup, mx, mn));
  }
}

TEST_CASE("no-warmup: the warmup really is 0 and step 0 uses lr_max") {
  CHECK(er::effective_warmup(30, er::Break::healthy) == 30);
  CHECK(er::effective_warmup(30, er::Break::no_warmup) == 0);
  CHECK(er::effective_warmup(30, er::Break::no_mask) == 30);
  const int w = er::effective_warmup(30, er::Break::no_warmup);
  CHECK(er::lr_at(0, 300, w, 1e-2f, 1e-3f) == 1e-2f);
  CHECK(er::lr_at(0, 300, er::effective_warmup(30, er::Break::healthy), 1e-2f, 1e-3f) ==
        Approx(1e-2 / 30).epsilon(1e-6));
}

TEST_CASE("clipping: above the threshold the global norm becomes max_norm; below, untouched") {
  std::vector<float> g = {3.0f, 0.0f, 4.0f};  // norm 5
  CHECK(er::clip_grad_norm(g.data(), g.size(), 1.0f) == Approx(5.0));
  // PyTorch's coefficient: max_norm / (norm + 1e-6)
  CHECK(g[0] == Approx(0.6 / (1 + 2e-7)).epsilon(1e-6));
  CHECK(g[2] == Approx(0.8 / (1 + 2e-7)).epsilon(1e-6));
  CHECK(er::global_norm(g.data(), g.size()) == Approx(1.0).epsilon(1e-6));
  std::vector<float> small = {0.3f, 0.4f};
  CHECK(er::clip_grad_norm(small.data(), small.size(), 1.0f) == Approx(0.5));
  CHECK(small[0] == 0.3f);
  CHECK(small[1] == 0.4f);
}

TEST_CASE("AdamW: two steps match the hand computation; decay only on matrices") {
  // one 1x1 "matrix" (decayed) and one 1-vector (not), both starting at 1.0
  std::vector<er::TensorInfo> layout = {{"w", {1, 1}, 0, 1, true}, {"b", {1}, 1, 1, false}};
  std::vector<float> p = {1.0f, 1.0f}, m(2, 0.0f), v(2, 0.0f);
  er::AdamW opt;  // beta1 0.9, beta2 0.95, eps 1e-8, wd 0.1
  std::vector<float> g = {0.5f, 0.5f};
  opt.step(p.data(), g.data(), m.data(), v.data(), layout, 0.1f);
  // m = 0.05, v = 0.0125, mhat = 0.5, vhat = 0.25 -> update 1; p = 1 - 0.1 * (1 + 0.1 * 1)
  CHECK(p[0] == Approx(0.890000002).epsilon(1e-6));
  CHECK(p[1] == Approx(0.900000002).epsilon(1e-6));
  CHECK(m[0] == Approx(0.05).epsilon(1e-6));
  CHECK(v[0] == Approx(0.0125).epsilon(1e-6));
  g = {-0.25f, -0.25f};
  opt.step(p.data(), g.data(), m.data(), v.data(), layout, 0.1f);
  CHECK(opt.t == 2);  // counted once per step, not per tensor
  CHECK(p[0] == Approx(0.8542630578558273).epsilon(1e-6));
  CHECK(p[1] == Approx(0.8731630578758274).epsilon(1e-6));
}
