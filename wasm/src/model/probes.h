// Probes that look inside a model without training it: the perturbation causality sweep,
// gradient causality, and the attention weights. All run the inference pass (Pass::infer),
// i.e. what the model computes when it is used (for no-mask-at-inference: without the mask).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gpt.h"

namespace er {

struct CausalityRow {
  int k;                  // the perturbed position
  bool prefix_identical;  // logits of every position < k are bit-identical
  bool suffix_differs;    // some logit of some position >= k changed
  float max_prefix_diff;  // max |change| over positions < k (0 when identical)
};
struct Causality {
  int T = 0;
  std::vector<CausalityRow> rows;
  bool pass() const;  // every row: prefix identical and suffix differs
};

// Seeded random tokens (T), then for each k the same tokens with position k replaced by a
// different random id; compares the two logit tables (T, V). ks empty = every k in 1..T-1.
// T must be in [2, g.dims().T].
Causality causality_sweep(Gpt& g, int T, uint64_t seed, const std::vector<int>& ks = {});
// {"T":..,"rows":[{"k":1,"prefix_identical":true,"suffix_differs":true,"max_prefix_diff":0},..],
//  "pass":true}
std::string causality_json(const Causality& c);

// out (T, T): out[j * T + i] = || d (r_j . logits_j) / d x_i ||, where x_i = wte[token_i] is the
// input of position i and r_j a seeded random direction in logit space (one backward pass per
// j). For a causal model it is exactly 0 for i > j. Parameter gradients are left zeroed.
void gradient_causality(Gpt& g, int T, uint64_t seed, float* out);

// out (L, H, n, n): the attention weights that mixed the values, per layer and head, for
// `tokens` (n <= T). Rows sum to 1 except under post-softmax-mask.
void attention_maps(Gpt& g, const std::vector<int>& tokens, float* out);

}  // namespace er
