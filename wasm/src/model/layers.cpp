#include "layers.h"

#include <cmath>
#include <cstring>

#include "../kernels/kernels.h"

namespace er {

void embedding_forward(float* out, const int* idx, const float* wte, int N, int C) {
  for (int n = 0; n < N; ++n) std::memcpy(out + size_t(n) * C, wte + size_t(idx[n]) * C, C * 4);
}

void embedding_backward(float* dwte, const float* dout, const int* idx, int N, int C) {
  // out[n] = wte[idx[n]]  ->  dwte[idx[n]] += dout[n]
  for (int n = 0; n < N; ++n) k::axpy(dwte + size_t(idx[n]) * C, 1.0f, dout + size_t(n) * C, C);
}

void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* w,
                       const float* b, int N, int C) {
  k::layernorm_fwd(out, mean, rstd, inp, w, b, N, C, 1e-5f);
}

void layernorm_backward(float* dinp, float* dw, float* db, const float* dout, const float* inp,
                        const float* w, const float* mean, const float* rstd, int N, int C) {
  k::layernorm_bwd(dinp, dw, db, dout, inp, w, mean, rstd, N, C);
}

void matmul_forward(float* out, const float* inp, const float* w, const float* b, int N, int I,
                    int O) {
  k::linear_fwd(out, inp, w, b, N, I, O);
}

void matmul_backward(float* dinp, float* dw, float* db, const float* dout, const float* inp,
                     const float* w, int N, int I, int O) {
  // out = inp @ w^T + b  ->  dinp += dout @ w;  dw += dout^T @ inp;  db += sum_n dout
  if (dinp) k::linear_bwd_input(dinp, dout, w, N, I, O);
  k::linear_bwd_weight(dw, db, dout, inp, N, I, O);
}

void rope_tables(float* cos, float* sin, int T, int hs) {
  const int half = hs / 2;
  for (int t = 0; t < T; ++t)
    for (int i = 0; i < half; ++i) {
      // computed in double and rounded once, so the table does not depend on the libm's float
      const double angle = t * std::pow(10000.0, -2.0 * i / hs);
      cos[t * half + i] = float(std::cos(angle));
      sin[t * half + i] = float(std::sin(angle));
    }
}

namespace {
// Rotates one head vector x (hs) by the angles of position `pos`; sign = -1 rotates back.
inline void rotate_half(float* x, const float* cos, const float* sin, int pos, int hs, float sign) {
  const int half = hs / 2;
  const float* c = cos + pos * half;
  const float* s = sin + pos * half;
  for (int i = 0; i < half; ++i) {
    const float x1 = x[i], x2 = x[i + half], si = sign * s[i];
    x[i] = x1 * c[i] - x2 * si;         // [x1, x2] -> [x1 cos - x2 sin,
    x[i + half] = x2 * c[i] + x1 * si;  //              x2 cos + x1 sin]
  }
}

void rope_apply(float* qkv, const float* cos, const float* sin, int B, int T, int C, int H,
                int pos0, float sign) {
  const int hs = C / H;
  for (int bt = 0; bt < B * T; ++bt) {
    const int pos = pos0 + bt % T;
    float* row = qkv + size_t(bt) * 3 * C;  // [q (C) | k (C) | v (C)]
    for (int h = 0; h < H; ++h) {
      rotate_half(row + h * hs, cos, sin, pos, hs, sign);      // q
      rotate_half(row + C + h * hs, cos, sin, pos, hs, sign);  // k
    }
  }
}
}  // namespace

void rope_forward(float* qkv, const float* cos, const float* sin, int B, int T, int C, int H,
                  int pos0) {
  rope_apply(qkv, cos, sin, B, T, C, H, pos0, 1.0f);
}

void rope_backward(float* dqkv, const float* cos, const float* sin, int B, int T, int C, int H) {
  // q' = R q with R orthogonal  ->  dq = R^T dq' (the rotation by -angle)
  rope_apply(dqkv, cos, sin, B, T, C, H, 0, -1.0f);
}

