// Scalar reference kernels: the plainest correct loops, used as the oracle in tests
// and as the fallback wherever a build has no faster path.
#include <cmath>

#include "kernels.h"

namespace er::ref {

void linear_fwd(float* out, const float* in, const float* w, const float* b, int N, int I,
                int O) {
  for (int n = 0; n < N; ++n)
    for (int o = 0; o < O; ++o) {
      float acc = b ? b[o] : 0.0f;
      for (int i = 0; i < I; ++i) acc += in[n * I + i] * w[o * I + i];
      out[n * O + o] = acc;
    }
}

void linear_bwd_input(float* din, const float* dout, const float* w, int N, int I, int O) {
  for (int n = 0; n < N; ++n)
    for (int o = 0; o < O; ++o) {
      const float d = dout[n * O + o];
      for (int i = 0; i < I; ++i) din[n * I + i] += d * w[o * I + i];
    }
}

void linear_bwd_weight(float* dw, float* db, const float* dout, const float* in, int N, int I,
                       int O) {
  for (int n = 0; n < N; ++n)
    for (int o = 0; o < O; ++o) {
      const float d = dout[n * O + o];
      for (int i = 0; i < I; ++i) dw[o * I + i] += d * in[n * I + i];
      if (db) db[o] += d;
    }
}

float dot(const float* a, const float* b, int n) {
  float acc = 0.0f;
  for (int i = 0; i < n; ++i) acc += a[i] * b[i];
  return acc;
}

void axpy(float* y, float a, const float* x, int n) {
  for (int i = 0; i < n; ++i) y[i] += a * x[i];
}

void softmax(float* p, const float* s, int n) {
  float mx = s[0];
  for (int i = 1; i < n; ++i) mx = s[i] > mx ? s[i] : mx;
  float sum = 0.0f;
  for (int i = 0; i < n; ++i) {
    p[i] = std::exp(s[i] - mx);
    sum += p[i];
  }
  const float inv = 1.0f / sum;
  for (int i = 0; i < n; ++i) p[i] *= inv;
}

void attention_fwd(float* out, int out_stride, float* att, const float* q, int q_stride,
                   const float* k, int k_stride, const float* v, int v_stride, int T, int hs,
                   float scale, int causal) {
  for (int i = 0; i < T; ++i) {
    float* row = att + i * T;
    const int nk = causal ? i + 1 : T;  // keys this query may see
    for (int j = 0; j < nk; ++j) row[j] = dot(q + i * q_stride, k + j * k_stride, hs) * scale;
    softmax(row, row, nk);
    for (int j = nk; j < T; ++j) row[j] = 0.0f;
    float* o = out + i * out_stride;
    for (int d = 0; d < hs; ++d) o[d] = 0.0f;
    for (int j = 0; j < nk; ++j) axpy(o, row[j], v + j * v_stride, hs);
  }
}

void attention_bwd(float* dq, int dq_stride, float* dk, int dk_stride, float* dv, int dv_stride,
                   const float* dout, int dout_stride, const float* att, const float* q,
                   int q_stride, const float* k, int k_stride, const float* v, int v_stride,
                   int T, int hs, float scale, int causal) {
  for (int i = 0; i < T; ++i) {
    const float* a = att + i * T;
    const float* dout_i = dout + i * dout_stride;
    const int nk = causal ? i + 1 : T;
    // forward: out_i = sum_j a_ij v_j,  a_i = softmax(scale * q_i . k_j)
    // datt_ij = dout_i . v_j ;  dpre_ij = a_ij (datt_ij - sum_l a_il datt_il)
    float s = 0.0f;
    for (int j = 0; j < nk; ++j) s += a[j] * dot(dout_i, v + j * v_stride, hs);
    for (int j = 0; j < nk; ++j) {
      const float dpre = scale * (a[j] * (dot(dout_i, v + j * v_stride, hs) - s));
      axpy(dq + i * dq_stride, dpre, k + j * k_stride, hs);  // dq_i += dpre_ij k_j
      axpy(dk + j * dk_stride, dpre, q + i * q_stride, hs);  // dk_j += dpre_ij q_i
      axpy(dv + j * dv_stride, a[j], dout_i, hs);            // dv_j += a_ij dout_i
    }
  }
}

void layernorm_fwd(float* out, float* mean, float* rstd, const float* x, const float* g,
                   const float* b, int N, int C, float eps) {
  for (int n = 0; n < N; ++n) {
    const float* xr = x + n * C;
    float m = 0.0f;
    for (int c = 0; c < C; ++c) m += xr[c];
    m /= C;
    float var = 0.0f;
    for (int c = 0; c < C; ++c) var += (xr[c] - m) * (xr[c] - m);
    var /= C;
    const float r = 1.0f / std::sqrt(var + eps);
    for (int c = 0; c < C; ++c) out[n * C + c] = (xr[c] - m) * r * g[c] + b[c];
    mean[n] = m;
    rstd[n] = r;
  }
}

void layernorm_bwd(float* dx, float* dg, float* db, const float* dout, const float* x,
                   const float* g, const float* mean, const float* rstd, int N, int C) {
  for (int n = 0; n < N; ++n) {
    const float* xr = x + n * C;
    const float* dr = dout + n * C;
    // xhat = (x - mean) * rstd;  dxhat = dout * g
    // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
    float sum_d = 0.0f, sum_dx = 0.0f;
    for (int c = 0; c < C; ++c) {
      const float xhat = (xr[c] - mean[n]) * rstd[n];
      const float dxhat = dr[c] * g[c];
      sum_d += dxhat;
      sum_dx += dxhat * xhat;
    }
    sum_d /= C;
    sum_dx /= C;
    for (int c = 0; c < C; ++c) {
      const float xhat = (xr[c] - mean[n]) * rstd[n];
      const float dxhat = dr[c] * g[c];
      dg[c] += dr[c] * xhat;
      db[c] += dr[c];
      dx[n * C + c] += rstd[n] * (dxhat - sum_d - xhat * sum_dx);
    }
  }
}

namespace {
constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2/pi)
}

void gelu_fwd(float* out, const float* x, int n) {
  for (int i = 0; i < n; ++i) {
    const float u = kGeluC * (x[i] + 0.044715f * x[i] * x[i] * x[i]);
    out[i] = 0.5f * x[i] * (1.0f + std::tanh(u));
  }
}

void gelu_bwd(float* dx, const float* x, const float* dout, int n) {
  for (int i = 0; i < n; ++i) {
    const float xi = x[i];
    const float u = kGeluC * (xi + 0.044715f * xi * xi * xi);
    const float t = std::tanh(u);
    const float du = kGeluC * (1.0f + 3.0f * 0.044715f * xi * xi);
    dx[i] += dout[i] * (0.5f * (1.0f + t) + 0.5f * xi * (1.0f - t * t) * du);
  }
}

void adamw(float* p, float* m, float* v, const float* g, int n, float lr, float beta1,
           float beta2, float eps, float wd, float bc1, float bc2) {
  for (int i = 0; i < n; ++i) {
    m[i] = beta1 * m[i] + (1.0f - beta1) * g[i];
    v[i] = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
    const float mhat = m[i] / bc1;
    const float vhat = v[i] / bc2;
    p[i] -= lr * (mhat / (std::sqrt(vhat) + eps) + wd * p[i]);
  }
}

}  // namespace er::ref
