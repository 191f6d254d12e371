// C API: the mini-GPT for the web worker. Runs live in a handle table; every entry point
// validates its arguments (handle, sizes, token ids, numbers, names) before touching anything
// and reports problems through er_last_error(), never by trapping.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "../core/rng.h"
#include "../io/json.h"
#include "../model/checkpoint.h"
#include "../model/config_json.h"
#include "../model/probes.h"
#include "../model/run.h"
#include "../model/sample.h"
#include "capi.h"
#include "error.h"
#include "runs.h"

using er::Message;
using er::range_message;
using er::capi::fail;
using er::capi::kBadArg;
using er::capi::kBadState;

namespace {

constexpr int kMaxRuns = 16;  // a few MB each; the site needs at most a handful at once
std::vector<std::unique_ptr<er::Run>>& runs() {
  static std::vector<std::unique_ptr<er::Run>> r(kMaxRuns);
  return r;
}
// The returned strings / bytes: valid until the next call that returns one.
std::string& out_text() {
  static std::string s;
  return s;
}

int parse_break_arg(const char* name, er::Break* b) {
  if (!name) return fail(kBadArg, "break name is null");
  if (!er::parse_break(name, b))
    return fail(kBadArg, std::string("unknown break \"") + name + "\" (known: " + er::break_names() + ")");
  return 0;
}

int check_T(const er::Run& r, int T) {
  const int ctx = r.config().model.T;
  if (T < 2 || T > ctx)
    return fail(kBadArg, "T must be between 2 and the context " + std::to_string(ctx) + ", got " +
                             std::to_string(T));
  return 0;
}

// Words of `text` -> ids; an unknown word is an error naming it.
int encode_words(const er::Run& r, const char* text, std::vector<int>* ids) {
  if (!text) return fail(kBadArg, "text is null");
  std::string bad;
  if (!r.corpus().encode(text, ids, &bad))
    return fail(kBadArg, Message("msg.unknownWord").with("word", bad));
  return 0;
}

int store_run(std::unique_ptr<er::Run> run, int* handle) {
  for (int i = 0; i < kMaxRuns; ++i)
    if (!runs()[i]) {
      runs()[i] = std::move(run);
      *handle = i + 1;
      return 0;
    }
  return fail(kBadState, Message("msg.tooManyRuns").with("max", kMaxRuns));
}

}  // namespace

int er::capi::get_run_any(int handle, er::Run** r) {
  er::capi::clear_error();
  if (handle < 1 || handle > kMaxRuns || !runs()[handle - 1])
    return fail(kBadState, Message("msg.unknownRun").with("handle", handle));
  *r = runs()[handle - 1].get();
  return 0;
}

// Every entry point but the step-in-parts ones (capi_shards.cpp) and er_run_free refuses a run
// in the middle of a step: its batch buffers and model activations belong to that step.
int er::capi::get_run(int handle, er::Run** r) {
  if (int rc = er::capi::get_run_any(handle, r)) return rc;
  if ((*r)->step_open())
    return fail(kBadState, "run " + std::to_string(handle) + " is in the middle of a training step");
  return 0;
}
using er::capi::get_run;

