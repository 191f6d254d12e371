#include "mask.h"

#include <cmath>

#include "../kernels/kernels.h"
#include "rng.h"

namespace er {

namespace {
// The one list of mask-mode names (the page's copy, web/src/engine/names.ts, is held to it).
constexpr struct {
  const char* name;
  MaskMode mode;
} kModes[] = {
    {"causal", MaskMode::causal},
    {"none", MaskMode::none},
    {"post_softmax", MaskMode::post_softmax},
    {"diag_blocked", MaskMode::diag_blocked},
};
}  // namespace

bool parse_mask_mode(const std::string& name, MaskMode* out) {
  for (const auto& m : kModes)
    if (name == m.name) {
      *out = m.mode;
      return true;
    }
  return false;
}

const char* mask_mode_name(MaskMode m) {
  for (const auto& x : kModes)
    if (x.mode == m) return x.name;
  return "?";
}

std::vector<const char*> mask_mode_name_list() {
  std::vector<const char*> v;
  for (const auto& m : kModes) v.push_back(m.name);
  return v;
}

std::vector<float> causal_mask(int T) {
  std::vector<float> m(size_t(T) * T, 0.0f);
  for (int i = 0; i < T; ++i)
    for (int j = i + 1; j < T; ++j) m[size_t(i) * T + j] = kMaskNeg;
  return m;
}

namespace {
void xavier(std::vector<float>& w, int fan_in, int fan_out, Rng& rng) {
  const float std = std::sqrt(2.0f / float(fan_in + fan_out));
  for (auto& x : w) x = std * rng.normal();
}
}  // namespace

Mha::Mha(int d, int h, uint64_t seed)
    : d_model(d), n_heads(h), wq(size_t(d) * d), wk(size_t(d) * d), wv(size_t(d) * d),
      wo(size_t(d) * d) {
  Rng rng(seed);
  for (auto* w : {&wq, &wk, &wv, &wo}) xavier(*w, d, d, rng);
}

// This is the lab's own attention, not the model's (model/layers.cpp attention_row): it takes a
// mask *mode* rather than the model's additive mask matrix, works on one unbatched sequence with
// plain per-row loops, and must stay readable next to lesson 4. The two agree on what every
// mode means: masked scores get kMaskNeg before the softmax (exp gives exact 0), and the
// post-softmax bug sets the future's weights to exact 0 AFTER normalising over every key, so
// the visible weights no longer sum to 1 (tests/cpp/test_mask.cpp, test_model_breaks.cpp).
void Mha::forward(const float* xq, const float* xkv, int T, MaskMode mode, float* y,
                  float* att) const {
  const int d = d_model, H = n_heads, hs = d / H;
  std::vector<float> q(size_t(T) * d), k(size_t(T) * d), v(size_t(T) * d), cat(size_t(T) * d);
  er::k::linear_fwd(q.data(), xq, wq.data(), nullptr, T, d, d);
  er::k::linear_fwd(k.data(), xkv, wk.data(), nullptr, T, d, d);
  er::k::linear_fwd(v.data(), xkv, wv.data(), nullptr, T, d, d);
  const float scale = 1.0f / std::sqrt(float(hs));
  std::vector<float> p(T);
  for (int h = 0; h < H; ++h) {
    for (int i = 0; i < T; ++i) {
      // scores s[j] = q_i . k_j / sqrt(hs), then the mode decides what the mask does
      for (int j = 0; j < T; ++j) {
        float s = er::k::dot(&q[size_t(i) * d + h * hs], &k[size_t(j) * d + h * hs], hs) * scale;
        if (mode == MaskMode::causal && j > i) s += kMaskNeg;
        if (mode == MaskMode::diag_blocked && j >= i) s += kMaskNeg;
        p[j] = s;
      }
      er::k::softmax(p.data(), p.data(), T);
      if (mode == MaskMode::post_softmax)  // the wrong way: normalisation already saw the future
        for (int j = i + 1; j < T; ++j) p[j] = 0.0f;
      float* o = &cat[size_t(i) * d + h * hs];
      for (int c = 0; c < hs; ++c) o[c] = 0.0f;
      for (int j = 0; j < T; ++j) er::k::axpy(o, p[j], &v[size_t(j) * d + h * hs], hs);
      if (att)
        for (int j = 0; j < T; ++j) att[(size_t(h) * T + i) * T + j] = p[j];
    }
  }
  er::k::linear_fwd(y, cat.data(), wo.data(), nullptr, T, d, d);
}

void Mha::project(const float* x, int T, float* q, float* k, float* v) const {
  const int d = d_model;
  er::k::linear_fwd(q, x, wq.data(), nullptr, T, d, d);
  er::k::linear_fwd(k, x, wk.data(), nullptr, T, d, d);
  er::k::linear_fwd(v, x, wv.data(), nullptr, T, d, d);
}

void Mha::forward_masks(const float* x, int T, const float* masks, int where, float* y,
                        float* heads) const {
  const int d = d_model, H = n_heads, hs = d / H;
  std::vector<float> q(size_t(T) * d), k(size_t(T) * d), v(size_t(T) * d), cat(size_t(T) * d);
  project(x, T, q.data(), k.data(), v.data());
  const float scale = 1.0f / std::sqrt(float(hs));
  std::vector<float> p(T);
  for (int h = 0; h < H; ++h)
    for (int i = 0; i < T; ++i) {
      const float* m = masks ? masks + (size_t(h) * T + i) * T : nullptr;  // row i of head h
      for (int j = 0; j < T; ++j) {
        float s = er::k::dot(&q[size_t(i) * d + h * hs], &k[size_t(j) * d + h * hs], hs) * scale;
        if (m && where == 0) s += m[j];
        if (m && where == 2) s *= m[j];
        p[j] = s;
      }
      er::k::softmax(p.data(), p.data(), T);
      if (m && where == 1)
        for (int j = 0; j < T; ++j)
          if (m[j] != 0.0f) p[j] *= 0.0f;
      float* o = &cat[size_t(i) * d + h * hs];
      for (int c = 0; c < hs; ++c) o[c] = 0.0f;
      for (int j = 0; j < T; ++j) er::k::axpy(o, p[j], &v[size_t(j) * d + h * hs], hs);
    }
  if (heads) std::copy(cat.begin(), cat.end(), heads);
  er::k::linear_fwd(y, cat.data(), wo.data(), nullptr, T, d, d);
}

std::vector<float> random_input(int T, int d, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> x(size_t(T) * d);
  for (auto& e : x) e = rng.normal();
  return x;
}

namespace {
// Runs x and x-with-row-`pos`-replaced; returns per-row max |y - y'| and bit-identity of rows.
// kv_only: the replaced row feeds only keys and values (queries keep the original input).
std::vector<float> row_diffs(const Mha& mha, MaskMode mode, int T, int pos, uint64_t x_seed,
                             std::vector<bool>* identical, bool kv_only = false) {
  const int d = mha.d_model;
  std::vector<float> x = random_input(T, d, x_seed);
  std::vector<float> x2 = x;
  const std::vector<float> fresh = random_input(1, d, x_seed + 1);
  for (int c = 0; c < d; ++c) x2[size_t(pos) * d + c] = fresh[c];
  std::vector<float> y(size_t(T) * d), y2(size_t(T) * d);
  mha.forward(x.data(), T, mode, y.data(), nullptr);
  mha.forward(kv_only ? x.data() : x2.data(), x2.data(), T, mode, y2.data(), nullptr);
  std::vector<float> diff(T, 0.0f);
  if (identical) identical->assign(T, true);
  for (int i = 0; i < T; ++i)
    for (int c = 0; c < d; ++c) {
      const float a = y[size_t(i) * d + c], b = y2[size_t(i) * d + c];
      diff[i] = std::fmax(diff[i], std::fabs(a - b));
      if (identical && a != b) (*identical)[i] = false;
    }
  return diff;
}
}  // namespace

Perturbation perturbation_test(const Mha& mha, MaskMode mode, int T, int pos, uint64_t x_seed) {
  std::vector<bool> identical;
  Perturbation r;
  r.max_diff = row_diffs(mha, mode, T, pos, x_seed, &identical);
  r.prefix_identical = true;
  for (int i = 0; i < pos; ++i) r.prefix_identical = r.prefix_identical && identical[i];
  r.changed_row_differs = r.max_diff[pos] > 1e-3f;
  return r;
}

std::vector<float> dependence_grid(const Mha& mha, MaskMode mode, int T, uint64_t x_seed) {
  std::vector<float> dep(size_t(T) * T);
  for (int j = 0; j < T; ++j) {
    const std::vector<float> diff = row_diffs(mha, mode, T, j, x_seed, nullptr, /*kv_only=*/true);
    for (int i = 0; i < T; ++i) dep[size_t(i) * T + j] = diff[i];
  }
  return dep;
}

}  // namespace er
