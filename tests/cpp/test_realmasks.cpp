// Masks in real code: padding, conventions, the KV-cache chunk, packed documents, sliding
// windows, each checked by what the model computes (logits, losses, measured dependence).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/mask.h"
#include "core/realmasks.h"
#include "core/rng.h"
#include "kernels/kernels.h"
#include "model/gpt.h"
#include "model/layers.h"
#include "model/masked_forward.h"

using namespace er;

namespace {
std::vector<int> tokens_of(int T, int V, uint64_t seed) {
  Rng rng(seed);
  std::vector<int> t(T);
  for (auto& x : t) x = int(rng.below(V));
  return t;
}
std::vector<float> additive(const MaskRule& r, MaskFill f = MaskFill::finite) {
  return encode_mask(allowed_matrix(r), MaskConvention::additive, f);
}
std::vector<float> rows(const std::vector<float>& a, int from, int to, int V) {
  return std::vector<float>(a.begin() + size_t(from) * V, a.begin() + size_t(to) * V);
}
float max_diff(const std::vector<float>& a, const std::vector<float>& b) {
  float m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::fmax(m, std::fabs(a[i] - b[i]));
  return m;
}
struct Model {
  Gpt g;
  explicit Model(unsigned long long seed = 0) : g(realmask_dims(), 1) { g.init(seed); }
};
std::vector<float> alone(const Gpt& g, const std::vector<int>& toks) {
  MaskRule r;
  r.T = int(toks.size());
  return masked_logits(g, toks, additive(r), positions(r.T, {}, {}, false), false);
}
}  // namespace

TEST_CASE("Masked runner: the causal mask gives the full recompute's logits (1e-5)") {
  Model m;
  const int T = 12, V = m.g.dims().V;
  const auto toks = tokens_of(T, V, 1);
  m.g.forward(toks.data(), nullptr, 1, T, Pass::infer);
  const std::vector<float> full(m.g.logits(), m.g.logits() + size_t(T) * V);
  CHECK(max_diff(alone(m.g, toks), full) <= 1e-5f);
}

TEST_CASE("Padding: each real token gets the bits it gets alone, left or right padded") {
  Model m;
  const int T = 10, n = 6, V = m.g.dims().V;
  const auto seq = tokens_of(n, V, 2);
  const auto ref = alone(m.g, seq);
  for (bool left : {false, true}) {
    INFO((left ? "left" : "right") << " padding");
    const int off = left ? T - n : 0;
    std::vector<int> toks(T, 0);  // pad id 0
    for (int t = 0; t < n; ++t) toks[off + t] = seq[t];
    MaskRule r;
    r.T = T;
    r.key_valid = padding_valid(T, n, left);
    const auto pos = positions(T, {}, r.key_valid, /*restart=*/true);
    const auto mask = additive(r);
    const auto out = masked_logits(m.g, toks, mask, pos, false);
    CHECK(rows(out, off, off + n, V) == ref);  // bit-identical, not a tolerance
    // perturbation: changing every pad id leaves the real rows bit-identical
    auto toks2 = toks;
    for (int t = 0; t < T; ++t)
      if (!r.key_valid[t]) toks2[t] = 7;
    CHECK(rows(masked_logits(m.g, toks2, mask, pos, false), off, off + n, V) == ref);
    // the loss must ignore the pads' targets: then it equals the sequence's own loss
    std::vector<int> tg(T, -1), tg_alone(n, -1);
    for (int t = 0; t + 1 < n; ++t) tg[off + t] = tg_alone[t] = seq[t + 1];
    const double l_alone = masked_loss(ref, tg_alone, V, nullptr);
    CHECK(std::fabs(masked_loss(out, tg, V, nullptr) - l_alone) <= 1e-12);
    // counting the pad rows (target: the pad id) reports another number
    std::vector<int> tg_all(T, 0);
    for (int t = 0; t < T; ++t) tg_all[t] = tg[t] >= 0 ? tg[t] : 0;
    CHECK(std::fabs(masked_loss(out, tg_all, V, nullptr) - l_alone) > 1e-3);
  }
}

