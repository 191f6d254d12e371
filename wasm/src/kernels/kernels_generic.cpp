// Kernels for builds without wasm SIMD (native, and the scalar wasm build): Eigen for the
// three GEMM shapes of a linear layer, the scalar reference for everything else.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>

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
// GELU with the same rational tanh the SIMD build uses (Eigen's generic_fast_tanh_float,
// non-FMA clamp): libm's tanhf made GELU half of a native training step. Plain element-wise
// loops the compiler may vectorise; every element goes through the same scalar formula.
namespace {
constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2/pi)

inline float fast_tanh(float a) {
  if (std::fabs(a) < 0.0004f) return a;
  const float x = std::min(std::max(a, -7.90531110763549805f), 7.90531110763549805f);
  const float x2 = x * x;
  float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
  p = x2 * p + -8.60467152213735e-11f;
  p = x2 * p + 5.12229709037114e-08f;
  p = x2 * p + 1.48572235717979e-05f;
  p = x2 * p + 6.37261928875436e-04f;
  p = x2 * p + 4.89352455891786e-03f;
  p = x * p;
  float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
  q = x2 * q + 2.26843463243900e-03f;
  q = x2 * q + 4.89352518554385e-03f;
  return p / q;
}
}  // namespace

void gelu_fwd(float* out, const float* x, int n) {
  for (int i = 0; i < n; ++i) {
    const float xi = x[i];
    const float t = fast_tanh(kGeluC * (xi + 0.044715f * xi * xi * xi));
    out[i] = 0.5f * xi * (1.0f + t);
  }
}

void gelu_bwd(float* dx, const float* x, const float* dout, int n) {
  for (int i = 0; i < n; ++i) {
    const float xi = x[i];
    const float t = fast_tanh(kGeluC * (xi + 0.044715f * xi * xi * xi));
    const float du = kGeluC * (1.0f + 3.0f * 0.044715f * xi * xi);
    dx[i] += dout[i] * (0.5f * (1.0f + t) + 0.5f * xi * (1.0f - t * t) * du);
  }
}
void adamw(float* p, float* m, float* v, const float* g, int n, float lr, float beta1,
           float beta2, float eps, float wd, float bc1, float bc2) {
  ref::adamw(p, m, v, g, n, lr, beta1, beta2, eps, wd, bc1, bc2);
}

}  // namespace er::k
