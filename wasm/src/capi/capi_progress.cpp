// C API: progress-file import. The worker hands over the file's text; the engine answers with
// the canonical JSON to store, or why not (a message with a code: import.*, json.*).
#include <string>

#include "../io/progress.h"
#include "capi.h"
#include "error.h"

extern "C" {

int er_validate_progress(const char* text, const char** normalized_json) {
  er::capi::clear_error();
  static std::string normalized;  // valid until the next call into the engine
  if (normalized_json) *normalized_json = nullptr;
  if (!text) return er::capi::fail(er::capi::kBadArg, "progress text is null");
  er::Message error;
  if (!er::validate_progress(text, &normalized, &error))
    return er::capi::fail(er::capi::kBadArg, error);
  if (normalized_json) *normalized_json = normalized.c_str();
  return 0;
}

}  // extern "C"
