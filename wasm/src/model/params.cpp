#include "params.h"

#include <cmath>

#include "../core/rng.h"

namespace er {

std::vector<TensorInfo> param_layout(const ModelDims& d) {
  const int C = d.C;
  std::vector<TensorInfo> t;
  size_t off = 0;
  auto add = [&](std::string name, std::vector<int> shape) {
    size_t n = 1;
    for (int s : shape) n *= size_t(s);
    const bool matrix = shape.size() == 2;
    t.push_back({std::move(name), std::move(shape), off, n, matrix});
    off += n;
  };
  add("transformer.wte.weight", {d.V, C});
  for (int l = 0; l < d.L; ++l) {
    const std::string p = "transformer.h." + std::to_string(l) + ".";
    add(p + "ln_1.weight", {C});
    add(p + "ln_1.bias", {C});
    add(p + "attn.c_attn.weight", {3 * C, C});
    add(p + "attn.c_attn.bias", {3 * C});
    add(p + "attn.c_proj.weight", {C, C});
    add(p + "attn.c_proj.bias", {C});
    add(p + "ln_2.weight", {C});
    add(p + "ln_2.bias", {C});
    add(p + "mlp.c_fc.weight", {4 * C, C});
    add(p + "mlp.c_fc.bias", {4 * C});
    add(p + "mlp.c_proj.weight", {C, 4 * C});
    add(p + "mlp.c_proj.bias", {C});
  }
  add("transformer.ln_f.weight", {C});
  add("transformer.ln_f.bias", {C});
  return t;
}

size_t param_count(const ModelDims& d) {
  const auto t = param_layout(d);
  return t.back().offset + t.back().size;
}

ParamViews make_views(float* base, const ModelDims& d) {
  const auto t = param_layout(d);
  ParamViews v;
  size_t i = 0;
  auto next = [&]() { return base + t[i++].offset; };
  v.wte = next();
  v.h.resize(d.L);
  for (auto& b : v.h) {  // same order as param_layout
    b.ln1w = next(), b.ln1b = next(), b.qkvw = next(), b.qkvb = next();
    b.projw = next(), b.projb = next(), b.ln2w = next(), b.ln2b = next();
    b.fcw = next(), b.fcb = next(), b.fcpw = next(), b.fcpb = next();
  }
  v.lnfw = next();
  v.lnfb = next();
  return v;
}

void init_params(float* base, const ModelDims& d, unsigned long long seed, Break brk) {
  Rng rng(seed);
  for (const TensorInfo& t : param_layout(d)) {
    float* p = base + t.offset;
    if (t.matrix) {
      const int fan_out = t.shape[0], fan_in = t.shape[1];
      // BREAK(init-x100) begin
      float std = std::sqrt(2.0f / float(fan_in + fan_out));  // Xavier (Glorot) normal
      if (brk == Break::init_x100) std *= 100.0f;  // BUG: every weight 100x too large
      // BREAK(init-x100) end
      for (size_t i = 0; i < t.size; ++i) p[i] = std * rng.normal();
    } else {
      // LayerNorm weights start at 1, every bias (LayerNorm's included) at 0.
      const bool ln_weight = t.name.find("ln_") != std::string::npos &&
                             t.name.compare(t.name.size() - 7, 7, ".weight") == 0;
      for (size_t i = 0; i < t.size; ++i) p[i] = ln_weight ? 1.0f : 0.0f;
    }
  }
}

}  // namespace er
