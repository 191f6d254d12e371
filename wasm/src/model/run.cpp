#include "run.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../kernels/kernels.h"
#include "config_json.h"
#include "shards.h"

namespace er {

namespace {
// Independent random streams of one run, all derived from its seed (Rng mixes with splitmix).
constexpr uint64_t kTrainStream = 0x7a11000000000000ull, kBatches = 0xba7c000000000000ull,
                   kSpectral = 0x5ec7000000000000ull;
// The validation stream and windows never depend on the run's seed.
constexpr uint64_t kValStream = 0x7a1d, kValWindows = 0x7a1e;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool all_finite(const float* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(p[i])) return false;
  return true;
}
}  // namespace

const Corpus& shared_corpus() {
  static const Corpus corpus;
  return corpus;
}

std::unique_ptr<Run> Run::create(const Config& cfg, Break brk, uint32_t seed, std::string* error) {
  Config c = cfg;
  const int V = shared_corpus().vocab_size();
  if (c.model.V != 0 && c.model.V != V) {
    *error = "vocab_size must be " + std::to_string(V) + " (the corpus vocabulary), got " +
             std::to_string(c.model.V);
    return nullptr;
  }
  c.model.V = V;
  const std::string e = validate(c);
  if (!e.empty()) {
    *error = "bad config: " + e;
    return nullptr;
  }
  return std::unique_ptr<Run>(new Run(c, brk, seed));
}

Run::Run(const Config& cfg, Break brk, uint32_t seed)
    : cfg_(cfg), brk_(brk), seed_(seed), corpus_(shared_corpus()),
      gpt_(new Gpt(cfg.model, cfg.batch_size)), warmup_(effective_warmup(cfg.warmup_steps, brk)),
      batch_rng_(kBatches ^ seed), spectral_(*gpt_, kSpectral ^ seed) {
  gpt_->set_break(brk);
  gpt_->init(seed);
  adam_.beta1 = cfg.beta1, adam_.beta2 = cfg.beta2, adam_.eps = cfg.adam_eps;
  adam_.weight_decay = cfg.weight_decay;
  train_ = corpus_.stream(cfg.train_sentences, kTrainStream ^ seed);
  val_ = corpus_.stream(cfg.val_sentences, kValStream);
  Rng vr(kValWindows);
  const int T = cfg.model.T;
  for (int w = 0; w < cfg.val_windows; ++w) val_starts_.push_back(int(vr.below(uint32_t(val_.size() - T))));
  bx_.assign(size_t(cfg.batch_size) * T, 0);
  by_.assign(size_t(cfg.batch_size) * T, 0);
  grad_sum_.assign(gpt_->num_params(), 0.0f);
  row_losses_.assign(size_t(cfg.batch_size) * T, 0.0f);
  stats_sum_.assign(step_stats_size(cfg.model), 0.0);
  shard_stats_.assign(stats_sum_.size(), 0.0);
  vx_.assign(size_t(cfg.batch_size) * T, 0);
  vy_.assign(size_t(cfg.batch_size) * T, 0);
}

void Run::set_break(Break b) {
  brk_ = b;
  gpt_->set_break(b);
  warmup_ = effective_warmup(cfg_.warmup_steps, b);
}

void Run::load_params(const std::vector<float>& p) {
  std::copy(p.begin(), p.end(), gpt_->params());
}

Checkpoint Run::checkpoint() const {
  Checkpoint c;
  c.config = cfg_;
  c.brk = brk_;
  c.step = step_;
  c.vocab = corpus_.vocab();
  c.params.assign(gpt_->params(), gpt_->params() + gpt_->num_params());
  return c;
}

std::unique_ptr<Run> Run::from_checkpoint(const Checkpoint& c, std::string* error) {
  if (c.vocab != shared_corpus().vocab()) {
    *error = "checkpoint vocabulary differs from this engine's corpus";
    return nullptr;
  }
  std::unique_ptr<Run> r = create(c.config, c.brk, 0, error);
  if (!r) return nullptr;
  if (c.params.size() != r->gpt_->num_params()) {
    *error = "checkpoint holds " + std::to_string(c.params.size()) + " parameters, the model " +
             std::to_string(r->gpt_->num_params());
    return nullptr;
  }
  r->load_params(c.params);
  r->step_ = std::min(c.step, c.config.steps);
  return r;
}

