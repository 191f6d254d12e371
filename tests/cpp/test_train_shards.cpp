// Data-parallel training (model/shards.h, capi_shards.cpp): the batch is cut into a fixed
// number of shards, any replica computes a shard, the owner adds them in shard order. These
// tests simulate 1, 2, 3, 4 and 8 workers in one process and require the same bits.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "capi/capi.h"
#include "io/json.h"
#include "model/config_json.h"
#include "model/metrics.h"
#include "model/run.h"
#include "model/shards.h"

namespace {
const char* kCfg = R"({"steps": 5, "eval_every": 2, "train_sentences": 600, "val_windows": 4})";

std::unique_ptr<er::Run> make(er::Break b, uint32_t seed) {
  er::Config cfg;
  std::string err;
  REQUIRE(er::config_from_json(kCfg, &cfg, &err));
  auto r = er::Run::create(cfg, b, seed, &err);
  REQUIRE(r);
  return r;
}

// What a replica sends back for one shard.
struct ShardOut {
  std::vector<float> grad, losses;
  std::vector<double> stats;
};

ShardOut compute_on(er::Gpt& g, const er::Run& run, int s) {
  const int B = run.config().batch_size, T = run.config().model.T;
  ShardOut o;
  o.stats.assign(er::step_stats_size(run.config().model), 0.0);
  er::shard_compute(g, run.batch_x().data(), run.batch_y().data(), B, T, s, o.stats.data());
  o.grad.assign(g.grads(), g.grads() + g.num_params());
  o.losses.assign(g.losses(), g.losses() + size_t(er::shard_range(B, s).nb) * T);
  return o;
}

struct Trained {
  std::vector<std::string> lines;
  std::vector<float> params;
};

// Trains with `workers` workers: worker 0 is the run itself and takes the first block of
// shards; workers 1.. are replicas (own model, weights copied in each step) taking the next
// blocks. The replicas compute in REVERSE worker order, as messages may arrive in any order;
// their results are added in shard order.
Trained train_with(int workers, er::Break b, uint32_t seed) {
  auto run = make(b, seed);
  const int S = run->shard_count();
  std::vector<std::unique_ptr<er::Gpt>> reps;
  for (int w = 1; w < workers; ++w) {
    reps.push_back(std::make_unique<er::Gpt>(run->config().model, er::shard_range(run->config().batch_size, 0).nb));
    reps.back()->set_break(b);
  }
  auto first = [&](int w) { return w * S / workers; };  // worker w: shards [first(w), first(w+1))
  Trained out;
  while (run->begin_step()) {
    std::vector<ShardOut> got(S);
    for (int w = workers - 1; w >= 1; --w) {
      er::Gpt& g = *reps[w - 1];
      std::copy(run->model().params(), run->model().params() + g.num_params(), g.params());
      for (int s = first(w); s < first(w + 1); ++s) got[s] = compute_on(g, *run, s);
    }
    for (int s = 0; s < S; ++s) {
      if (s < first(1)) run->compute_shard(s);
      else REQUIRE(run->add_shard(s, got[s].grad.data(), got[s].losses.data(), got[s].stats.data()));
    }
    out.lines.push_back(run->finish_step());
  }
  out.params.assign(run->model().params(), run->model().params() + run->model().num_params());
  return out;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0) return false;
  return true;
}
}  // namespace

TEST_CASE("shard plan: a fixed number of shards, set by the batch size alone, covering it") {
  for (int B = 1; B <= 40; ++B) {
    const int S = er::shard_count(B);
    CHECK(S == std::min(B, er::kMaxShards));
    int next = 0;
    for (int s = 0; s < S; ++s) {
      const er::ShardRange r = er::shard_range(B, s);
      CHECK(r.b0 == next);
      CHECK((r.nb == B / S || r.nb == B / S + 1));
      CHECK(r.nb <= er::shard_range(B, 0).nb);  // the first shard is the largest (replica size)
      next += r.nb;
    }
    CHECK(next == B);
  }
}

TEST_CASE("data-parallel step: the same bits with 1, 2, 3, 4 and 8 workers as Run::step") {
  for (er::Break b : {er::Break::healthy, er::Break::diag_blocked}) {
    auto ref = make(b, 3);
    Trained one;
    while (!ref->finished()) one.lines.push_back(ref->step());
    one.params.assign(ref->model().params(), ref->model().params() + ref->model().num_params());
    REQUIRE(one.lines.size() == 5);
    for (int workers : {1, 2, 3, 4, 8}) {
      INFO("break " << er::break_name(b) << ", " << workers << " workers");
      const Trained t = train_with(workers, b, 3);
      CHECK(t.lines == one.lines);
      CHECK(same_bits(t.params, one.params));
    }
  }
}

TEST_CASE("the sum is taken in shard order: a per-worker order would give other bits") {
  // Why the test above can fail: add the eight shard gradients of one step as two workers
  // would if each pre-summed its half, and the bits differ from the shard-order sum.
  auto run = make(er::Break::healthy, 5);
  REQUIRE(run->begin_step());
  er::Gpt g(run->config().model, er::shard_range(run->config().batch_size, 0).nb);
  std::copy(run->model().params(), run->model().params() + g.num_params(), g.params());
  const int S = run->shard_count();
  REQUIRE(S == 8);
  std::vector<ShardOut> outs;
  for (int s = 0; s < S; ++s) outs.push_back(compute_on(g, *run, s));
  const size_t P = g.num_params();
  std::vector<float> in_order(P, 0.0f), halves(P, 0.0f), second(P, 0.0f);
  for (int s = 0; s < S; ++s)
    for (size_t i = 0; i < P; ++i) (s < 4 ? halves : second)[i] += outs[s].grad[i];
  for (size_t i = 0; i < P; ++i) {
    halves[i] += second[i];
    for (int s = 0; s < S; ++s) in_order[i] += outs[s].grad[i];
  }
  CHECK_FALSE(same_bits(in_order, halves));
  // and the run refuses a shard out of order
  CHECK_FALSE(run->add_shard(1, outs[1].grad.data(), outs[1].losses.data(), outs[1].stats.data()));
  for (int s = 0; s < S; ++s) REQUIRE(run->add_shard(s, outs[s].grad.data(), outs[s].losses.data(), outs[s].stats.data()));
  CHECK_FALSE(run->add_shard(S, outs[0].grad.data(), outs[0].losses.data(), outs[0].stats.data()));
  CHECK_FALSE(run->finish_step().empty());
}

