#include "masked_forward.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "../core/realmasks.h"
#include "layers.h"

namespace er {

ModelDims realmask_dims() {
  ModelDims d;
  d.V = 24, d.T = 16, d.C = 32, d.L = 2, d.H = 4;
  return d;
}

MaskedRunner::MaskedRunner(const Gpt& g, bool zero_empty_rows)
    : g_(g), zero_empty_(zero_empty_rows), Tmax_(g.dims().T) {
  const ModelDims& d = g.dims();
  const size_t T = Tmax_, C = d.C, hs = d.C / d.H;
  k_.assign(size_t(d.L) * d.H * T * hs, 0.0f);
  v_.assign(k_.size(), 0.0f);
  for (auto* b : {&x_, &ln_, &atty_, &y_}) b->assign(T * C, 0.0f);
  qkv_.assign(T * 3 * C, 0.0f);
  fch_.assign(T * 4 * C, 0.0f);
  fchg_.assign(T * 4 * C, 0.0f);
  mean_.assign(T, 0.0f);
  rstd_.assign(T, 0.0f);
  w_.assign(T, 0.0f);
  p_.assign(T, 0.0f);
  cos_.resize(T * hs / 2);
  sin_.resize(T * hs / 2);
  rope_tables(cos_.data(), sin_.data(), Tmax_, int(hs));
}

bool MaskedRunner::append(const int* tokens, const int* pos, int n, const float* mask,
                          float* logits) {
  if (n < 1 || len_ + n > Tmax_) return false;
  const ModelDims& d = g_.dims();
  const int C = d.C, H = d.H, L = d.L, hs = C / H, K = len_ + n;
  const float scale = 1.0f / std::sqrt(float(hs));
  const ParamViews& P = g_.p();
  float* x = x_.data();  // (n, C) residual stream of the new rows
  for (int t = 0; t < n; ++t) std::memcpy(x + size_t(t) * C, P.wte + size_t(tokens[t]) * C, C * 4);
  for (int l = 0; l < L; ++l) {
    const BlockParams& w = P.h[l];
    layernorm_forward(ln_.data(), mean_.data(), rstd_.data(), x, w.ln1w, w.ln1b, n, C);
    matmul_forward(qkv_.data(), ln_.data(), w.qkvw, w.qkvb, n, C, 3 * C);
    for (int t = 0; t < n; ++t)  // each row rotates by its own position
      rope_forward(qkv_.data() + size_t(t) * 3 * C, cos_.data(), sin_.data(), 1, 1, C, H, pos[t]);
    // every new key and value enters the cache before any new query reads it: a chunk's mask
    // decides which of them a row may see
    for (int t = 0; t < n; ++t)
      for (int h = 0; h < H; ++h) {
        const size_t at = ((size_t(l) * H + h) * Tmax_ + len_ + t) * hs;
        std::memcpy(&k_[at], &qkv_[size_t(t) * 3 * C + C + h * hs], hs * 4);
        std::memcpy(&v_[at], &qkv_[size_t(t) * 3 * C + 2 * C + h * hs], hs * 4);
      }
    for (int t = 0; t < n; ++t) {
      const float* mrow = mask + size_t(t) * K;
      int lo = 0, hi = -1;  // first and last visible key
      for (int j = 0; j < K; ++j)
        if (mrow[j] > kHiddenBelow) {
          if (hi < 0) lo = j;
          hi = j;
        }
      const bool empty = hi < 0;
      if (empty && zero_empty_) {  // production: a query with nothing to read outputs 0
        std::fill(atty_.begin() + size_t(t) * C, atty_.begin() + size_t(t + 1) * C, 0.0f);
        continue;
      }
      if (empty) lo = 0, hi = K - 1;  // float32 decides: every key, every one hidden
      for (int h = 0; h < H; ++h) {
        const size_t at = (size_t(l) * H + h) * Tmax_ * hs + size_t(lo) * hs;
        attention_row(atty_.data() + size_t(t) * C + h * hs, w_.data(), p_.data(),
                      qkv_.data() + size_t(t) * 3 * C + h * hs, &k_[at], hs, &v_[at], hs,
                      mrow + lo, MaskAt::pre, hi - lo + 1, hs, scale);
      }
    }
    matmul_forward(y_.data(), atty_.data(), w.projw, w.projb, n, C, C);
    residual_forward(x, x, y_.data(), n * C);
    layernorm_forward(ln_.data(), mean_.data(), rstd_.data(), x, w.ln2w, w.ln2b, n, C);
    matmul_forward(fch_.data(), ln_.data(), w.fcw, w.fcb, n, C, 4 * C);
    gelu_forward(fchg_.data(), fch_.data(), n * 4 * C);
    matmul_forward(y_.data(), fchg_.data(), w.fcpw, w.fcpb, n, 4 * C, C);
    residual_forward(x, x, y_.data(), n * C);
  }
  layernorm_forward(ln_.data(), mean_.data(), rstd_.data(), x, P.lnfw, P.lnfb, n, C);
  matmul_forward(logits, ln_.data(), P.wte, nullptr, n, C, d.V);
  len_ = K;
  return true;
}

std::vector<float> masked_logits(const Gpt& g, const std::vector<int>& tokens,
                                 const std::vector<float>& mask, const std::vector<int>& pos,
                                 bool zero_empty_rows) {
  const int T = int(tokens.size());
  MaskedRunner r(g, zero_empty_rows);
  std::vector<float> logits(size_t(T) * g.dims().V);
  r.append(tokens.data(), pos.data(), T, mask.data(), logits.data());
  return logits;
}

std::vector<float> chunk_logits(const Gpt& g, const std::vector<int>& tokens, int P, int offset) {
  const int K = int(tokens.size()), Q = K - P, V = g.dims().V;
  MaskedRunner r(g);
  std::vector<int> pos(K);
  for (int t = 0; t < K; ++t) pos[t] = t;
  std::vector<float> logits(size_t(std::max(P, Q)) * V);
  if (P > 0) {  // prefill: the ordinary causal triangle over the first P tokens
    MaskRule rule;
    rule.T = P;
    const auto m = encode_mask(allowed_matrix(rule), MaskConvention::additive, MaskFill::finite);
    r.append(tokens.data(), pos.data(), P, m.data(), logits.data());
  }
  const auto cm = encode_mask(chunk_allowed(P, Q, offset), MaskConvention::additive,
                              MaskFill::finite);
  r.append(tokens.data() + P, pos.data() + P, Q, cm.data(), logits.data());
  logits.resize(size_t(Q) * V);
  return logits;
}

double masked_loss(const std::vector<float>& logits, const std::vector<int>& targets, int V,
                   std::vector<float>* row_loss) {
  const int N = int(targets.size());
  if (row_loss) row_loss->assign(N, 0.0f);
  double sum = 0.0;
  int kept = 0;
  for (int i = 0; i < N; ++i) {
    if (targets[i] < 0) continue;  // ignore_index: a pad has nothing to predict
    const float* z = &logits[size_t(i) * V];
    float mx = z[0];
    for (int c = 1; c < V; ++c) mx = z[c] > mx ? z[c] : mx;
    double s = 0.0;
    for (int c = 0; c < V; ++c) s += std::exp(double(z[c]) - mx);
    const double li = std::log(s) + mx - z[targets[i]];  // logsumexp - logit[target]
    if (row_loss) (*row_loss)[i] = float(li);
    sum += li;
    ++kept;
  }
  return kept ? sum / kept : 0.0;
}

}  // namespace er
