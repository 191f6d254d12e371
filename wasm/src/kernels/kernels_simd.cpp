// WebAssembly SIMD (128-bit) kernels. This file is compiled with -msimd128 and is the only
// place in the engine that uses wasm_* intrinsics (plus the private .inc files it includes);
// it is longer than our usual ~350 lines for that reason: the intrinsics stay in one room.
// Each kernel: SIMD main loop, scalar leftovers. FMA does not exist here: a*b+c is a multiply
// then an add, in the same order as the reference, so most kernels match er::ref bit for bit;
// the ones that reduce with vector partial sums (dot, softmax, layernorm) or use polynomial
// exp/tanh (softmax, gelu) differ from it by float rounding only.
//
// Row independence: every output row is computed from its own input row with an order of
// operations that depends only on the sizes of that row (never on N or on other rows), so
// the causal perturbation tests can ask for bit-identical rows.
#include <wasm_simd128.h>

#include <cmath>
#include <cstddef>

#include "kernels.h"

namespace er::k {
namespace {
#include "simd/vmath.inc"
#include "simd/gemm.inc"

// Static scratch (nothing allocates per call); shapes beyond it take a slower path.
constexpr int kPackK = 2048;        // GEMM panels are packed in blocks of kPackK x 8
constexpr int kAttScratch = 32768;  // attention's k^T / v^T (hs x T): T <= 128, hs <= 256
alignas(16) float g_pack[kPackK * 8];
alignas(16) float g_kt[kAttScratch];
alignas(16) float g_row[kAttScratch];
constexpr int kAttCol = 1024;  // attention_bwd gathers one column of att / D (T <= kAttCol)
alignas(16) float g_col[2 * kAttCol];

// dst(d, j) = src(j, d) for j < T, d < hs: dst is (hs, T) with row stride T.
void transpose_heads(float* dst, const float* src, int src_stride, int T, int hs) {
  for (int j = 0; j < T; ++j)
    for (int d = 0; d < hs; ++d) dst[d * T + j] = src[j * src_stride + d];
}

// row[j] = scale * (x . col_j) for j < n, where col_j is column j of xt (hs, T).
// Sequential over d per key, as ref::dot; the scalar leftovers read the same numbers.
void row_times_cols(float* row, const float* x, const float* xt, int T, int hs, int n,
                    float scale) {
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    v128_t acc = splat(0.0f);
    for (int d = 0; d < hs; ++d)
      acc = madd(wasm_v128_load32_splat(x + d), wasm_v128_load(xt + d * T + j), acc);
    wasm_v128_store(row + j, wasm_f32x4_mul(acc, splat(scale)));
  }
  for (; j < n; ++j) {  // leftovers
    float acc = 0.0f;
    for (int d = 0; d < hs; ++d) acc += x[d] * xt[d * T + j];
    row[j] = acc * scale;
  }
}

// y(hs) = y0 + sum_{j < n} c[j] * x_j (x_j = x + j * x_stride), sequential over j per element.
// y0 = nullptr starts from 0; otherwise y0 == y accumulates.
void weighted_rows(float* y, const float* y0, const float* c, const float* x, int x_stride, int n,
                   int hs) {
  int d = 0;
  for (; d + 16 <= hs; d += 16) {
    v128_t a0, a1, a2, a3;
    if (y0) {
      a0 = wasm_v128_load(y0 + d), a1 = wasm_v128_load(y0 + d + 4);
      a2 = wasm_v128_load(y0 + d + 8), a3 = wasm_v128_load(y0 + d + 12);
    } else {
      a0 = a1 = a2 = a3 = splat(0.0f);
    }
    for (int j = 0; j < n; ++j) {
      const v128_t cj = wasm_v128_load32_splat(c + j);
      const float* xj = x + j * x_stride + d;
      a0 = madd(cj, wasm_v128_load(xj), a0);
      a1 = madd(cj, wasm_v128_load(xj + 4), a1);
      a2 = madd(cj, wasm_v128_load(xj + 8), a2);
      a3 = madd(cj, wasm_v128_load(xj + 12), a3);
    }
    wasm_v128_store(y + d, a0), wasm_v128_store(y + d + 4, a1);
    wasm_v128_store(y + d + 8, a2), wasm_v128_store(y + d + 12, a3);
  }
  for (; d + 4 <= hs; d += 4) {
    v128_t a = y0 ? wasm_v128_load(y0 + d) : splat(0.0f);
    for (int j = 0; j < n; ++j)
      a = madd(wasm_v128_load32_splat(c + j), wasm_v128_load(x + j * x_stride + d), a);
    wasm_v128_store(y + d, a);
  }
  for (; d < hs; ++d) {  // leftovers
    float a = y0 ? y0[d] : 0.0f;
    for (int j = 0; j < n; ++j) a += c[j] * x[j * x_stride + d];
    y[d] = a;
  }
}
}  // namespace

