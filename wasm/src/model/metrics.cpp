#include "metrics.h"

#include <algorithm>
#include <cmath>

#include "../core/rng.h"
#include "../kernels/kernels.h"

namespace er {

double rms(const float* x, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += double(x[i]) * x[i];
  return n ? std::sqrt(s / n) : 0.0;
}

void activation_rms(const Gpt& g, std::vector<double>* out) {
  const size_t n = size_t(g.last_B()) * g.last_T() * g.dims().C;
  out->resize(g.dims().L + 1);
  for (int l = 0; l < g.dims().L; ++l) (*out)[l] = rms(g.block_out(l), n);
  (*out)[g.dims().L] = rms(g.lnf_out(), n);
}

SpectralTracker::SpectralTracker(const Gpt& g, unsigned long long seed) {
  Rng rng(seed);
  for (const TensorInfo& t : g.layout()) {
    if (!t.matrix) continue;
    Mat m{t.name, t.offset, t.shape[0], t.shape[1], std::vector<float>(t.shape[0]),
          std::vector<float>(t.shape[1])};
    for (auto& x : m.u) x = rng.normal();
    mats_.push_back(std::move(m));
  }
}

void SpectralTracker::update(const float* params, int iters) {
  for (Mat& m : mats_) {
    const float* W = params + m.offset;  // (rows, cols)
    for (int it = 0; it < iters; ++it) {
      // v = W^T u / |W^T u|
      std::fill(m.v.begin(), m.v.end(), 0.0f);
      for (int r = 0; r < m.rows; ++r) k::axpy(m.v.data(), m.u[r], W + size_t(r) * m.cols, m.cols);
      const double nv = rms(m.v.data(), m.cols) * std::sqrt(double(m.cols));
      if (!(nv > 0) || !std::isfinite(nv)) {  // zero or non-finite weights: nothing to track
        m.sigma = nv > 0 ? nv : 0.0;
        break;
      }
      for (auto& x : m.v) x = float(x / nv);
      // u = W v;  sigma = |W v|  (|v| = 1, so this is the Rayleigh estimate of s_max)
      for (int r = 0; r < m.rows; ++r) m.u[r] = k::dot(W + size_t(r) * m.cols, m.v.data(), m.cols);
      m.sigma = rms(m.u.data(), m.rows) * std::sqrt(double(m.rows));
      if (m.sigma > 0 && std::isfinite(m.sigma))
        for (auto& x : m.u) x = float(x / m.sigma);
    }
  }
}

void head_contributions(const Gpt& g, std::vector<double>* out, std::vector<float>* S) {
  const ModelDims& d = g.dims();
  const int C = d.C, H = d.H, hs = C / H, N = g.last_B() * g.last_T();
  out->assign(size_t(d.L) * H, 0.0);
  S->resize(size_t(2) * C * C);
  float *YY = S->data(), *WW = S->data() + size_t(C) * C;
  for (int l = 0; l < d.L; ++l) {
    const float* W = g.p().h[l].projw;  // (C, C): column block h belongs to head h
    const float* Y = g.atty(l);         // (N, C): head h's output in columns [h*hs, (h+1)*hs)
    // sum_n |W_h y_n|^2 = sum_ab (W_h^T W_h)_ab (Y_h^T Y_h)_ab, and both Gram matrices are
    // diagonal blocks of W^T W and Y^T Y (C, C): two GEMMs instead of a quadratic form per row
    // (which took 5% of a training step).
    std::fill(S->begin(), S->end(), 0.0f);
    k::linear_bwd_weight(YY, nullptr, Y, Y, N, C, C);
    k::linear_bwd_weight(WW, nullptr, W, W, C, C, C);
    for (int h = 0; h < H; ++h) {
      double total = 0;
      for (int a = h * hs; a < (h + 1) * hs; ++a)
        for (int b = h * hs; b < (h + 1) * hs; ++b) total += double(WW[size_t(a) * C + b]) * YY[size_t(a) * C + b];
      (*out)[l * H + h] = std::sqrt(std::max(0.0, total) / (double(N) * C));
    }
  }
}

int count_dead_heads(const std::vector<double>& c, int L, int H) {
  int dead = 0;
  for (int l = 0; l < L; ++l) {
    double mx = 0;
    for (int h = 0; h < H; ++h) mx = std::max(mx, c[l * H + h]);
    for (int h = 0; h < H; ++h)
      if (!(c[l * H + h] >= kDeadFraction * mx)) ++dead;  // NaN counts as dead
  }
  return dead;
}

}  // namespace er
