// Data-parallel training: one optimizer step whose batch is cut into shards.
//
// The batch of B windows is cut into a FIXED number of shards, shard_count(B), that depends on
// B only, never on how many workers run them. Any replica of the model (same weights, same
// break) computes a shard: its forward on the train path, the per-step metric sums of its
// windows (metrics.h) and its share of the gradient of the batch's MEAN loss (scale 1/(B T)).
// The run that owns the optimizer then adds the shards' gradients, row losses and sums in shard
// order, 0, 1, ..., S-1, and takes one AdamW step. The kernels are row-independent (a row's bits
// do not depend on the other rows or on their number), so a shard's results are the same bits on
// every replica, and the step is bit-identical for 1, 2, 3, 4 or 8 workers.
#pragma once
#include <cstddef>

#include "gpt.h"

namespace er {

constexpr int kMaxShards = 8;
inline int shard_count(int B) { return B < kMaxShards ? B : kMaxShards; }

// Shard s of a batch of B windows: windows [b0, b0 + nb), as even as possible (sizes differ by
// at most one, larger shards first).
struct ShardRange {
  int b0, nb;
};
ShardRange shard_range(int B, int s);

// Computes shard s of the batch x, y (B, T) on g: g.grads() receives the shard's gradient
// (zeroed first), g.losses() its (nb, T) row losses, stats (step_stats_size) its metric sums.
// g must hold batches of at least shard_range(B, s).nb windows.
void shard_compute(Gpt& g, const int* x, const int* y, int B, int T, int s, double* stats);

}  // namespace er
