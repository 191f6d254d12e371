#include "probes.h"

#include <cmath>
#include <cstring>

#include "../core/rng.h"
#include "../io/json.h"

namespace er {

bool Causality::pass() const {
  for (const CausalityRow& r : rows)
    if (!r.prefix_identical || !r.suffix_differs) return false;
  return !rows.empty();
}

namespace {
// The tokens of a probe: T seeded ids over the whole vocabulary.
std::vector<int> probe_tokens(int T, int V, Rng& rng) {
  std::vector<int> t(T);
  for (int& x : t) x = int(rng.below(uint32_t(V)));
  return t;
}
}  // namespace

Causality causality_sweep(Gpt& g, int T, uint64_t seed, const std::vector<int>& ks_in) {
  const int V = g.dims().V;
  Rng rng(seed);
  const std::vector<int> base = probe_tokens(T, V, rng);
  std::vector<int> ks = ks_in;
  if (ks.empty())
    for (int k = 1; k < T; ++k) ks.push_back(k);
  std::vector<float> ref(size_t(T) * V);
  g.forward(base.data(), nullptr, 1, T, Pass::infer);
  std::memcpy(ref.data(), g.logits(), sizeof(float) * ref.size());
  Causality c;
  c.T = T;
  for (int k : ks) {
    std::vector<int> tok = base;
    tok[k] = int((tok[k] + 1 + rng.below(uint32_t(V - 1))) % V);  // always a different id
    g.forward(tok.data(), nullptr, 1, T, Pass::infer);
    const float* l = g.logits();
    CausalityRow r{k, true, false, 0.0f};
    for (int t = 0; t < T; ++t)
      for (int v = 0; v < V; ++v) {
        const float a = ref[size_t(t) * V + v], b = l[size_t(t) * V + v];
        const bool same = std::memcmp(&a, &b, sizeof a) == 0;  // bit-identical (NaN included)
        if (t < k) {
          r.prefix_identical = r.prefix_identical && same;
          r.max_prefix_diff = std::fmax(r.max_prefix_diff, std::fabs(a - b));
        } else if (!same) {
          r.suffix_differs = true;
        }
      }
    c.rows.push_back(r);
  }
  return c;
}

std::string causality_json(const Causality& c) {
  using jv::boolean;
  using jv::num;
  json::Value o = jv::obj(), rows = jv::arr();
  for (const CausalityRow& r : c.rows) {
    json::Value x = jv::obj();
    x.obj["k"] = num(r.k);
    x.obj["prefix_identical"] = boolean(r.prefix_identical);
    x.obj["suffix_differs"] = boolean(r.suffix_differs);
    x.obj["max_prefix_diff"] = num(r.max_prefix_diff);
    rows.arr.push_back(x);
  }
  o.obj["T"] = num(c.T);
  o.obj["rows"] = rows;
  o.obj["pass"] = boolean(c.pass());
  return json::write(o);
}

void gradient_causality(Gpt& g, int T, uint64_t seed, float* out) {
  const int V = g.dims().V, C = g.dims().C;
  Rng rng(seed);
  const std::vector<int> tok = probe_tokens(T, V, rng);
  std::vector<float> dlogits(size_t(T) * V, 0.0f);
  g.forward(tok.data(), nullptr, 1, T, Pass::infer);
  for (int j = 0; j < T; ++j) {
    // loss_j = r_j . logits_j  ->  dlogits = r_j in row j, 0 elsewhere
    std::fill(dlogits.begin(), dlogits.end(), 0.0f);
    for (int v = 0; v < V; ++v) dlogits[size_t(j) * V + v] = rng.normal();
    g.zero_grad();
    g.backward_from(dlogits.data());
    const float* dx = g.dx0();  // (1, T, C)
    for (int i = 0; i < T; ++i) {
      double s = 0;
      for (int c = 0; c < C; ++c) s += double(dx[size_t(i) * C + c]) * dx[size_t(i) * C + c];
      out[size_t(j) * T + i] = float(std::sqrt(s));
    }
  }
  g.zero_grad();
}

void attention_maps(Gpt& g, const std::vector<int>& tokens, float* out) {
  const int n = int(tokens.size()), L = g.dims().L, H = g.dims().H;
  g.forward(tokens.data(), nullptr, 1, n, Pass::infer);
  const size_t per_layer = size_t(H) * n * n;  // batch 1: (H, n, n) at the start of each layer
  for (int l = 0; l < L; ++l) std::memcpy(out + l * per_layer, g.att(l), sizeof(float) * per_layer);
}

}  // namespace er
