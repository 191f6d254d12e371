// The thin boundary between the engine and JavaScript. Numbers and handles cross it; bulk
// results are written into caller-allocated buffers. Every function returns 0 on success or
// a non-zero code, after which er_last_error() holds a one-line message.
#pragma once
#include <cstdint>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ER_API EMSCRIPTEN_KEEPALIVE
#else
#define ER_API
#endif

extern "C" {

ER_API const char* er_last_error();
ER_API const char* er_version();
ER_API const char* er_backend();  // which kernel implementation this module runs

// ---- the mask core (lab 02) -------------------------------------------------------------
// mode: 0 causal, 1 none, 2 post_softmax, 3 diag_blocked. T in [1, 64], d_model in [1, 256],
// n_heads divides d_model.
ER_API int er_causal_mask(int T, float* out /* (T, T) */);
// Seeded input X (T, d_model) through a seeded MHA; writes y (T, d_model) and the attention
// weights att (n_heads, T, T). Either pointer may be null.
ER_API int er_mha_forward(int T, int d_model, int n_heads, int mode, uint32_t seed, float* y,
                          float* att);
// Perturb input row `pos`; max_diff (T) per output row. Returns in *flags: bit 0 = rows < pos
// bit-identical, bit 1 = row pos differs by > 1e-3.
ER_API int er_mha_perturbation(int T, int d_model, int n_heads, int mode, uint32_t seed, int pos,
                               float* max_diff, int* flags);
// dep (T, T): dep[i*T+j] = max |change of output i| when input j alone changes.
ER_API int er_mha_dependence(int T, int d_model, int n_heads, int mode, uint32_t seed,
                             float* dep);

// ---- lesson widgets (capi_lesson.cpp) -----------------------------------------------------
// Raw scores (T, T) of one head of the seeded MHA on the seeded input of er_mha_forward, before
// any mask: scores[i*T+j] = q_i . k_j / sqrt(d_model / n_heads).
ER_API int er_mha_scores(int T, int d_model, int n_heads, uint32_t seed, int head,
                         float* scores);
// One query's softmax, step by step, over n raw scores (n in [1, 64], |score| <= 1e6):
// masked[j] = scores[j] + (causal && j > query ? -1e9 : 0); shifted = masked - max(masked);
// exps = exp(shifted); *sum = sum(exps); weights = the engine's softmax kernel on masked.
ER_API int er_softmax_slice(int n, const float* scores, int query, int causal, float* masked,
                            float* shifted, float* exps, float* sum, float* weights);

// ---- fault-handling probes (capi_debug.cpp) -----------------------------------------------
// Bytes currently allocated by the engine's malloc (leak checks across repeated runs).
ER_API int er_heap_used();
// Executes a trap (WebAssembly `unreachable`): lets tests prove a crashed worker is replaced.
ER_API void er_debug_trap();

// ---- progress import (capi_progress.cpp) ---------------------------------------------------
// Validates a progress file (schema v1, see io/progress.h). On success *normalized_json (if
// not null) points at its canonical JSON, valid until the next call; on failure it is set to
// null and er_last_error() is a plain sentence to show the learner.
ER_API int er_validate_progress(const char* text, const char** normalized_json);

// ---- benchmarks (capi_bench.cpp) -----------------------------------------------------------
// Times one GEMM of a linear layer through the engine's kernels (er::k): kind 0 = forward
// out(N,O) = in(N,I) @ w(O,I)^T + b, 1 = input gradient din += dout @ w, 2 = weight gradient
// dw += dout^T @ in (+ bias sums). Each of `reps` repetitions makes `iters` calls (iters <= 0:
// about 20 ms worth) after a warm-up; ms_out[r] = mean milliseconds per call. 2*N*I*O flops.
ER_API int er_bench_gemm(int kind, int N, int I, int O, int iters, int reps, double* ms_out);

}  // extern "C"
