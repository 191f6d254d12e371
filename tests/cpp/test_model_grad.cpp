// Finite-difference gradient checks: every layer of the mini-GPT on its own, then the whole
// model, against central differences of the float forward pass.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "core/rng.h"
#include "model/gpt.h"
#include "model/layers.h"

namespace {

std::vector<float> randn(size_t n, uint64_t seed, float scale = 1.0f) {
  er::Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = scale * rng.normal();
  return v;
}

// Compares the analytic gradient `an` of f with respect to x against central differences at
// (up to) `max_checks` evenly spread entries. The two must agree as vectors: relative L2
// error below `tol`, and no single entry off by more than tol * max|an| + atol.
void check_grad(std::vector<float>& x, const std::vector<float>& an,
                const std::function<double()>& f, float eps, double tol, double atol = 1e-5,
                size_t max_checks = 400) {
  REQUIRE(x.size() == an.size());
  const size_t n = x.size(), stride = n > max_checks ? n / max_checks : 1;
  double num = 0, den = 0, amax = 0, worst = 0;
  size_t nonzero = 0;
  for (size_t i = 0; i < n; i += stride) amax = std::fmax(amax, std::fabs(an[i]));
  for (size_t i = 0; i < n; i += stride) {
    const float keep = x[i];
    x[i] = keep + eps;
    const double fp = f();
    x[i] = keep - eps;
    const double fm = f();
    x[i] = keep;
    const double fd = (fp - fm) / (2.0 * eps);
    num += (fd - an[i]) * (fd - an[i]);
    den += double(an[i]) * an[i];
    worst = std::fmax(worst, std::fabs(fd - an[i]) - (tol * amax + atol));
    if (an[i] != 0.0f) ++nonzero;
  }
  INFO("relative L2 error " << std::sqrt(num / std::fmax(den, 1e-30)) << ", max |an| " << amax);
  CHECK(nonzero > 0);  // a gradient of all zeros would pass trivially
  CHECK(std::sqrt(num / std::fmax(den, 1e-30)) < tol);
  CHECK(worst <= 0.0);
}

// loss = sum(r * out) in double: its gradient with respect to out is exactly r.
double dot_loss(const std::vector<float>& out, const std::vector<float>& r) {
  double s = 0;
  for (size_t i = 0; i < out.size(); ++i) s += double(out[i]) * r[i];
  return s;
}

}  // namespace

TEST_CASE("embedding backward matches finite differences") {
  const int N = 7, C = 5, V = 4;
  const std::vector<int> idx = {0, 3, 3, 1, 0, 2, 3};  // repeated ids must accumulate
  auto wte = randn(V * C, 1);
  const auto r = randn(N * C, 2);
  std::vector<float> out(N * C), dwte(V * C, 0.0f);
  er::embedding_backward(dwte.data(), r.data(), idx.data(), N, C);
  check_grad(wte, dwte, [&] {
    er::embedding_forward(out.data(), idx.data(), wte.data(), N, C);
    return dot_loss(out, r);
  }, 1e-2f, 1e-4);
}

TEST_CASE("layernorm backward matches finite differences (input, weight, bias)") {
  const int N = 6, C = 16;
  auto x = randn(N * C, 3, 2.0f), w = randn(C, 4), b = randn(C, 5);
  const auto r = randn(N * C, 6);
  std::vector<float> out(N * C), mean(N), rstd(N);
  std::vector<float> dx(N * C, 0.0f), dw(C, 0.0f), db(C, 0.0f);
  er::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), N, C);
  er::layernorm_backward(dx.data(), dw.data(), db.data(), r.data(), x.data(), w.data(),
                         mean.data(), rstd.data(), N, C);
  auto f = [&] {
    er::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), N, C);
    return dot_loss(out, r);
  };
  SECTION("input") { check_grad(x, dx, f, 1e-2f, 1e-2); }
  SECTION("weight") { check_grad(w, dw, f, 1e-2f, 1e-3); }
  SECTION("bias") { check_grad(b, db, f, 1e-2f, 1e-3); }
}

TEST_CASE("matmul backward matches finite differences (input, weight, bias)") {
  const int N = 5, I = 7, O = 3;
  auto x = randn(N * I, 7), w = randn(O * I, 8), b = randn(O, 9);
  const auto r = randn(N * O, 10);
  std::vector<float> out(N * O), dx(N * I, 0.0f), dw(O * I, 0.0f), db(O, 0.0f);
  er::matmul_backward(dx.data(), dw.data(), db.data(), r.data(), x.data(), w.data(), N, I, O);
  auto f = [&] {
    er::matmul_forward(out.data(), x.data(), w.data(), b.data(), N, I, O);
    return dot_loss(out, r);
  };
  SECTION("input") { check_grad(x, dx, f, 1e-2f, 1e-3); }
  SECTION("weight") { check_grad(w, dw, f, 1e-2f, 1e-3); }
  SECTION("bias") { check_grad(b, db, f, 1e-2f, 1e-3); }
}

