// C API: masks in real code (lesson 13). Each entry point builds one scenario on the seeded
// small model of realmask_dims() (weights from `seed`, tokens from seed + 1000 + sequence), runs
// it through MaskedRunner and measures which tokens each output really depends on.
#include <cmath>
#include <string>
#include <vector>

#include "../core/realmasks.h"
#include "../core/rng.h"
#include "../model/gpt.h"
#include "../model/masked_forward.h"
#include "capi.h"
#include "error.h"

using er::capi::fail;
using er::capi::kBadArg;

namespace {

constexpr int kMaxT = 16;  // the context of realmask_dims()

int range(const char* name, int v, int lo, int hi) {
  if (v >= lo && v <= hi) return 0;
  return fail(kBadArg, er::range_message(name, std::to_string(lo), std::to_string(hi), v));
}

struct Model {
  er::Gpt g;
  explicit Model(uint32_t seed) : g(er::realmask_dims(), 1) { g.init(seed); }
  int V() const { return g.dims().V; }
};

std::vector<int> tokens_of(int n, int V, uint64_t seed) {
  er::Rng rng(seed);
  std::vector<int> t(n);
  for (auto& x : t) x = int(rng.below(uint32_t(V)));
  return t;
}

float max_diff(const float* a, const float* b, size_t n) {
  float m = 0.0f;
  for (size_t i = 0; i < n; ++i) {
    const float d = std::fabs(a[i] - b[i]);
    if (d != d) return d;  // NaN is the answer, not something to skip
    m = d > m ? d : m;
  }
  return m;
}

std::vector<float> causal_logits(const er::Gpt& g, const std::vector<int>& toks) {
  er::MaskRule r;
  r.T = int(toks.size());
  const auto m = er::encode_mask(er::allowed_matrix(r), er::MaskConvention::additive,
                                 er::MaskFill::finite);
  return er::masked_logits(g, toks, m, er::positions(r.T, {}, {}, false), false);
}

std::vector<float> dependence(const er::Gpt& g, const std::vector<int>& toks,
                              const std::vector<float>& mask, const std::vector<int>& pos,
                              bool zero_empty) {
  return er::token_dependence(toks, int(toks.size()), g.dims().V, [&](const std::vector<int>& t) {
    return er::masked_logits(g, t, mask, pos, zero_empty);
  });
}

void copy(float* out, const std::vector<float>& v) {
  for (size_t i = 0; i < v.size(); ++i) out[i] = v[i];
}

}  // namespace

