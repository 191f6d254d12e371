#include "gpt.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "../kernels/kernels.h"
#include "layers.h"
#include "sample.h"

namespace er {

namespace {
// Additive causal mask M (T, T): 0 where query i may see key j, -1e9 elsewhere.
void build_mask(float* M, int T, Break brk) {
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) {
      // BREAK(diag-blocked) begin
      bool visible = j <= i;  // a position sees itself and its past
      if (brk == Break::diag_blocked) visible = j < i;  // BUG: off by one, not even itself
      // BREAK(diag-blocked) end
      M[i * T + j] = visible ? 0.0f : kMaskNeg;
    }
}
}  // namespace

Gpt::Gpt(const ModelDims& d, int max_B)
    : d_(d), max_B_(max_B), P_(param_count(d)), P16_(round_floats(P_)), layout_(param_layout(d)),
      mem_(4 * P16_, 0.0f) {
  p_ = make_views(params(), d_);
  g_ = make_views(grads(), d_);
  alloc_acts();
  const int hs = d_.C / d_.H;
  rope_cos_.resize(size_t(d_.T) * hs / 2);
  rope_sin_.resize(size_t(d_.T) * hs / 2);
  rope_tables(rope_cos_.data(), rope_sin_.data(), d_.T, hs);
  mask_.resize(size_t(d_.T) * d_.T);
  set_break(Break::healthy);
}

void Gpt::alloc_acts() {
  const size_t B = max_B_, T = d_.T, C = d_.C, L = d_.L, H = d_.H, V = d_.V;
  const size_t BT = B * T;
  // (pointer, size) in one list so the buffer is sized and carved by the same code
  float** slots[] = {&a_.encoded, &a_.ln1, &a_.ln1_mean, &a_.ln1_rstd, &a_.qkv, &a_.att,
                     &a_.attsm, &a_.atty, &a_.res1, &a_.ln2, &a_.ln2_mean, &a_.ln2_rstd,
                     &a_.fch, &a_.fch_gelu, &a_.res2, &a_.lnf, &a_.lnf_mean, &a_.lnf_rstd,
                     &a_.logits, &a_.probs, &a_.losses, &a_.dres, &a_.dln, &a_.datty,
                     &a_.dqkv, &a_.dfch, &a_.dfch_gelu, &a_.dlogits, &a_.drow};
  const size_t sizes[] = {BT * C, L * BT * C, L * BT, L * BT, L * BT * 3 * C, L * B * H * T * T,
                          L * B * H * T * T, L * BT * C, L * BT * C, L * BT * C, L * BT, L * BT,
                          L * BT * 4 * C, L * BT * 4 * C, L * BT * C, BT * C, BT, BT,
                          BT * V, BT * V, BT, BT * C, BT * C, BT * C,
                          BT * 3 * C, BT * 4 * C, BT * 4 * C, BT * V, T};
  static_assert(sizeof(slots) / sizeof(slots[0]) == sizeof(sizes) / sizeof(sizes[0]), "");
  size_t total = 0;
  for (size_t s : sizes) total += round_floats(s);  // every slot starts 64-byte aligned
  acts_.assign(total, 0.0f);
  float* at = acts_.data();
  for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); ++i) {
    *slots[i] = at;
    at += round_floats(sizes[i]);
  }
  idx_.assign(BT, 0);
  targets_.assign(BT, 0);

  // KV cache of max_B streams and the one-token-per-stream scratch
  float** kslots[] = {&kv_.k, &kv_.v, &kv_.x, &kv_.ln, &kv_.qkv, &kv_.atty, &kv_.y, &kv_.fch,
                      &kv_.fch_gelu, &kv_.w, &kv_.p, &kv_.logits, &kv_.mean, &kv_.rstd};
  const size_t ksizes[] = {B * L * T * C, B * L * T * C, B * C, B * C, B * 3 * C, B * C, B * C,
                           B * 4 * C, B * 4 * C, T, T, B * V, B, B};
  total = 0;
  for (size_t s : ksizes) total += round_floats(s);
  kvbuf_.assign(total, 0.0f);
  at = kvbuf_.data();
  for (size_t i = 0; i < sizeof(ksizes) / sizeof(ksizes[0]); ++i) {
    *kslots[i] = at;
    at += round_floats(ksizes[i]);
  }
}

void Gpt::set_break(Break b) {
  brk_ = b;
  build_mask(mask_.data(), d_.T, brk_);
}

