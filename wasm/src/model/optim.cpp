#include "optim.h"

#include <algorithm>
#include <cmath>

#include "../kernels/kernels.h"

namespace er {

float lr_at(int step, int steps, int warmup, float lr_max, float lr_min) {
  if (step < warmup) return lr_max * float(step + 1) / float(warmup);
  const double r = double(step - warmup) / double(std::max(1, steps - 1 - warmup));
  const double coeff = 0.5 * (1.0 + std::cos(3.141592653589793 * std::min(1.0, r)));
  return float(lr_min + coeff * (double(lr_max) - lr_min));
}

int effective_warmup(int warmup_steps, Break brk) {
  // BREAK(no-warmup) begin
  int warmup = warmup_steps;  // a few steps of linear ramp while AdamW's v is still empty
  if (brk == Break::no_warmup) warmup = 0;  // BUG: step 0 already takes a full lr_max step
  // BREAK(no-warmup) end
  return warmup;
}

double global_norm(const float* g, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; ++i) s += double(g[i]) * g[i];
  return std::sqrt(s);
}

double clip_grad_norm(float* g, size_t n, float max_norm) {
  const double norm = global_norm(g, n);
  const double coef = max_norm / (norm + 1e-6);
  if (coef < 1.0)
    for (size_t i = 0; i < n; ++i) g[i] = float(g[i] * coef);
  return norm;
}

void AdamW::step(float* params, const float* grads, float* m, float* v,
                 const std::vector<TensorInfo>& layout, float lr) {
  ++t;  // once per optimizer step, never per tensor
  const float bc1 = float(1.0 - std::pow(double(beta1), t));
  const float bc2 = float(1.0 - std::pow(double(beta2), t));
  for (const TensorInfo& ti : layout) {
    const size_t o = ti.offset;
    k::adamw(params + o, m + o, v + o, grads + o, int(ti.size), lr, beta1, beta2, eps,
             ti.matrix ? weight_decay : 0.0f, bc1, bc2);
  }
}

}  // namespace er
