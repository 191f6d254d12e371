#include "shards.h"

#include "metrics.h"

namespace er {

ShardRange shard_range(int B, int s) {
  const int S = shard_count(B), q = B / S, r = B % S;
  return {s * q + (s < r ? s : r), q + (s < r ? 1 : 0)};
}

void shard_compute(Gpt& g, const int* x, const int* y, int B, int T, int s, double* stats) {
  const ShardRange sh = shard_range(B, s);
  const size_t at = size_t(sh.b0) * T;
  g.forward(x + at, y + at, sh.nb, T, Pass::train);
  // The metric sums describe the weights entering the step, like the loss.
  step_stats_partial(g, sh.b0, stats);
  g.zero_grad();
  g.backward_mean_over(B * T);
}

}  // namespace er