const char* backend() { return "wasm-simd128"; }

// ---- linear layer ------------------------------------------------------------------------

void linear_fwd(float* out, const float* in, const float* w, const float* b, int N, int I, int O) {
  // out(N, O) = b + in(N, I) @ w^T(I, O)
  gemm(out, O, b, 0, in, I, 1, BView{w, 1, I}, N, O, I, g_pack, kPackK);
}

void linear_bwd_input(float* din, const float* dout, const float* w, int N, int I, int O) {
  // din(N, I) += dout(N, O) @ w(O, I)
  gemm(din, I, din, I, dout, O, 1, BView{w, I, 1}, N, I, O, g_pack, kPackK);
}

void linear_bwd_weight(float* dw, float* db, const float* dout, const float* in, int N, int I,
                       int O) {
  // dw(O, I) += dout^T(O, N) @ in(N, I)
  gemm(dw, I, dw, I, dout, 1, O, BView{in, I, 1}, O, I, N, g_pack, kPackK);
  if (!db) return;
  // db(O) += sum_n dout(n, :), sequential over n
  int o = 0;
  for (; o + 4 <= O; o += 4) {
    v128_t acc = wasm_v128_load(db + o);
    for (int n = 0; n < N; ++n) acc = wasm_f32x4_add(acc, wasm_v128_load(dout + n * O + o));
    wasm_v128_store(db + o, acc);
  }
  for (; o < O; ++o)  // leftovers
    for (int n = 0; n < N; ++n) db[o] += dout[n * O + o];
}

// ---- 1-D primitives ----------------------------------------------------------------------

float dot(const float* a, const float* b, int n) {
  v128_t acc = splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) acc = madd(wasm_v128_load(a + i), wasm_v128_load(b + i), acc);
  float s = hsum(acc);
  for (; i < n; ++i) s += a[i] * b[i];  // leftovers
  return s;
}

void axpy(float* y, float a, const float* x, int n) {
  const v128_t va = splat(a);
  int i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(y + i, madd(va, wasm_v128_load(x + i), wasm_v128_load(y + i)));
  for (; i < n; ++i) y[i] += a * x[i];  // leftovers
}

void softmax(float* p, const float* s, int n) {
  // max (exact in any order)
  v128_t vm = splat(-INFINITY);
  int i = 0;
  for (; i + 4 <= n; i += 4) vm = wasm_f32x4_pmax(vm, wasm_v128_load(s + i));
  float mx = hmax(vm);
  for (; i < n; ++i) mx = s[i] > mx ? s[i] : mx;  // leftovers
  // p = exp(s - max), sum
  const v128_t vmx = splat(mx);
  v128_t vs = splat(0.0f);
  for (i = 0; i + 4 <= n; i += 4) {
    const v128_t e = vexp(wasm_f32x4_sub(wasm_v128_load(s + i), vmx));
    wasm_v128_store(p + i, e);
    vs = wasm_f32x4_add(vs, e);
  }
  float sum = hsum(vs);
  if (i < n) {  // leftovers: the same vector exp on a padded copy
    store_partial(p + i, vexp(wasm_f32x4_sub(load_partial(s + i, n - i), vmx)), n - i);
    for (; i < n; ++i) sum += p[i];
  }
  // p *= 1 / sum
  const float inv = 1.0f / sum;
  const v128_t vinv = splat(inv);
  for (i = 0; i + 4 <= n; i += 4)
    wasm_v128_store(p + i, wasm_f32x4_mul(wasm_v128_load(p + i), vinv));
  for (; i < n; ++i) p[i] *= inv;  // leftovers
}

