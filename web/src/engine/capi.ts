/**
 * The engine's C API (wasm/src/capi/capi.h) as TypeScript sees it: one member per function, by
 * its real name, with its parameters. Pointers, handles and sizes are numbers (heap offsets);
 * `const char*` arguments are pointers to NUL-terminated UTF-8 (withString), returned
 * `const char*` are pointers to read with UTF8ToString. tests/web/capi-names.test.ts fails when
 * this list and the header differ (a name, or a parameter count), so a typo in `M._er_…` no
 * longer compiles and a new C function must be declared here to be called.
 */
type Ptr = number;
type Status = number;

export interface CApi {
  // general (capi.cpp)
  _er_last_error(): Ptr;
  _er_last_error_json(): Ptr;
  _er_message_templates(): Ptr;
  _er_version(): Ptr;
  _er_backend(): Ptr;
  _er_names(): Ptr;
  // the mask core (capi.cpp)
  _er_causal_mask(T: number, out: Ptr): Status;
  _er_mha_forward(T: number, dModel: number, nHeads: number, mode: Ptr, seed: number, y: Ptr, att: Ptr): Status;
  _er_mha_perturbation(T: number, dModel: number, nHeads: number, mode: Ptr, seed: number, pos: number, maxDiff: Ptr, flags: Ptr): Status;
  _er_mha_dependence(T: number, dModel: number, nHeads: number, mode: Ptr, seed: number, dep: Ptr): Status;
  // lesson widgets (capi_lesson.cpp)
  _er_mha_scores(T: number, dModel: number, nHeads: number, seed: number, head: number, scores: Ptr): Status;
  _er_softmax_slice(n: number, scores: Ptr, query: number, causal: number, masked: Ptr, shifted: Ptr, exps: Ptr, sum: Ptr, weights: Ptr): Status;
  // code cells' `import examrule` (capi_cells.cpp)
  _er_random_input(T: number, dModel: number, seed: number, out: Ptr): Status;
  _er_mha_project(T: number, dModel: number, nHeads: number, seed: number, x: Ptr, q: Ptr, k: Ptr, v: Ptr): Status;
  _er_mha_forward_masks(T: number, dModel: number, nHeads: number, seed: number, x: Ptr, masks: Ptr, where: number, y: Ptr, heads: Ptr): Status;
  // fault-handling probes (capi_debug.cpp)
  _er_heap_used(): number;
  _er_debug_trap(): void;
  // progress import (capi_progress.cpp)
  _er_validate_progress(text: Ptr, normalizedJson: Ptr): Status;
  // benchmarks (capi_bench.cpp)
  _er_bench_gemm(kind: number, N: number, I: number, O: number, iters: number, reps: number, msOut: Ptr): Status;
  _er_bench_train(configJson: Ptr, seed: number, steps: number, msOut: Ptr): Status;
  // the mini-GPT (capi_model.cpp)
  _er_default_config(json: Ptr): Status;
  _er_corpus_info(nSamples: number, seed: number, json: Ptr): Status;
  _er_run_create(configJson: Ptr, breakName: Ptr, seed: number, handle: Ptr): Status;
  _er_run_free(handle: number): Status;
  _er_run_info(handle: number, json: Ptr): Status;
  _er_run_step(handle: number, metricsJson: Ptr): Status;
  _er_run_eval(handle: number, json: Ptr): Status;
  _er_run_sample(handle: number, prompt: Ptr, n: number, seed: number, temperature: number, topK: number, json: Ptr): Status;
  _er_run_logits(handle: number, tokens: Ptr, n: number, out: Ptr): Status;
  _er_run_causality(handle: number, T: number, seed: number, json: Ptr): Status;
  _er_run_attention(handle: number, text: Ptr, out: Ptr, TOut: Ptr): Status;
  _er_run_grad_causality(handle: number, T: number, seed: number, out: Ptr): Status;
  _er_run_set_break(handle: number, breakName: Ptr): Status;
  _er_run_save(handle: number, bytes: Ptr, n: Ptr): Status;
  _er_run_load(bytes: Ptr, n: number, handle: Ptr): Status;
  // data-parallel training (capi_shards.cpp)
  _er_run_shard_plan(handle: number, shards: Ptr, nParams: Ptr, statsSize: Ptr): Status;
  _er_run_step_begin(handle: number, tokens: Ptr, started: Ptr): Status;
  _er_run_shard_compute(handle: number, shard: number): Status;
  _er_run_shard_add(handle: number, shard: number, grad: Ptr, losses: Ptr, stats: Ptr): Status;
  _er_run_step_finish(handle: number, metricsJson: Ptr): Status;
  _er_run_params(handle: number, params: Ptr): Status;
  _er_replica_create(configJson: Ptr, breakName: Ptr, handle: Ptr): Status;
  _er_replica_free(handle: number): Status;
  _er_replica_buffers(handle: number, params: Ptr, grads: Ptr, losses: Ptr, stats: Ptr): Status;
  _er_replica_compute(handle: number, tokens: Ptr, shard: number): Status;
  // masks in real code (capi_realmasks.cpp)
  _er_rm_padding(T: number, n: number, left: number, variant: number, fill: number, zeroEmpty: number, seed: number, dep: Ptr, valid: Ptr, stats: Ptr): Status;
  _er_rm_convention(T: number, built: number, read: number, fill: number, seed: number, values: Ptr, additive: Ptr, dep: Ptr, leak: Ptr): Status;
  _er_rm_chunk(P: number, Q: number, offset: number, seed: number, allowed: Ptr, dep: Ptr, diff: Ptr): Status;
  _er_rm_packed(T: number, ndocs: number, lengths: Ptr, docMask: number, restart: number, seed: number, dep: Ptr, doc: Ptr, pos: Ptr, vsAlone: Ptr, lossShift: Ptr): Status;
  _er_rm_window(T: number, W: number, seed: number, allowed: Ptr, dep: Ptr): Status;
  // mask as data (capi_maskdata.cpp)
  _er_run_set_mask_data(handle: number, pass: number, mask: Ptr, n: number, where: number): Status;
  _er_run_clear_mask_data(handle: number): Status;
}
