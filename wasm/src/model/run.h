// A training run: the model, its data, the optimiser and the per-step metrics line that both
// the CLI (--metrics JSONL) and the web dashboard consume.
//
// Data: a training stream of `train_sentences` sentences drawn with the run's seed, and a
// held-out stream of `val_sentences` drawn with a FIXED seed (so every run, and every loaded
// checkpoint, is scored on the same validation windows). A batch is B random windows of
// T+1 consecutive tokens (inputs = first T, targets = last T), nanoGPT-style.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../core/rng.h"
#include "../data/corpus.h"
#include "checkpoint.h"
#include "config.h"
#include "gpt.h"
#include "metrics.h"
#include "optim.h"

namespace er {

// The corpus is built once and shared (it is immutable).
const Corpus& shared_corpus();

class Run {
 public:
  // Validates everything (config, break, vocabulary); returns null and sets *error on bad input.
  static std::unique_ptr<Run> create(const Config& cfg, Break brk, uint32_t seed,
                                     std::string* error);

  const Config& config() const { return cfg_; }
  Break brk() const { return brk_; }
  uint32_t seed() const { return seed_; }
  Gpt& model() { return *gpt_; }
  const Corpus& corpus() const { return corpus_; }
  int steps_done() const { return step_; }
  bool finished() const { return step_ >= cfg_.steps || diverged_; }
  bool diverged() const { return diverged_; }

  // One optimizer step. Returns the metrics line (one-line JSON). After divergence it returns
  // the diverged line again and changes nothing. Returns "" if the run has already done
  // cfg.steps steps. It is begin_step, compute_shard for every shard in order, finish_step.
  const std::string& step();

  // ---- the same step in parts, for data-parallel training (shards.h) ----
  // begin_step draws the batch (false, and nothing drawn, when finished or diverged); then
  // every shard s = 0 .. shard_count()-1 is added IN THIS ORDER, either computed here
  // (compute_shard) or by a replica of the model (add_shard with its gradient (P), row losses
  // (nb, T) and stats sums (step_stats_size)); finish_step clips, steps AdamW and returns the
  // metrics line. add_shard refuses a shard out of order (returns false).
  bool begin_step();
  bool step_open() const { return open_; }
  const std::vector<int>& batch_x() const { return bx_; }  // (B, T) while a step is open
  const std::vector<int>& batch_y() const { return by_; }
  int shard_count() const;
  int shards_added() const { return shards_added_; }
  void compute_shard(int s);
  bool add_shard(int s, const float* grad, const float* losses, const double* stats);
  const std::string& finish_step();

  struct Eval {
    double val_loss = 0;     // teacher-forced, inference path, batched
    double val_loss_ar = 0;  // each position scored from its prefix only, through the KV cache
  };
  Eval evaluate();

  // Switches the engine path of this run; weights, optimiser state and step count are kept.
  // Mask breaks take effect on the next forward pass, the warmup on the next step's learning
  // rate; the init happened at creation, so init-x100 (on or off) needs a fresh run.
  void set_break(Break b);

  // Replace the weights (e.g. from a checkpoint); p must hold num_params() floats.
  void load_params(const std::vector<float>& p);

  // The weights and everything needed to rebuild this run's model; and the way back (a run
  // whose weights come from the file, its step counter set to the file's).
  Checkpoint checkpoint() const;
  static std::unique_ptr<Run> from_checkpoint(const Checkpoint& c, std::string* error);

 private:
  Run(const Config& cfg, Break brk, uint32_t seed);
  void next_batch();
  // The step's metrics as one JSON line; eval (null: none) adds the validation keys. Pure: it
  // only reads what step() measured.
  std::string metrics_line(int step, float lr, double loss, double gpre, double gpost,
                           const Eval* eval, bool diverged) const;

  Config cfg_;
  Break brk_;
  uint32_t seed_;
  const Corpus& corpus_;
  std::unique_ptr<Gpt> gpt_;
  AdamW adam_;
  int warmup_;
  std::vector<int> train_, val_;  // token streams
  std::vector<int> val_starts_;   // (val_windows) window starts in val_
  std::vector<int> bx_, by_;      // (B, T) batch inputs, targets
  std::vector<int> vx_, vy_;      // (B, T) evaluate()'s own windows: it never touches the batch
  Rng batch_rng_;
  SpectralTracker spectral_;
  StepMetrics metrics_;
  std::vector<float> contrib_scratch_;  // (C, C) for step_stats_finish
  // the open step's sums, shard by shard: gradient (P), row losses (B, T), metric sums
  std::vector<float> grad_sum_, row_losses_;
  std::vector<double> stats_sum_, shard_stats_;
  int shards_added_ = 0;
  bool open_ = false;
  int step_ = 0;
  bool diverged_ = false;
  std::string line_;
};

}  // namespace er