void attention_row(float* out, float* w, float* p, const float* q, const float* k, int k_stride,
                   const float* v, int v_stride, const float* mrow, MaskAt at, int nk, int hs,
                   float scale) {
  for (int j = 0; j < nk; ++j) p[j] = k::dot(q, k + size_t(j) * k_stride, hs) * scale;
  if (mrow && at == MaskAt::multiply) {  // WRONG repair: a hidden score becomes 0, still counted
    for (int j = 0; j < nk; ++j) p[j] *= mrow[j];
    mrow = nullptr;  // nothing is added or zeroed below
  }
  const bool post_softmax = at == MaskAt::post;
  // BREAK(post-softmax-mask) begin
  if (mrow && !post_softmax)  // healthy: mask the scores, so the future gets exp(-1e9) = 0 ...
    for (int j = 0; j < nk; ++j) p[j] += mrow[j];
  k::softmax(p, p, nk);  // ... and the normalisation only counts visible keys
  for (int j = 0; j < nk; ++j) w[j] = p[j];
  if (mrow && post_softmax)  // BUG: mask after the softmax; the future already took its share
    for (int j = 0; j < nk; ++j) w[j] = mrow[j] == 0.0f ? p[j] : 0.0f;
  // BREAK(post-softmax-mask) end
  for (int d = 0; d < hs; ++d) out[d] = 0.0f;
  for (int j = 0; j < nk; ++j)  // exact zeros are skipped: they would add exactly 0
    if (w[j] != 0.0f) k::axpy(out, w[j], v + size_t(j) * v_stride, hs);
}

AttnPath attention_path(const float* M, int m_stride, MaskAt at, int T) {
  if (at != MaskAt::pre) return M ? AttnPath::rows : AttnPath::kernel_full;
  if (!M) return AttnPath::kernel_full;
  bool causal = true, zero = true;
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) {
      const float m = M[size_t(i) * m_stride + j];
      causal = causal && m == (j <= i ? 0.0f : kMaskNeg);
      zero = zero && m == 0.0f;
    }
  return causal ? AttnPath::kernel_causal : zero ? AttnPath::kernel_full : AttnPath::rows;
}

void attention_forward(float* out, float* att, float* attsm, const float* qkv, const float* M,
                       int m_stride, MaskAt at, AttnPath path, int B, int T, int C, int H) {
  const int C3 = 3 * C, hs = C / H;
  const float scale = 1.0f / std::sqrt(float(hs));
  if (path != AttnPath::rows) {
    const int causal = path == AttnPath::kernel_causal ? 1 : 0;
    for (int b = 0; b < B; ++b)
      for (int h = 0; h < H; ++h) {
        const float* q = qkv + size_t(b) * T * C3 + h * hs;  // (T, hs), row stride 3C
        k::attention_fwd(out + size_t(b) * T * C + h * hs, C, att + size_t(b * H + h) * T * T, q,
                         C3, q + C, C3, q + 2 * C, C3, T, hs, scale, causal);
      }
    return;
  }
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h) {
      const float* kh = qkv + size_t(b) * T * C3 + C + h * hs;  // key of time 0, stride 3C
      const float* vh = kh + C;
      for (int i = 0; i < T; ++i) {
        const size_t r = (size_t(b * H + h) * T + i) * T;  // row i of (b, h) in (B, H, T, T)
        attention_row(out + size_t(b * T + i) * C + h * hs, att + r, attsm + r,
                      qkv + size_t(b * T + i) * C3 + h * hs, kh, C3, vh, C3,
                      M ? M + size_t(i) * m_stride : nullptr, at, T, hs, scale);
      }
    }
}

