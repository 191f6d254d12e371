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

namespace {
// Adds the diagonal (hs, hs) blocks of Y^T Y (Y: (N, C), head h in columns [h*hs, (h+1)*hs))
// to yy (H, hs, hs), in double. One GEMM for all heads; G is (C, C) scratch.
void add_gram_blocks(double* yy, const float* Y, int N, int C, int H, float* G) {
  const int hs = C / H;
  std::fill(G, G + size_t(C) * C, 0.0f);
  k::linear_bwd_weight(G, nullptr, Y, Y, N, C, C);
  for (int h = 0; h < H; ++h)
    for (int a = 0; a < hs; ++a)
      for (int b = 0; b < hs; ++b)
        yy[(size_t(h) * hs + a) * hs + b] += G[size_t(h * hs + a) * C + h * hs + b];
}

// Adds the normalised entropies of head h's query rows in windows [0, B) of att (B, H, T, T)
// to *sum, and the number of rows counted to *rows.
void add_entropy(double* sum, double* rows, const float* att, int B, int H, int T, int h) {
  for (int b = 0; b < B; ++b)
    for (int i = 0; i < T; ++i) {
      const float* w = att + ((size_t(b) * H + h) * T + i) * T;  // (T) one query row
      // entropy of the row normalised to sum 1 (post-softmax-mask rows sum to less)
      double mass = 0, e = 0;
      int nz = 0;
      for (int j = 0; j < T; ++j) mass += w[j];
      for (int j = 0; j < T; ++j)
        if (w[j] > 0.0f) {
          const double q = w[j] / mass;
          e -= q * std::log(q);
          ++nz;
        }
      if (nz < 2) continue;  // one visible key: nothing to choose, not evidence either way
      *sum += e / std::log(double(nz));
      *rows += 1;
    }
}

// contribution of each head of each block from the yy blocks (L, H, hs, hs) of N rows:
// sum_n |W_h y_n|^2 = sum_ab (W_h^T W_h)_ab (Y_h^T Y_h)_ab, and W_h^T W_h is a diagonal block
// of W^T W (one GEMM instead of a quadratic form per row, which took 5% of a step).
void contributions(const Gpt& g, const double* yy, int N, float* WW, std::vector<double>* out) {
  const ModelDims& d = g.dims();
  const int C = d.C, H = d.H, hs = C / H;
  out->assign(size_t(d.L) * H, 0.0);
  for (int l = 0; l < d.L; ++l) {
    const float* W = g.p().h[l].projw;  // (C, C): column block h belongs to head h
    std::fill(WW, WW + size_t(C) * C, 0.0f);
    k::linear_bwd_weight(WW, nullptr, W, W, C, C, C);
    for (int h = 0; h < H; ++h) {
      const double* Y = yy + (size_t(l) * H + h) * hs * hs;
      double total = 0;
      for (int a = 0; a < hs; ++a)
        for (int b = 0; b < hs; ++b) total += double(WW[size_t(h * hs + a) * C + h * hs + b]) * Y[a * hs + b];
      (*out)[l * H + h] = std::sqrt(std::max(0.0, total) / (double(N) * C));
    }
  }
}
}  // namespace

void head_contributions(const Gpt& g, std::vector<double>* out, std::vector<float>* S) {
  const ModelDims& d = g.dims();
  const int C = d.C, H = d.H, hs = C / H, N = g.last_B() * g.last_T();
  S->resize(size_t(C) * C);
  std::vector<double> yy(size_t(d.L) * H * hs * hs, 0.0);
  for (int l = 0; l < d.L; ++l) add_gram_blocks(yy.data() + size_t(l) * H * hs * hs, g.atty(l), N, C, H, S->data());
  contributions(g, yy.data(), N, S->data(), out);
}

void head_entropy(const Gpt& g, int max_windows, std::vector<double>* out) {
  const ModelDims& d = g.dims();
  out->assign(size_t(d.L) * d.H, 0.0);
  for (int l = 0; l < d.L; ++l)
    for (int h = 0; h < d.H; ++h) {
      double sum = 0, rows = 0;
      add_entropy(&sum, &rows, g.att(l), std::min(g.last_B(), max_windows), d.H, g.last_T(), h);
      (*out)[l * d.H + h] = rows ? sum / rows : 0.0;
    }
}

size_t step_stats_size(const ModelDims& d) {
  const size_t LH = size_t(d.L) * d.H, hs = d.C / d.H;
  return d.L + 1 + LH * hs * hs + 2 * LH;
}

void step_stats_partial(const Gpt& g, int first_window, double* stats) {
  const ModelDims& d = g.dims();
  const int L = d.L, H = d.H, C = d.C, hs = C / H, T = g.last_T(), N = g.last_B() * T;
  const size_t LH = size_t(L) * H;
  double *act = stats, *yy = act + L + 1, *esum = yy + LH * hs * hs, *erows = esum + LH;
  auto sumsq = [](const float* x, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; ++i) s += double(x[i]) * x[i];
    return s;
  };
  for (int l = 0; l < L; ++l) act[l] += sumsq(g.block_out(l), size_t(N) * C);
  act[L] += sumsq(g.lnf_out(), size_t(N) * C);
  std::vector<float> G(size_t(C) * C);
  for (int l = 0; l < L; ++l) add_gram_blocks(yy + size_t(l) * H * hs * hs, g.atty(l), N, C, H, G.data());
  // the entropy looks at the batch's first kStepEntropyWindows windows only
  const int B = std::max(0, std::min(g.last_B(), kStepEntropyWindows - first_window));
  for (int l = 0; l < L; ++l)
    for (int h = 0; h < H; ++h) add_entropy(&esum[l * H + h], &erows[l * H + h], g.att(l), B, H, T, h);
}

void step_stats_finish(const Gpt& g, const double* stats, int N, std::vector<float>* scratch,
                       StepMetrics* out) {
  const ModelDims& d = g.dims();
  const int L = d.L, H = d.H, hs = d.C / H;
  const size_t LH = size_t(L) * H;
  const double *act = stats, *yy = act + L + 1, *esum = yy + LH * hs * hs, *erows = esum + LH;
  out->act_rms.resize(L + 1);
  for (int l = 0; l <= L; ++l) out->act_rms[l] = N ? std::sqrt(act[l] / (double(N) * d.C)) : 0.0;
  scratch->resize(size_t(d.C) * d.C);
  contributions(g, yy, N, scratch->data(), &out->contrib);
  out->entropy.resize(LH);
  for (size_t i = 0; i < LH; ++i) out->entropy[i] = erows[i] ? esum[i] / erows[i] : 0.0;
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