void Run::next_batch() {
  const int B = cfg_.batch_size, T = cfg_.model.T;
  for (int b = 0; b < B; ++b) {
    // a window of T+1 tokens: inputs are its first T, targets its last T
    const size_t s = batch_rng_.below(uint32_t(train_.size() - T));
    for (int t = 0; t < T; ++t) {
      bx_[size_t(b) * T + t] = train_[s + t];
      by_[size_t(b) * T + t] = train_[s + t + 1];
    }
  }
}

const std::string& Run::step() {
  if (!begin_step()) {
    if (!diverged_) line_.clear();  // finished: "" (diverged: the diverged line again)
    return line_;
  }
  for (int s = 0; s < shard_count(); ++s) compute_shard(s);
  return finish_step();
}

int Run::shard_count() const { return er::shard_count(cfg_.batch_size); }

bool Run::begin_step() {
  if (diverged_ || step_ >= cfg_.steps) return false;
  next_batch();
  std::fill(stats_sum_.begin(), stats_sum_.end(), 0.0);
  shards_added_ = 0;
  open_ = true;
  return true;
}

void Run::compute_shard(int s) {
  std::fill(shard_stats_.begin(), shard_stats_.end(), 0.0);
  shard_compute(*gpt_, bx_.data(), by_.data(), cfg_.batch_size, cfg_.model.T, s, shard_stats_.data());
  add_shard(s, gpt_->grads(), gpt_->losses(), shard_stats_.data());
}

bool Run::add_shard(int s, const float* grad, const float* losses, const double* stats) {
  if (!open_ || s != shards_added_ || s >= shard_count()) return false;
  const size_t P = gpt_->num_params();
  if (s == 0) std::copy(grad, grad + P, grad_sum_.begin());
  else k::axpy(grad_sum_.data(), 1.0f, grad, int(P));  // 1 * g is exact: a plain sum
  const ShardRange r = shard_range(cfg_.batch_size, s);
  const int T = cfg_.model.T;
  std::copy(losses, losses + size_t(r.nb) * T, row_losses_.begin() + size_t(r.b0) * T);
  for (size_t i = 0; i < stats_sum_.size(); ++i) stats_sum_[i] += stats[i];
  ++shards_added_;
  return true;
}

const std::string& Run::finish_step() {
  Gpt& g = *gpt_;
  const size_t P = g.num_params();
  const int s = step_, N = cfg_.batch_size * cfg_.model.T;
  open_ = false;
  const float lr = lr_at(s, cfg_.steps, warmup_, cfg_.lr_max, cfg_.lr_min);
  // the mean loss, summed row by row in batch order (as a whole-batch forward sums it)
  double total = 0.0;
  for (int n = 0; n < N; ++n) total += row_losses_[n];
  const double loss = total / N;
  // These describe the weights entering this step (the ones that produced `loss`).
  spectral_.update(g.params(), s == 0 ? 30 : 2);  // converge once, then warm-started
  step_stats_finish(g, stats_sum_.data(), N, &contrib_scratch_, &metrics_);
  if (!std::isfinite(loss)) {
    diverged_ = true;
    line_ = metrics_line(s, lr, loss, kNaN, kNaN, nullptr, true);
    return line_;
  }
  std::copy(grad_sum_.begin(), grad_sum_.end(), g.grads());
  const double gpre = clip_grad_norm(g.grads(), P, cfg_.grad_clip);
  if (!std::isfinite(gpre)) {
    diverged_ = true;
    line_ = metrics_line(s, lr, loss, gpre, kNaN, nullptr, true);
    return line_;
  }
  const double gpost = global_norm(g.grads(), P);
  adam_.step(g.params(), g.grads(), g.adam_m(), g.adam_v(), g.layout(), lr);
  ++step_;
  if (!all_finite(g.params(), P)) {  // the update itself overflowed
    diverged_ = true;
    line_ = metrics_line(s, lr, loss, gpre, gpost, nullptr, true);
    return line_;
  }
  if (s % cfg_.eval_every == 0 || step_ == cfg_.steps) {
    const Eval e = evaluate();
    line_ = metrics_line(s, lr, loss, gpre, gpost, &e, false);
  } else {
    line_ = metrics_line(s, lr, loss, gpre, gpost, nullptr, false);
  }
  return line_;
}

