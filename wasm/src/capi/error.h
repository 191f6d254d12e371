// Shared error slot of the C API: entry points validate, then set a message and return non-zero.
// A message is data (io/message.h): a code the page translates, its parameters, and the English
// sentence er_last_error() returns. fail(status, "sentence") still works: the page then shows the
// sentence as it is after its translated "the engine refused" line (code "sentence").
#pragma once
#include <string>

#include "../io/message.h"

namespace er::capi {
constexpr int kBadArg = 1;   // an argument out of range or malformed
constexpr int kBadState = 2; // e.g. an unknown handle
Message& last_error();
inline int fail(int status, const Message& msg) {
  last_error() = msg;
  return status;
}
inline int fail(int status, const std::string& sentence) { return fail(status, Message::sentence(sentence)); }
inline int fail(int status, const char* sentence) { return fail(status, Message::sentence(sentence)); }
inline void clear_error() { last_error() = Message(); }
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
