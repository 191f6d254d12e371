// Entry translation unit of the web modules: the exported er_* functions come from the
// engine library (linked whole-archive); nothing runs at load.
#include "capi.h"
