// Model weights as .safetensors (little-endian f32). Tensors carry the PyTorch / nanoGPT
// names and shapes of param_layout() (e.g. "transformer.h.0.attn.c_attn.weight" (3C, C));
// the tied head has no tensor of its own, as in nanoGPT's state dict minus lm_head.
// __metadata__ (all strings): "format" = "examrule-gpt/1", "config" = the config JSON,
// "vocab" = JSON array of the words in id order, "break" = the run's break name,
// "step" = optimizer steps done.
#pragma once
#include <string>
#include <vector>

#include "config.h"

namespace er {

struct Checkpoint {
  Config config;
  Break brk = Break::healthy;
  int step = 0;
  std::vector<std::string> vocab;
  std::vector<float> params;  // param_count(config.model), in param_layout order
};

std::string checkpoint_bytes(const Checkpoint& c);
bool save_checkpoint(const std::string& path, const Checkpoint& c, std::string* error);
// Validates everything: format, config, break name, every tensor present with its exact shape,
// no extra tensors, and (when `expected_vocab` is not empty) the same vocabulary, since token
// ids only mean something together with it. Never aborts on a malformed file.
bool parse_checkpoint(const std::string& bytes, const std::vector<std::string>& expected_vocab,
                      Checkpoint* out, std::string* error);
bool load_checkpoint(const std::string& path, const std::vector<std::string>& expected_vocab,
                     Checkpoint* out, std::string* error);

}  // namespace er
