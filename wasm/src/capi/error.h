// Shared error slot of the C API: entry points validate, then set a message and return non-zero.
#pragma once
#include <string>

namespace er::capi {
constexpr int kBadArg = 1;   // an argument out of range or malformed
constexpr int kBadState = 2; // e.g. an unknown handle
std::string& last_error();
inline int fail(int code, const std::string& msg) {
  last_error() = msg;
  return code;
}
inline void clear_error() { last_error().clear(); }
// Shape of the standalone MHA of the mask core (T in [1, 64], d_model in [1, 256], n_heads
// dividing d_model): clears the error, then returns 0 or fails with the reason. In capi.cpp.
int check_mha_shape(int T, int d_model, int n_heads);
}  // namespace er::capi

namespace er {
class Run;
namespace capi {
// The run behind a handle of er_run_create, even in the middle of a step (capi_model.cpp).
int get_run_any(int handle, Run** r);
}  // namespace capi
}  // namespace er
