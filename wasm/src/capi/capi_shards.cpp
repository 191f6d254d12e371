// C API: data-parallel training (model/shards.h). A run's step in parts, so the worker that owns
// the run can hand shards of its batch to other workers; and the replicas those workers keep: a
// model with the run's config and break, given the weights and the batch, computing one shard.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "../model/config_json.h"
#include "../model/metrics.h"
#include "../model/run.h"
#include "../model/shards.h"
#include "capi.h"
#include "error.h"

using er::capi::fail;
using er::capi::kBadArg;
using er::capi::kBadState;

namespace {

struct Replica {
  er::Config cfg;
  std::unique_ptr<er::Gpt> gpt;
  std::vector<double> stats;  // (step_stats_size) of the last shard
};

constexpr int kMaxReplicas = 16;
std::vector<std::unique_ptr<Replica>>& replicas() {
  static std::vector<std::unique_ptr<Replica>> r(kMaxReplicas);
  return r;
}

int get_replica(int handle, Replica** r) {
  er::capi::clear_error();
  if (handle < 1 || handle > kMaxReplicas || !replicas()[handle - 1])
    return fail(kBadState, "unknown replica handle " + std::to_string(handle));
  *r = replicas()[handle - 1].get();
  return 0;
}

int get_open_run(int handle, er::Run** r) {
  if (int rc = er::capi::get_run_any(handle, r)) return rc;
  if (!(*r)->step_open()) return fail(kBadState, "no training step is open on run " + std::to_string(handle));
  return 0;
}

}  // namespace

extern "C" {

int er_run_shard_plan(int handle, int* shards, int* n_params, int* stats_size) {
  er::Run* r;
  if (int rc = er::capi::get_run_any(handle, &r)) return rc;
  if (!shards || !n_params || !stats_size) return fail(kBadArg, "output pointer is null");
  *shards = r->shard_count();
  *n_params = int(r->model().num_params());
  *stats_size = int(er::step_stats_size(r->config().model));
  return 0;
}

int er_run_step_begin(int handle, int* tokens, int* started) {
  er::Run* r;
  if (int rc = er::capi::get_run_any(handle, &r)) return rc;
  if (!tokens || !started) return fail(kBadArg, "output pointer is null");
  if (r->step_open()) return fail(kBadState, "a training step is already open on run " + std::to_string(handle));
  *started = r->begin_step() ? 1 : 0;
  if (*started) {
    const std::vector<int>&x = r->batch_x(), &y = r->batch_y();
    std::copy(x.begin(), x.end(), tokens);
    std::copy(y.begin(), y.end(), tokens + x.size());
  }
  return 0;
}

int er_run_shard_compute(int handle, int shard) {
  er::Run* r;
  if (int rc = get_open_run(handle, &r)) return rc;
  if (shard != r->shards_added())
    return fail(kBadState, "shards are added in order: expected shard " + std::to_string(r->shards_added()));
  r->compute_shard(shard);
  return 0;
}

int er_run_shard_add(int handle, int shard, const float* grad, const float* losses, const double* stats) {
  er::Run* r;
  if (int rc = get_open_run(handle, &r)) return rc;
  if (!grad || !losses || !stats) return fail(kBadArg, "input buffer is null");
  if (!r->add_shard(shard, grad, losses, stats))
    return fail(kBadState, "shards are added in order: expected shard " + std::to_string(r->shards_added()));
  return 0;
}

int er_run_step_finish(int handle, const char** metrics_json) {
  er::Run* r;
  if (int rc = get_open_run(handle, &r)) return rc;
  if (!metrics_json) return fail(kBadArg, "output pointer is null");
  if (r->shards_added() != r->shard_count())
    return fail(kBadState, "the step still misses shard " + std::to_string(r->shards_added()));
  static std::string line;  // valid until the next call
  line = r->finish_step();
  *metrics_json = line.c_str();
  return 0;
}

int er_run_params(int handle, const float** params) {
  er::Run* r;
  if (int rc = er::capi::get_run_any(handle, &r)) return rc;
  if (!params) return fail(kBadArg, "output pointer is null");
  *params = r->model().params();
  return 0;
}

int er_replica_create(const char* config_json, const char* break_name, int* handle) {
  er::capi::clear_error();
  if (!handle || !break_name) return fail(kBadArg, "output pointer is null");
  er::Break b;
  if (!er::parse_break(break_name, &b)) return fail(kBadArg, std::string("unknown break \"") + break_name + "\"");
  auto rep = std::make_unique<Replica>();
  std::string err;
  if (!er::config_from_json(config_json ? config_json : "", &rep->cfg, &err)) return fail(kBadArg, err);
  rep->cfg.model.V = er::shared_corpus().vocab_size();
  err = er::validate(rep->cfg);
  if (!err.empty()) return fail(kBadArg, "bad config: " + err);
  const int B = rep->cfg.batch_size;
  rep->gpt = std::make_unique<er::Gpt>(rep->cfg.model, er::shard_range(B, 0).nb);  // the largest shard
  rep->gpt->set_break(b);
  rep->stats.assign(er::step_stats_size(rep->cfg.model), 0.0);
  for (int i = 0; i < kMaxReplicas; ++i)
    if (!replicas()[i]) {
      replicas()[i] = std::move(rep);
      *handle = i + 1;
      return 0;
    }
  return fail(kBadState, "too many replicas; free one first");
}

int er_replica_free(int handle) {
  Replica* r;
  if (int rc = get_replica(handle, &r)) return rc;
  replicas()[handle - 1].reset();
  return 0;
}

int er_replica_buffers(int handle, float** params, const float** grads, const float** losses,
                       const double** stats) {
  Replica* r;
  if (int rc = get_replica(handle, &r)) return rc;
  if (!params || !grads || !losses || !stats) return fail(kBadArg, "output pointer is null");
  *params = r->gpt->params();
  *grads = r->gpt->grads();
  *losses = r->gpt->losses();
  *stats = r->stats.data();
  return 0;
}

int er_replica_compute(int handle, const int* tokens, int shard) {
  Replica* r;
  if (int rc = get_replica(handle, &r)) return rc;
  if (!tokens) return fail(kBadArg, "input buffer is null");
  const int B = r->cfg.batch_size, T = r->cfg.model.T, V = r->cfg.model.V;
  if (shard < 0 || shard >= er::shard_count(B))
    return fail(kBadArg, "shard must be in [0, " + std::to_string(er::shard_count(B)) + ")");
  for (int i = 0; i < 2 * B * T; ++i)
    if (tokens[i] < 0 || tokens[i] >= V) return fail(kBadArg, "token id outside the vocabulary");
  std::fill(r->stats.begin(), r->stats.end(), 0.0);
  er::shard_compute(*r->gpt, tokens, tokens + size_t(B) * T, B, T, shard, r->stats.data());
  return 0;
}

}  // extern "C"