TEST_CASE("Padding: without the key padding mask, left pads leak into every real token") {
  Model m;
  const int T = 10, n = 6, V = m.g.dims().V;
  const auto seq = tokens_of(n, V, 2);
  std::vector<int> toks(T, 0);
  for (int t = 0; t < n; ++t) toks[T - n + t] = seq[t];
  MaskRule r;  // causal only: the pads before the sequence stay visible
  r.T = T;
  const auto pos = positions(T, {}, padding_valid(T, n, true), true);
  const auto out = masked_logits(m.g, toks, additive(r), pos, false);
  const float leak = max_diff(rows(out, T - n, T, V), alone(m.g, seq));
  INFO("max |logit change| on real tokens = " << leak);
  CHECK(leak > 1e-2f);
}

TEST_CASE("A query with no visible key: NaN with -inf, uniform with a finite fill, 0 if handled") {
  // the softmax itself, on a row where every key is hidden
  const float s[4] = {0.3f, -1.2f, 2.0f, 0.7f};
  float inf_row[4], fin_row[4];
  for (int j = 0; j < 4; ++j) inf_row[j] = s[j] - INFINITY, fin_row[j] = s[j] + kMaskNeg;
  k::softmax(inf_row, inf_row, 4);
  k::softmax(fin_row, fin_row, 4);
  for (int j = 0; j < 4; ++j) {
    CHECK(std::isnan(inf_row[j]));
    CHECK(fin_row[j] == 0.25f);  // every score rounded to -1e9: the same number four times
  }
  // in the model: left padding with the causal mask leaves the pad rows with no key at all
  Model m;
  const int T = 8, n = 5, V = m.g.dims().V;
  std::vector<int> toks = tokens_of(T, V, 3);
  MaskRule r;
  r.T = T;
  r.key_valid = padding_valid(T, n, true);
  const auto pos = positions(T, {}, r.key_valid, true);
  const auto seq = std::vector<int>(toks.begin() + (T - n), toks.end());
  const auto ref = alone(m.g, seq);
  const auto with_inf = masked_logits(m.g, toks, additive(r, MaskFill::neg_inf), pos, false);
  const auto with_fin = masked_logits(m.g, toks, additive(r, MaskFill::finite), pos, false);
  const auto handled = masked_logits(m.g, toks, additive(r, MaskFill::neg_inf), pos, true);
  for (int t = 0; t < T - n; ++t) {  // the pad rows
    CHECK(std::isnan(with_inf[size_t(t) * V]));
    CHECK(std::isfinite(with_fin[size_t(t) * V]));
    CHECK(std::isfinite(handled[size_t(t) * V]));
  }
  // the real rows are the same bits in all three (their keys never include a pad)
  CHECK(rows(with_inf, T - n, T, V) == ref);
  CHECK(rows(with_fin, T - n, T, V) == ref);
  CHECK(rows(handled, T - n, T, V) == ref);
  // and a loss that keeps the NaN rows is NaN: the reason pads get ignore_index
  std::vector<int> tg(T, 1);
  CHECK(std::isnan(masked_loss(with_inf, tg, V, nullptr)));
}

