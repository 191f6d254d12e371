// The run table of capi_model.cpp, shared with the other C API files that act on a run.
#pragma once

namespace er {
class Run;
namespace capi {
// Clears the error, then sets *r to the run of `handle` (1..16) or fails "unknown run handle",
// or "in the middle of a training step" (get_run_any, error.h, accepts that).
int get_run(int handle, er::Run** r);
}  // namespace capi
}  // namespace er
