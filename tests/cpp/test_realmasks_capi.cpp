// The C API behind the lesson "Masks in real code", called with the widgets' default settings.
// The figures the lesson quotes are printed by the hidden test below:
//   build/native/examrule_tests "[realmasks-figures]"
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "capi/capi.h"

namespace {
// The widgets' defaults (web/src/widgets/realmask-*.widget.ts): seed 0, T 8.
struct Figures {
  float pad[3][4];   // variants 0..2, left padding, n 5, T 8, finite fill: er_rm_padding stats
  float pad_inf_nan; // left padding, -inf, no handling: is a pad row's logit NaN (1) or not (0)
  float conv_leak[3][3];  // [built][read]
  float chunk_diff[2];    // P 5, Q 3: top-left, bottom-right
  float packed_shift[2];  // lengths 4,5,3 in T 12: document 1's loss shift without / with mask
  float packed_vs_alone[2][2];  // document 1: [mask][restart] max |logits - alone|
  int window_reach;       // W 3, T 12: how far back the last row depends (measured)
};

Figures compute() {
  Figures f{};
  const int T = 8;
  std::vector<float> dep(16 * 16);
  std::vector<int> ints(16 * 16);
  for (int v = 0; v < 3; ++v)
    REQUIRE(er_rm_padding(T, 5, 1, v, 0, 0, 0, dep.data(), ints.data(), f.pad[v]) == 0);
  float stats[4];
  REQUIRE(er_rm_padding(T, 5, 1, 0, 1, 0, 0, dep.data(), ints.data(), stats) == 0);
  f.pad_inf_nan = std::isnan(dep[0]) ? 1.0f : 0.0f;  // row 0 is a pad with no key
  std::vector<float> vals(T * T), add(T * T);
  for (int b = 0; b < 3; ++b)
    for (int r = 0; r < 3; ++r)
      REQUIRE(er_rm_convention(T, b, r, 0, 0, vals.data(), add.data(), dep.data(),
                               &f.conv_leak[b][r]) == 0);
  for (int br = 0; br < 2; ++br)
    REQUIRE(er_rm_chunk(5, 3, br ? 5 : 0, 0, ints.data(), dep.data(), &f.chunk_diff[br]) == 0);
  const int lengths[3] = {4, 5, 3};
  std::vector<int> doc(12), pos(12);
  float vs[3], shift[3];
  for (int mask = 0; mask < 2; ++mask)
    for (int restart = 0; restart < 2; ++restart) {
      REQUIRE(er_rm_packed(12, 3, lengths, mask, restart, 0, dep.data(), doc.data(), pos.data(),
                           vs, shift) == 0);
      f.packed_vs_alone[mask][restart] = vs[1];
      if (restart) f.packed_shift[mask] = shift[1];
    }
  REQUIRE(er_rm_window(12, 3, 0, ints.data(), dep.data()) == 0);
  f.window_reach = 0;
  for (int j = 0; j < 12; ++j)
    if (dep[11 * 12 + j] > 0.0f) f.window_reach = std::max(f.window_reach, 11 - j + 1);
  return f;
}
}  // namespace

TEST_CASE("realmasks C API: each wrong mask shows its leak, each right one none") {
  const Figures f = compute();
  CHECK(f.pad[0][0] == Approx(f.pad[0][2]).epsilon(1e-6));  // pads ignored = alone
  CHECK(f.pad[0][1] != Approx(f.pad[0][2]).epsilon(1e-3));  // pads counted: another number
  CHECK(f.pad[0][3] == 0.0f);                               // real logits: the bits alone
  CHECK(f.pad[1][3] > 1e-2f);                               // padding mask forgotten
  CHECK(f.pad[2][3] > 1e-2f);                               // padding mask inverted
  CHECK(f.pad_inf_nan == 1.0f);
  for (int b = 0; b < 3; ++b) CHECK(f.conv_leak[b][b] == 0.0f);
  CHECK(f.conv_leak[0][1] > 1e-3f);  // True=attend read as True=blocked
  CHECK(f.conv_leak[0][2] > 1e-3f);  // 0/1 added as scores
  CHECK(f.conv_leak[2][0] > 1e-3f);  // -1e9 cast to True
  CHECK(f.chunk_diff[1] <= 1e-5f);
  CHECK(f.chunk_diff[0] > 1e-2f);
  CHECK(f.packed_shift[1] == 0.0f);
  CHECK(f.packed_shift[0] > 1e-3f);
  CHECK(f.packed_vs_alone[1][1] == 0.0f);
  CHECK(f.window_reach == 5);  // L (W - 1) + 1 with 2 layers
  // refusals in the existing style
  float leak;
  std::vector<float> buf(16 * 16);
  CHECK(er_rm_convention(40, 0, 0, 0, 0, buf.data(), buf.data(), buf.data(), &leak) != 0);
  CHECK(std::string(er_last_error()) == "T must be between 2 and 16, got 40");
}

TEST_CASE("realmasks figures for the lesson", "[.][realmasks-figures]") {
  const Figures f = compute();
  const char* v[3] = {"causal+padding", "padding forgotten", "padding inverted"};
  for (int i = 0; i < 3; ++i)
    std::printf("padding (left, n=5, T=8) %-18s loss ignoring pads %.4f, counting pads %.4f, "
                "alone %.4f, max|real logits - alone| %.4g\n",
                v[i], f.pad[i][0], f.pad[i][1], f.pad[i][2], f.pad[i][3]);
  std::printf("padding with -inf: pad row NaN = %s\n", f.pad_inf_nan ? "yes" : "no");
  const char* c[3] = {"bool True=attend", "bool True=blocked", "additive"};
  for (int b = 0; b < 3; ++b)
    for (int r = 0; r < 3; ++r)
      std::printf("convention built %-17s read as %-17s leak %.4g\n", c[b], c[r], f.conv_leak[b][r]);
  std::printf("chunk P=5 Q=3: top-left max|diff| %.4g, bottom-right %.3g\n", f.chunk_diff[0],
              f.chunk_diff[1]);
  std::printf("packed 4,5,3: doc 1 loss shift without mask %.4f, with mask %.4g\n",
              f.packed_shift[0], f.packed_shift[1]);
  std::printf("packed doc 1 vs alone: no mask %.4g / %.4g, mask %.4g / %.4g (continuous / restart)\n",
              f.packed_vs_alone[0][0], f.packed_vs_alone[0][1], f.packed_vs_alone[1][0],
              f.packed_vs_alone[1][1]);
  std::printf("sliding window W=3, 2 layers: last row reaches %d tokens\n", f.window_reach);
  CHECK(f.window_reach > 0);
}
