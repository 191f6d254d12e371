// C API: general entry points and the mask core. The model's entry points live in
// capi_model.cpp. Each entry point validates every argument before touching memory.
#include "capi.h"

#include <algorithm>
#include <string>

#include "../core/mask.h"
#include "../kernels/kernels.h"
#include "error.h"

namespace er::capi {
std::string& last_error() {
  static std::string msg;
  return msg;
}
}  // namespace er::capi

using er::capi::fail;
using er::capi::kBadArg;

int er::capi::check_mha_shape(int T, int d_model, int n_heads) {
  er::capi::clear_error();
  if (T < 1 || T > 64) return fail(kBadArg, "T must be between 1 and 64, got " + std::to_string(T));
  if (d_model < 1 || d_model > 256)
    return fail(kBadArg, "d_model must be between 1 and 256, got " + std::to_string(d_model));
  if (n_heads < 1 || d_model % n_heads != 0)
    return fail(kBadArg, "n_heads must divide d_model (" + std::to_string(d_model) + "), got " +
                             std::to_string(n_heads));
  return 0;
}

namespace {
int check_mha(int T, int d_model, int n_heads, int mode, er::MaskMode* m) {
  if (int rc = er::capi::check_mha_shape(T, d_model, n_heads)) return rc;
  if (mode < 0 || mode > 3) return fail(kBadArg, "unknown mask mode " + std::to_string(mode));
  *m = static_cast<er::MaskMode>(mode);
  return 0;
}
}  // namespace

extern "C" {

const char* er_last_error() { return er::capi::last_error().c_str(); }
const char* er_version() { return ER_VERSION; }
const char* er_backend() { return er::k::backend(); }

int er_causal_mask(int T, float* out) {
  er::capi::clear_error();
  if (T < 1 || T > 1024) return fail(kBadArg, "T must be between 1 and 1024, got " + std::to_string(T));
  if (!out) return fail(kBadArg, "output buffer is null");
  const std::vector<float> m = er::causal_mask(T);
  std::copy(m.begin(), m.end(), out);
  return 0;
}

int er_mha_forward(int T, int d_model, int n_heads, int mode, uint32_t seed, float* y, float* att) {
  er::MaskMode m;
  if (int rc = check_mha(T, d_model, n_heads, mode, &m)) return rc;
  const er::Mha mha(d_model, n_heads, seed);
  const std::vector<float> x = er::random_input(T, d_model, seed + 1000);
  std::vector<float> ybuf(size_t(T) * d_model), abuf(size_t(n_heads) * T * T);
  mha.forward(x.data(), T, m, ybuf.data(), abuf.data());
  if (y) std::copy(ybuf.begin(), ybuf.end(), y);
  if (att) std::copy(abuf.begin(), abuf.end(), att);
  return 0;
}

int er_mha_perturbation(int T, int d_model, int n_heads, int mode, uint32_t seed, int pos,
                        float* max_diff, int* flags) {
  er::MaskMode m;
  if (int rc = check_mha(T, d_model, n_heads, mode, &m)) return rc;
  if (pos < 0 || pos >= T)
    return fail(kBadArg, "pos must be between 0 and T-1, got " + std::to_string(pos));
  if (!max_diff || !flags) return fail(kBadArg, "output buffer is null");
  const er::Mha mha(d_model, n_heads, seed);
  const er::Perturbation r = er::perturbation_test(mha, m, T, pos, seed + 1000);
  std::copy(r.max_diff.begin(), r.max_diff.end(), max_diff);
  *flags = (r.prefix_identical ? 1 : 0) | (r.changed_row_differs ? 2 : 0);
  return 0;
}

int er_mha_dependence(int T, int d_model, int n_heads, int mode, uint32_t seed, float* dep) {
  er::MaskMode m;
  if (int rc = check_mha(T, d_model, n_heads, mode, &m)) return rc;
  if (!dep) return fail(kBadArg, "output buffer is null");
  const er::Mha mha(d_model, n_heads, seed);
  const std::vector<float> d = er::dependence_grid(mha, m, T, seed + 1000);
  std::copy(d.begin(), d.end(), dep);
  return 0;
}

}  // extern "C"
