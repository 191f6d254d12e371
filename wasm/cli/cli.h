// The native `examrule` command-line tool, as a function so the Catch2 suite can drive it
// (natively and in wasm) without spawning processes. main.cpp only forwards argv.
//
//   examrule config                                   default config as JSON
//   examrule corpus [--sample N] [--seed S] [--entropy]
//   examrule train [--config F.json] [--break NAME] [--steps N] [--seed S]
//                  [--metrics OUT.jsonl] [--save OUT.safetensors]     one JSON line per step
//   examrule eval --load F.safetensors                {"val_loss":..,"val_loss_ar":..}
//   examrule sample --load F.safetensors [--prompt "yo"] [--n 10] [--seed S]
//                   [--temperature 1] [--top-k 0]     {"samples":[..],"grammatical":[..]}
//   examrule logits --load F.safetensors --tokens 3,1,4,1,5         {"logits":[[..],..]}
//   examrule causality [--break NAME] [--T 32] [--seed S]
//
// Exit codes: 0 success (a diverged training run is a result, not an error); 2 bad
// arguments, bad config, or an unreadable / malformed / unwritable file, with a one-line
// message on `err`.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace er::cli {

// args excludes the program name: {"train", "--steps", "10"}.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace er::cli
