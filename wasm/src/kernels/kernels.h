// The kernel layer: every hot loop of the engine goes through these functions.
// Only the implementations (kernels_simd.cpp) may use wasm_* intrinsics; model code
// calls these 1-D / GEMM primitives and never sees an architecture.
//
// Conventions: row-major; a Linear weight is (out, in) like PyTorch; outputs first,
// sizes last; nothing allocates. Each function is declared twice with the same
// signature: er::k (fast path) and er::ref (plain scalar loops, the test oracle).
#pragma once

namespace er {

#define ER_KERNEL_DECLS                                                                    \
  /* out(N,O) = in(N,I) @ w(O,I)^T + b(O); b may be nullptr */                              \
  void linear_fwd(float* out, const float* in, const float* w, const float* b, int N,      \
                  int I, int O);                                                           \
  /* din(N,I) += dout(N,O) @ w(O,I) */                                                     \
  void linear_bwd_input(float* din, const float* dout, const float* w, int N, int I,       \
                        int O);                                                            \
  /* dw(O,I) += dout(N,O)^T @ in(N,I);  db(O) += sum_n dout(n,:); db may be nullptr */     \
  void linear_bwd_weight(float* dw, float* db, const float* dout, const float* in, int N,  \
                         int I, int O);                                                    \
  float dot(const float* a, const float* b, int n);                                        \
  /* y += a * x */                                                                          \
  void axpy(float* y, float a, const float* x, int n);                                     \
  /* p = softmax(s) over n entries (p may alias s); max-shifted, exact zeros survive */    \
  void softmax(float* p, const float* s, int n);                                           \
  /* Attention for one head, causal-aware. q,k,v,out are (T, hs) with row strides          \
     q_stride etc. (so heads can be read in place from a (T, 3C) buffer).                   \
     att (T,T) receives the softmax weights. If causal != 0 the kernel only touches        \
     keys j <= i (the masked half is skipped and written as exact 0); otherwise all keys.   \
     scale = 1/sqrt(hs). */                                                                \
  void attention_fwd(float* out, int out_stride, float* att, const float* q, int q_stride, \
                     const float* k, int k_stride, const float* v, int v_stride, int T,    \
                     int hs, float scale, int causal);                                     \
  /* Backward of attention_fwd for one head, accumulating: dq += ..., dk += ..., dv += ...    \
     from dout (T, hs) and the saved weights att (T, T); same strides and causal rule       \
     (with causal != 0 only keys j <= i are touched). */                                    \
  void attention_bwd(float* dq, int dq_stride, float* dk, int dk_stride, float* dv,        \
                     int dv_stride, const float* dout, int dout_stride, const float* att,  \
                     const float* q, int q_stride, const float* k, int k_stride,           \
                     const float* v, int v_stride, int T, int hs, float scale, int causal); \
  /* out(N,C) = (x - mean) / sqrt(var + eps) * g + b, per row; mean/rstd (N) saved */      \
  void layernorm_fwd(float* out, float* mean, float* rstd, const float* x, const float* g, \
                     const float* b, int N, int C, float eps);                             \
  /* dx += ..., dg += ..., db += ... (accumulating) */                                     \
  void layernorm_bwd(float* dx, float* dg, float* db, const float* dout, const float* x,   \
                     const float* g, const float* mean, const float* rstd, int N, int C);  \
  /* tanh-approximation GELU, elementwise */                                               \
  void gelu_fwd(float* out, const float* x, int n);                                        \
  /* dx += dout * gelu'(x) */                                                              \
  void gelu_bwd(float* dx, const float* x, const float* dout, int n);                      \
  /* One AdamW update of n parameters. lr already scheduled; bc1 = 1-beta1^t,              \
     bc2 = 1-beta2^t (t counted per optimizer step, not per tensor); wd = 0 for            \
     vectors. p -= lr * (mhat / (sqrt(vhat) + eps) + wd * p) */                            \
  void adamw(float* p, float* m, float* v, const float* g, int n, float lr, float beta1,   \
             float beta2, float eps, float wd, float bc1, float bc2);

namespace k {
ER_KERNEL_DECLS
// Which implementation this build uses: "wasm-simd128", "eigen-native", "eigen-wasm-scalar".
const char* backend();
}  // namespace k

namespace ref {
ER_KERNEL_DECLS
}  // namespace ref

#undef ER_KERNEL_DECLS

}  // namespace er
