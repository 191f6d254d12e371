// The causal-mask core (lab 02): the mask helper, a standalone multi-head attention whose
// mask can be applied the right way or one of the classic wrong ways, and the perturbation
// test that tells them apart.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace er {

// Large finite negative, not -inf: -inf - (-inf) = NaN in a fully masked row, and some
// reductions choke on infinities.
constexpr float kMaskNeg = -1e9f;

// Modes cross the C API by name (parse_mask_mode), never by number.
enum class MaskMode {
  causal,        // additive M before softmax: M[i,j] = 0 if j <= i else -1e9
  none,          // no mask at all (bidirectional, BERT-style)
  post_softmax,  // WRONG: softmax over every key, then multiply by the 0/1 triangle
  diag_blocked,  // WRONG: off-by-one triu(k=0); a position may not see itself
};
bool parse_mask_mode(const std::string& name, MaskMode* out);
const char* mask_mode_name(MaskMode m);
std::vector<const char*> mask_mode_name_list();  // every name, in order

// (T, T) row-major: 0 on and below the diagonal, -1e9 above.
std::vector<float> causal_mask(int T);

// Multi-head attention without biases: y = concat_h(softmax(q k^T / sqrt(hs) [+mask]) v) Wo^T,
// with q = x Wq^T, k = x Wk^T, v = x Wv^T. Weights are (d, d), Xavier-normal from `seed`.
struct Mha {
  Mha(int d_model, int n_heads, uint64_t seed);
  int d_model, n_heads;
  std::vector<float> wq, wk, wv, wo;
  // x (T, d) -> y (T, d); att (H, T, T) receives each head's weights (may be nullptr).
  void forward(const float* x, int T, MaskMode mode, float* y, float* att) const {
    forward(x, x, T, mode, y, att);
  }
  // Queries from xq, keys and values from xkv (both (T, d)); self-attention is xq == xkv.
  void forward(const float* xq, const float* xkv, int T, MaskMode mode, float* y, float* att) const;
  // Self-attention with one (T, T) mask per head given as data: masks (H, T, T), or null for
  // none, applied `where`: 0 added to the scores before the softmax, 1 weights zeroed after the
  // softmax where the entry is not 0, 2 scores multiplied by the entry. The code cells' mutants
  // (transposed, some heads only, ...) are masks. heads (T, d) receives the concatenated head
  // outputs before the output projection (may be nullptr). The causal triangle before the
  // softmax gives forward(x, causal)'s bits (adding 0 changes nothing).
  void forward_masks(const float* x, int T, const float* masks, int where, float* y,
                     float* heads) const;
  // q, k, v (T, d) each = x Wq^T, x Wk^T, x Wv^T; head h is columns [h hs, (h+1) hs).
  void project(const float* x, int T, float* q, float* k, float* v) const;
};

// Seeded (T, d) standard-normal input, as the lab builds X.
std::vector<float> random_input(int T, int d, uint64_t seed);

// Perturbation test: run x, then x with row `pos` replaced by fresh random values (seed+1);
// max_diff[i] = max |y[i] - y'[i]| over the row.
struct Perturbation {
  std::vector<float> max_diff;  // (T)
  bool prefix_identical;        // rows < pos are bit-identical
  bool changed_row_differs;     // row pos differs by more than 1e-3
};
Perturbation perturbation_test(const Mha& mha, MaskMode mode, int T, int pos, uint64_t x_seed);

// Dependence grid (T, T): dep[i*T + j] = max |y[i] - y'[i]| when the key and value of position j
// alone are recomputed from a fresh input row (the queries keep the original input, so a row's
// own query does not count as "seeing" itself). It is what the mask really lets each query see,
// measured rather than read off the mask: post_softmax leaks through the denominator here.
std::vector<float> dependence_grid(const Mha& mha, MaskMode mode, int T, uint64_t x_seed);

}  // namespace er