// ---- attention ---------------------------------------------------------------------------

void attention_fwd(float* out, int out_stride, float* att, const float* q, int q_stride,
                   const float* k, int k_stride, const float* v, int v_stride, int T, int hs,
                   float scale, int causal) {
  if (T * hs > kAttScratch) {  // beyond the scratch: the reference (no allocation)
    ref::attention_fwd(out, out_stride, att, q, q_stride, k, k_stride, v, v_stride, T, hs, scale,
                       causal);
    return;
  }
  transpose_heads(g_kt, k, k_stride, T, hs);  // kt (hs, T): 4 keys per vector
  for (int i = 0; i < T; ++i) {
    float* row = att + i * T;
    const int nk = causal ? i + 1 : T;  // keys this query may see; the rest is never read
    row_times_cols(row, q + i * q_stride, g_kt, T, hs, nk, scale);
    softmax(row, row, nk);
    for (int j = nk; j < T; ++j) row[j] = 0.0f;
    weighted_rows(out + i * out_stride, nullptr, row, v, v_stride, nk, hs);
  }
}

void attention_bwd(float* dq, int dq_stride, float* dk, int dk_stride, float* dv, int dv_stride,
                   const float* dout, int dout_stride, const float* att, const float* q,
                   int q_stride, const float* k, int k_stride, const float* v, int v_stride, int T,
                   int hs, float scale, int causal) {
  if (T * hs > kAttScratch || T * T > kAttScratch || T > kAttCol) {
    ref::attention_bwd(dq, dq_stride, dk, dk_stride, dv, dv_stride, dout, dout_stride, att, q,
                       q_stride, k, k_stride, v, v_stride, T, hs, scale, causal);
    return;
  }
  transpose_heads(g_kt, v, v_stride, T, hs);  // vt (hs, T)
  float* D = g_row;                           // (T, T) d(pre-softmax scores), scaled
  // Rows: datt_ij = dout_i . v_j ;  D_ij = scale a_ij (datt_ij - sum_l a_il datt_il) ;
  //       dq_i += sum_j D_ij k_j
  for (int i = 0; i < T; ++i) {
    const float* a = att + i * T;
    float* d = D + i * T;
    const int nk = causal ? i + 1 : T;
    row_times_cols(d, dout + i * dout_stride, g_kt, T, hs, nk, 1.0f);
    v128_t vs = splat(0.0f);
    int j = 0;
    for (; j + 4 <= nk; j += 4) vs = madd(wasm_v128_load(a + j), wasm_v128_load(d + j), vs);
    float s = hsum(vs);
    for (; j < nk; ++j) s += a[j] * d[j];  // leftovers
    const v128_t vsum = splat(s), vscale = splat(scale);
    for (j = 0; j + 4 <= nk; j += 4) {
      const v128_t t =
          wasm_f32x4_mul(wasm_v128_load(a + j), wasm_f32x4_sub(wasm_v128_load(d + j), vsum));
      wasm_v128_store(d + j, wasm_f32x4_mul(vscale, t));
    }
    for (; j < nk; ++j) d[j] = scale * (a[j] * (d[j] - s));  // leftovers
    weighted_rows(dq + i * dq_stride, dq + i * dq_stride, d, k, k_stride, nk, hs);
  }
  // Columns: key j was seen by queries i0 .. T-1 (i0 = j when causal):
  //       dk_j += sum_i D_ij q_i ;  dv_j += sum_i a_ij dout_i   (sequential over i)
  float* ca = g_col;
  float* cd = g_col + kAttCol;
  for (int j = 0; j < T; ++j) {
    const int i0 = causal ? j : 0, n = T - i0;
    for (int i = i0; i < T; ++i) ca[i - i0] = att[i * T + j], cd[i - i0] = D[i * T + j];
    weighted_rows(dk + j * dk_stride, dk + j * dk_stride, cd, q + i0 * q_stride, q_stride, n, hs);
    weighted_rows(dv + j * dv_stride, dv + j * dv_stride, ca, dout + i0 * dout_stride, dout_stride,
                  n, hs);
  }
}

