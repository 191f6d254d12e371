// Entry points that exist so fault handling can be tested for real: a deliberate trap (the
// worker must detect the crash and be replaced) and the allocator's bytes in use (twenty runs
// in a row must not leak).
#include <malloc.h>

#include "capi.h"

extern "C" {

int er_heap_used() {
#ifdef __EMSCRIPTEN__
  return static_cast<int>(mallinfo().uordblks);
#else
  return static_cast<int>(mallinfo2().uordblks);
#endif
}

void er_debug_trap() { __builtin_trap(); }

}  // extern "C"
