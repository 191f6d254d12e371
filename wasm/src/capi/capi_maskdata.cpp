// C API: a mask given as data. A run trains, evaluates, samples and sweeps with a (T, T) mask
// the caller supplies instead of the one its break builds, applied where the caller says,
// separately for training and for generation. The studio runs every candidate repair this way
// (the right one and each plausible wrong one) and the code cells run the learner's own
// causal_mask; the evidence (sweep, signatures) then judges it, never a table.
#include <cmath>
#include <string>

#include "../model/run.h"
#include "capi.h"
#include "error.h"
#include "runs.h"

using er::capi::fail;
using er::capi::kBadArg;

namespace {

const char* shown(float v) { return std::isnan(v) ? "NaN" : v > 0 ? "+inf" : "-inf"; }

// Every entry a number the place can use: NaN and +inf never, -inf only where it hides a key.
int check_values(const float* mask, int T, er::MaskAt at) {
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) {
      const float v = mask[i * T + j];
      if (std::isfinite(v)) continue;
      if (at == er::MaskAt::multiply)
        return fail(kBadArg, er::Message("msg.maskFactor").with("i", i).with("j", j).with("got", shown(v)));
      if (std::isnan(v) || v > 0)
        return fail(kBadArg, er::Message("msg.maskValue").with("i", i).with("j", j).with("got", shown(v)));
    }
  return 0;
}

}  // namespace

extern "C" {

int er_run_set_mask_data(int handle, int pass, const float* mask, int n, int where) {
  er::Run* r = nullptr;
  if (int rc = er::capi::get_run(handle, &r)) return rc;
  if (pass != 0 && pass != 1)
    return fail(kBadArg, "pass must be 0 (training) or 1 (generation), got " + std::to_string(pass));
  if (where < 0 || where > 2)
    return fail(kBadArg, "where must be 0 (before the softmax), 1 (after the softmax) or 2 "
                         "(multiplied into the scores), got " + std::to_string(where));
  if (!mask) return fail(kBadArg, "mask buffer is null");
  const int T = r->config().model.T;
  if (n != T * T)
    return fail(kBadArg, er::Message("msg.maskSize").with("n", T * T).with("T", T).with("got", n));
  const er::MaskAt at = er::MaskAt(where);
  if (int rc = check_values(mask, T, at)) return rc;
  r->model().set_mask_data(pass == 0 ? er::Pass::train : er::Pass::infer, mask, at);
  return 0;
}

int er_run_clear_mask_data(int handle) {
  er::Run* r = nullptr;
  if (int rc = er::capi::get_run(handle, &r)) return rc;
  r->model().clear_mask_data();
  return 0;
}

}  // extern "C"
