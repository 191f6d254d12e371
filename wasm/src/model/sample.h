// Text generation: the KV-cache path (one token at a time, each position computed once) and
// the full-recompute path (the whole prefix through forward() for every new token).
//
// Which path samples: the KV cache when it reproduces the full recompute (the inference
// mask is the healthy causal one: healthy, init-x100, no-warmup); the full recompute for every
// mask break, because that is what a model with that bug really does when it generates.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "../core/rng.h"
#include "../data/corpus.h"
#include "gpt.h"

namespace er {

// True when the KV cache gives the same logits as the full recompute for this break.
bool kv_matches_full(Break b);

// Logits (T, V) of `tokens` (T <= context) through the full-recompute inference path.
void full_logits(Gpt& g, const std::vector<int>& tokens, std::vector<float>* out);
// Logits (T, V) of `tokens` fed one at a time through the KV cache.
void kv_logits(Gpt& g, const std::vector<int>& tokens, std::vector<float>* out);

// Picks a token from logits (V): temperature 0 = argmax; otherwise softmax(logits / temp)
// restricted to the top_k largest (0 = all), sampled with rng.
int pick_token(const float* logits, int V, float temperature, int top_k, Rng& rng,
               std::vector<std::pair<float, int>>* scratch);

struct Samples {
  std::vector<std::string> text;   // words after <bos> (prompt included), <eos> dropped
  std::vector<bool> grammatical;   // ended with <eos> and the grammar can produce it
  std::vector<bool> ended;         // the model wrote <eos> (false: the context filled up)
  std::vector<int> refused_at;     // Corpus::refused_at of the words (-1: a corpus sentence)
};
// n sentences continuing <bos> + prompt until <eos> or the context is full.
// Arguments must be valid (ids in vocab, 1 + prompt length < context, n >= 1).
Samples sample(Gpt& g, const Corpus& corpus, const std::vector<int>& prompt, int n,
               uint32_t seed, float temperature, int top_k);

}  // namespace er
