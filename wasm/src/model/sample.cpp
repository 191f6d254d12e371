#include "sample.h"

#include <algorithm>
#include <cmath>

#include "../core/rng.h"

namespace er {

bool kv_matches_full(Break b) {
  return b == Break::healthy || b == Break::init_x100 || b == Break::no_warmup;
}

void full_logits(Gpt& g, const std::vector<int>& tokens, std::vector<float>* out) {
  const int T = int(tokens.size()), V = g.dims().V;
  g.forward(tokens.data(), nullptr, 1, T, Pass::infer);
  out->assign(g.logits(), g.logits() + size_t(T) * V);
}

void kv_logits(Gpt& g, const std::vector<int>& tokens, std::vector<float>* out) {
  const int V = g.dims().V;
  out->clear();
  g.kv_reset();
  for (int t : tokens) {
    const float* l = g.kv_step(t);
    out->insert(out->end(), l, l + V);
  }
}

int pick_token(const float* logits, int V, float temperature, int top_k, Rng& rng,
               std::vector<std::pair<float, int>>* s) {
  s->resize(V);
  // NaN (a diverged model) ranks below everything, so the sort keeps a strict weak order
  for (int v = 0; v < V; ++v) (*s)[v] = {std::isnan(logits[v]) ? -INFINITY : logits[v], v};
  // largest first; ties by id so the order never depends on the sort implementation
  std::sort(s->begin(), s->end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  const int k = top_k > 0 && top_k < V ? top_k : V;
  const double mx = (*s)[0].first;
  if (temperature <= 0.0f || !std::isfinite(mx)) return (*s)[0].second;  // argmax
  double z = 0;
  for (int i = 0; i < k; ++i) z += std::exp(((*s)[i].first - mx) / temperature);
  double u = rng.uniform() * z;
  for (int i = 0; i < k; ++i) {
    u -= std::exp(((*s)[i].first - mx) / temperature);
    if (u < 0) return (*s)[i].second;
  }
  return (*s)[k - 1].second;  // rounding left a sliver of mass
}

Samples sample(Gpt& g, const Corpus& corpus, const std::vector<int>& prompt, int n, uint32_t seed,
               float temperature, int top_k) {
  const int T = g.dims().T, V = g.dims().V;
  const bool kv = g.kv_exact();
  Rng rng(seed);
  std::vector<std::pair<float, int>> scratch;
  Samples out;
  std::vector<int> seq;
  for (int s = 0; s < n; ++s) {
    seq.assign(1, Corpus::kBos);
    seq.insert(seq.end(), prompt.begin(), prompt.end());
    const float* logits = nullptr;
    if (kv) {
      g.kv_reset();
      for (int t : seq) logits = g.kv_step(t);
    }
    bool ended = false;
    while (int(seq.size()) < T || (kv && int(seq.size()) == T)) {
      if (!kv) {
        g.forward(seq.data(), nullptr, 1, int(seq.size()), Pass::infer);
        logits = g.logits() + (seq.size() - 1) * size_t(V);
      }
      const int next = pick_token(logits, V, temperature, top_k, rng, &scratch);
      if (next == Corpus::kEos) {
        ended = true;
        break;
      }
      seq.push_back(next);
      if (int(seq.size()) >= T) break;  // context full
      if (kv) logits = g.kv_step(next);
    }
    const std::vector<int> words(seq.begin() + 1, seq.end());
    out.text.push_back(corpus.decode(words));
    const int refused = corpus.refused_at(words);
    out.grammatical.push_back(ended && refused < 0);
    out.ended.push_back(ended);
    out.refused_at.push_back(refused);
  }
  return out;
}

}  // namespace er
