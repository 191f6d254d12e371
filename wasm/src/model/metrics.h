// Training-health measurements read off the model after a forward pass: activation RMS,
// the largest singular value of every weight matrix, and how much each attention head adds
// to the residual stream (for the dead-head count).
#pragma once
#include <string>
#include <vector>

#include "gpt.h"

namespace er {

// Root mean square of x (n), accumulated in double.
double rms(const float* x, size_t n);

// Largest singular value of every matrix (wte and the four per block), by power iteration.
// The vectors persist between calls (warm start), so one or two iterations per training step
// track the value as the weights move.
class SpectralTracker {
 public:
  SpectralTracker(const Gpt& g, unsigned long long seed);
  void update(const float* params, int iters);
  size_t size() const { return mats_.size(); }
  const std::string& name(size_t i) const { return mats_[i].name; }
  double sigma(size_t i) const { return mats_[i].sigma; }

 private:
  struct Mat {
    std::string name;
    size_t offset;
    int rows, cols;
    std::vector<float> u, v;  // (rows) left, (cols) right singular vector estimates
    double sigma = 0;
  };
  std::vector<Mat> mats_;
};

// contribution[l * H + h] = RMS over (B, T, C) of head h's term in block l's attention output,
// atty[:, h] @ c_proj.weight[:, h]^T (what the head adds to the residual stream).
void head_contributions(const Gpt& g, std::vector<double>* out /* (L * H) */,
                        std::vector<float>* scratch /* (2 C * C) */);

// entropy[l * H + h] = mean over query rows (of the first `max_windows` windows of the last
// forward, rows with at least 2 keys of non-zero weight) of the entropy of the row (normalised
// to sum 1) divided by log(number of keys with non-zero weight): 1 = perfectly even, 0 = one key.
void head_entropy(const Gpt& g, int max_windows, std::vector<double>* out /* (L * H) */);

// ---- the per-step metrics of a training step, in sums that shards can add (shards.h) ----
// A training step reports act_rms (RMS of each block's output over (B, T, C), then of ln_f's
// output), the head contributions and the head entropy of its first kStepEntropyWindows
// windows. Each is a sum over windows, so a shard fills its part of `stats`, the parts are
// added in shard order, and step_stats_finish turns the total into the metrics.
// stats layout (doubles): act sums of squares (L + 1) | the diagonal (hs, hs) blocks of
// atty^T atty per block and head (L * H * hs * hs) | entropy sums (L * H) | entropy rows (L * H).
constexpr int kStepEntropyWindows = 4;  // plenty for a mean, and keeps the cost low
size_t step_stats_size(const ModelDims& d);
// Adds the last forward's windows to `stats` (not cleared first); window b of that forward is
// window first_window + b of the step's batch.
void step_stats_partial(const Gpt& g, int first_window, double* stats);
struct StepMetrics {
  std::vector<double> act_rms, contrib, entropy;
};
// N = B * T rows of the whole batch; params the weights that produced it (c_proj per block).
void step_stats_finish(const Gpt& g, const double* stats, int N, std::vector<float>* scratch,
                       StepMetrics* out);

// A head is dead when it adds almost nothing to the residual stream: its contribution is below
// kDeadFraction of the strongest head of its block. (Near-uniform attention no longer counts:
// at initialisation every head attends almost evenly, so that criterion flagged every head of
// every run at step 0 and none soon after, broken or healthy alike. Measured with the default
// recipe, seed 1, step 299: the weakest head of a block adds 37 % of the strongest's (healthy)
// and 57 % (no mask): no head dies in either run; docs/studio.md. The head entropy is still
// measured (StepMetrics::entropy) but no longer decides.)
constexpr double kDeadFraction = 0.2;
int count_dead_heads(const std::vector<double>& contributions, int L, int H);

}  // namespace er
