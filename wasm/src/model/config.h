// The mini-GPT's configuration (model shape + training recipe) and the break switches.
// Everything a run needs besides its seed lives in Config, so a run is reproducible from
// (config JSON, break name, seed).
#pragma once
#include <string>
#include <vector>

namespace er {

// Shapes of the model. V comes from the corpus vocabulary.
struct ModelDims {
  int V = 0;   // vocabulary size
  int T = 32;  // context length (block size): the longest sequence the model accepts
  int C = 64;  // embedding width (n_embd)
  int L = 2;   // transformer blocks (n_layer)
  int H = 4;   // attention heads per block (n_head); head size hs = C / H must be even (RoPE)
};

struct Config {
  ModelDims model;
  // ---- optimisation (AdamW, warmup + cosine, clipping) ----
  int batch_size = 16;       // B: windows of T+1 tokens per step
  int steps = 300;           // optimizer steps in a run
  float lr_max = 1e-2f;      // peak learning rate (end of warmup)
  float lr_min = 1e-3f;      // floor of the cosine decay (reached on the last step)
  int warmup_steps = 30;     // linear warmup length (the no-warmup break forces 0)
  float weight_decay = 0.1f; // AdamW decoupled decay, matrices only
  float beta1 = 0.9f, beta2 = 0.95f, adam_eps = 1e-8f;
  float grad_clip = 1.0f;    // max global L2 norm of the gradient
  // ---- evaluation and data ----
  int eval_every = 50;       // val_loss / val_loss_ar every this many steps (and the last)
  int val_windows = 16;      // fixed validation windows of T+1 tokens
  int train_sentences = 4000;  // size of the training token stream, in sentences
  int val_sentences = 400;     // size of the held-out stream, in sentences
};

// Checks ranges and relations (H divides C, even head size, lr_min <= lr_max, ...). The
// vocabulary size is not checked here (it is set from the corpus). Returns "" when valid.
std::string validate(const Config& c);

// The engine paths a run can take. Each non-healthy value is a real, common bug, switched on
// in the code between `// BREAK(<name>) begin/end` markers.
enum class Break {
  healthy,
  no_mask,               // the blocks attend without any mask (training and inference)
  post_softmax_mask,     // softmax over every key, then multiply by the 0/1 triangle
  diag_blocked,          // off-by-one mask: a position cannot see itself
  init_x100,             // every initial weight x100
  no_warmup,             // warmup 0: the first step already uses lr_max
  no_mask_at_inference,  // trained with the mask; evaluation and generation run without it
};
bool parse_break(const std::string& name, Break* out);
const char* break_name(Break b);
// The one list of break names (kBreaks in config.cpp), in order; er_names() gives it to the
// page, whose copy (web/src/engine/names.ts) a test holds to it.
std::vector<const char*> break_name_list();
// All names, for messages: "healthy, no-mask, ...".
std::string break_names();

}  // namespace er