// ---- layer norm --------------------------------------------------------------------------

void layernorm_fwd(float* out, float* mean, float* rstd, const float* x, const float* g,
                   const float* b, int N, int C, float eps) {
  for (int n = 0; n < N; ++n) {
    const float* xr = x + n * C;
    float* yr = out + n * C;
    v128_t acc = splat(0.0f);
    int c = 0;
    for (; c + 4 <= C; c += 4) acc = wasm_f32x4_add(acc, wasm_v128_load(xr + c));
    float m = hsum(acc);
    for (; c < C; ++c) m += xr[c];  // leftovers
    m /= C;
    const v128_t vm = splat(m);
    acc = splat(0.0f);
    for (c = 0; c + 4 <= C; c += 4) {
      const v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + c), vm);
      acc = madd(d, d, acc);
    }
    float var = hsum(acc);
    for (; c < C; ++c) var += (xr[c] - m) * (xr[c] - m);  // leftovers
    var /= C;
    const float r = 1.0f / std::sqrt(var + eps);
    const v128_t vr = splat(r);
    for (c = 0; c + 4 <= C; c += 4) {
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), vm), vr);
      wasm_v128_store(yr + c, madd(xhat, wasm_v128_load(g + c), wasm_v128_load(b + c)));
    }
    for (; c < C; ++c) yr[c] = (xr[c] - m) * r * g[c] + b[c];  // leftovers
    mean[n] = m;
    rstd[n] = r;
  }
}

void layernorm_bwd(float* dx, float* dg, float* db, const float* dout, const float* x,
                   const float* g, const float* mean, const float* rstd, int N, int C) {
  for (int n = 0; n < N; ++n) {
    const float* xr = x + n * C;
    const float* dr = dout + n * C;
    float* dxr = dx + n * C;
    const float m = mean[n], r = rstd[n];
    const v128_t vm = splat(m), vr = splat(r);
    // xhat = (x - mean) * rstd;  dxhat = dout * g
    // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
    v128_t a_d = splat(0.0f), a_dx = splat(0.0f);
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), vm), vr);
      const v128_t dxhat = wasm_f32x4_mul(wasm_v128_load(dr + c), wasm_v128_load(g + c));
      a_d = wasm_f32x4_add(a_d, dxhat);
      a_dx = madd(dxhat, xhat, a_dx);
    }
    float sum_d = hsum(a_d), sum_dx = hsum(a_dx);
    for (; c < C; ++c) {  // leftovers
      const float xhat = (xr[c] - m) * r;
      const float dxhat = dr[c] * g[c];
      sum_d += dxhat;
      sum_dx += dxhat * xhat;
    }
    sum_d /= C;
    sum_dx /= C;
    const v128_t vsd = splat(sum_d), vsdx = splat(sum_dx);
    for (c = 0; c + 4 <= C; c += 4) {
      const v128_t d = wasm_v128_load(dr + c);
      const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), vm), vr);
      const v128_t dxhat = wasm_f32x4_mul(d, wasm_v128_load(g + c));
      wasm_v128_store(dg + c, madd(d, xhat, wasm_v128_load(dg + c)));
      wasm_v128_store(db + c, wasm_f32x4_add(wasm_v128_load(db + c), d));
      const v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(dxhat, vsd), wasm_f32x4_mul(xhat, vsdx));
      wasm_v128_store(dxr + c, madd(vr, t, wasm_v128_load(dxr + c)));
    }
    for (; c < C; ++c) {  // leftovers
      const float xhat = (xr[c] - m) * r;
      const float dxhat = dr[c] * g[c];
      dg[c] += dr[c] * xhat;
      db[c] += dr[c];
      dxr[c] += r * (dxhat - sum_d - xhat * sum_dx);
    }
  }
}

// ---- GELU (tanh approximation) -----------------------------------------------------------

namespace {
constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2/pi)

inline v128_t gelu_fwd4(v128_t x) {
  // u = sqrt(2/pi) (x + 0.044715 x^3);  out = 0.5 x (1 + tanh u)
  const v128_t x3 = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(splat(0.044715f), x), x), x);
  const v128_t t = vtanh(wasm_f32x4_mul(splat(kGeluC), wasm_f32x4_add(x, x3)));
  return wasm_f32x4_mul(wasm_f32x4_mul(splat(0.5f), x), wasm_f32x4_add(splat(1.0f), t));
}

