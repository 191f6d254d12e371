// Register-tile experiment behind the GEMM kernel's shape (docs/performance.md): the forward
// product out(N, O) = in(N, I) @ w^T with w^T packed in panels, for MR x NR tiles of f32x4
// accumulators (NR = 4 * NV columns). x86 V8 has 16 xmm registers: MR * NV accumulators + NV
// panel vectors + a broadcast must fit, or the tile spills. Compiled with -msimd128 only
// (examrule_bench_tiles, run by tools/bench/chromium_tiles.mjs); not part of the engine.
#include <emscripten/emscripten.h>
#include <wasm_simd128.h>

#include <vector>

namespace {
inline v128_t madd(v128_t a, v128_t b, v128_t c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }

template <int MR, int NV>
inline void tile(float* c, int ldc, const float* a, int lda, const float* b, int K) {
  constexpr int NR = 4 * NV;
  v128_t acc[MR][NV];
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) acc[r][v] = wasm_f32x4_splat(0.0f);
  for (int k = 0; k < K; ++k) {
    v128_t bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = wasm_v128_load(b + k * NR + 4 * v);
    for (int r = 0; r < MR; ++r) {
      const v128_t av = wasm_v128_load32_splat(a + r * lda + k);
      for (int v = 0; v < NV; ++v) acc[r][v] = madd(av, bv[v], acc[r][v]);
    }
  }
  for (int r = 0; r < MR; ++r)
    for (int v = 0; v < NV; ++v) wasm_v128_store(c + r * ldc + 4 * v, acc[r][v]);
}

std::vector<float> g_pack;

template <int MR, int NV>
void fwd(float* out, const float* in, const float* w, int N, int I, int O) {
  constexpr int NR = 4 * NV;
  g_pack.resize(size_t(I) * NR);
  for (int j = 0; j + NR <= O; j += NR) {
    for (int jj = 0; jj < NR; ++jj)
      for (int k = 0; k < I; ++k) g_pack[k * NR + jj] = w[(j + jj) * I + k];
    int i = 0;
    for (; i + MR <= N; i += MR) tile<MR, NV>(out + i * O + j, O, in + i * I, I, g_pack.data(), I);
    for (; i < N; ++i) tile<1, NV>(out + i * O + j, O, in + i * I, I, g_pack.data(), I);
  }
}

using Fn = void (*)(float*, const float*, const float*, int, int, int);
struct Variant {
  const char* name;
  Fn fn;
  int nr;
};
const Variant kVariants[] = {
    {"1x8", fwd<1, 2>, 8},   {"2x8", fwd<2, 2>, 8},   {"3x8", fwd<3, 2>, 8},
    {"4x8", fwd<4, 2>, 8},   {"5x8", fwd<5, 2>, 8},   {"6x8", fwd<6, 2>, 8},
    {"8x4", fwd<8, 1>, 4},   {"3x12", fwd<3, 3>, 12}, {"4x12", fwd<4, 3>, 12},
    {"2x16", fwd<2, 4>, 16}, {"3x16", fwd<3, 4>, 16}, {"8x8", fwd<8, 2>, 8},
};
}  // namespace

extern "C" {
EMSCRIPTEN_KEEPALIVE int tiles_count() { return sizeof kVariants / sizeof kVariants[0]; }
EMSCRIPTEN_KEEPALIVE const char* tiles_name(int v) { return kVariants[v].name; }
// Best GFLOPS of `calls` single calls (the fastest call is the least disturbed by other load).
// O is rounded down to a multiple of the variant's panel width.
EMSCRIPTEN_KEEPALIVE double tiles_run(int v, int N, int I, int O, int calls) {
  const Variant& var = kVariants[v];
  O -= O % var.nr;
  std::vector<float> in(size_t(N) * I), w(size_t(O) * I), out(size_t(N) * O);
  for (size_t i = 0; i < in.size(); ++i) in[i] = float(i % 13) * 0.01f;
  for (size_t i = 0; i < w.size(); ++i) w[i] = float(i % 7) * 0.02f;
  var.fn(out.data(), in.data(), w.data(), N, I, O);  // warm-up
  double best = 1e30;
  for (int c = 0; c < calls; ++c) {
    const double t0 = emscripten_get_now();
    var.fn(out.data(), in.data(), w.data(), N, I, O);
    const double t = emscripten_get_now() - t0;
    best = t < best ? t : best;
  }
  return 2.0 * N * I * O / (best * 1e6);
}
}