extern "C" {

int er_default_config(const char** json) {
  er::capi::clear_error();
  if (!json) return fail(kBadArg, "output pointer is null");
  er::Config c;
  c.model.V = er::shared_corpus().vocab_size();
  out_text() = er::config_to_json(c);
  *json = out_text().c_str();
  return 0;
}

int er_corpus_info(int n_samples, uint32_t seed, const char** json) {
  er::capi::clear_error();
  if (!json) return fail(kBadArg, "output pointer is null");
  if (n_samples < 0 || n_samples > 1000)
    return fail(kBadArg, range_message("n_samples", "0", "1000", n_samples));
  const er::Corpus& c = er::shared_corpus();
  er::json::Value o = er::jv::obj(), vocab = er::jv::arr(), samples = er::jv::arr();
  for (const std::string& w : c.vocab()) vocab.arr.push_back(er::jv::str(w));
  er::Rng rng(seed);
  for (int i = 0; i < n_samples; ++i) samples.arr.push_back(er::jv::str(c.sample_sentence(rng.next_u32())));
  o.obj["vocab"] = vocab;
  o.obj["entropy_floor"] = er::jv::num(c.entropy_floor());
  o.obj["samples"] = samples;
  out_text() = er::json::write(o);
  *json = out_text().c_str();
  return 0;
}

int er_run_create(const char* config_json, const char* break_name, uint32_t seed, int* handle) {
  er::capi::clear_error();
  if (!handle) return fail(kBadArg, "handle pointer is null");
  er::Break b;
  if (int rc = parse_break_arg(break_name, &b)) return rc;
  er::Config cfg;
  std::string err;
  if (!er::config_from_json(config_json ? config_json : "", &cfg, &err)) return fail(kBadArg, err);
  std::unique_ptr<er::Run> run = er::Run::create(cfg, b, seed, &err);
  if (!run) return fail(kBadArg, err);
  return store_run(std::move(run), handle);
}

int er_run_free(int handle) {
  er::Run* r;
  if (int rc = er::capi::get_run_any(handle, &r)) return rc;
  runs()[handle - 1].reset();
  return 0;
}

int er_run_info(int handle, const char** json) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!json) return fail(kBadArg, "output pointer is null");
  er::json::Value o = er::jv::obj();
  o.obj["config"] = er::config_to_value(r->config());
  o.obj["break"] = er::jv::str(er::break_name(r->brk()));
  o.obj["seed"] = er::jv::num(r->seed());
  o.obj["steps_done"] = er::jv::num(r->steps_done());
  o.obj["finished"] = er::jv::boolean(r->finished());
  o.obj["diverged"] = er::jv::boolean(r->diverged());
  o.obj["n_params"] = er::jv::num(double(r->model().num_params()));
  o.obj["sampling_path"] = er::jv::str(r->model().kv_exact() ? "kv_cache" : "full_recompute");
  out_text() = er::json::write(o);
  *json = out_text().c_str();
  return 0;
}

int er_run_step(int handle, const char** metrics_json) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!metrics_json) return fail(kBadArg, "output pointer is null");
  if (!r->diverged() && r->steps_done() >= r->config().steps)
    return fail(kBadState, "the run has finished its " + std::to_string(r->config().steps) + " steps");
  out_text() = r->step();
  *metrics_json = out_text().c_str();
  return 0;
}

int er_run_eval(int handle, const char** json) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!json) return fail(kBadArg, "output pointer is null");
  const er::Run::Eval e = r->evaluate();
  er::json::Value o = er::jv::obj();
  o.obj["val_loss"] = er::jv::num(e.val_loss);
  o.obj["val_loss_ar"] = er::jv::num(e.val_loss_ar);
  out_text() = er::json::write(o);
  *json = out_text().c_str();
  return 0;
}

int er_run_sample(int handle, const char* prompt, int n, uint32_t seed, float temperature, int top_k,
                  const char** json) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!json) return fail(kBadArg, "output pointer is null");
  if (n < 1 || n > 100) return fail(kBadArg, range_message("n", "1", "100", n));
  if (!std::isfinite(temperature) || temperature < 0.0f || temperature > 10.0f)
    return fail(kBadArg, "temperature must be a number between 0 and 10");
  const int V = r->model().dims().V, ctx = r->config().model.T;
  if (top_k < 0 || top_k > V)
    return fail(kBadArg, "top_k must be between 0 (all) and " + std::to_string(V) + ", got " + std::to_string(top_k));
  std::vector<int> ids;
  if (int rc = encode_words(*r, prompt ? prompt : "", &ids)) return rc;
  if (int(ids.size()) + 1 >= ctx)
    return fail(kBadArg, "the prompt must be shorter than " + std::to_string(ctx - 1) + " words");
  const er::Samples s = er::sample(r->model(), r->corpus(), ids, n, seed, temperature, top_k);
  er::json::Value o = er::jv::obj(), texts = er::jv::arr(), gram = er::jv::arr(), ended = er::jv::arr(),
                  refused = er::jv::arr();
  for (size_t i = 0; i < s.text.size(); ++i) {
    texts.arr.push_back(er::jv::str(s.text[i]));
    gram.arr.push_back(er::jv::boolean(s.grammatical[i]));
    ended.arr.push_back(er::jv::boolean(s.ended[i]));
    refused.arr.push_back(er::jv::num(s.refused_at[i]));
  }
  o.obj["samples"] = texts;
  o.obj["grammatical"] = gram;
  o.obj["ended"] = ended;
  o.obj["refused_at"] = refused;
  out_text() = er::json::write(o);
  *json = out_text().c_str();
  return 0;
}

