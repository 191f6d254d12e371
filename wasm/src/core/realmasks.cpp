#include "realmasks.h"

#include <cmath>

#include "mask.h"

namespace er {

float mask_fill_value(MaskFill f) { return f == MaskFill::neg_inf ? -INFINITY : kMaskNeg; }

std::vector<uint8_t> allowed_matrix(const MaskRule& r) {
  const int T = r.T;
  std::vector<uint8_t> a(size_t(T) * T, 0);
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) {
      bool ok = !r.causal || j <= i;
      if (!r.key_valid.empty()) ok = ok && r.key_valid[j];
      if (!r.doc.empty()) ok = ok && r.doc[j] == r.doc[i];
      if (r.window > 0) ok = ok && j > i - r.window && j <= i + r.window;
      a[size_t(i) * T + j] = ok ? 1 : 0;
    }
  return a;
}

std::vector<uint8_t> padding_valid(int T, int n, bool left) {
  std::vector<uint8_t> v(T, 0);
  for (int t = 0; t < T; ++t) v[t] = left ? t >= T - n : t < n;
  return v;
}

std::vector<int> packed_docs(int T, const std::vector<int>& lengths) {
  std::vector<int> doc(T, 0);
  int t = 0, d = 0;
  for (int len : lengths) {
    for (int k = 0; k < len && t < T; ++k) doc[t++] = d;
    ++d;
  }
  for (; t < T; ++t) doc[t] = d;
  return doc;
}

std::vector<int> positions(int T, const std::vector<int>& doc, const std::vector<uint8_t>& valid,
                           bool restart) {
  std::vector<int> pos(T);
  int next = 0;
  for (int t = 0; t < T; ++t) {
    if (!restart) {
      pos[t] = t;
      continue;
    }
    if (t > 0 && !doc.empty() && doc[t] != doc[t - 1]) next = 0;  // a new document
    const bool real = valid.empty() || valid[t];
    pos[t] = real ? next++ : 0;  // pads take 0 and do not advance the count
  }
  return pos;
}

std::vector<float> encode_mask(const std::vector<uint8_t>& allowed, MaskConvention c, MaskFill f) {
  std::vector<float> v(allowed.size());
  const float fill = mask_fill_value(f);
  for (size_t n = 0; n < allowed.size(); ++n) switch (c) {
      case MaskConvention::bool_allowed: v[n] = allowed[n] ? 1.0f : 0.0f; break;
      case MaskConvention::bool_blocked: v[n] = allowed[n] ? 0.0f : 1.0f; break;
      case MaskConvention::additive: v[n] = allowed[n] ? 0.0f : fill; break;
    }
  return v;
}

std::vector<float> decode_mask(const std::vector<float>& values, MaskConvention c, MaskFill f) {
  std::vector<float> m(values.size());
  const float fill = mask_fill_value(f);
  for (size_t n = 0; n < values.size(); ++n) {
    const bool truthy = values[n] != 0.0f;  // what a cast to bool does with any number
    switch (c) {
      case MaskConvention::bool_allowed: m[n] = truthy ? 0.0f : fill; break;
      case MaskConvention::bool_blocked: m[n] = truthy ? fill : 0.0f; break;
      case MaskConvention::additive: m[n] = values[n]; break;  // added as it is
    }
  }
  return m;
}

std::vector<uint8_t> chunk_allowed(int P, int Q, int offset) {
  const int K = P + Q;
  std::vector<uint8_t> a(size_t(Q) * K, 0);
  for (int r = 0; r < Q; ++r) {
    const int last = r + offset;  // the diagonal's offset is the whole question
    for (int j = 0; j <= last && j < K; ++j) a[size_t(r) * K + j] = 1;
  }
  return a;
}

}  // namespace er