TEST_CASE("shards give the whole batch's loss exactly and its gradient up to rounding") {
  auto run = make(er::Break::healthy, 9);
  const er::Config& c = run->config();
  const int B = c.batch_size, T = c.model.T;
  REQUIRE(run->begin_step());
  er::Gpt whole(c.model, B);
  std::copy(run->model().params(), run->model().params() + whole.num_params(), whole.params());
  const double loss = whole.forward(run->batch_x().data(), run->batch_y().data(), B, T, er::Pass::train);
  whole.zero_grad();
  whole.backward();
  er::Gpt g(c.model, er::shard_range(B, 0).nb);
  std::copy(whole.params(), whole.params() + g.num_params(), g.params());
  std::vector<double> sum(whole.num_params(), 0.0), rows;
  for (int s = 0; s < run->shard_count(); ++s) {
    const ShardOut o = compute_on(g, *run, s);
    for (size_t i = 0; i < sum.size(); ++i) sum[i] += o.grad[i];
    rows.insert(rows.end(), o.losses.begin(), o.losses.end());
  }
  double total = 0;
  for (double r : rows) total += r;
  CHECK(total / (B * T) == loss);  // row losses are row-independent: summed in batch order
  double err = 0, mag = 0;
  for (size_t i = 0; i < sum.size(); ++i) {
    err = std::max(err, std::abs(sum[i] - whole.grads()[i]));
    mag = std::max(mag, double(std::abs(whole.grads()[i])));
  }
  CHECK(mag > 0);
  CHECK(err <= 1e-5 * mag);  // each shard carries its share of the mean (1 / (B T)), not 1 / its rows
}

TEST_CASE("C API: a step in parts with a replica gives er_run_step's lines; refusals") {
  const std::string cfg = kCfg;
  int a = 0, b = 0, rep = 0;
  REQUIRE(er_run_create(cfg.c_str(), "healthy", 4, &a) == 0);
  REQUIRE(er_run_create(cfg.c_str(), "healthy", 4, &b) == 0);
  int S = 0, P = 0, nst = 0;
  REQUIRE(er_run_shard_plan(b, &S, &P, &nst) == 0);
  CHECK(S == 8);
  const char* info = nullptr;
  REQUIRE(er_run_info(b, &info) == 0);
  er::json::Value v;
  std::string err;
  REQUIRE(er::json::parse(info, &v, &err));
  REQUIRE(v.get("config"));
  const std::string config = er::json::write(*v.get("config"));  // the run's config, as the worker passes it
  INFO(config);
  REQUIRE(er_replica_create(config.c_str(), "healthy", &rep) == 0);
  float* params = nullptr;
  const float *grads = nullptr, *losses = nullptr, *run_params = nullptr;
  const double* stats = nullptr;
  REQUIRE(er_replica_buffers(rep, &params, &grads, &losses, &stats) == 0);
  REQUIRE(er_run_params(b, &run_params) == 0);
  std::vector<int> tokens(2 * 16 * 32);
  for (int step = 0; step < 5; ++step) {
    const char* want = nullptr;
    REQUIRE(er_run_step(a, &want) == 0);
    const std::string expected = want;
    int started = 0;
    REQUIRE(er_run_step_begin(b, tokens.data(), &started) == 0);
    REQUIRE(started == 1);
    const char* dummy = nullptr;
    CHECK(er_run_step(b, &dummy) != 0);  // mid-step, the run refuses everything else
    CHECK(std::string(er_last_error()).find("middle of a training step") != std::string::npos);
    CHECK(er_run_step_finish(b, &dummy) != 0);  // shards missing
    CHECK(er_run_shard_compute(b, 1) != 0);     // out of order
    REQUIRE(er_run_shard_compute(b, 0) == 0);
    std::copy(run_params, run_params + P, params);
    for (int s = 1; s < S; ++s) {
      REQUIRE(er_replica_compute(rep, tokens.data(), s) == 0);
      REQUIRE(er_run_shard_add(b, s, grads, losses, stats) == 0);
    }
    const char* got = nullptr;
    REQUIRE(er_run_step_finish(b, &got) == 0);
    CHECK(std::string(got) == expected);
  }
  int started = 1;
  REQUIRE(er_run_step_begin(b, tokens.data(), &started) == 0);
  CHECK(started == 0);  // finished: nothing drawn, nothing open
  CHECK(er_replica_compute(rep, tokens.data(), 8) != 0);
  tokens[0] = 100000;
  CHECK(er_replica_compute(rep, tokens.data(), 0) != 0);
  CHECK(er_replica_free(rep) == 0);
  CHECK(er_replica_free(rep) != 0);
  CHECK(er_run_free(a) == 0);
  CHECK(er_run_free(b) == 0);
}
