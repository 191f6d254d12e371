// Entry of the Chromium bench module (examrule_bench_web.mjs): nothing runs at load; the page
// calls er_bench_gemm (engine, SIMD kernels) and er_bench_eigen_gemm (Eigen, -msimd128).
#include "bench.h"
#include "capi/capi.h"