TEST_CASE("Conventions: the same mask in three spellings, and read as another it breaks") {
  using C = MaskConvention;
  MaskRule r;
  r.T = 6;
  const auto allowed = allowed_matrix(r);
  const auto want = encode_mask(allowed, C::additive, MaskFill::finite);
  for (C c : {C::bool_allowed, C::bool_blocked, C::additive})
    CHECK(decode_mask(encode_mask(allowed, c, MaskFill::finite), c, MaskFill::finite) == want);
  // the bugs, entry (0, 1) is a future key and (1, 0) a past key
  auto read = [&](C built, C as) {
    return decode_mask(encode_mask(allowed, built, MaskFill::finite), as, MaskFill::finite);
  };
  const auto inverted = read(C::bool_allowed, C::bool_blocked);
  CHECK(inverted[1] == 0.0f);        // query 0 now sees key 1 (the future)
  CHECK(inverted[6] == kMaskNeg);    // query 1 no longer sees key 0
  CHECK(read(C::additive, C::bool_allowed) == inverted);  // -1e9 casts to True = allowed
  CHECK(read(C::additive, C::bool_blocked) == want);      // this one happens to work
  const auto ones = read(C::bool_allowed, C::additive);   // 1 added to visible scores, 0 else
  CHECK(ones[1] == 0.0f);
  CHECK(ones[0] == 1.0f);
  // measured through the model: the inverted reading makes query 0 depend on the future
  Model m;
  const int V = m.g.dims().V;
  const auto toks = tokens_of(6, V, 4);
  const auto pos = positions(6, {}, {}, false);
  auto dep_of = [&](const std::vector<float>& mask) {
    return token_dependence(toks, 6, V, [&](const std::vector<int>& t) {
      return masked_logits(m.g, t, mask, pos, false);
    });
  };
  auto future_leak = [](const std::vector<float>& dep) {
    float s = 0;
    for (int i = 0; i < 6; ++i)
      for (int j = i + 1; j < 6; ++j) s = std::fmax(s, dep[size_t(i) * 6 + j]);
    return s;
  };
  CHECK(future_leak(dep_of(want)) == 0.0f);
  CHECK(future_leak(dep_of(inverted)) > 1e-3f);
  CHECK(future_leak(dep_of(ones)) > 1e-3f);
}

TEST_CASE("KV cache chunk: bottom-right matches full recompute (1e-5), top-left does not") {
  Model m;
  const int V = m.g.dims().V;
  const auto toks = tokens_of(12, V, 5);
  m.g.forward(toks.data(), nullptr, 1, 12, Pass::infer);
  const std::vector<float> full(m.g.logits(), m.g.logits() + size_t(12) * V);
  for (auto pq : {std::pair{0, 12}, {5, 3}, {7, 1}, {4, 8}, {11, 1}}) {
    const int P = pq.first, Q = pq.second;  // (not a structured binding: lambdas capture P)
    INFO("P = " << P << ", Q = " << Q);
    const std::vector<int> t(toks.begin(), toks.begin() + P + Q);
    const auto want = rows(full, P, P + Q, V);
    CHECK(max_diff(chunk_logits(m.g, t, P, P), want) <= 1e-5f);
    if (P > 0) CHECK(max_diff(chunk_logits(m.g, t, P, 0), want) > 1e-3f);  // top-left
    if (Q > 1) CHECK(max_diff(chunk_logits(m.g, t, P, P + 1), want) > 1e-3f);  // one too far
    // measured: chunk row r depends on token j exactly when j <= P + r
    const auto dep = token_dependence(t, Q, V, [&](const std::vector<int>& x) {
      return chunk_logits(m.g, x, P, P);
    });
    for (int r = 0; r < Q; ++r)
      for (int j = 0; j < P + Q; ++j) {
        INFO("row " << r << ", key " << j);
        if (j <= P + r) CHECK(dep[size_t(r) * (P + Q) + j] > 0.0f);
        else CHECK(dep[size_t(r) * (P + Q) + j] == 0.0f);
      }
  }
}