std::string Run::metrics_line(int step, float lr, double loss, double gpre, double gpost,
                              const Eval* eval, bool diverged) const {
  json::Value o = jv::obj();
  o.obj["step"] = jv::num(step);
  o.obj["lr"] = jv::num(lr);
  o.obj["loss"] = jv::num(loss);
  o.obj["grad_norm_pre_clip"] = jv::num(gpre);
  o.obj["grad_norm_post_clip"] = jv::num(gpost);
  json::Value a = jv::arr();
  for (double r : metrics_.act_rms) a.arr.push_back(jv::num(r));
  o.obj["act_rms"] = a;
  json::Value sp = jv::obj();
  for (size_t i = 0; i < spectral_.size(); ++i) sp.obj[spectral_.name(i)] = jv::num(spectral_.sigma(i));
  o.obj["spectral"] = sp;
  o.obj["dead_heads"] = jv::num(count_dead_heads(metrics_.contrib, cfg_.model.L, cfg_.model.H));
  o.obj["diverged"] = jv::boolean(diverged);
  if (eval) {
    o.obj["val_loss"] = jv::num(eval->val_loss);
    o.obj["val_loss_ar"] = jv::num(eval->val_loss_ar);
    o.obj["entropy_floor"] = jv::num(corpus_.entropy_floor());
  }
  return json::write(o);
}

Run::Eval Run::evaluate() {
  Gpt& g = *gpt_;
  const int T = cfg_.model.T, V = cfg_.model.V, W = cfg_.val_windows;
  Eval e;
  // teacher-forced: whole windows at once, in batches of up to B windows
  double total = 0;
  for (int w0 = 0; w0 < W; w0 += cfg_.batch_size) {
    const int nb = std::min(cfg_.batch_size, W - w0);
    for (int b = 0; b < nb; ++b)
      for (int t = 0; t < T; ++t) {
        vx_[size_t(b) * T + t] = val_[val_starts_[w0 + b] + t];
        vy_[size_t(b) * T + t] = val_[val_starts_[w0 + b] + t + 1];
      }
    total += g.forward(vx_.data(), vy_.data(), nb, T, Pass::infer) * nb * T;
  }
  e.val_loss = total / (double(W) * T);
  // autoregressive: one token at a time through the KV cache; position t never sees t+1..
  // Up to B windows run side by side as KV streams (bit-identical to one at a time); their
  // losses are summed window by window, in the same order as one window at a time.
  total = 0;
  std::vector<double> nll(size_t(cfg_.batch_size) * T);  // (nb, T) of this chunk
  for (int w0 = 0; w0 < W; w0 += cfg_.batch_size) {
    const int nb = std::min(cfg_.batch_size, W - w0);
    g.kv_reset(nb);
    for (int t = 0; t < T; ++t) {
      for (int b = 0; b < nb; ++b) vx_[b] = val_[val_starts_[w0 + b] + t];
      const float* logits = g.kv_step(vx_.data());
      for (int b = 0; b < nb; ++b) {
        const float* l = logits + size_t(b) * V;
        float mx = l[0];
        for (int v = 1; v < V; ++v) mx = l[v] > mx ? l[v] : mx;
        double z = 0;
        for (int v = 0; v < V; ++v) z += std::exp(double(l[v]) - mx);
        nll[size_t(b) * T + t] = mx + std::log(z) - l[val_[val_starts_[w0 + b] + t + 1]];
      }
    }
    for (size_t i = 0; i < size_t(nb) * T; ++i) total += nll[i];
  }
  e.val_loss_ar = total / (double(W) * T);
  return e;
}

}  // namespace er
