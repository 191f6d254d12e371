// The mini-GPT's inference path with any mask, as production code runs it: every query row has
// its own additive mask row over every key in the cache, every token its own RoPE position, and
// the key/value cache grows by chunks of any size (a prefill of P tokens, then a chunk of Q).
//
// It reads the weights of a Gpt (never writes them) and uses the same layers. Which keys a row
// computes over: from its first to its last visible key (entries above kHiddenBelow), the way
// the engine's causal kernel skips the hidden keys after the diagonal; a hidden key inside that
// range still goes through the softmax with its fill. So a row's numbers do not depend on where
// its keys sit in the window (a padded or packed sequence gives the bits it gives alone). A row
// with no visible key at all goes through the softmax over every key, which is what float32
// does with it: NaN with -inf, uniform with a finite fill, unless zero_empty_rows is set (what
// production kernels do: such a row outputs 0, and its loss is ignored).
#pragma once
#include <cmath>
#include <vector>

#include "gpt.h"

namespace er {

// The small model the lesson's widgets and figures use (weights from a seed, never trained: the
// masks' effects are structural and show at initialisation).
ModelDims realmask_dims();  // V 24, T 16, C 32, L 2, H 4

class MaskedRunner {
 public:
  explicit MaskedRunner(const Gpt& g, bool zero_empty_rows = false);
  void reset() { len_ = 0; }
  int len() const { return len_; }  // tokens in the cache
  int capacity() const { return Tmax_; }

  // Appends n tokens (ids in [0, V)) at RoPE positions pos (n, in [0, capacity)). mask (n, K)
  // row-major with K = len() + n: the additive mask row of each new query over every key the
  // cache then holds. logits (n, V). Returns false (and does nothing) if the cache would
  // overflow.
  bool append(const int* tokens, const int* pos, int n, const float* mask, float* logits);

 private:
  const Gpt& g_;
  bool zero_empty_;
  int Tmax_, len_ = 0;
  std::vector<float> k_, v_;               // (L, H, Tmax, hs) rotated keys, values
  std::vector<float> x_, ln_, qkv_, atty_, y_, fch_, fchg_, mean_, rstd_;  // per new row
  std::vector<float> w_, p_;               // (Tmax) one row's weights
  std::vector<float> cos_, sin_;           // RoPE tables (Tmax, hs/2)
};

// One window through the runner from an empty cache: mask (T, T), positions (T); logits (T, V).
std::vector<float> masked_logits(const Gpt& g, const std::vector<int>& tokens,
                                 const std::vector<float>& mask, const std::vector<int>& pos,
                                 bool zero_empty_rows);

// Prefill P tokens (causal), then a chunk of the next Q tokens whose mask is chunk_allowed(P, Q,
// offset) (offset P: bottom-right, correct). Returns the chunk's logits (Q, V).
std::vector<float> chunk_logits(const Gpt& g, const std::vector<int>& tokens, int P, int offset);

// Cross-entropy of each row against its target (-1 = ignored, loss 0); returns the mean over the
// rows with a target (the loss a padded batch must report), or NaN if a kept row is NaN.
double masked_loss(const std::vector<float>& logits, const std::vector<int>& targets, int V,
                   std::vector<float>* row_loss);

// Measured dependence: dep[i*K + j] = max |change of logits row i| when token j alone is replaced
// by another id (token + 1 mod V). `run` maps tokens to logits (rows x V).
template <class F>
std::vector<float> token_dependence(const std::vector<int>& tokens, int rows, int V, F run) {
  const int K = int(tokens.size());
  const std::vector<float> base = run(tokens);
  std::vector<float> dep(size_t(rows) * K, 0.0f);
  for (int j = 0; j < K; ++j) {
    std::vector<int> t2 = tokens;
    t2[j] = (t2[j] + 1) % V;
    const std::vector<float> other = run(t2);
    for (int i = 0; i < rows; ++i) {
      float m = 0.0f;
      for (int c = 0; c < V; ++c) {
        const float d = std::fabs(base[size_t(i) * V + c] - other[size_t(i) * V + c]);
        m = d != d ? d : (d > m ? d : m);  // NaN stays NaN: the widget shows it as NaN
        if (m != m) break;
      }
      dep[size_t(i) * K + j] = m;
    }
  }
  return dep;
}

}  // namespace er
