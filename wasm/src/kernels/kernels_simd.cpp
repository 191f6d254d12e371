// WebAssembly SIMD (128-bit) kernels. This file is compiled with -msimd128 and is the only
// place in the engine that uses wasm_* intrinsics. Each kernel: SIMD main loop, scalar leftovers.
// (Kernels not yet hand-vectorised fall back to Eigen / the reference.)
#include <wasm_simd128.h>
#include <Eigen/Core>

#include "kernels.h"

namespace er::k {
namespace {
using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MapM = Eigen::Map<RowMat>;
using MapCM = Eigen::Map<const RowMat>;
using MapCV = Eigen::Map<const Eigen::RowVectorXf>;
}  // namespace

const char* backend() {
  return "wasm-simd128";
}

void linear_fwd(float* out, const float* in, const float* w, const float* b, int N, int I,
                int O) {
  MapM o(out, N, O);
  o.noalias() = MapCM(in, N, I) * MapCM(w, O, I).transpose();
  if (b) o.rowwise() += MapCV(b, O);
}

void linear_bwd_input(float* din, const float* dout, const float* w, int N, int I, int O) {
  MapM(din, N, I).noalias() += MapCM(dout, N, O) * MapCM(w, O, I);
}

void linear_bwd_weight(float* dw, float* db, const float* dout, const float* in, int N, int I,
                       int O) {
  MapM(dw, O, I).noalias() += MapCM(dout, N, O).transpose() * MapCM(in, N, I);
  if (db) Eigen::Map<Eigen::RowVectorXf>(db, O) += MapCM(dout, N, O).colwise().sum();
}

float dot(const float* a, const float* b, int n) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4)
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  float s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
            wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
  for (; i < n; ++i) s += a[i] * b[i];  // leftovers
  return s;
}

void axpy(float* y, float a, const float* x, int n) {
  const v128_t va = wasm_f32x4_splat(a);
  int i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(y + i, wasm_f32x4_add(wasm_v128_load(y + i),
                                          wasm_f32x4_mul(va, wasm_v128_load(x + i))));
  for (; i < n; ++i) y[i] += a * x[i];  // leftovers
}
void softmax(float* p, const float* s, int n) { ref::softmax(p, s, n); }
void attention_fwd(float* out, int out_stride, float* att, const float* q, int q_stride,
                   const float* k, int k_stride, const float* v, int v_stride, int T, int hs,
                   float scale, int causal) {
  ref::attention_fwd(out, out_stride, att, q, q_stride, k, k_stride, v, v_stride, T, hs, scale,
                     causal);
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