void Gpt::init(unsigned long long seed) {
  init_params(params(), d_, seed, brk_);
  std::fill(mem_.begin() + P16_, mem_.end(), 0.0f);  // grads and both moments
}

void Gpt::set_mask_data(Pass pass, const float* M, MaskAt at) {
  MaskData& d = data_[int(pass)];
  d.on = true;
  d.at = at;
  d.M.assign(M, M + size_t(d_.T) * d_.T);
  // -inf would turn a fully hidden row into NaN (max - max); the engine's fill hides as well
  for (float& m : d.M)
    if (std::isinf(m) && m < 0) m = kMaskNeg;
}

void Gpt::clear_mask_data() {
  for (MaskData& d : data_) d = MaskData{};
}

bool Gpt::kv_exact() const {
  const MaskData& d = data_[int(Pass::infer)];
  if (!d.on) return kv_matches_full(brk_);
  return d.at == MaskAt::pre && attention_path(d.M.data(), d_.T, d.at, d_.T) == AttnPath::kernel_causal;
}

MaskAt Gpt::mask_at(Pass pass) const {
  if (data_[int(pass)].on) return data_[int(pass)].at;
  return brk_ == Break::post_softmax_mask ? MaskAt::post : MaskAt::pre;
}

const float* Gpt::block_mask(Pass pass) const {
  if (data_[int(pass)].on) return data_[int(pass)].M.data();  // given as data: no break applies
  // BREAK(no-mask) begin
  const float* M = mask_.data();            // every block adds the causal mask M
  if (brk_ == Break::no_mask) M = nullptr;  // BUG: the blocks are given no mask at all
  // BREAK(no-mask) end
  // BREAK(no-mask-at-inference) begin
  if (pass == Pass::infer && brk_ == Break::no_mask_at_inference)
    M = nullptr;  // BUG: evaluation and generation call the blocks without the mask
  // BREAK(no-mask-at-inference) end
  return M;
}

const float* Gpt::block_out(int l) const { return a_.res2 + size_t(l) * max_B_ * d_.T * d_.C; }
const float* Gpt::att(int l) const {
  return a_.att + size_t(l) * max_B_ * d_.H * d_.T * d_.T;
}
const float* Gpt::atty(int l) const { return a_.atty + size_t(l) * max_B_ * d_.T * d_.C; }

double Gpt::forward(const int* idx, const int* targets, int B, int T, Pass pass) {
  const int C = d_.C, H = d_.H, V = d_.V, BT = B * T;
  // per-layer strides use the allocation's (max_B, T), so a smaller batch uses a prefix
  const size_t sC = size_t(max_B_) * d_.T * C, sBT = size_t(max_B_) * d_.T;
  const size_t sAtt = size_t(max_B_) * H * d_.T * d_.T;
  B_ = B, T_ = T;
  std::copy(idx, idx + BT, idx_.begin());
  M_ = block_mask(pass);
  at_ = mask_at(pass);
  path_ = attention_path(M_, d_.T, at_, T);

  embedding_forward(a_.encoded, idx, p_.wte, BT, C);  // (B, T, C)
  for (int l = 0; l < d_.L; ++l) {
    const BlockParams& w = p_.h[l];
    const float* x = l == 0 ? a_.encoded : a_.res2 + (l - 1) * sC;  // (B, T, C)
    float* ln1 = a_.ln1 + l * sC;                                    // (B, T, C)
    float* qkv = a_.qkv + l * 3 * sC;                                // (B, T, 3C)
    float* atty = a_.atty + l * sC;                                  // (B, T, C)
    float* res1 = a_.res1 + l * sC;                                  // (B, T, C)
    float* ln2 = a_.ln2 + l * sC;                                    // (B, T, C)
    float* fch = a_.fch + l * 4 * sC;                                // (B, T, 4C)
    float* fchg = a_.fch_gelu + l * 4 * sC;                          // (B, T, 4C)
    float* res2 = a_.res2 + l * sC;                                  // (B, T, C)
    layernorm_forward(ln1, a_.ln1_mean + l * sBT, a_.ln1_rstd + l * sBT, x, w.ln1w, w.ln1b, BT, C);
    matmul_forward(qkv, ln1, w.qkvw, w.qkvb, BT, C, 3 * C);
    rope_forward(qkv, rope_cos_.data(), rope_sin_.data(), B, T, C, H, 0);
    attention_forward(atty, a_.att + l * sAtt, a_.attsm + l * sAtt, qkv, M_, d_.T, at_, path_, B,
                      T, C, H);
    matmul_forward(res1, atty, w.projw, w.projb, BT, C, C);
    residual_forward(res1, x, res1, BT * C);
    layernorm_forward(ln2, a_.ln2_mean + l * sBT, a_.ln2_rstd + l * sBT, res1, w.ln2w, w.ln2b, BT, C);
    matmul_forward(fch, ln2, w.fcw, w.fcb, BT, C, 4 * C);
    gelu_forward(fchg, fch, BT * 4 * C);
    matmul_forward(res2, fchg, w.fcpw, w.fcpb, BT, 4 * C, C);
    residual_forward(res2, res1, res2, BT * C);
  }
  const float* xL = a_.res2 + (d_.L - 1) * sC;
  layernorm_forward(a_.lnf, a_.lnf_mean, a_.lnf_rstd, xL, p_.lnfw, p_.lnfb, BT, C);
  matmul_forward(a_.logits, a_.lnf, p_.wte, nullptr, BT, C, V);  // tied head: (B, T, V)
  if (!targets) return 0.0;
  std::copy(targets, targets + BT, targets_.begin());
  return crossentropy_forward(a_.losses, a_.probs, a_.logits, targets, BT, V);
}

