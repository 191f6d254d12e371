// The thin boundary between the engine and JavaScript. Numbers and handles cross it; bulk
// results are written into caller-allocated buffers. Every function returns 0 on success or
// a non-zero code, after which er_last_error() / er_last_error_json() say why.
#pragma once
#include <cstdint>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define ER_API EMSCRIPTEN_KEEPALIVE
#else
#define ER_API
#endif

extern "C" {

// After a non-zero status: the error as one English sentence (CLI, logs), and as data for the
// page, {"code":..,"params":{..}} (a parameter is a text or a nested {"code","params"}), which
// the page translates from web/src/i18n/strings/engine.ts (id "engine." + code). Empty after
// success. Both valid until the next call. Codes and their English: io/message.cpp.
ER_API const char* er_last_error();
ER_API const char* er_last_error_json();
// {"<code>": "<English template with {param} placeholders>", ...}: every code (tests).
ER_API const char* er_message_templates();
ER_API const char* er_version();
ER_API const char* er_backend();  // which kernel implementation this module runs
// {"breaks":[..],"mask_modes":[..]}: the names the engine accepts, in order (one home each:
// model/config.cpp kBreaks, core/mask.cpp kModes). The page's copy is held to them by a test.
ER_API const char* er_names();

// ---- the mask core (lab 02) -------------------------------------------------------------
// mode: a mask-mode name (er_names: causal, none, post_softmax, diag_blocked). T in [1, 64],
// d_model in [1, 256], n_heads divides d_model.
ER_API int er_causal_mask(int T, float* out /* (T, T) */);
// Seeded input X (T, d_model) through a seeded MHA; writes y (T, d_model) and the attention
// weights att (n_heads, T, T). Either pointer may be null.
ER_API int er_mha_forward(int T, int d_model, int n_heads, const char* mode, uint32_t seed,
                          float* y, float* att);
// Perturb input row `pos`; max_diff (T) per output row. Returns in *flags: bit 0 = rows < pos
// bit-identical, bit 1 = row pos differs by > 1e-3.
ER_API int er_mha_perturbation(int T, int d_model, int n_heads, const char* mode, uint32_t seed,
                               int pos, float* max_diff, int* flags);
// dep (T, T): dep[i*T+j] = max |change of output i| when input j alone changes.
ER_API int er_mha_dependence(int T, int d_model, int n_heads, const char* mode, uint32_t seed,
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
// 4e8 flops worth) after a warm-up; ms_out[r] = mean milliseconds per call. 2*N*I*O flops.
ER_API int er_bench_gemm(int kind, int N, int I, int O, int iters, int reps, double* ms_out);
// Times training steps of a healthy run: with config_json (JSON overrides of the default
// config, "" for none) a fresh run is created from `seed`; with null the previous run goes on.
// Then `steps` optimizer steps (0 allowed), ms_out[i] = milliseconds of step i, measured
// around the same Run::step the studio runs (forward, metrics, backward, clip, AdamW).
ER_API int er_bench_train(const char* config_json, uint32_t seed, int steps, double* ms_out);


// ---- the mini-GPT (capi_model.cpp) --------------------------------------------------------
// A run = model + data + optimiser, addressed by a handle (1..16). Returned strings and bytes
// are valid until the next call that returns one. Bad input never traps: non-zero return and
// er_last_error(). Break names: er_names() (wasm/README.md documents each, the config and the
// metrics).

// The default config as JSON (vocab_size filled in from the corpus).
ER_API int er_default_config(const char** json);
// {"vocab":[words by id],"entropy_floor":H nats/token,"samples":[n_samples sentences]}.
// n_samples in [0, 1000]; the sentences are drawn from the grammar with `seed`.
ER_API int er_corpus_info(int n_samples, uint32_t seed, const char** json);
// Creates a run. config_json: "" (or null) for the defaults, or an object overriding some keys
// (unknown keys, non-numbers, out-of-range values are refused). Weights are initialised from
// `seed`, which also picks the training data and batches.
ER_API int er_run_create(const char* config_json, const char* break_name, uint32_t seed,
                         int* handle);
ER_API int er_run_free(int handle);
// {"config":{..},"break":..,"seed":..,"steps_done":..,"finished":..,"diverged":..,
//  "n_params":..,"sampling_path":"kv_cache"|"full_recompute"}
ER_API int er_run_info(int handle, const char** json);
// One optimizer step; *metrics_json = the step's metrics line (eval keys on eval steps and the
// last step). After divergence it returns the diverged line again and does nothing; after the
// last step it is an error.
ER_API int er_run_step(int handle, const char** metrics_json);
// {"val_loss":..,"val_loss_ar":..} on the fixed validation windows, current weights.
ER_API int er_run_eval(int handle, const char** json);
// n in [1, 100] sentences continuing "<bos> prompt" (prompt: words of the vocabulary separated
// by spaces, "" allowed, shorter than context-1 words); temperature in [0, 10] (0 = greedy);
// top_k in [0, V] (0 = all). {"samples":[text..],"grammatical":[bool..]}
ER_API int er_run_sample(int handle, const char* prompt, int n, uint32_t seed, float temperature,
                         int top_k, const char** json);
// out (n, V) = logits of tokens (n ids in [0, V), 1 <= n <= context), inference path.
ER_API int er_run_logits(int handle, const int* tokens, int n, float* out);
// Perturbation sweep on T (2..context) seeded tokens, every k in 1..T-1, inference path:
// {"T":..,"rows":[{"k":..,"prefix_identical":..,"suffix_differs":..,"max_prefix_diff":..}],
//  "pass":..}
ER_API int er_run_causality(int handle, int T, uint32_t seed, const char** json);
// Attention weights (L, H, n, n) for "<bos> text <eos>" (text "" = a fixed corpus sentence);
// *T_out = n. `out` must hold L * H * context * context floats.
ER_API int er_run_attention(int handle, const char* text, float* out, int* T_out);
// out (T, T), out[j * T + i] = |d (r_j . logits_j) / d x_i| with r_j a seeded random direction:
// exactly 0 for i > j in a causal model. T in [2, context].
ER_API int er_run_grad_causality(int handle, int T, uint32_t seed, float* out);
// Switches the run's engine path, keeping weights, optimiser state and step count: mask breaks
// apply from the next forward pass, the warmup from the next step. The init happened at
// creation, so for init-x100 (or to retrain after a repair) the site creates a fresh run.
ER_API int er_run_set_break(int handle, const char* break_name);
// The run's weights as a .safetensors file (bytes valid until the next call), and back: a new
// run from such bytes (vocabulary, shapes and config validated).
ER_API int er_run_save(int handle, const char** bytes, int* n);
ER_API int er_run_load(const char* bytes, int n, int* handle);

}  // extern "C"
