// The parameter block: every tensor of the model lives at an offset in ONE float buffer, so
// parameters, gradients and the two AdamW moments are four equal slices of one allocation and
// the same views work on each of them.
//
// Names and layouts follow PyTorch / nanoGPT (a Linear weight is (out, in)). The output head
// is tied to the embedding: logits = ln_f(x) @ wte^T, so there is no separate lm_head tensor.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "config.h"

namespace er {

struct TensorInfo {
  std::string name;        // e.g. "transformer.h.0.attn.c_attn.weight"
  std::vector<int> shape;  // PyTorch shape
  size_t offset = 0, size = 0;
  bool matrix = false;     // 2-D: Xavier init, weight decay, spectral norm tracked
};

// Storage order: wte, then per block ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc,
// mlp.c_proj (weight then bias), then ln_f.
std::vector<TensorInfo> param_layout(const ModelDims& d);
size_t param_count(const ModelDims& d);

struct BlockParams {
  float *ln1w, *ln1b;    // (C), (C)
  float *qkvw, *qkvb;    // (3C, C), (3C)   attn.c_attn: rows [q; k; v]
  float *projw, *projb;  // (C, C), (C)     attn.c_proj
  float *ln2w, *ln2b;    // (C), (C)
  float *fcw, *fcb;      // (4C, C), (4C)   mlp.c_fc
  float *fcpw, *fcpb;    // (C, 4C), (C)    mlp.c_proj
};

struct ParamViews {
  float* wte = nullptr;  // (V, C) token embedding, also the output head
  std::vector<BlockParams> h;
  float *lnfw = nullptr, *lnfb = nullptr;  // (C), (C)
};

// Views into `base` (a buffer of param_count(d) floats, laid out as param_layout(d)).
ParamViews make_views(float* base, const ModelDims& d);

// Xavier (Glorot) normal for every matrix and the embedding, std = sqrt(2 / (fan_in +
// fan_out)) (PyTorch's xavier_normal_ on a (fan_out, fan_in) tensor); zero biases; LayerNorm
// weight 1, bias 0. Draws in storage order from Rng(seed). The init-x100 break lives here.
void init_params(float* base, const ModelDims& d, unsigned long long seed, Break brk);

}  // namespace er