int er_run_logits(int handle, const int* tokens, int n, float* out) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!tokens || !out) return fail(kBadArg, "tokens or output buffer is null");
  const int V = r->model().dims().V;
  if (n < 1 || n > r->config().model.T)
    return fail(kBadArg, "n must be between 1 and the context " + std::to_string(r->config().model.T));
  for (int i = 0; i < n; ++i)
    if (tokens[i] < 0 || tokens[i] >= V)
      return fail(kBadArg, "token id " + std::to_string(tokens[i]) + " at position " + std::to_string(i) +
                               " is outside the vocabulary [0, " + std::to_string(V) + ")");
  std::vector<float> l;
  er::full_logits(r->model(), std::vector<int>(tokens, tokens + n), &l);
  std::copy(l.begin(), l.end(), out);
  return 0;
}

int er_run_causality(int handle, int T, uint32_t seed, const char** json) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!json) return fail(kBadArg, "output pointer is null");
  if (int rc = check_T(*r, T)) return rc;
  out_text() = er::causality_json(er::causality_sweep(r->model(), T, seed));
  *json = out_text().c_str();
  return 0;
}

int er_run_attention(int handle, const char* text, float* out, int* T_out) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!out || !T_out) return fail(kBadArg, "output buffer is null");
  std::vector<int> words;
  const std::string t = text ? text : "";
  if (int rc = encode_words(*r, t.find_first_not_of(' ') == std::string::npos
                                    ? r->corpus().sample_sentence(0).c_str() : t.c_str(), &words))
    return rc;
  std::vector<int> tokens = {er::Corpus::kBos};
  tokens.insert(tokens.end(), words.begin(), words.end());
  tokens.push_back(er::Corpus::kEos);
  if (int(tokens.size()) > r->config().model.T)
    return fail(kBadArg, Message("msg.textTooLong").with("n", r->config().model.T - 2));
  er::attention_maps(r->model(), tokens, out);
  *T_out = int(tokens.size());
  return 0;
}

int er_run_grad_causality(int handle, int T, uint32_t seed, float* out) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!out) return fail(kBadArg, "output buffer is null");
  if (int rc = check_T(*r, T)) return rc;
  er::gradient_causality(r->model(), T, seed, out);
  return 0;
}

int er_run_set_break(int handle, const char* break_name) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  er::Break b;
  if (int rc = parse_break_arg(break_name, &b)) return rc;
  r->set_break(b);
  return 0;
}

int er_run_save(int handle, const char** bytes, int* n) {
  er::Run* r;
  if (int rc = get_run(handle, &r)) return rc;
  if (!bytes || !n) return fail(kBadArg, "output pointer is null");
  out_text() = er::checkpoint_bytes(r->checkpoint());
  *bytes = out_text().data();
  *n = int(out_text().size());
  return 0;
}

int er_run_load(const char* bytes, int n, int* handle) {
  er::capi::clear_error();
  if (!bytes || !handle) return fail(kBadArg, "input or handle pointer is null");
  if (n < 8) return fail(kBadArg, "not a safetensors file (shorter than its 8-byte header length)");
  er::Checkpoint c;
  std::string err;
  if (!er::parse_checkpoint(std::string(bytes, size_t(n)), er::shared_corpus().vocab(), &c, &err))
    return fail(kBadArg, err);
  std::unique_ptr<er::Run> run = er::Run::from_checkpoint(c, &err);
  if (!run) return fail(kBadArg, err);
  return store_run(std::move(run), handle);
}

}  // extern "C"