void attention_backward(float* dqkv, float* drow, const float* dout, const float* qkv,
                        const float* att, const float* attsm, const float* M, int m_stride,
                        MaskAt at, AttnPath path, int B, int T, int C, int H) {
  const int C3 = 3 * C, hs = C / H;
  const float scale = 1.0f / std::sqrt(float(hs));
  if (path != AttnPath::rows) {
    const int causal = path == AttnPath::kernel_causal ? 1 : 0;
    for (int b = 0; b < B; ++b)
      for (int h = 0; h < H; ++h) {
        const size_t o = size_t(b) * T * C3 + h * hs;  // q of (b, h) at time 0; k at +C, v at +2C
        k::attention_bwd(dqkv + o, C3, dqkv + o + C, C3, dqkv + o + 2 * C, C3,
                         dout + size_t(b) * T * C + h * hs, C, att + size_t(b * H + h) * T * T,
                         qkv + o, C3, qkv + o + C, C3, qkv + o + 2 * C, C3, T, hs, scale, causal);
      }
    return;
  }
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h) {
      const float* kh = qkv + size_t(b) * T * C3 + C + h * hs;
      const float* vh = kh + C;
      float* dkh = dqkv + size_t(b) * T * C3 + C + h * hs;
      float* dvh = dkh + C;
      for (int i = 0; i < T; ++i) {
        const size_t r = (size_t(b * H + h) * T + i) * T;
        const float* w = att + r;  // weights that mixed the values
        const float* p = attsm + r;  // softmax output
        const float* q = qkv + size_t(b * T + i) * C3 + h * hs;
        float* dq = dqkv + size_t(b * T + i) * C3 + h * hs;
        const float* dy = dout + size_t(b * T + i) * C + h * hs;
        const float* mul = M && at == MaskAt::multiply ? M + size_t(i) * m_stride : nullptr;
        // out_i = sum_j w_j v_j  ->  dw_j = dout_i . v_j;  dv_j += w_j dout_i
        // w_j = p_j keep_j       ->  dp_j = dw_j keep_j (keep_j = 0 exactly where w_j = 0
        //                            although p_j > 0; where p_j = 0 too, dp_j never matters)
        for (int j = 0; j < T; ++j) {
          if (w[j] == 0.0f) {
            drow[j] = 0.0f;
            continue;
          }
          drow[j] = k::dot(dy, vh + size_t(j) * C3, hs);
          k::axpy(dvh + size_t(j) * C3, w[j], dy, hs);
        }
        // p = softmax(s)  ->  ds_j = p_j (dp_j - sum_k p_k dp_k)
        const float pdp = k::dot(p, drow, T);
        // s_j = q . k_j * scale + M_j  ->  dq += scale ds_j k_j;  dk_j += scale ds_j q
        // (multiplied: s_j = q . k_j * scale * M_j, so ds_j also carries the factor M_j)
        for (int j = 0; j < T; ++j) {
          const float ds = p[j] * (drow[j] - pdp) * (mul ? mul[j] : 1.0f);
          if (ds == 0.0f) continue;
          k::axpy(dq, ds * scale, kh + size_t(j) * C3, hs);
          k::axpy(dkh + size_t(j) * C3, ds * scale, q, hs);
        }
      }
    }
}

void gelu_forward(float* out, const float* inp, int n) { k::gelu_fwd(out, inp, n); }

void gelu_backward(float* dinp, const float* inp, const float* dout, int n) {
  k::gelu_bwd(dinp, inp, dout, n);
}

void residual_forward(float* out, const float* a, const float* b, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] + b[i];
}

double crossentropy_forward(float* losses, float* probs, const float* logits, const int* targets,
                            int N, int V) {
  double total = 0.0;
  for (int n = 0; n < N; ++n) {
    const float* l = logits + size_t(n) * V;
    float* p = probs + size_t(n) * V;
    k::softmax(p, l, V);  // the vectorised kernel: one exp per logit is most of this layer
    const float pt = p[targets[n]];
    if (pt > 1e-30f) {
      losses[n] = -std::log(pt);
    } else {  // the target's probability underflowed: logsumexp - logit[target] stays finite
      float mx = l[0];
      for (int v = 1; v < V; ++v) mx = l[v] > mx ? l[v] : mx;
      double sum = 0.0;
      for (int v = 0; v < V; ++v) sum += std::exp(double(l[v]) - mx);
      losses[n] = float(mx + std::log(sum) - l[targets[n]]);
    }
    total += losses[n];
  }
  return total / N;
}

void crossentropy_backward(float* dlogits, const float* probs, const int* targets, int N, int V,
                           float scale) {
  // loss_n = logsumexp(l_n) - l_n[y]  ->  dl_n = softmax(l_n) - onehot(y)
  for (int n = 0; n < N; ++n) {
    float* d = dlogits + size_t(n) * V;
    const float* p = probs + size_t(n) * V;
    for (int v = 0; v < V; ++v) d[v] += p[v] * scale;
    d[targets[n]] -= scale;
  }
}

}  // namespace er