void Gpt::zero_grad() { std::fill(grads(), grads() + P_, 0.0f); }

void Gpt::backward_mean_over(int N) {
  const int BT = B_ * T_;
  std::fill(a_.dlogits, a_.dlogits + size_t(BT) * d_.V, 0.0f);
  // loss = sum_n loss_n / N  ->  dlogits_n = (softmax - onehot) / N
  crossentropy_backward(a_.dlogits, a_.probs, targets_.data(), BT, d_.V, 1.0f / N);
  backward_from(a_.dlogits);
}

void Gpt::backward_from(const float* dlogits) {
  const int B = B_, T = T_, C = d_.C, H = d_.H, V = d_.V, BT = B * T;
  const size_t sC = size_t(max_B_) * d_.T * C, sBT = size_t(max_B_) * d_.T;
  const size_t sAtt = size_t(max_B_) * H * d_.T * d_.T;
  auto zero = [](float* p, size_t n) { std::fill(p, p + n, 0.0f); };

  // logits = lnf @ wte^T  ->  dlnf = dlogits @ wte;  dwte += dlogits^T @ lnf
  zero(a_.dln, size_t(BT) * C);
  matmul_backward(a_.dln, g_.wte, nullptr, dlogits, a_.lnf, p_.wte, BT, C, V);
  // lnf = ln_f(xL)  ->  dxL = ln_f'(dlnf); dres carries d(residual) from here down
  zero(a_.dres, size_t(BT) * C);
  layernorm_backward(a_.dres, g_.lnfw, g_.lnfb, a_.dln, a_.res2 + (d_.L - 1) * sC, p_.lnfw,
                     a_.lnf_mean, a_.lnf_rstd, BT, C);

  for (int l = d_.L - 1; l >= 0; --l) {
    const BlockParams& w = p_.h[l];
    const BlockParams& dw = g_.h[l];
    const float* x = l == 0 ? a_.encoded : a_.res2 + (l - 1) * sC;
    // res2 = res1 + fcp(gelu(fc(ln2(res1)))): dres already is d res2 = d res1 (residual path)
    zero(a_.dfch_gelu, size_t(BT) * 4 * C);
    matmul_backward(a_.dfch_gelu, dw.fcpw, dw.fcpb, a_.dres, a_.fch_gelu + l * 4 * sC, w.fcpw, BT,
                    4 * C, C);
    zero(a_.dfch, size_t(BT) * 4 * C);
    gelu_backward(a_.dfch, a_.fch + l * 4 * sC, a_.dfch_gelu, BT * 4 * C);
    zero(a_.dln, size_t(BT) * C);
    matmul_backward(a_.dln, dw.fcw, dw.fcb, a_.dfch, a_.ln2 + l * sC, w.fcw, BT, C, 4 * C);
    layernorm_backward(a_.dres, dw.ln2w, dw.ln2b, a_.dln, a_.res1 + l * sC, w.ln2w,
                       a_.ln2_mean + l * sBT, a_.ln2_rstd + l * sBT, BT, C);
    // res1 = x + proj(atty): dres is now d res1 = d x (residual path) + the branch below
    zero(a_.datty, size_t(BT) * C);
    matmul_backward(a_.datty, dw.projw, dw.projb, a_.dres, a_.atty + l * sC, w.projw, BT, C, C);
    // atty = attention(rope(qkv))
    zero(a_.dqkv, size_t(BT) * 3 * C);
    attention_backward(a_.dqkv, a_.drow, a_.datty, a_.qkv + l * 3 * sC, a_.att + l * sAtt,
                       a_.attsm + l * sAtt, M_, d_.T, at_, path_, B, T, C, H);
    rope_backward(a_.dqkv, rope_cos_.data(), rope_sin_.data(), B, T, C, H);
    // qkv = ln1 @ c_attn^T + b;  ln1 = ln_1(x)
    zero(a_.dln, size_t(BT) * C);
    matmul_backward(a_.dln, dw.qkvw, dw.qkvb, a_.dqkv, a_.ln1 + l * sC, w.qkvw, BT, C, 3 * C);
    layernorm_backward(a_.dres, dw.ln1w, dw.ln1b, a_.dln, x, w.ln1w, a_.ln1_mean + l * sBT,
                       a_.ln1_rstd + l * sBT, BT, C);
  }
  // encoded = wte[idx]  ->  dwte[idx] += dres (dres now is d encoded, kept for dx0())
  embedding_backward(g_.wte, a_.dres, idx_.data(), BT, C);
}