extern "C" {

int er_rm_padding(int T, int n, int left, int variant, int fill, int zero_empty, uint32_t seed,
                  float* dep, int* valid, float* stats) {
  er::capi::clear_error();
  if (int rc = range("T", T, 2, kMaxT)) return rc;
  if (int rc = range("n", n, 1, T)) return rc;
  if (int rc = range("variant", variant, 0, 2)) return rc;
  if (int rc = range("fill", fill, 0, 1)) return rc;
  if (!dep || !valid || !stats) return fail(kBadArg, "output buffer is null");
  const Model m(seed);
  const int V = m.V(), off = left ? T - n : 0;
  const std::vector<int> seq = tokens_of(n + 1, V, seed + 1000u + uint32_t(n));
  std::vector<int> toks(T, 0), targets(T, -1), all_targets(T, 0);  // pad id 0
  for (int t = 0; t < n; ++t) toks[off + t] = seq[t], targets[off + t] = seq[t + 1];
  for (int t = 0; t < T; ++t) all_targets[t] = targets[t] >= 0 ? targets[t] : 0;
  er::MaskRule r;
  r.T = T;
  const std::vector<uint8_t> kv = er::padding_valid(T, n, left != 0);
  if (variant == 0) r.key_valid = kv;  // causal AND key padding: the correct combination
  if (variant == 2)                    // the padding mask with its meaning inverted
    for (uint8_t x : kv) r.key_valid.push_back(x ? 0 : 1);
  const auto mask = er::encode_mask(er::allowed_matrix(r), er::MaskConvention::additive,
                                    fill ? er::MaskFill::neg_inf : er::MaskFill::finite);
  const auto pos = er::positions(T, {}, kv, true);
  const auto logits = er::masked_logits(m.g, toks, mask, pos, zero_empty != 0);
  copy(dep, dependence(m.g, toks, mask, pos, zero_empty != 0));
  for (int t = 0; t < T; ++t) valid[t] = kv[t];
  const auto ref = causal_logits(m.g, std::vector<int>(seq.begin(), seq.begin() + n));
  stats[0] = float(er::masked_loss(logits, targets, V, nullptr));      // pads ignored
  stats[1] = float(er::masked_loss(logits, all_targets, V, nullptr));  // pads counted
  std::vector<int> alone_targets(seq.begin() + 1, seq.end());
  stats[2] = float(er::masked_loss(ref, alone_targets, V, nullptr));  // the sequence alone
  stats[3] = max_diff(&logits[size_t(off) * V], ref.data(), size_t(n) * V);
  return 0;
}

int er_rm_convention(int T, int built, int read, int fill, uint32_t seed, float* values,
                     float* additive, float* dep, float* leak) {
  er::capi::clear_error();
  if (int rc = range("T", T, 2, kMaxT)) return rc;
  if (int rc = range("built", built, 0, 2)) return rc;
  if (int rc = range("read", read, 0, 2)) return rc;
  if (int rc = range("fill", fill, 0, 1)) return rc;
  if (!values || !additive || !dep || !leak) return fail(kBadArg, "output buffer is null");
  const Model m(seed);
  er::MaskRule r;
  r.T = T;
  const auto f = fill ? er::MaskFill::neg_inf : er::MaskFill::finite;
  const auto spelled = er::encode_mask(er::allowed_matrix(r), er::MaskConvention(built), f);
  const auto mask = er::decode_mask(spelled, er::MaskConvention(read), f);
  const auto toks = tokens_of(T, m.V(), seed + 1000u);
  const auto d = dependence(m.g, toks, mask, er::positions(T, {}, {}, false), false);
  copy(values, spelled);
  copy(additive, mask);
  copy(dep, d);
  float worst = 0.0f;  // the largest measured dependence on a future token (NaN wins)
  for (int i = 0; i < T; ++i)
    for (int j = i + 1; j < T; ++j) {
      const float x = d[size_t(i) * T + j];
      if (x != x || x > worst) worst = x;
      if (worst != worst) break;
    }
  *leak = worst;
  return 0;
}

int er_rm_chunk(int P, int Q, int offset, uint32_t seed, int* allowed, float* dep, float* diff) {
  er::capi::clear_error();
  if (int rc = range("P", P, 0, kMaxT - 1)) return rc;
  if (int rc = range("Q", Q, 1, kMaxT - P)) return rc;
  if (int rc = range("offset", offset, 0, P + Q - 1)) return rc;
  if (!allowed || !dep || !diff) return fail(kBadArg, "output buffer is null");
  Model m(seed);
  const int K = P + Q, V = m.V();
  const auto toks = tokens_of(K, V, seed + 1000u);
  const auto a = er::chunk_allowed(P, Q, offset);
  for (size_t i = 0; i < a.size(); ++i) allowed[i] = a[i];
  const auto d = er::token_dependence(toks, Q, V, [&](const std::vector<int>& t) {
    return er::chunk_logits(m.g, t, P, offset);
  });
  copy(dep, d);
  // against the full recompute of all P+Q tokens by the model's own forward pass
  m.g.forward(toks.data(), nullptr, 1, K, er::Pass::infer);
  const auto chunk = er::chunk_logits(m.g, toks, P, offset);
  *diff = max_diff(chunk.data(), m.g.logits() + size_t(P) * V, size_t(Q) * V);
  return 0;
}

int er_rm_packed(int T, int ndocs, const int* lengths, int doc_mask, int restart, uint32_t seed,
                 float* dep, int* doc, int* pos, float* vs_alone, float* loss_shift) {
  er::capi::clear_error();
  if (int rc = range("T", T, 2, kMaxT)) return rc;
  if (int rc = range("ndocs", ndocs, 1, 8)) return rc;
  if (!lengths || !dep || !doc || !pos || !vs_alone || !loss_shift)
    return fail(kBadArg, "output buffer is null");
  for (int k = 0; k < ndocs; ++k)
    if (int rc = range("length", lengths[k], 1, T)) return rc;
  const Model m(seed);
  const int V = m.V();
  const auto d = er::packed_docs(T, std::vector<int>(lengths, lengths + ndocs));
  er::MaskRule r;
  r.T = T;
  if (doc_mask) r.doc = d;
  const auto mask = er::encode_mask(er::allowed_matrix(r), er::MaskConvention::additive,
                                    er::MaskFill::finite);
  const auto p = er::positions(T, d, {}, restart != 0);
  const auto toks = tokens_of(T, V, seed + 1000u);
  copy(dep, dependence(m.g, toks, mask, p, false));
  for (int t = 0; t < T; ++t) doc[t] = d[t], pos[t] = p[t];
  const auto logits = er::masked_logits(m.g, toks, mask, p, false);
  // every other document's tokens changed: does document k's loss move?
  std::vector<int> other = toks;
  for (auto& x : other) x = (x + 5) % V;
  for (int t = 0, k = 0; k < ndocs; ++k) {
    const int a = t, b = t + lengths[k] > T ? T : t + lengths[k];
    t = b;
    if (a >= b) {
      vs_alone[k] = loss_shift[k] = NAN;  // cut off by the window
      continue;
    }
    const std::vector<int> own(toks.begin() + a, toks.begin() + b);
    vs_alone[k] = max_diff(&logits[size_t(a) * V], causal_logits(m.g, own).data(), size_t(b - a) * V);
    std::vector<int> swapped = other, tg(T, -1);
    for (int i = a; i < b; ++i) swapped[i] = toks[i];
    for (int i = a; i + 1 < b; ++i) tg[i] = toks[i + 1];
    const double l0 = er::masked_loss(logits, tg, V, nullptr);
    const double l1 = er::masked_loss(er::masked_logits(m.g, swapped, mask, p, false), tg, V, nullptr);
    loss_shift[k] = float(std::fabs(l1 - l0));
  }
  return 0;
}

int er_rm_window(int T, int W, uint32_t seed, int* allowed, float* dep) {
  er::capi::clear_error();
  if (int rc = range("T", T, 2, kMaxT)) return rc;
  if (int rc = range("W", W, 1, T)) return rc;
  if (!allowed || !dep) return fail(kBadArg, "output buffer is null");
  const Model m(seed);
  er::MaskRule r;
  r.T = T;
  r.window = W;
  const auto a = er::allowed_matrix(r);
  for (size_t i = 0; i < a.size(); ++i) allowed[i] = a[i];
  const auto mask = er::encode_mask(a, er::MaskConvention::additive, er::MaskFill::finite);
  copy(dep, dependence(m.g, tokens_of(T, m.V(), seed + 1000u), mask,
                       er::positions(T, {}, {}, false), false));
  return 0;
}

}  // extern "C"
