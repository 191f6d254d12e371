// C API: general entry points and the mask core. The model's entry points live in
// capi_model.cpp. Each entry point validates every argument before touching memory.
#include "capi.h"

#include <algorithm>
#include <string>

#include "../core/mask.h"
#include "../io/json.h"
#include "../kernels/kernels.h"
#include "../model/config.h"
#include "error.h"

namespace er::capi {
Message& last_error() {
  static Message msg;
  return msg;
}
}  // namespace er::capi

using er::range_message;
using er::capi::fail;
using er::capi::kBadArg;

int er::capi::check_mha_shape(int T, int d_model, int n_heads) {
  er::capi::clear_error();
  if (T < 1 || T > 64) return fail(kBadArg, range_message("T", "1", "64", T));
  if (d_model < 1 || d_model > 256)
    return fail(kBadArg, range_message("d_model", "1", "256", d_model));
  if (n_heads < 1 || d_model % n_heads != 0)
    return fail(kBadArg, "n_heads must divide d_model (" + std::to_string(d_model) + "), got " +
                             std::to_string(n_heads));
  return 0;
}

namespace {
int check_mha(int T, int d_model, int n_heads, const char* mode, er::MaskMode* m) {
  if (int rc = er::capi::check_mha_shape(T, d_model, n_heads)) return rc;
  if (!mode) return fail(kBadArg, "mask mode is null");
  if (!er::parse_mask_mode(mode, m))
    return fail(kBadArg, std::string("unknown mask mode \"") + mode + "\"");
  return 0;
}

std::string names_json() {
  er::json::Value v = er::jv::obj();
  const auto list = [&](const char* key, const std::vector<const char*>& names) {
    er::json::Value& a = v.obj[key] = er::jv::arr();
    for (const char* n : names) a.arr.push_back(er::jv::str(n));
  };
  list("breaks", er::break_name_list());
  list("mask_modes", er::mask_mode_name_list());
  return er::json::write(v);
}
}  // namespace

extern "C" {

const char* er_last_error() {
  static std::string text;  // valid until the next call
  text = er::capi::last_error().empty() ? "" : er::capi::last_error().english();
  return text.c_str();
}
const char* er_last_error_json() {
  static std::string text;
  text = er::capi::last_error().empty() ? "" : er::capi::last_error().json();
  return text.c_str();
}
const char* er_message_templates() {
  static const std::string text = er::message_templates_json();
  return text.c_str();
}
const char* er_version() { return ER_VERSION; }
const char* er_backend() { return er::k::backend(); }

int er_causal_mask(int T, float* out) {
  er::capi::clear_error();
  if (T < 1 || T > 1024) return fail(kBadArg, range_message("T", "1", "1024", T));
  if (!out) return fail(kBadArg, "output buffer is null");
  const std::vector<float> m = er::causal_mask(T);
  std::copy(m.begin(), m.end(), out);
  return 0;
}

const char* er_names() {
  static const std::string text = names_json();
  return text.c_str();
}

int er_mha_forward(int T, int d_model, int n_heads, const char* mode, uint32_t seed, float* y, float* att) {
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

int er_mha_perturbation(int T, int d_model, int n_heads, const char* mode, uint32_t seed, int pos,
                        float* max_diff, int* flags) {
  er::MaskMode m;
  if (int rc = check_mha(T, d_model, n_heads, mode, &m)) return rc;
  if (pos < 0 || pos >= T)
    return fail(kBadArg, range_message("pos", "0", "T-1", pos));
  if (!max_diff || !flags) return fail(kBadArg, "output buffer is null");
  const er::Mha mha(d_model, n_heads, seed);
  const er::Perturbation r = er::perturbation_test(mha, m, T, pos, seed + 1000);
  std::copy(r.max_diff.begin(), r.max_diff.end(), max_diff);
  *flags = (r.prefix_identical ? 1 : 0) | (r.changed_row_differs ? 2 : 0);
  return 0;
}

int er_mha_dependence(int T, int d_model, int n_heads, const char* mode, uint32_t seed, float* dep) {
  er::MaskMode m;
  if (int rc = check_mha(T, d_model, n_heads, mode, &m)) return rc;
  if (!dep) return fail(kBadArg, "output buffer is null");
  const er::Mha mha(d_model, n_heads, seed);
  const std::vector<float> d = er::dependence_grid(mha, m, T, seed + 1000);
  std::copy(d.begin(), d.end(), dep);
  return 0;
}

}  // extern "C"