TEST_CASE("rope backward matches finite differences and leaves v untouched") {
  const int B = 2, T = 5, C = 8, H = 2, hs = C / H;
  std::vector<float> cs(T * hs / 2), sn(T * hs / 2);
  er::rope_tables(cs.data(), sn.data(), T, hs);
  auto qkv = randn(B * T * 3 * C, 11);
  const auto r = randn(B * T * 3 * C, 12);
  std::vector<float> out(qkv.size()), dqkv = r;
  er::rope_backward(dqkv.data(), cs.data(), sn.data(), B, T, C, H);
  check_grad(qkv, dqkv, [&] {
    out = qkv;
    er::rope_forward(out.data(), cs.data(), sn.data(), B, T, C, H, 0);
    return dot_loss(out, r);
  }, 1e-2f, 1e-4);
  out = qkv;
  er::rope_forward(out.data(), cs.data(), sn.data(), B, T, C, H, 0);
  for (int bt = 0; bt < B * T; ++bt)
    for (int c = 2 * C; c < 3 * C; ++c) CHECK(out[bt * 3 * C + c] == qkv[bt * 3 * C + c]);
  // position 0 is the identity rotation; a later position rotates (q changes)
  for (int c = 0; c < 2 * C; ++c) CHECK(out[c] == qkv[c]);
  CHECK(out[3 * C * 2] != qkv[3 * C * 2]);
}

TEST_CASE("attention backward matches finite differences for each mask placement and route") {
  const int B = 2, T = 5, C = 8, H = 2;
  auto qkv = randn(B * T * 3 * C, 13);
  const auto r = randn(B * T * C, 14);
  std::vector<float> M(T * T);
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) M[i * T + j] = j <= i ? 0.0f : er::kMaskNeg;
  // the 0/1 triangle multiplied into the scores (a wrong repair), and an all-zero additive mask
  std::vector<float> B01(T * T), Z(T * T, 0.0f);
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) B01[i * T + j] = j <= i ? 1.0f : 0.0f;
  std::vector<float> out(B * T * C), att(B * H * T * T), attsm(B * H * T * T), drow(T);
  using P = er::AttnPath;
  // diag-blocked is not checked here: its row 0 is all -1e9, which swallows the scores in
  // float32, so finite differences see a flat function where the formula has a slope.
  struct Case {
    const char* name;
    const float* M;
    er::MaskAt at;
    P path;
  } cases[] = {{"causal, kernel", M.data(), er::MaskAt::pre, P::kernel_causal},
               {"causal, rows", M.data(), er::MaskAt::pre, P::rows},
               {"none, kernel", nullptr, er::MaskAt::pre, P::kernel_full},
               {"none, rows", nullptr, er::MaskAt::pre, P::rows},
               {"post-softmax, rows", M.data(), er::MaskAt::post, P::rows},
               {"multiplied 0/1, rows", B01.data(), er::MaskAt::multiply, P::rows}};
  CHECK(er::attention_path(M.data(), T, er::MaskAt::pre, T) == P::kernel_causal);
  CHECK(er::attention_path(nullptr, T, er::MaskAt::pre, T) == P::kernel_full);
  CHECK(er::attention_path(Z.data(), T, er::MaskAt::pre, T) == P::kernel_full);
  CHECK(er::attention_path(M.data(), T, er::MaskAt::post, T) == P::rows);
  CHECK(er::attention_path(B01.data(), T, er::MaskAt::multiply, T) == P::rows);
  for (const Case& c : cases) {
    INFO(c.name);
    auto f = [&] {
      er::attention_forward(out.data(), att.data(), attsm.data(), qkv.data(), c.M, T, c.at,
                            c.path, B, T, C, H);
      return dot_loss(out, r);
    };
    f();
    std::vector<float> dqkv(qkv.size(), 0.0f);
    er::attention_backward(dqkv.data(), drow.data(), r.data(), qkv.data(), att.data(),
                           attsm.data(), c.M, T, c.at, c.path, B, T, C, H);
    check_grad(qkv, dqkv, f, 1e-2f, 1e-2);
  }
}