void Gpt::kv_reset(int streams) {
  kv_S_ = std::clamp(streams, 1, max_B_);  // callers pass 1..max_B (as forward's B <= max_B)
  kv_len_ = 0;
}

const float* Gpt::kv_step(const int* tokens) {
  const int t = kv_len_, S = kv_S_, T = d_.T, C = d_.C, H = d_.H, L = d_.L, hs = C / H;
  if (t >= T) return nullptr;
  const float scale = 1.0f / std::sqrt(float(hs));
  const float* M = block_mask(Pass::infer);
  const MaskAt where = mask_at(Pass::infer);
  float* x = kv_.x;  // (S, C) the residual stream of each stream's one new token
  for (int s = 0; s < S; ++s) std::memcpy(x + size_t(s) * C, p_.wte + size_t(tokens[s]) * C, C * 4);
  for (int l = 0; l < L; ++l) {
    const BlockParams& w = p_.h[l];
    layernorm_forward(kv_.ln, kv_.mean, kv_.rstd, x, w.ln1w, w.ln1b, S, C);
    matmul_forward(kv_.qkv, kv_.ln, w.qkvw, w.qkvb, S, C, 3 * C);
    rope_forward(kv_.qkv, rope_cos_.data(), rope_sin_.data(), S, 1, C, H, t);
    for (int s = 0; s < S; ++s)
      for (int h = 0; h < H; ++h) {
        // cache layout (S, L, H, T, hs): this head's keys of times 0..t are contiguous
        const size_t at = ((size_t(s) * L + l) * H + h) * T * hs;
        float *kc = kv_.k + at, *vc = kv_.v + at;
        const float* qkv = kv_.qkv + size_t(s) * 3 * C;
        std::memcpy(kc + size_t(t) * hs, qkv + C + h * hs, hs * 4);
        std::memcpy(vc + size_t(t) * hs, qkv + 2 * C + h * hs, hs * 4);
        // the same row code as the full pass, over the t+1 keys that exist
        attention_row(kv_.atty + size_t(s) * C + h * hs, kv_.w, kv_.p, qkv + h * hs, kc, hs, vc, hs,
                      M ? M + size_t(t) * T : nullptr, where, t + 1, hs, scale);
      }
    matmul_forward(kv_.y, kv_.atty, w.projw, w.projb, S, C, C);
    residual_forward(x, x, kv_.y, S * C);
    layernorm_forward(kv_.ln, kv_.mean, kv_.rstd, x, w.ln2w, w.ln2b, S, C);
    matmul_forward(kv_.fch, kv_.ln, w.fcw, w.fcb, S, C, 4 * C);
    gelu_forward(kv_.fch_gelu, kv_.fch, S * 4 * C);
    matmul_forward(kv_.y, kv_.fch_gelu, w.fcpw, w.fcpb, S, 4 * C, C);
    residual_forward(x, x, kv_.y, S * C);
  }
  layernorm_forward(kv_.ln, kv_.mean, kv_.rstd, x, p_.lnfw, p_.lnfb, S, C);
  matmul_forward(kv_.logits, kv_.ln, p_.wte, nullptr, S, C, d_.V);
  ++kv_len_;
  return kv_.logits;
}

}  // namespace er
