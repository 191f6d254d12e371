#include "config.h"

#include <cmath>
#include <cstdio>

namespace er {

namespace {
std::string range(const char* name, double v, double lo, double hi) {
  if (std::isfinite(v) && v >= lo && v <= hi) return "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s must be between %g and %g, got %g", name, lo, hi, v);
  return buf;
}
}  // namespace

std::string validate(const Config& c) {
  const ModelDims& m = c.model;
  std::string e;
  // Upper bounds keep one run's memory in the tens of MB and a step under a second in wasm.
  if (!(e = range("n_embd", m.C, 4, 256)).empty()) return e;
  if (!(e = range("n_layer", m.L, 1, 8)).empty()) return e;
  if (!(e = range("n_head", m.H, 1, 16)).empty()) return e;
  if (m.C % m.H != 0) return "n_head must divide n_embd";
  if ((m.C / m.H) % 2 != 0) return "head size n_embd/n_head must be even (RoPE rotates pairs)";
  if (!(e = range("block_size", m.T, 2, 128)).empty()) return e;
  if (!(e = range("batch_size", c.batch_size, 1, 64)).empty()) return e;
  if (!(e = range("steps", c.steps, 1, 100000)).empty()) return e;
  if (!(e = range("lr_max", c.lr_max, 1e-7, 1.0)).empty()) return e;
  if (!(e = range("lr_min", c.lr_min, 0.0, c.lr_max)).empty()) return e;
  if (!(e = range("warmup_steps", c.warmup_steps, 0, 100000)).empty()) return e;
  if (!(e = range("weight_decay", c.weight_decay, 0.0, 1.0)).empty()) return e;
  if (!(e = range("beta1", c.beta1, 0.0, 0.999999)).empty()) return e;
  if (!(e = range("beta2", c.beta2, 0.0, 0.999999)).empty()) return e;
  if (!(e = range("adam_eps", c.adam_eps, 1e-12, 1.0)).empty()) return e;
  if (!(e = range("grad_clip", c.grad_clip, 1e-6, 1e6)).empty()) return e;
  if (!(e = range("eval_every", c.eval_every, 1, 100000)).empty()) return e;
  if (!(e = range("val_windows", c.val_windows, 1, 1024)).empty()) return e;
  if (!(e = range("train_sentences", c.train_sentences, 100, 200000)).empty()) return e;
  if (!(e = range("val_sentences", c.val_sentences, 50, 20000)).empty()) return e;
  return "";
}

namespace {
struct BreakName {
  const char* name;
  Break b;
};
constexpr BreakName kBreaks[] = {
    {"healthy", Break::healthy},
    {"no-mask", Break::no_mask},
    {"post-softmax-mask", Break::post_softmax_mask},
    {"diag-blocked", Break::diag_blocked},
    {"init-x100", Break::init_x100},
    {"no-warmup", Break::no_warmup},
    {"no-mask-at-inference", Break::no_mask_at_inference},
};
}  // namespace

bool parse_break(const std::string& name, Break* out) {
  for (const auto& b : kBreaks)
    if (name == b.name) {
      *out = b.b;
      return true;
    }
  return false;
}

const char* break_name(Break b) {
  for (const auto& x : kBreaks)
    if (x.b == b) return x.name;
  return "?";
}

std::vector<const char*> break_name_list() {
  std::vector<const char*> v;
  for (const auto& b : kBreaks) v.push_back(b.name);
  return v;
}

std::string break_names() {
  std::string s;
  for (const auto& b : kBreaks) s += (s.empty() ? "" : ", ") + std::string(b.name);
  return s;
}

}  // namespace er