inline v128_t gelu_grad4(v128_t x) {
  // gelu'(x) = 0.5 (1 + t) + 0.5 x (1 - t^2) du,  du = sqrt(2/pi) (1 + 3 * 0.044715 x^2)
  const v128_t x3 = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(splat(0.044715f), x), x), x);
  const v128_t t = vtanh(wasm_f32x4_mul(splat(kGeluC), wasm_f32x4_add(x, x3)));
  const v128_t x2 = wasm_f32x4_mul(wasm_f32x4_mul(splat(3.0f * 0.044715f), x), x);
  const v128_t du = wasm_f32x4_mul(splat(kGeluC), wasm_f32x4_add(splat(1.0f), x2));
  const v128_t one_t2 = wasm_f32x4_sub(splat(1.0f), wasm_f32x4_mul(t, t));
  const v128_t left = wasm_f32x4_mul(splat(0.5f), wasm_f32x4_add(splat(1.0f), t));
  return madd(wasm_f32x4_mul(wasm_f32x4_mul(splat(0.5f), x), one_t2), du, left);
}
}  // namespace

void gelu_fwd(float* out, const float* x, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, gelu_fwd4(wasm_v128_load(x + i)));
  if (i < n) store_partial(out + i, gelu_fwd4(load_partial(x + i, n - i)), n - i);  // leftovers
}

void gelu_bwd(float* dx, const float* x, const float* dout, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t d = wasm_f32x4_mul(wasm_v128_load(dout + i), gelu_grad4(wasm_v128_load(x + i)));
    wasm_v128_store(dx + i, wasm_f32x4_add(wasm_v128_load(dx + i), d));
  }
  if (i < n) {  // leftovers: the same vector code on padded copies
    const v128_t d =
        wasm_f32x4_mul(load_partial(dout + i, n - i), gelu_grad4(load_partial(x + i, n - i)));
    store_partial(dx + i, wasm_f32x4_add(load_partial(dx + i, n - i), d), n - i);
  }
}

// ---- AdamW -------------------------------------------------------------------------------

void adamw(float* p, float* m, float* v, const float* g, int n, float lr, float beta1, float beta2,
           float eps, float wd, float bc1, float bc2) {
  const v128_t b1 = splat(beta1), b2 = splat(beta2), c1 = splat(1.0f - beta1),
               c2 = splat(1.0f - beta2), vbc1 = splat(bc1), vbc2 = splat(bc2), vlr = splat(lr),
               veps = splat(eps), vwd = splat(wd);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t gi = wasm_v128_load(g + i);
    const v128_t mi = madd(b1, wasm_v128_load(m + i), wasm_f32x4_mul(c1, gi));
    const v128_t vi = madd(b2, wasm_v128_load(v + i), wasm_f32x4_mul(wasm_f32x4_mul(c2, gi), gi));
    wasm_v128_store(m + i, mi);
    wasm_v128_store(v + i, vi);
    const v128_t mhat = wasm_f32x4_div(mi, vbc1);
    const v128_t vhat = wasm_f32x4_div(vi, vbc2);
    const v128_t pi = wasm_v128_load(p + i);
    // p -= lr * (mhat / (sqrt(vhat) + eps) + wd * p)
    const v128_t step = wasm_f32x4_add(
        wasm_f32x4_div(mhat, wasm_f32x4_add(wasm_f32x4_sqrt(vhat), veps)), wasm_f32x4_mul(vwd, pi));
    wasm_v128_store(p + i, wasm_f32x4_sub(pi, wasm_f32x4_mul(vlr, step)));
  }
  for (; i < n; ++i) {  // leftovers
    m[i] = beta1 * m[i] + (1.0f - beta1) * g[i];
    v[i] = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
    const float mhat = m[i] / bc1;
    const float vhat = v[i] / bc2;
    p[i] -= lr * (mhat / (std::sqrt(vhat) + eps) + wd * p[i]);
  }
}

}  // namespace er::k
