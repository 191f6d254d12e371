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

// ---- the code cells' Python module (capi_cells.cpp) ----------------------------------------
// The seeded MHA of er_mha_forward (weights from `seed`) on x (T, d_model), or on the seeded
// input of er_mha_forward when x is null. Shapes as er_mha_forward.
// out (T, d_model) = er::random_input(T, d_model, seed): standard normal, seeded.
ER_API int er_random_input(int T, int d_model, uint32_t seed, float* out);
// q, k, v (T, d_model) each; head h is columns [h * hs, (h + 1) * hs), hs = d_model / n_heads.
ER_API int er_mha_project(int T, int d_model, int n_heads, uint32_t seed, const float* x,
                          float* q, float* k, float* v);
// Forward with one (T, T) mask per head given as data: masks (n_heads, T, T), or null for none,
// applied `where` (0 added before the softmax, 1 weights zeroed after it where the entry is not
// 0, 2 multiplied into the scores). y (T, d_model); heads (T, d_model) or null: the head
// outputs before the output projection. NaN and +inf entries are refused.
ER_API int er_mha_forward_masks(int T, int d_model, int n_heads, uint32_t seed, const float* x,
                                const float* masks, int where, float* y, float* heads);

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
// top_k in [0, V] (0 = all). {"samples":[text..],"grammatical":[bool..],"ended":[bool..],
// "refused_at":[int..]} (refused_at: first word the grammar refuses, words = no end there, -1 = ok)
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

// ---- data-parallel training (capi_shards.cpp, model/shards.h) ------------------------------
// One step of a run in parts, so that its batch's shards can run in other workers. The batch
// is cut into a FIXED number of shards (er_run_shard_plan; it depends on the batch size only)
// and the shards' gradients, row losses and metric sums are added in shard order, so the step
// is bit-identical however many workers computed them; er_run_step is the same sequence with
// every shard computed here. While a step is open, the run's other entry points refuse it
// (er_run_free excepted).
//   er_run_step_begin (draws the batch: tokens (2, B, T) = inputs then targets; *started = 0
//     when the run has finished or diverged, and nothing is open then)
//   for s = 0 .. shards-1, in order: er_run_shard_compute(s) here, or er_run_shard_add(s, ...)
//     with a replica's results
//   er_run_step_finish -> the metrics line of er_run_step
ER_API int er_run_shard_plan(int handle, int* shards, int* n_params, int* stats_size);
ER_API int er_run_step_begin(int handle, int* tokens, int* started);
ER_API int er_run_shard_compute(int handle, int shard);
// grad (n_params), losses (rows of the shard: its windows x T), stats (stats_size doubles)
ER_API int er_run_shard_add(int handle, int shard, const float* grad, const float* losses,
                            const double* stats);
ER_API int er_run_step_finish(int handle, const char** metrics_json);
// The run's weights (n_params floats) in engine memory, valid until the run is freed.
ER_API int er_run_params(int handle, const float** params);
// A replica (handle 1..16): the run's model for computing shards in another worker, created
// from the run's config JSON and break. Its buffers live in engine memory: write the weights
// into `params` before a shard; after er_replica_compute(tokens (2, B, T) of the step, shard),
// `grads` (n_params), `losses` (the shard's rows) and `stats` hold what er_run_shard_add takes.
ER_API int er_replica_create(const char* config_json, const char* break_name, int* handle);
ER_API int er_replica_free(int handle);
ER_API int er_replica_buffers(int handle, float** params, const float** grads,
                              const float** losses, const double** stats);
ER_API int er_replica_compute(int handle, const int* tokens, int shard);
// ---- masks in real code (capi_realmasks.cpp) ------------------------------------------------
// The seeded small model of realmask_dims() (V 24, T up to 16, 2 layers, 4 heads, weights from
// `seed`, never trained). dep (rows, K): dep[i*K+j] = max |change of logits row i| when token j
// alone is replaced by another id (NaN where the row is NaN). Ints in int* outputs are 0/1.
// Left (left != 0) or right padding of one sequence of n real tokens to T. variant: 0 causal +
// key padding mask, 1 causal only (padding mask forgotten), 2 padding mask inverted. fill: 0
// finite -1e9, 1 -inf. zero_empty: rows with no visible key output 0 (production). valid (T);
// stats (4): loss ignoring the pads' targets, loss counting them, the sequence's loss alone,
// max |real logits - the sequence alone|. dep (T, T).
ER_API int er_rm_padding(int T, int n, int left, int variant, int fill, int zero_empty,
                         uint32_t seed, float* dep, int* valid, float* stats);
// The causal mask spelled in convention `built` and read as convention `read` (0 bool True =
// may attend, 1 bool True = blocked, 2 additive). values (T, T) as spelled; additive (T, T) as
// the attention applies it; dep (T, T); *leak = largest dependence on a future token.
ER_API int er_rm_convention(int T, int built, int read, int fill, uint32_t seed, float* values,
                            float* additive, float* dep, float* leak);
// Prefill P tokens through the cache, then a chunk of Q queries against P+Q keys whose mask is
// ones(Q, P+Q).tril(diagonal=offset), offset in [0, P+Q-1]: P aligns it bottom-right (correct),
// 0 top-left. allowed (Q, P+Q); dep (Q, P+Q); *diff = max |chunk logits - full recompute of the
// P+Q tokens|.
ER_API int er_rm_chunk(int P, int Q, int offset, uint32_t seed, int* allowed, float* dep,
                       float* diff);
// ndocs documents of these lengths packed into T tokens (the window cuts the last ones), with
// or without the block-diagonal document mask, RoPE positions restarted per document or not.
// dep (T, T); doc, pos (T); per document: vs_alone = max |its logits - it alone|, loss_shift =
// |change of its loss when every other document's tokens change| (NaN if cut off).
ER_API int er_rm_packed(int T, int ndocs, const int* lengths, int doc_mask, int restart,
                        uint32_t seed, float* dep, int* doc, int* pos, float* vs_alone,
                        float* loss_shift);
// Sliding window of the last W keys (causal). allowed (T, T) is one layer's mask; dep (T, T)
// is measured through the whole model.
ER_API int er_rm_window(int T, int W, uint32_t seed, int* allowed, float* dep);
// ---- mask as data (capi_maskdata.cpp) -------------------------------------------------------
// Gives run `handle` its attention mask as data: mask (T, T) row-major, n = T * T with T the
// run's context, replacing the mask of its break (and the break's place) for one pass:
// pass 0 = training steps, 1 = generation (evaluation, sampling, sweeps, attention maps).
// where 0 = added to the scores before the softmax (0 visible, -1e9 or -inf hidden; -inf is
// stored as -1e9), 1 = after the softmax (weights zeroed where the entry is not 0, the
// post-softmax break), 2 = multiplied into the scores (0/1; a hidden score becomes 0, the
// "multiply the scores" wrong repair). Refused: another size, NaN, +inf, and -inf for where 2.
// Kept until er_run_clear_mask_data; er_run_set_break does not clear it.
ER_API int er_run_set_mask_data(int handle, int pass, const float* mask, int n, int where);
ER_API int er_run_clear_mask_data(int handle);

}  // extern "C"
