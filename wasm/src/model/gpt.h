// The mini-GPT: pre-LayerNorm blocks with RoPE attention, GELU MLP and a tied output head.
//
//   x = wte[idx]                                             (B, T, C)
//   per block:  x = x + c_proj(attention(rope(c_attn(ln_1(x)))))
//               x = x + mlp.c_proj(gelu(mlp.c_fc(ln_2(x))))
//   logits = ln_f(x) @ wte^T                                 (B, T, V)
//
// Memory: one buffer holds parameters | gradients | AdamW m | AdamW v (4 x P floats), one
// buffer holds every activation and backward scratch for batches up to (max_B, T). Nothing is
// allocated after construction: forward, backward and the KV-cache path reuse these buffers.
#pragma once
#include <cstddef>
#include <vector>

#include "aligned.h"
#include "config.h"
#include "layers.h"
#include "params.h"

namespace er {

// Which path a forward pass takes. They differ only for no-mask-at-inference, whose training
// path is masked and whose evaluation / generation path is not.
enum class Pass { train, infer };

class Gpt {
 public:
  Gpt(const ModelDims& d, int max_B);
  Gpt(const Gpt&) = delete;
  Gpt& operator=(const Gpt&) = delete;

  const ModelDims& dims() const { return d_; }
  int max_B() const { return max_B_; }
  size_t num_params() const { return P_; }
  const std::vector<TensorInfo>& layout() const { return layout_; }

  float* params() { return mem_.data(); }           // (P)
  float* grads() { return mem_.data() + P16_; }       // (P)
  float* adam_m() { return mem_.data() + 2 * P16_; }  // (P)
  float* adam_v() { return mem_.data() + 3 * P16_; }  // (P)
  const float* params() const { return mem_.data(); }
  const ParamViews& p() const { return p_; }

  void set_break(Break b);  // rebuilds the mask; weights are untouched
  Break brk() const { return brk_; }
  void init(unsigned long long seed);  // Xavier init (with the init-x100 break if set)

  // ---- mask as data (the studio's repairs, the code cells' own masks) ----
  // M (T, T) row-major with T = dims().T, applied `at`, replaces the break's mask for one pass
  // (train: training forward; infer: evaluation, sampling, sweeps). -inf entries are stored as
  // kMaskNeg. The caller validates the values (capi_maskdata.cpp). set_break keeps it.
  void set_mask_data(Pass pass, const float* M, MaskAt at);
  void clear_mask_data();
  bool has_mask_data(Pass pass) const { return data_[int(pass)].on; }
  // True when generation through the KV cache gives the full recompute's logits: the break
  // allows it (kv_matches_full) and a generation mask given as data is the causal triangle.
  bool kv_exact() const;

  // idx, targets (B, T) with B <= max_B, T <= dims().T, ids in [0, V). With targets, returns
  // the mean cross-entropy; without, returns 0 and only the logits are meaningful.
  double forward(const int* idx, const int* targets, int B, int T, Pass pass);
  void zero_grad();
  // Gradient of the mean loss of the last forward (which must have had targets).
  void backward() { backward_mean_over(B_ * T_); }
  // The same, with the loss taken as the sum of the last forward's row losses divided by N:
  // its share of the mean over a batch of N rows cut into shards (shards.h).
  void backward_mean_over(int N);
  // Backpropagates an arbitrary dlogits (B, T, V) of the last forward; parameter gradients
  // accumulate and dx0() receives d/d(wte[idx]) (B, T, C).
  void backward_from(const float* dlogits);

  // Activations of the last forward (shapes for its B, T).
  int last_B() const { return B_; }
  int last_T() const { return T_; }
  const float* logits() const { return a_.logits; }  // (B, T, V)
  const float* losses() const { return a_.losses; }  // (B, T)
  const float* block_out(int l) const;               // (B, T, C) residual after block l
  const float* lnf_out() const { return a_.lnf; }    // (B, T, C)
  const float* att(int l) const;                     // (B, H, T, T) weights that mixed v
  const float* atty(int l) const;                    // (B, T, C) heads before c_proj
  const float* dx0() const { return a_.dres; }       // (B, T, C) after backward_from

  // ---- KV cache: 1..max_B sequences in lockstep, one token each per step, inference path ----
  // Streams are independent: every product works row by row (the kernels' row independence),
  // so a stream's logits are bit-identical whether it runs alone or beside others.
  void kv_reset(int streams = 1);  // empties the cache for `streams` sequences
  int kv_len() const { return kv_len_; }
  // Appends tokens[s] to stream s at position kv_len() and returns the logits (streams, V), or
  // null when the context is full. Valid until the next call.
  const float* kv_step(const int* tokens);
  const float* kv_step(int token) { return kv_step(&token); }  // one stream

 private:
  const float* block_mask(Pass pass) const;
  MaskAt mask_at(Pass pass) const;
  void alloc_acts();

  ModelDims d_;
  int max_B_;
  size_t P_;
  size_t P16_;  // P rounded up to 16 floats: each of the four slices starts 64-byte aligned
  std::vector<TensorInfo> layout_;
  avector<float> mem_;  // params | grads | m | v, each slice P16_ floats
  ParamViews p_, g_;
  Break brk_ = Break::healthy;

  struct Acts {
    float* encoded;                       // (B, T, C)
    float *ln1, *ln1_mean, *ln1_rstd;     // (L, B, T, C), (L, B, T), (L, B, T)
    float* qkv;                           // (L, B, T, 3C) q and k after RoPE
    float *att, *attsm;                   // (L, B, H, T, T)
    float* atty;                          // (L, B, T, C)
    float* res1;                          // (L, B, T, C) x + attention
    float *ln2, *ln2_mean, *ln2_rstd;     // (L, B, T, C), (L, B, T), (L, B, T)
    float *fch, *fch_gelu;                // (L, B, T, 4C)
    float* res2;                          // (L, B, T, C) block output
    float *lnf, *lnf_mean, *lnf_rstd;     // (B, T, C), (B, T), (B, T)
    float *logits, *probs, *losses;       // (B, T, V), (B, T, V), (B, T)
    // backward scratch
    float *dres, *dln, *datty, *dqkv;     // (B, T, C) x3, (B, T, 3C)
    float *dfch, *dfch_gelu, *dlogits;    // (B, T, 4C) x2, (B, T, V)
    float* drow;                          // (T)
  } a_{};
  avector<float> acts_;
  std::vector<int> idx_, targets_;  // (max_B, T) copies of the last forward's inputs
  std::vector<float> mask_;         // (T, T) additive, built for this break
  struct MaskData {
    bool on = false;
    MaskAt at = MaskAt::pre;
    std::vector<float> M;  // (T, T)
  } data_[2];              // indexed by Pass
  std::vector<float> rope_cos_, rope_sin_;  // (T, hs/2)
  int B_ = 0, T_ = 0;
  const float* M_ = nullptr;  // mask of the last forward (null = none)
  MaskAt at_ = MaskAt::pre;   // where the last forward applied it
  AttnPath path_ = AttnPath::rows;  // how the last forward computed attention

  struct Kv {                        // S = max_B streams
    float *k, *v;                    // (S, L, H, T, hs) rotated keys, values
    float *x, *ln, *qkv, *atty, *y;  // (S, C), (S, C), (S, 3C), (S, C), (S, C)
    float *fch, *fch_gelu;           // (S, 4C)
    float *w, *p, *logits;           // (T), (T), (S, V)
    float *mean, *rstd;              // (S)
  } kv_{};
  avector<float> kvbuf_;
  int kv_len_ = 0, kv_S_ = 1;
};

}  // namespace er
