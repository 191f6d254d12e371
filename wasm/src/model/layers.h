// The mini-GPT's layers as forward/backward pairs, llm.c style: outputs first, sizes last,
// `d` prefix for gradients. Every backward ACCUMULATES into its d-outputs (callers zero them),
// so a tensor used twice (the tied embedding) simply receives both contributions.
// N = B*T rows. Hot loops go through er::k (wasm/src/kernels/kernels.h).
#pragma once

#include "../core/mask.h"  // kMaskNeg

namespace er {

// The additive mask uses kMaskNeg (core/mask.h: a large finite negative, and why not -inf).

// Where a (T, T) mask row is applied to the scores s of one query:
//   pre       s + m, then the softmax (the healthy place; m is 0 or kMaskNeg)
//   post      softmax(s), then the weights are zeroed where m != 0 (the post-softmax break)
//   multiply  softmax(s * m) with m the 0/1 triangle: a hidden score becomes 0, not -1e9, so
//             the future still takes a share (a plausible wrong repair)
enum class MaskAt { pre, post, multiply };

// out (N, C) = wte[idx]                     wte (V, C), idx (N)
void embedding_forward(float* out, const int* idx, const float* wte, int N, int C);
void embedding_backward(float* dwte, const float* dout, const int* idx, int N, int C);

// out (N, C) = (x - mean) / sqrt(var + 1e-5) * w + b;  mean, rstd (N) saved for backward
void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* w,
                       const float* b, int N, int C);
void layernorm_backward(float* dinp, float* dw, float* db, const float* dout, const float* inp,
                        const float* w, const float* mean, const float* rstd, int N, int C);

// out (N, O) = inp (N, I) @ w (O, I)^T + b (O); b may be null
void matmul_forward(float* out, const float* inp, const float* w, const float* b, int N, int I,
                    int O);
void matmul_backward(float* dinp, float* dw, float* db, const float* dout, const float* inp,
                     const float* w, int N, int I, int O);

// RoPE, rotate-half (GPT-NeoX / Llama), base 10000. Tables cos, sin are (T, hs/2):
// angle(t, i) = t * 10000^(-2i/hs).
void rope_tables(float* cos, float* sin, int T, int hs);
// Rotates the q and k thirds of qkv (B, T, 3C) in place, per head; the row of time t uses
// position pos0 + t (the KV cache feeds one token at a time).
void rope_forward(float* qkv, const float* cos, const float* sin, int B, int T, int C, int H,
                  int pos0);
// The rotation is orthogonal: backward rotates dq, dk by the opposite angle, in place.
void rope_backward(float* dqkv, const float* cos, const float* sin, int B, int T, int C, int H);

// One query of one head. Scores s_j = q . k_j / sqrt(hs) over keys j < nk; mrow (nk) is the
// mask row applied `at` (see MaskAt) or null for no mask. p (nk) receives the softmax output;
// w (nk) the weights that really mix the values (p, or p zeroed after the softmax for
// MaskAt::post); out (hs) = sum_j w_j v_j.
void attention_row(float* out, float* w, float* p, const float* q, const float* k, int k_stride,
                   const float* v, int v_stride, const float* mrow, MaskAt at, int nk, int hs,
                   float scale);
// How attention_forward computes the weights (the backward must take the same route).
// The kernels (er::k::attention_fwd/bwd) compute exactly two masks: none, and the causal
// triangle added before the softmax, whose hidden keys they skip (exp(-1e9 - max) is 0 in
// float32 anyway, so skipping changes nothing but the work). Every other mask (another
// triangle, or one applied after the softmax) goes through attention_row, key by key.
enum class AttnPath { kernel_causal, kernel_full, rows };
// Chooses the route by looking at the mask itself: M (T, T) with row stride m_stride, or null.
// An all-zero mask added before the softmax is no mask (adding 0 changes no score).
AttnPath attention_path(const float* M, int m_stride, MaskAt at, int T);

// Multi-head attention over qkv (B, T, 3C) (q, k already rotated). out (B, T, C) is the
// concatenation of the heads; att (B, H, T, T) keeps the weights that mixed v (for the
// backward pass and the probes); on the `rows` route attsm (B, H, T, T) also keeps the softmax
// output, which differs from att only for MaskAt::post. M is the (T, T) mask with row stride
// m_stride, applied `at`, or null.
void attention_forward(float* out, float* att, float* attsm, const float* qkv, const float* M,
                       int m_stride, MaskAt at, AttnPath path, int B, int T, int C, int H);
// dqkv (B, T, 3C) += ...; drow is scratch of T floats. An additive or post-softmax mask is
// already folded into att (weights used) versus attsm (softmax output); only a multiplied mask
// (M, m_stride, at = MaskAt::multiply) scales the score gradients and is read here.
void attention_backward(float* dqkv, float* drow, const float* dout, const float* qkv,
                        const float* att, const float* attsm, const float* M, int m_stride,
                        MaskAt at, AttnPath path, int B, int T, int C, int H);

// GELU, tanh approximation (PyTorch approximate='tanh').
void gelu_forward(float* out, const float* inp, int n);
void gelu_backward(float* dinp, const float* inp, const float* dout, int n);

// out = a + b (out may alias either)
void residual_forward(float* out, const float* a, const float* b, int n);

// probs (N, V) = softmax(logits); losses (N) = -log probs[target], or logsumexp - logit[target]
// when that probability underflows (so the loss stays finite however large the logits).
// Returns the mean loss (accumulated in double).
double crossentropy_forward(float* losses, float* probs, const float* logits, const int* targets,
                            int N, int V);
// dlogits (N, V) += (probs - onehot(target)) * scale   (scale = 1/N for the mean loss)
void crossentropy_backward(float* dlogits, const float* probs, const int* targets, int N, int V,
                           float scale);

}  // namespace er
