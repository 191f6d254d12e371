// C API: what the code cells' Python module `examrule` needs from the mask core (lab 02): the
// seeded MHA layer's per-head q, k, v, its forward with masks given as data (one per head, so
// a mutant can mask some heads only), and seeded random inputs. The Python worker runs its own
// instance of this module; the cells' graders compare the learner's code against these.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "../core/mask.h"
#include "capi.h"
#include "error.h"

using er::capi::fail;
using er::capi::kBadArg;

namespace {
// x (T, d) or, when null, the seeded input of er_mha_forward.
std::vector<float> input_or_seeded(const float* x, int T, int d, uint32_t seed) {
  if (x) return std::vector<float>(x, x + size_t(T) * d);
  return er::random_input(T, d, seed + 1000);
}
}  // namespace

extern "C" {

int er_random_input(int T, int d_model, uint32_t seed, float* out) {
  if (int rc = er::capi::check_mha_shape(T, d_model, 1)) return rc;
  if (!out) return fail(kBadArg, "output buffer is null");
  const std::vector<float> x = er::random_input(T, d_model, seed);
  std::copy(x.begin(), x.end(), out);
  return 0;
}

int er_mha_project(int T, int d_model, int n_heads, uint32_t seed, const float* x, float* q,
                   float* k, float* v) {
  if (int rc = er::capi::check_mha_shape(T, d_model, n_heads)) return rc;
  if (!q || !k || !v) return fail(kBadArg, "output buffer is null");
  const er::Mha mha(d_model, n_heads, seed);
  mha.project(input_or_seeded(x, T, d_model, seed).data(), T, q, k, v);
  return 0;
}

int er_mha_forward_masks(int T, int d_model, int n_heads, uint32_t seed, const float* x,
                         const float* masks, int where, float* y, float* heads) {
  if (int rc = er::capi::check_mha_shape(T, d_model, n_heads)) return rc;
  if (where < 0 || where > 2)
    return fail(kBadArg, "where must be 0 (before the softmax), 1 (after the softmax) or 2 "
                         "(multiplied into the scores), got " + std::to_string(where));
  if (!y) return fail(kBadArg, "output buffer is null");
  if (masks)
    for (size_t n = 0; n < size_t(n_heads) * T * T; ++n)
      if (std::isnan(masks[n]) || masks[n] == INFINITY)
        return fail(kBadArg, er::Message("msg.maskValue").with("i", (long long)(n / T % T))
                                 .with("j", (long long)(n % T)).with("got", std::isnan(masks[n]) ? "NaN" : "+inf"));
  const er::Mha mha(d_model, n_heads, seed);
  mha.forward_masks(input_or_seeded(x, T, d_model, seed).data(), T, masks, where, y, heads);
  return 0;
}

}  // extern "C"
