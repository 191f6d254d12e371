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
}  // namespace er::capi