TEST_CASE("attention: the kernel route and the key-by-key route agree (causal and none)") {
  const int B = 2, T = 32, C = 16, H = 4;
  const auto qkv = randn(B * T * 3 * C, 31, 2.0f);
  const auto dy = randn(B * T * C, 32);
  std::vector<float> M(T * T);
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) M[i * T + j] = j <= i ? 0.0f : er::kMaskNeg;
  for (const float* mask : {static_cast<const float*>(M.data()), static_cast<const float*>(nullptr)}) {
    const er::AttnPath fast = er::attention_path(mask, T, er::MaskAt::pre, T);
    INFO("mask " << (mask ? "causal" : "none"));
    std::vector<float> o1(B * T * C), o2(B * T * C), a1(B * 4 * T * T), a2(a1.size()), s(a1.size());
    std::vector<float> d1(qkv.size(), 0.0f), d2(qkv.size(), 0.0f), drow(T);
    er::attention_forward(o1.data(), a1.data(), s.data(), qkv.data(), mask, T, er::MaskAt::pre, fast, B, T, C, H);
    er::attention_forward(o2.data(), a2.data(), s.data(), qkv.data(), mask, T, er::MaskAt::pre,
                          er::AttnPath::rows, B, T, C, H);
    er::attention_backward(d1.data(), drow.data(), dy.data(), qkv.data(), a1.data(), s.data(), mask, T,
                           er::MaskAt::pre, fast, B, T, C, H);
    er::attention_backward(d2.data(), drow.data(), dy.data(), qkv.data(), a2.data(), s.data(), mask, T,
                           er::MaskAt::pre, er::AttnPath::rows, B, T, C, H);
    for (size_t i = 0; i < o1.size(); ++i) REQUIRE(o1[i] == Approx(o2[i]).margin(1e-5));
    for (size_t i = 0; i < a1.size(); ++i) REQUIRE(a1[i] == Approx(a2[i]).margin(1e-6));
    for (size_t i = 0; i < d1.size(); ++i) REQUIRE(d1[i] == Approx(d2[i]).margin(1e-4));
  }
}

TEST_CASE("gelu backward matches finite differences") {
  auto x = randn(64, 15, 2.0f);
  const auto r = randn(64, 16);
  std::vector<float> out(64), dx(64, 0.0f);
  er::gelu_backward(dx.data(), x.data(), r.data(), 64);
  check_grad(x, dx, [&] {
    er::gelu_forward(out.data(), x.data(), 64);
    return dot_loss(out, r);
  }, 1e-2f, 1e-3);
}

TEST_CASE("cross-entropy backward matches finite differences; loss equals -log p[target]") {
  const int N = 4, V = 9;
  auto logits = randn(N * V, 17, 3.0f);
  const std::vector<int> y = {0, 8, 3, 3};
  std::vector<float> losses(N), probs(N * V), dl(N * V, 0.0f);
  const double mean = er::crossentropy_forward(losses.data(), probs.data(), logits.data(), y.data(), N, V);
  double ref = 0;
  for (int n = 0; n < N; ++n) {
    double z = 0;
    for (int v = 0; v < V; ++v) z += std::exp(double(logits[n * V + v]));
    ref += -std::log(std::exp(double(logits[n * V + y[n]])) / z) / N;
  }
  CHECK(mean == Approx(ref).epsilon(1e-6));
  er::crossentropy_backward(dl.data(), probs.data(), y.data(), N, V, 1.0f / N);
  check_grad(logits, dl, [&] {
    return er::crossentropy_forward(losses.data(), probs.data(), logits.data(), y.data(), N, V);
  }, 1e-2f, 1e-3);
}

TEST_CASE("cross-entropy stays finite when the target's probability underflows") {
  const int V = 3;
  const std::vector<float> logits = {200.0f, -200.0f, 0.0f};
  const std::vector<int> y = {1};
  std::vector<float> losses(1), probs(V);
  const double loss = er::crossentropy_forward(losses.data(), probs.data(), logits.data(), y.data(), 1, V);
  CHECK(loss == Approx(400.0).epsilon(1e-6));
}

TEST_CASE("whole model: every parameter's gradient matches finite differences") {
  er::ModelDims d;
  d.V = 11, d.T = 6, d.C = 8, d.L = 2, d.H = 2;
  const int B = 2, T = 6;
  er::Rng rng(21);
  std::vector<int> idx(B * T), tgt(B * T);
  for (auto& t : idx) t = int(rng.below(d.V));
  for (auto& t : tgt) t = int(rng.below(d.V));
  const er::Break breaks[] = {er::Break::healthy, er::Break::no_mask, er::Break::post_softmax_mask};
  for (er::Break brk : breaks) {
    INFO("break " << er::break_name(brk));
    er::Gpt gpt(d, B);
    gpt.set_break(brk);
    gpt.init(5);
    // Xavier init makes a near-uniform model whose gradients are tiny; a few random
    // perturbations of every weight give every path (LayerNorm gains, biases) a real slope.
    er::Rng noise(6);
    float* p = gpt.params();
    for (size_t i = 0; i < gpt.num_params(); ++i) p[i] += 0.3f * noise.normal();
    gpt.forward(idx.data(), tgt.data(), B, T, er::Pass::train);
    gpt.zero_grad();
    gpt.backward();
    for (const er::TensorInfo& t : gpt.layout()) {
      INFO(t.name);
      std::vector<float> x(p + t.offset, p + t.offset + t.size);
      const std::vector<float> an(gpt.grads() + t.offset, gpt.grads() + t.offset + t.size);
      check_grad(x, an, [&] {
        std::copy(x.begin(), x.end(), p + t.offset);
        return gpt.forward(idx.data(), tgt.data(), B, T, er::Pass::train);
      }, 1e-2f, 2e-2, 2e-5, 60);
      std::copy(x.begin(), x.end(), p + t.offset);
    }
  }
}
