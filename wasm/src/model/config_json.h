// Config <-> JSON, and small helpers to build json::Value trees.
//
// Keys (all optional on input; absent keys keep their current value, unknown keys are an
// error so typos do not pass silently): n_embd, n_layer, n_head, block_size, vocab_size (must
// equal the corpus's if given), batch_size, steps, lr_max, lr_min, warmup_steps,
// weight_decay, beta1, beta2, adam_eps, grad_clip, eval_every, val_windows,
// train_sentences, val_sentences.
#pragma once
#include <string>

#include "../io/json.h"
#include "config.h"

namespace er {

json::Value config_to_value(const Config& c);
std::string config_to_json(const Config& c);
// Applies the keys present in `text` over *c, then validates. "" means no overrides.
bool config_from_json(const std::string& text, Config* c, std::string* error);
bool config_from_value(const json::Value& v, Config* c, std::string* error);

}  // namespace er