TEST_CASE("Packed documents: the block-diagonal mask makes each document its own sequence") {
  Model m;
  const int T = 12, V = m.g.dims().V;
  const auto toks = tokens_of(T, V, 6);
  const auto doc = packed_docs(T, {4, 5, 3});
  MaskRule r;
  r.T = T;
  r.doc = doc;
  const auto mask = additive(r);
  const auto out = masked_logits(m.g, toks, mask, positions(T, doc, {}, true), false);
  for (auto [a, b] : {std::pair{0, 4}, {4, 9}, {9, 12}}) {
    INFO("document at " << a << ".." << b);
    const std::vector<int> d(toks.begin() + a, toks.begin() + b);
    CHECK(rows(out, a, b, V) == alone(m.g, d));
  }
  // measured: no row depends on a token of another document
  const auto pos = positions(T, doc, {}, true);
  const auto dep = token_dependence(toks, T, V, [&](const std::vector<int>& t) {
    return masked_logits(m.g, t, mask, pos, false);
  });
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j)
      if (doc[i] != doc[j]) CHECK(dep[size_t(i) * T + j] == 0.0f);
  // without the document mask the second document reads the first
  MaskRule causal;
  causal.T = T;
  const auto leak = masked_logits(m.g, toks, additive(causal), positions(T, {}, {}, false), false);
  CHECK(max_diff(rows(leak, 4, 9, V), alone(m.g, {toks.begin() + 4, toks.begin() + 9})) > 1e-2f);
  // RoPE: with the mask but positions not restarted, a document is only shifted in position;
  // its scores depend on differences of positions, so the change is rounding only
  const auto shifted = masked_logits(m.g, toks, mask, positions(T, {}, {}, false), false);
  const float rounding = max_diff(rows(shifted, 4, 9, V), rows(out, 4, 9, V));
  INFO("positions not restarted: max |logit change| = " << rounding);
  CHECK(rounding < 1e-4f);
}

TEST_CASE("Sliding window: still causal, and through L layers a token reaches L*(W-1) back") {
  Model m;
  const int T = 12, W = 3, V = m.g.dims().V, L = m.g.dims().L;
  const auto toks = tokens_of(T, V, 7);
  MaskRule r;
  r.T = T;
  r.window = W;
  const auto mask = additive(r);
  const auto pos = positions(T, {}, {}, false);
  const auto dep = token_dependence(toks, T, V, [&](const std::vector<int>& t) {
    return masked_logits(m.g, t, mask, pos, false);
  });
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) {
      INFO("row " << i << ", token " << j);
      const bool reach = j <= i && i - j <= L * (W - 1);
      if (reach) CHECK(dep[size_t(i) * T + j] > 0.0f);
      else CHECK(dep[size_t(i) * T + j] == 0.0f);
    }
}

TEST_CASE("Gradient causality with padding: a pad's gradient is 0 and the weights' is the sequence's") {
  // The trained path (Gpt forward + backward) with right padding and a loss that ignores the
  // pads' targets: the gradient must be the one of the unpadded sequence.
  const int T = 10, n = 6;
  Gpt g(realmask_dims(), 1), g1(realmask_dims(), 1);
  g.init(0), g1.init(0);
  const int V = g.dims().V;
  const auto seq = tokens_of(n + 1, V, 8);
  auto grads = [&](Gpt& model, int len, std::vector<float>* dx0) {
    std::vector<int> idx(len, 3);  // pad id 3 after the real tokens
    for (int t = 0; t < n; ++t) idx[t] = seq[t];
    model.forward(idx.data(), nullptr, 1, len, Pass::train);
    std::vector<float> probs(size_t(len) * V), losses(len), dlogits(size_t(len) * V, 0.0f);
    std::vector<int> tg(len, 0);  // row t predicts seq[t + 1]; the pad rows' targets are unused
    for (int t = 0; t < n; ++t) tg[t] = seq[t + 1];
    crossentropy_forward(losses.data(), probs.data(), model.logits(), tg.data(), len, V);
    // ignore_index: only the n real targets carry gradient, each 1/n
    crossentropy_backward(dlogits.data(), probs.data(), tg.data(), n, V, 1.0f / n);
    model.zero_grad();
    model.backward_from(dlogits.data());
    if (dx0) dx0->assign(model.dx0(), model.dx0() + size_t(len) * g.dims().C);
    return std::vector<float>(model.grads(), model.grads() + model.num_params());
  };
  std::vector<float> dx0;
  const auto gp = grads(g, T, &dx0);
  const auto ga = grads(g1, n, nullptr);
  const int C = g.dims().C;
  for (int t = n; t < T; ++t)
    for (int c = 0; c < C; ++c) CHECK(dx0[size_t(t) * C + c] == 0.0f);
  CHECK(max_diff(gp, ga) <= 1e-6f);
}
