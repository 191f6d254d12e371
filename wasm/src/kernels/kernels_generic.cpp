// Kernels for builds without wasm SIMD (native, and the scalar wasm build): Eigen for the
// three GEMM shapes of a linear layer, the scalar reference for everything else.
#include <Eigen/Core>
#include <algorithm>

#include "kernels.h"

namespace er::k {
namespace {
using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MapM = Eigen::Map<RowMat>;
using MapCM = Eigen::Map<const RowMat>;
using MapCV = Eigen::Map<const Eigen::RowVectorXf>;
}  // namespace

const char* backend() {
#ifdef __EMSCRIPTEN__
  return "eigen-wasm-scalar";
#else
  return "eigen-native";
#endif
}

// Row independence. Eigen's GEMM takes different code paths (and blockings) depending on the
// row count, so on its own row i of a product is not bit-identical between N and N + 3 rows.
// The row-wise products therefore always run on blocks of exactly kRowBlock rows: the last,
// partial block is zero-padded in a static scratch. Row i then always sits at position
// i % kRowBlock of a same-shaped product, and Eigen never mixes rows, so its bits depend on
// row i alone. Widths beyond the scratch go row by row (also row-independent).
namespace {
constexpr int kRowBlock = 64;
constexpr int kPadFloats = kRowBlock * 1024;
float g_pad_a[kPadFloats];
float g_pad_c[kPadFloats];

// c(n0 .. n0+rows) op= a(rows, K) @ B for every block of rows; op is done by `product`, which
// receives (c, a, rows) with rows == kRowBlock, or 1 when widths are beyond the scratch.
template <class Product>
void by_row_blocks(float* c, int ldc, const float* a, int lda, int N, bool c_is_input,
                   Product product) {
  if (size_t(kRowBlock) * lda > kPadFloats || size_t(kRowBlock) * ldc > kPadFloats) {
    for (int n = 0; n < N; ++n) product(c + size_t(n) * ldc, a + size_t(n) * lda, 1);
    return;
  }
  int n = 0;
  for (; n + kRowBlock <= N; n += kRowBlock)
    product(c + size_t(n) * ldc, a + size_t(n) * lda, kRowBlock);
  const int rows = N - n;
  if (rows == 0) return;
  std::fill(g_pad_a, g_pad_a + size_t(kRowBlock) * lda, 0.0f);
  std::copy(a + size_t(n) * lda, a + size_t(N) * lda, g_pad_a);
  std::fill(g_pad_c, g_pad_c + size_t(kRowBlock) * ldc, 0.0f);
  if (c_is_input) std::copy(c + size_t(n) * ldc, c + size_t(N) * ldc, g_pad_c);
  product(g_pad_c, g_pad_a, kRowBlock);
  std::copy(g_pad_c, g_pad_c + size_t(rows) * ldc, c + size_t(n) * ldc);
}
}  // namespace

void linear_fwd(float* out, const float* in, const float* w, const float* b, int N, int I,
                int O) {
  // out(N, O) = in(N, I) @ w(O, I)^T + b
  by_row_blocks(out, O, in, I, N, false, [&](float* c, const float* a, int rows) {
    MapM o(c, rows, O);
    o.noalias() = MapCM(a, rows, I) * MapCM(w, O, I).transpose();
    if (b) o.rowwise() += MapCV(b, O);
  });
}

void linear_bwd_input(float* din, const float* dout, const float* w, int N, int I, int O) {
  // din(N, I) += dout(N, O) @ w(O, I)
  by_row_blocks(din, I, dout, O, N, true, [&](float* c, const float* a, int rows) {
    MapM(c, rows, I).noalias() += MapCM(a, rows, O) * MapCM(w, O, I);
  });
}

void linear_bwd_weight(float* dw, float* db, const float* dout, const float* in, int N, int I,
                       int O) {
  MapM(dw, O, I).noalias() += MapCM(dout, N, O).transpose() * MapCM(in, N, I);
  if (db) Eigen::Map<Eigen::RowVectorXf>(db, O) += MapCM(dout, N, O).colwise().sum();
}

float dot(const float* a, const float* b, int n) { return ref::dot(a, b, n); }
void axpy(float* y, float a, const float* x, int n) { ref::axpy(y, a, x, n); }
void softmax(float* p, const float* s, int n) { ref::softmax(p, s, n); }
void attention_fwd(float* out, int out_stride, float* att, const float* q, int q_stride,
                   const float* k, int k_stride, const float* v, int v_stride, int T, int hs,
                   float scale, int causal) {
  ref::attention_fwd(out, out_stride, att, q, q_stride, k, k_stride, v, v_stride, T, hs, scale,
                     causal);
}
void attention_bwd(float* dq, int dq_stride, float* dk, int dk_stride, float* dv, int dv_stride,
                   const float* dout, int dout_stride, const float* att, const float* q,
                   int q_stride, const float* k, int k_stride, const float* v, int v_stride,
                   int T, int hs, float scale, int causal) {
  ref::attention_bwd(dq, dq_stride, dk, dk_stride, dv, dv_stride, dout, dout_stride, att, q,
                     q_stride, k, k_stride, v, v_stride, T, hs, scale, causal);
}
void layernorm_fwd(float* out, float* mean, float* rstd, const float* x, const float* g,
                   const float* b, int N, int C, float eps) {
  ref::layernorm_fwd(out, mean, rstd, x, g, b, N, C, eps);
}
void layernorm_bwd(float* dx, float* dg, float* db, const float* dout, const float* x,
                   const float* g, const float* mean, const float* rstd, int N, int C) {
  ref::layernorm_bwd(dx, dg, db, dout, x, g, mean, rstd, N, C);
}
void gelu_fwd(float* out, const float* x, int n) { ref::gelu_fwd(out, x, n); }
void gelu_bwd(float* dx, const float* x, const float* dout, int n) { ref::gelu_bwd(dx, x, dout, n); }
void adamw(float* p, float* m, float* v, const float* g, int n, float lr, float beta1,
           float beta2, float eps, float wd, float bc1, float bc2) {
  ref::adamw(p, m, v, g, n, lr, beta1, beta2, eps, wd, bc1, bc2);
}

}  // namespace er::k
