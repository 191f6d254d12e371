// Optimisation: learning-rate schedule, global-norm clipping and the AdamW step over the
// parameter block (one call per tensor, so biases and LayerNorms skip weight decay).
#pragma once
#include <cstddef>
#include <vector>

#include "params.h"

namespace er {

// Linear warmup then cosine decay (llm.c's schedule), `step` counted from 0:
//   step < warmup:  lr_max * (step + 1) / warmup
//   otherwise:      lr_min + (lr_max - lr_min) * 0.5 * (1 + cos(pi * r)),
//                   r = (step - warmup) / max(1, steps - 1 - warmup)   (r = 1 on the last step)
// With warmup = 0 the first step (step 0) uses lr_max exactly.
float lr_at(int step, int steps, int warmup, float lr_max, float lr_min);

// The warmup a run really uses (the no-warmup break forces 0).
int effective_warmup(int warmup_steps, Break brk);

// Global L2 norm of g (n), accumulated in double.
double global_norm(const float* g, size_t n);

// PyTorch's clip_grad_norm_: if norm > max_norm, g *= max_norm / (norm + 1e-6).
// Returns the norm before clipping.
double clip_grad_norm(float* g, size_t n, float max_norm);

struct AdamW {
  float beta1 = 0.9f, beta2 = 0.95f, eps = 1e-8f, weight_decay = 0.1f;
  int t = 0;  // optimizer steps taken: bias corrections use t, counted once per step
  // One update of every tensor in `layout` (params, grads, m, v share the layout).
  // Matrices get weight decay; vectors (biases, LayerNorm) do not.
  void step(float* params, const float* grads, float* m, float* v,
            const std::vector<TensorInfo>& layout, float lr);
};

}  // namespace er
