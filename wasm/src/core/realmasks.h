// Masks as real code writes them (lesson "Masks in real code"): which keys each query may see
// once padding, packed documents and sliding windows join the causal rule; the three ways
// libraries spell a mask and what happens when one is read as another; the chunk of a KV cache.
//
// Everything is built first as a boolean (T_q, T_k) "allowed" matrix (1 = the query may attend
// to the key), then encoded in a library's convention, then decoded the way an attention
// function reads it, into the additive mask the engine applies (0 = visible, fill = hidden).
#pragma once
#include <cstdint>
#include <vector>

namespace er {

// How a mask is spelled. The same allowed matrix in each convention:
//   bool_allowed  1 = may attend (PyTorch scaled_dot_product_attention, Hugging Face 1 = keep)
//   bool_blocked  1 = may NOT attend (nn.MultiheadAttention's boolean masks)
//   additive      a float added to the scores: 0 = visible, a large negative number = hidden
enum class MaskConvention { bool_allowed = 0, bool_blocked = 1, additive = 2 };

// What fills a hidden entry of an additive mask. -inf makes a row with no visible key 0/0 =
// NaN; a finite constant makes it uniform (every score rounds to the same number).
enum class MaskFill { finite = 0, neg_inf = 1 };
float mask_fill_value(MaskFill f);  // -1e9 or -inf

// The rule of one attention call over T tokens (query i, key j, both in the same window).
struct MaskRule {
  int T = 0;
  bool causal = true;             // j <= i
  std::vector<uint8_t> key_valid; // (T) or empty: 0 = padding, no query may attend to it
  std::vector<int> doc;           // (T) or empty: document of each token; only j in i's doc
  int window = 0;                 // > 0: only the last `window` keys, i - window < j
};
// (T, T) row-major, 1 = allowed.
std::vector<uint8_t> allowed_matrix(const MaskRule& r);

// Padding of a sequence of n real tokens to T: left puts the pads first, right last.
std::vector<uint8_t> padding_valid(int T, int n, bool left);
// Document id of each of the T tokens of windows packed with documents of these lengths (the
// tail after the last document, if any, is one more document).
std::vector<int> packed_docs(int T, const std::vector<int>& lengths);
// RoPE positions: continuous (0..T-1) or restarted at every document and at the first real
// token (pads get 0), as Hugging Face derives position ids from the attention mask.
std::vector<int> positions(int T, const std::vector<int>& doc, const std::vector<uint8_t>& valid,
                           bool restart);

// Spells `allowed` (n entries) in a convention: 0/1 for the booleans, 0/fill for additive.
std::vector<float> encode_mask(const std::vector<uint8_t>& allowed, MaskConvention c, MaskFill f);
// Reads `values` as a function expecting convention c reads them, giving the additive mask it
// applies. A boolean reader takes any non-zero value as True (like a cast to bool); the
// additive reader adds the numbers as they are. Reading with the convention they were written
// in gives back the intended mask; any other pair is one of the real bugs.
std::vector<float> decode_mask(const std::vector<float>& values, MaskConvention c, MaskFill f);

// The chunk of a KV cache: Q new queries at positions P..P+Q-1 against P+Q keys; chunk row r may
// see keys 0..r+offset, i.e. torch.ones(Q, P+Q).tril(diagonal=offset). offset = P is the
// bottom-right alignment (correct); offset = 0 is top-left (the bug of building the triangle as
// if the chunk were the whole sequence). (Q, P+Q) row-major.
std::vector<uint8_t> chunk_allowed(int P, int Q, int offset);

// A key counts as hidden when its additive entry is at or below this (catches -1e9, -inf and
// float32's lowest, which Hugging Face uses).
constexpr float kHiddenBelow = -1e8f;

}  // namespace er
