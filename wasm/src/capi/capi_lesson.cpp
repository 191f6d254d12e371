// C API: small entry points used only by the lesson widgets (the softmax slice, the raw scores
// of one head). They reuse the mask core's seeded MHA and input so every number a widget shows
// comes from the same engine as the perturbation test.
#include <cmath>
#include <string>
#include <vector>

#include "../core/mask.h"
#include "../kernels/kernels.h"
#include "capi.h"
#include "error.h"

using er::Message;
using er::range_message;
using er::capi::fail;
using er::capi::kBadArg;

extern "C" {

int er_mha_scores(int T, int d_model, int n_heads, uint32_t seed, int head, float* scores) {
  if (int rc = er::capi::check_mha_shape(T, d_model, n_heads)) return rc;
  if (head < 0 || head >= n_heads)
    return fail(kBadArg, range_message("head", "0", "n_heads-1", head));
  if (!scores) return fail(kBadArg, "output buffer is null");
  const int d = d_model, hs = d / n_heads;
  const er::Mha mha(d, n_heads, seed);
  const std::vector<float> x = er::random_input(T, d, seed + 1000);  // as er_mha_forward
  std::vector<float> q(size_t(T) * d), k(size_t(T) * d);              // (T, d) each
  er::k::linear_fwd(q.data(), x.data(), mha.wq.data(), nullptr, T, d, d);
  er::k::linear_fwd(k.data(), x.data(), mha.wk.data(), nullptr, T, d, d);
  const float scale = 1.0f / std::sqrt(float(hs));
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j)
      scores[size_t(i) * T + j] =
          er::k::dot(&q[size_t(i) * d + head * hs], &k[size_t(j) * d + head * hs], hs) * scale;
  return 0;
}

int er_softmax_slice(int n, const float* scores, int query, int causal, float* masked,
                     float* shifted, float* exps, float* sum, float* weights) {
  er::capi::clear_error();
  if (n < 1 || n > 64) return fail(kBadArg, range_message("n", "1", "64", n));
  if (query < 0 || query >= n)
    return fail(kBadArg, range_message("query", "0", "n-1", query));
  if (!scores || !masked || !shifted || !exps || !sum || !weights)
    return fail(kBadArg, "output buffer is null");
  for (int j = 0; j < n; ++j)
    if (!std::isfinite(scores[j]) || std::fabs(scores[j]) > 1e6f)
      return fail(kBadArg, Message("msg.scoreRange").with("j", j).with("min", "-1000000").with("max", "1000000"));
  // masked[j] = s[j] + M[query, j]: the additive mask row, before the softmax
  float mx = -INFINITY;
  for (int j = 0; j < n; ++j) {
    masked[j] = scores[j] + (causal && j > query ? er::kMaskNeg : 0.0f);
    mx = std::fmax(mx, masked[j]);
  }
  // the stable softmax written out: shift by the row max, exponentiate, normalise
  double s = 0.0;
  for (int j = 0; j < n; ++j) {
    shifted[j] = masked[j] - mx;
    exps[j] = std::exp(shifted[j]);
    s += exps[j];
  }
  *sum = float(s);
  er::k::softmax(weights, masked, n);  // the weights themselves come from the engine's kernel
  return 0;
}

}  // extern "C"
