// Every er::k kernel against the scalar reference er::ref (and, for the GEMMs, against a
// double-precision sum with a rigorous float error bound), on sizes that are not multiples
// of any tile; plus the exactness properties the project relies on: rows independent of
// each other and of the row count, the masked half of attention exactly 0 and never read.
// Natively (and in the scalar wasm build) er::k is Eigen for the GEMMs and the reference itself
// for everything else (kernels_generic.cpp forwards to er::ref), so there "k matches ref"
// compares a function with itself. Every such test therefore also holds the kernel to an
// independent double-precision formula (the *_exact helpers below), which bites natively; the
// k-vs-ref comparison bites in the wasm test binary, whose er::k is the SIMD code.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "core/rng.h"
#include "kernels/kernels.h"

namespace {
using Vec = std::vector<float>;

const int kSizes[] = {1, 3, 5, 7, 17, 31, 33, 63, 65, 127};

Vec randv(size_t n, uint64_t seed, float lo = -1.0f, float hi = 1.0f) {
  er::Rng r(seed);
  Vec v(n);
  for (auto& x : v) x = lo + (hi - lo) * r.uniform();
  return v;
}

bool bits_equal(const float* a, const float* b, size_t n) {
  return std::memcmp(a, b, n * sizeof(float)) == 0;
}

// |got - want| <= atol + rtol |want|, element by element; reports the first failure.
void check_close(const Vec& got, const Vec& want, double rtol, double atol) {
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const double err = std::fabs(double(got[i]) - want[i]);
    if (!(err <= atol + rtol * std::fabs(want[i]))) {
      INFO("index " << i << ": got " << got[i] << ", want " << want[i]);
      CHECK(err <= atol + rtol * std::fabs(want[i]));
      return;
    }
  }
}

// A sum of K products in float, in ANY order, is within 2 (K + 2) u sum|terms| of the exact
// sum (u = 2^-24); two such sums are within twice that of each other.
constexpr double kU = 1.0 / 16777216.0;
void check_sum_bound(const Vec& got, const std::vector<double>& exact,
                     const std::vector<double>& abs_sum, int K) {
  REQUIRE(got.size() == exact.size());
  for (size_t i = 0; i < got.size(); ++i) {
    const double bound = 2.0 * (K + 2) * kU * abs_sum[i] + 1e-30;
    const double err = std::fabs(got[i] - exact[i]);
    if (!(err <= bound)) {
      INFO("index " << i << ": got " << got[i] << ", exact " << exact[i] << ", bound " << bound);
      CHECK(err <= bound);
      return;
    }
  }
}
// ---- independent double-precision formulas (the oracles of the non-GEMM kernels) ----
std::vector<double> softmax_exact(const float* s, int n) {
  double mx = s[0];
  for (int i = 1; i < n; ++i) mx = std::max(mx, double(s[i]));
  std::vector<double> p(n);
  double z = 0;
  for (int i = 0; i < n; ++i) z += (p[i] = std::exp(double(s[i]) - mx));
  for (double& x : p) x /= z;
  return p;
}
void check_near(const Vec& got, const std::vector<double>& want, double rtol, double atol) {
  check_close(got, Vec(want.begin(), want.end()), rtol, atol);
}
double gelu_exact(double x) {
  const double c = std::sqrt(2.0 / M_PI);
  return 0.5 * x * (1.0 + std::tanh(c * (x + 0.044715 * x * x * x)));
}
double gelu_grad_exact(double x) {
  const double c = std::sqrt(2.0 / M_PI), t = std::tanh(c * (x + 0.044715 * x * x * x));
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * c * (1.0 + 3.0 * 0.044715 * x * x);
}
}  // namespace

TEST_CASE("kernels: the backend names itself") {
  const std::string b = er::k::backend();
  CHECK((b == "wasm-simd128" || b == "eigen-native" || b == "eigen-wasm-scalar"));
#ifdef __EMSCRIPTEN__  // the wasm test binary links the SIMD kernels: make sure it tests them
  CHECK(b == "wasm-simd128");
#endif
}

// ---- the three GEMMs of a linear layer ---------------------------------------------------

TEST_CASE("linear_fwd matches the exact product within the float bound, awkward sizes") {
  const int Is[] = {1, 3, 7, 17, 64, 65};
  for (int N : kSizes)
    for (int I : Is)
      for (int O : kSizes)
        for (int with_bias = 0; with_bias < 2; ++with_bias) {
          INFO("N=" << N << " I=" << I << " O=" << O << " bias=" << with_bias);
          const Vec in = randv(size_t(N) * I, 1), w = randv(size_t(O) * I, 2), b = randv(O, 3);
          const float* bp = with_bias ? b.data() : nullptr;
          Vec got(size_t(N) * O, 123.0f), want(size_t(N) * O, -7.0f);
          er::k::linear_fwd(got.data(), in.data(), w.data(), bp, N, I, O);
          er::ref::linear_fwd(want.data(), in.data(), w.data(), bp, N, I, O);
          std::vector<double> exact(got.size()), abs_sum(got.size());
          for (int n = 0; n < N; ++n)
            for (int o = 0; o < O; ++o) {
              double s = bp ? bp[o] : 0.0, a = bp ? std::fabs(bp[o]) : 0.0;
              for (int i = 0; i < I; ++i) {
                s += double(in[n * I + i]) * w[o * I + i];
                a += std::fabs(double(in[n * I + i]) * w[o * I + i]);
              }
              exact[n * O + o] = s, abs_sum[n * O + o] = a;
            }
          check_sum_bound(got, exact, abs_sum, I + 1);
          check_sum_bound(want, exact, abs_sum, I + 1);
        }
}

TEST_CASE("linear_bwd_input accumulates dout @ w, awkward sizes") {
  for (int N : kSizes)
    for (int I : {1, 4, 9, 17, 64, 65})
      for (int O : kSizes) {
        INFO("N=" << N << " I=" << I << " O=" << O);
        const Vec dout = randv(size_t(N) * O, 4), w = randv(size_t(O) * I, 5);
        const Vec din0 = randv(size_t(N) * I, 6);
        Vec got = din0, want = din0;
        er::k::linear_bwd_input(got.data(), dout.data(), w.data(), N, I, O);
        er::ref::linear_bwd_input(want.data(), dout.data(), w.data(), N, I, O);
        std::vector<double> exact(got.size()), abs_sum(got.size());
        for (int n = 0; n < N; ++n)
          for (int i = 0; i < I; ++i) {
            double s = din0[n * I + i], a = std::fabs(din0[n * I + i]);
            for (int o = 0; o < O; ++o) {
              s += double(dout[n * O + o]) * w[o * I + i];
              a += std::fabs(double(dout[n * O + o]) * w[o * I + i]);
            }
            exact[n * I + i] = s, abs_sum[n * I + i] = a;
          }
        check_sum_bound(got, exact, abs_sum, O + 1);
        check_sum_bound(want, exact, abs_sum, O + 1);
      }
}

TEST_CASE("linear_bwd_weight accumulates dout^T @ in and the bias column sums") {
  for (int N : kSizes)
    for (int I : {1, 4, 9, 17, 64, 65})
      for (int O : kSizes)
        for (int with_db = 0; with_db < 2; ++with_db) {
          INFO("N=" << N << " I=" << I << " O=" << O << " db=" << with_db);
          const Vec dout = randv(size_t(N) * O, 7), in = randv(size_t(N) * I, 8);
          const Vec dw0 = randv(size_t(O) * I, 9), db0 = randv(O, 10);
          Vec dw = dw0, db = db0, dw_ref = dw0, db_ref = db0;
          er::k::linear_bwd_weight(dw.data(), with_db ? db.data() : nullptr, dout.data(), in.data(),
                                   N, I, O);
          er::ref::linear_bwd_weight(dw_ref.data(), with_db ? db_ref.data() : nullptr, dout.data(),
                                     in.data(), N, I, O);
          std::vector<double> exact(dw.size()), abs_sum(dw.size());
          for (int o = 0; o < O; ++o)
            for (int i = 0; i < I; ++i) {
              double s = dw0[o * I + i], a = std::fabs(dw0[o * I + i]);
              for (int n = 0; n < N; ++n) {
                s += double(dout[n * O + o]) * in[n * I + i];
                a += std::fabs(double(dout[n * O + o]) * in[n * I + i]);
              }
              exact[o * I + i] = s, abs_sum[o * I + i] = a;
            }
          check_sum_bound(dw, exact, abs_sum, N + 1);
          check_sum_bound(dw_ref, exact, abs_sum, N + 1);
          if (with_db) {
            std::vector<double> e(O), a(O);
            for (int o = 0; o < O; ++o) {
              e[o] = db0[o], a[o] = std::fabs(db0[o]);
              for (int n = 0; n < N; ++n)
                e[o] += dout[n * O + o], a[o] += std::fabs(dout[n * O + o]);
            }
            check_sum_bound(db, e, a, N + 1);
          } else {
            CHECK(bits_equal(db.data(), db0.data(), O));  // db == nullptr: nothing written
          }
        }
}

TEST_CASE("GEMMs whose reduction is longer than the kernels' packing block (K = 4100)") {
  const int L = 4100, S = 6, O = 13;
  const Vec x = randv(size_t(S) * L, 11), w = randv(size_t(O) * L, 12), b = randv(O, 13);
  // out(S, O) = x(S, L) @ w(O, L)^T + b : reduction over L
  Vec out(size_t(S) * O);
  er::k::linear_fwd(out.data(), x.data(), w.data(), b.data(), S, L, O);
  std::vector<double> exact(out.size()), abs_sum(out.size());
  for (int n = 0; n < S; ++n)
    for (int o = 0; o < O; ++o) {
      double s = b[o], a = std::fabs(b[o]);
      for (int i = 0; i < L; ++i) {
        s += double(x[n * L + i]) * w[o * L + i];
        a += std::fabs(double(x[n * L + i]) * w[o * L + i]);
      }
      exact[n * O + o] = s, abs_sum[n * O + o] = a;
    }
  check_sum_bound(out, exact, abs_sum, L + 1);
  // din(S, O) += dout(S, L) @ w2(L, O) : reduction over L
  {
    const Vec dout = randv(size_t(S) * L, 14), w2 = randv(size_t(L) * O, 15);
    Vec din(size_t(S) * O, 0.0f);
    er::k::linear_bwd_input(din.data(), dout.data(), w2.data(), S, O, L);
    for (int n = 0; n < S; ++n)
      for (int i = 0; i < O; ++i) {
        double s = 0, a = 0;
        for (int o = 0; o < L; ++o)
          s += double(dout[n * L + o]) * w2[o * O + i],
              a += std::fabs(double(dout[n * L + o]) * w2[o * O + i]);
        exact[n * O + i] = s, abs_sum[n * O + i] = a;
      }
    check_sum_bound(din, exact, abs_sum, L);
  }
  // dw(S, O) += dout(L, S)^T @ in(L, O) : reduction over the L rows
  {
    const Vec dout = randv(size_t(L) * S, 16), in = randv(size_t(L) * O, 17);
    Vec dw(size_t(S) * O, 0.0f), db(S, 0.0f);
    er::k::linear_bwd_weight(dw.data(), db.data(), dout.data(), in.data(), L, O, S);
    for (int o = 0; o < S; ++o)
      for (int i = 0; i < O; ++i) {
        double s = 0, a = 0;
        for (int n = 0; n < L; ++n)
          s += double(dout[n * S + o]) * in[n * O + i],
              a += std::fabs(double(dout[n * S + o]) * in[n * O + i]);
        exact[o * O + i] = s, abs_sum[o * O + i] = a;
      }
    check_sum_bound(dw, exact, abs_sum, L);
  }
}

// ---- row independence (what the causal perturbation tests stand on) ----------------------

TEST_CASE("linear_fwd: row i of out depends bit-exactly on row i of in only") {
  // The model's shapes (N = B*T = 512) and awkward ones.
  struct Shape {
    int N, I, O;
  };
  for (const Shape s : {Shape{512, 64, 192}, Shape{512, 256, 64}, Shape{512, 64, 300},
                        Shape{515, 64, 64}, Shape{37, 17, 13}, Shape{5, 3, 7}}) {
    const int N = s.N, I = s.I, O = s.O;
    INFO("N=" << N << " I=" << I << " O=" << O);
    const Vec w = randv(size_t(O) * I, 21), b = randv(O, 22);
    Vec in = randv(size_t(N + 3) * I, 23);
    Vec out_a(size_t(N + 3) * O), out_b(size_t(N + 3) * O), out_n(size_t(N) * O);
    er::k::linear_fwd(out_a.data(), in.data(), w.data(), b.data(), N + 3, I, O);

    // N and N + 3 rows: the common rows are bit-identical
    er::k::linear_fwd(out_n.data(), in.data(), w.data(), b.data(), N, I, O);
    CHECK(bits_equal(out_n.data(), out_a.data(), size_t(N) * O));
    // changing every other row of in leaves row i bit-identical
    for (int i : {0, N / 2, N - 1, N + 2}) {
      INFO("row " << i);
      Vec in2 = randv(in.size(), 24 + i);  // every row different ...
      std::memcpy(&in2[size_t(i) * I], &in[size_t(i) * I], I * sizeof(float));  // ... but i
      er::k::linear_fwd(out_b.data(), in2.data(), w.data(), b.data(), N + 3, I, O);
      CHECK(bits_equal(&out_b[size_t(i) * O], &out_a[size_t(i) * O], O));
      CHECK_FALSE(bits_equal(out_b.data(), out_a.data(), out_a.size()));  // others changed
    }
  }
}

TEST_CASE("linear_bwd_input and layernorm_fwd: rows independent of N") {
  const int I = 19, O = 23, C = 19;
  const Vec w = randv(size_t(O) * I, 31), g = randv(C, 32), bb = randv(C, 33);
  for (const int N : {41, 512, 515, 1000}) {
    INFO("N=" << N);
    const Vec dout = randv(size_t(N + 3) * O, 34), x = randv(size_t(N + 3) * C, 35);
    Vec din_a(size_t(N + 3) * I, 0.5f), din_n(size_t(N) * I, 0.5f);
    er::k::linear_bwd_input(din_a.data(), dout.data(), w.data(), N + 3, I, O);
    er::k::linear_bwd_input(din_n.data(), dout.data(), w.data(), N, I, O);
    CHECK(bits_equal(din_n.data(), din_a.data(), din_n.size()));

    Vec y_a(x.size()), y_n(size_t(N) * C), m_a(N + 3), r_a(N + 3), m_n(N), r_n(N);
    er::k::layernorm_fwd(y_a.data(), m_a.data(), r_a.data(), x.data(), g.data(), bb.data(), N + 3,
                         C, 1e-5f);
    er::k::layernorm_fwd(y_n.data(), m_n.data(), r_n.data(), x.data(), g.data(), bb.data(), N, C,
                         1e-5f);
    CHECK(bits_equal(y_n.data(), y_a.data(), y_n.size()));
    CHECK(bits_equal(r_n.data(), r_a.data(), N));
  }
}

TEST_CASE("gelu: an element's result does not depend on its position in the array") {
  // Tails of the vector loop must compute exactly what the main loop computes.
  const int n = 23;
  const Vec x = randv(n, 41, -6.0f, 6.0f), dout = randv(n, 42);
  Vec y(n), dx(n, 0.25f);
  er::k::gelu_fwd(y.data(), x.data(), n);
  er::k::gelu_bwd(dx.data(), x.data(), dout.data(), n);
  for (int i = 0; i < n; ++i) {
    INFO("i=" << i);
    float y1, dx1 = 0.25f;
    er::k::gelu_fwd(&y1, &x[i], 1);
    er::k::gelu_bwd(&dx1, &x[i], &dout[i], 1);
    CHECK(bits_equal(&y1, &y[i], 1));
    CHECK(bits_equal(&dx1, &dx[i], 1));
  }
}

// ---- 1-D primitives ----------------------------------------------------------------------

TEST_CASE("dot and axpy match the reference") {
  for (int n : kSizes) {
    INFO("n=" << n);
    const Vec a = randv(n, 51), b = randv(n, 52);
    double exact = 0, abs_sum = 0;
    for (int i = 0; i < n; ++i)
      exact += double(a[i]) * b[i], abs_sum += std::fabs(double(a[i]) * b[i]);
    check_sum_bound({er::k::dot(a.data(), b.data(), n)}, {exact}, {abs_sum}, n);
    Vec y = randv(n, 53), y_ref = y;
    er::k::axpy(y.data(), 0.37f, a.data(), n);
    er::ref::axpy(y_ref.data(), 0.37f, a.data(), n);
    check_close(y, y_ref, 1e-6, 1e-7);
    std::vector<double> y_exact(n);
    const Vec y0 = randv(n, 53);
    for (int i = 0; i < n; ++i) y_exact[i] = double(y0[i]) + double(0.37f) * a[i];
    check_near(y, y_exact, 1e-6, 1e-7);
  }
}

TEST_CASE("softmax: matches the reference, rows sum to 1, masked entries exactly 0") {
  for (int n : kSizes) {
    INFO("n=" << n);
    Vec s = randv(n, 61, -30.0f, 30.0f);
    for (int i = 2; i < n; i += 3) s[i] = -1e9f;  // masked entries
    Vec p(n), p_ref(n);
    er::k::softmax(p.data(), s.data(), n);
    er::ref::softmax(p_ref.data(), s.data(), n);
    check_close(p, p_ref, 2e-6, 1e-12);
    check_near(p, softmax_exact(s.data(), n), 2e-6, 1e-12);
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      sum += p[i];
      if (s[i] == -1e9f)
        CHECK(p[i] == 0.0f);
      else
        CHECK(p[i] >= 0.0f);
    }
    CHECK(sum == Approx(1.0).epsilon(2e-6));
    Vec q = s;  // in place (p aliases s)
    er::k::softmax(q.data(), q.data(), n);
    CHECK(bits_equal(q.data(), p.data(), n));
  }
  SECTION("a wide range of logits, including underflow and a large max") {
    const int n = 37;
    Vec s = randv(n, 62, -120.0f, 90.0f), p(n), p_ref(n);
    er::k::softmax(p.data(), s.data(), n);
    er::ref::softmax(p_ref.data(), s.data(), n);
    // entries whose true value is below 1e-37 may be flushed to 0; everything else is close
    for (int i = 0; i < n; ++i) {
      INFO("s=" << s[i]);
      if (p_ref[i] > 1e-37f)
        CHECK(p[i] == Approx(p_ref[i]).epsilon(2e-6));
      else
        CHECK(p[i] <= 1e-37f);
    }
  }
  SECTION("all entries masked but one: that one gets exactly 1") {
    Vec s(9, -1e9f), p(9);
    s[4] = 0.3f;
    er::k::softmax(p.data(), s.data(), 9);
    for (int i = 0; i < 9; ++i) CHECK(p[i] == (i == 4 ? 1.0f : 0.0f));
  }
}

// ---- attention ---------------------------------------------------------------------------

namespace {
struct Head {  // q, k, v read in place from a (T, 3C)-like buffer with a row stride
  int T, hs, stride;
  Vec qkv;
  Head(int T_, int hs_, uint64_t seed)
      : T(T_), hs(hs_), stride(3 * hs_ + 5), qkv(randv(size_t(T_) * stride, seed, -2.0f, 2.0f)) {}
  const float* q() const { return qkv.data(); }
  const float* k() const { return qkv.data() + hs; }
  const float* v() const { return qkv.data() + 2 * hs + 1; }
};
}  // namespace

TEST_CASE("attention_fwd matches the reference (causal and full), awkward T and head sizes") {
  for (int T : {1, 3, 5, 7, 17, 33, 64})
    for (int hs : {1, 3, 4, 7, 16, 17, 33})
      for (int causal = 0; causal < 2; ++causal) {
        INFO("T=" << T << " hs=" << hs << " causal=" << causal);
        const Head h(T, hs, 71);
        const float scale = 1.0f / std::sqrt(float(hs));
        const int os = hs + 2;
        Vec out(size_t(T) * os, 9.0f), out_ref(out), att(size_t(T) * T, 9.0f), att_ref(att);
        er::k::attention_fwd(out.data(), os, att.data(), h.q(), h.stride, h.k(), h.stride, h.v(),
                             h.stride, T, hs, scale, causal);
        er::ref::attention_fwd(out_ref.data(), os, att_ref.data(), h.q(), h.stride, h.k(), h.stride,
                               h.v(), h.stride, T, hs, scale, causal);
        check_close(att, att_ref, 1e-5, 1e-7);
        check_close(out, out_ref, 1e-5, 1e-6);
        // the formula in double: att_i = softmax_j(q_i . k_j * scale), j <= i when causal
        std::vector<double> att_exact(size_t(T) * T, 0.0), out_exact(size_t(T) * os, 9.0);
        for (int i = 0; i < T; ++i) {
          const int n = causal ? i + 1 : T;
          Vec sc(n);
          for (int j = 0; j < n; ++j) {
            double d = 0;
            for (int c = 0; c < hs; ++c) d += double(h.q()[i * h.stride + c]) * h.k()[j * h.stride + c];
            sc[j] = float(d * scale);
          }
          const std::vector<double> a = softmax_exact(sc.data(), n);
          for (int c = 0; c < hs; ++c) {
            double o = 0;
            for (int j = 0; j < n; ++j) o += a[j] * h.v()[j * h.stride + c];
            out_exact[size_t(i) * os + c] = o;
          }
          std::copy(a.begin(), a.end(), att_exact.begin() + size_t(i) * T);
        }
        check_near(att, att_exact, 1e-4, 1e-6);
        check_near(out, out_exact, 1e-4, 1e-5);
        for (int i = 0; i < T; ++i) {
          double sum = 0;
          for (int j = 0; j < T; ++j) {
            sum += att[i * T + j];
            if (causal && j > i) CHECK(att[i * T + j] == 0.0f);
          }
          CHECK(sum == Approx(1.0).epsilon(1e-5));
          for (int d = hs; d < os; ++d) CHECK(out[i * os + d] == 9.0f);  // stride gap untouched
        }
      }
}

TEST_CASE("attention_fwd causal: row i never reads keys or values after i") {
  // Poison every key/value row after i with NaN: row i must come out finite and bit-identical.
  const int T = 37, hs = 16;
  const Head clean(T, hs, 81);
  const float scale = 0.25f;
  Vec out(size_t(T) * hs), att(size_t(T) * T);
  er::k::attention_fwd(out.data(), hs, att.data(), clean.q(), clean.stride, clean.k(), clean.stride,
                       clean.v(), clean.stride, T, hs, scale, 1);
  for (int i : {0, 1, 4, 5, 18, 35}) {
    INFO("row " << i);
    Head h = clean;
    for (int j = i + 1; j < T; ++j)
      for (int d = 0; d < 3 * hs + 1; ++d)
        if (d >= hs) h.qkv[size_t(j) * h.stride + d] = std::numeric_limits<float>::quiet_NaN();
    Vec out2(out.size()), att2(att.size());
    er::k::attention_fwd(out2.data(), hs, att2.data(), h.q(), h.stride, h.k(), h.stride, h.v(),
                         h.stride, T, hs, scale, 1);
    CHECK(bits_equal(&out2[size_t(i) * hs], &out[size_t(i) * hs], hs));
    CHECK(bits_equal(&att2[size_t(i) * T], &att[size_t(i) * T], T));
  }
}

TEST_CASE("attention_bwd matches the reference, and the reference matches finite differences") {
  SECTION("k vs ref") {
    for (int T : {1, 3, 5, 7, 17, 33})
      for (int hs : {1, 3, 4, 7, 16, 17})
        for (int causal = 0; causal < 2; ++causal) {
          INFO("T=" << T << " hs=" << hs << " causal=" << causal);
          const Head h(T, hs, 91);
          const float scale = 1.0f / std::sqrt(float(hs));
          Vec out(size_t(T) * hs), att(size_t(T) * T);
          er::ref::attention_fwd(out.data(), hs, att.data(), h.q(), h.stride, h.k(), h.stride,
                                 h.v(), h.stride, T, hs, scale, causal);
          const Vec dout = randv(size_t(T) * hs, 92);
          Vec d(size_t(T) * h.stride, 0.0f), d_ref(d);
          for (Vec* g : {&d, &d_ref})
            (g == &d ? er::k::attention_bwd : er::ref::attention_bwd)(
                g->data(), h.stride, g->data() + hs, h.stride, g->data() + 2 * hs + 1, h.stride,
                dout.data(), hs, att.data(), h.q(), h.stride, h.k(), h.stride, h.v(), h.stride, T,
                hs, scale, causal);
          check_close(d, d_ref, 1e-4, 1e-5);
        }
  }
  SECTION("ref vs central differences of L = sum(out * w)") {
    const int T = 5, hs = 3;
    for (int causal = 0; causal < 2; ++causal) {
      const Head h(T, hs, 93);
      const float scale = 0.6f;
      const Vec w = randv(size_t(T) * hs, 94);
      auto loss = [&](const Vec& qkv) {
        Vec out(size_t(T) * hs), att(size_t(T) * T);
        er::ref::attention_fwd(out.data(), hs, att.data(), qkv.data(), h.stride, qkv.data() + hs,
                               h.stride, qkv.data() + 2 * hs + 1, h.stride, T, hs, scale, causal);
        double l = 0;
        for (size_t i = 0; i < out.size(); ++i) l += double(out[i]) * w[i];
        return l;
      };
      Vec out(size_t(T) * hs), att(size_t(T) * T), d(h.qkv.size(), 0.0f);
      er::ref::attention_fwd(out.data(), hs, att.data(), h.q(), h.stride, h.k(), h.stride, h.v(),
                             h.stride, T, hs, scale, causal);
      er::ref::attention_bwd(d.data(), h.stride, d.data() + hs, h.stride, d.data() + 2 * hs + 1,
                             h.stride, w.data(), hs, att.data(), h.q(), h.stride, h.k(), h.stride,
                             h.v(), h.stride, T, hs, scale, causal);
      for (int t = 0; t < T; ++t)
        for (int c : {0, 1, 2, hs, hs + 2, 2 * hs + 1, 2 * hs + 3}) {
          const size_t idx = size_t(t) * h.stride + c;
          Vec plus = h.qkv, minus = h.qkv;
          plus[idx] += 1e-2f, minus[idx] -= 1e-2f;
          const double fd = (loss(plus) - loss(minus)) / (double(plus[idx]) - minus[idx]);
          INFO("causal=" << causal << " t=" << t << " c=" << c);
          CHECK(d[idx] == Approx(fd).margin(2e-3).epsilon(1e-2));
        }
    }
  }
  SECTION("causal: the gradient of output row i reaches only keys/values j <= i") {
    const int T = 19, hs = 7;
    const Head h(T, hs, 95);
    Vec out(size_t(T) * hs), att(size_t(T) * T);
    er::k::attention_fwd(out.data(), hs, att.data(), h.q(), h.stride, h.k(), h.stride, h.v(),
                         h.stride, T, hs, 0.4f, 1);
    for (int i : {0, 6, 18}) {
      Vec dout(size_t(T) * hs, 0.0f);
      for (int d = 0; d < hs; ++d) dout[size_t(i) * hs + d] = 1.0f + d;
      Vec dq(size_t(T) * hs, 0.0f), dk(dq), dv(dq);
      er::k::attention_bwd(dq.data(), hs, dk.data(), hs, dv.data(), hs, dout.data(), hs, att.data(),
                           h.q(), h.stride, h.k(), h.stride, h.v(), h.stride, T, hs, 0.4f, 1);
      for (int j = 0; j < T; ++j)
        for (int d = 0; d < hs; ++d) {
          INFO("i=" << i << " j=" << j << " d=" << d);
          if (j > i) CHECK((dk[j * hs + d] == 0.0f && dv[j * hs + d] == 0.0f));
          if (j != i) CHECK(dq[j * hs + d] == 0.0f);
        }
      double dv_i = 0;
      for (int d = 0; d < hs; ++d) dv_i += std::fabs(dv[size_t(i) * hs + d]);
      CHECK(dv_i > 0.0);  // and it does reach j = i
    }
  }
}

TEST_CASE("attention beyond the kernel's scratch still matches the reference") {
  const int T = 190, hs = 190;  // T * hs beyond the SIMD kernel's static scratch
  const Head h(T, hs, 96);
  Vec out(size_t(T) * hs), out_ref(out), att(size_t(T) * T), att_ref(att);
  er::k::attention_fwd(out.data(), hs, att.data(), h.q(), h.stride, h.k(), h.stride, h.v(),
                       h.stride, T, hs, 0.1f, 1);
  er::ref::attention_fwd(out_ref.data(), hs, att_ref.data(), h.q(), h.stride, h.k(), h.stride,
                         h.v(), h.stride, T, hs, 0.1f, 1);
  check_close(out, out_ref, 1e-5, 1e-6);
}

// ---- layer norm, GELU, AdamW -------------------------------------------------------------

TEST_CASE("layernorm fwd and bwd match the reference") {
  for (int N : {1, 3, 17})
    for (int C : kSizes) {
      INFO("N=" << N << " C=" << C);
      const Vec x = randv(size_t(N) * C, 101, -3.0f, 2.0f), g = randv(C, 102), b = randv(C, 103);
      Vec y(x.size()), y_ref(x.size()), m(N), m_ref(N), r(N), r_ref(N);
      er::k::layernorm_fwd(y.data(), m.data(), r.data(), x.data(), g.data(), b.data(), N, C, 1e-5f);
      er::ref::layernorm_fwd(y_ref.data(), m_ref.data(), r_ref.data(), x.data(), g.data(), b.data(),
                             N, C, 1e-5f);
      check_close(y, y_ref, 1e-5, 1e-5);
      check_close(m, m_ref, 1e-5, 1e-6);
      check_close(r, r_ref, 1e-5, 1e-6);
      std::vector<double> y_exact(x.size());
      for (int n = 0; n < N; ++n) {
        double mean = 0, var = 0;
        for (int c = 0; c < C; ++c) mean += x[n * C + c];
        mean /= C;
        for (int c = 0; c < C; ++c) var += (x[n * C + c] - mean) * (x[n * C + c] - mean);
        const double rs = 1.0 / std::sqrt(var / C + 1e-5);
        for (int c = 0; c < C; ++c) y_exact[n * C + c] = (x[n * C + c] - mean) * rs * g[c] + b[c];
      }
      check_near(y, y_exact, 1e-4, 1e-4);
      const Vec dout = randv(x.size(), 104);
      Vec dx = randv(x.size(), 105), dg = randv(C, 106), db = randv(C, 107);
      Vec dx_ref = dx, dg_ref = dg, db_ref = db;
      er::k::layernorm_bwd(dx.data(), dg.data(), db.data(), dout.data(), x.data(), g.data(),
                           m_ref.data(), r_ref.data(), N, C);
      er::ref::layernorm_bwd(dx_ref.data(), dg_ref.data(), db_ref.data(), dout.data(), x.data(),
                             g.data(), m_ref.data(), r_ref.data(), N, C);
      check_close(dx, dx_ref, 1e-4, 1e-4);
      check_close(dg, dg_ref, 1e-5, 1e-5);
      check_close(db, db_ref, 1e-6, 1e-6);
    }
}

TEST_CASE("gelu fwd and bwd match the reference on [-10, 10]") {
  for (int n : kSizes) {
    INFO("n=" << n);
    const Vec x = randv(n, 111, -10.0f, 10.0f), dout = randv(n, 112);
    Vec y(n), y_ref(n), dx = randv(n, 113), dx_ref = dx;
    er::k::gelu_fwd(y.data(), x.data(), n);
    er::ref::gelu_fwd(y_ref.data(), x.data(), n);
    er::k::gelu_bwd(dx.data(), x.data(), dout.data(), n);
    er::ref::gelu_bwd(dx_ref.data(), x.data(), dout.data(), n);
    for (int i = 0; i < n; ++i) {
      INFO("x=" << x[i]);
      CHECK(std::fabs(y[i] - y_ref[i]) <= 2e-6 * (1 + std::fabs(x[i])));
      CHECK(std::fabs(dx[i] - dx_ref[i]) <= 4e-6 * (1 + std::fabs(x[i])));
      CHECK(std::fabs(y[i] - gelu_exact(x[i])) <= 4e-6 * (1 + std::fabs(x[i])));
      CHECK(std::fabs(dx[i] - (randv(n, 113)[i] + dout[i] * gelu_grad_exact(x[i]))) <= 8e-6 * (1 + std::fabs(x[i])));
    }
  }
  SECTION("small inputs keep their relative accuracy") {
    const Vec x = {1e-3f, -2e-4f, 3e-5f, 0.0f, 1e-7f};
    Vec y(x.size()), y_ref(x.size());
    er::k::gelu_fwd(y.data(), x.data(), int(x.size()));
    er::ref::gelu_fwd(y_ref.data(), x.data(), int(x.size()));
    check_close(y, y_ref, 1e-6, 0.0);
  }
}

TEST_CASE("adamw matches the reference over several steps") {
  for (int n : kSizes) {
    INFO("n=" << n);
    Vec p = randv(n, 121), m(n, 0.0f), v(n, 0.0f), p_ref = p, m_ref = m, v_ref = v;
    std::vector<double> pe(p.begin(), p.end()), me(n, 0.0), ve(n, 0.0);  // the update in double
    for (int t = 1; t <= 5; ++t) {
      const Vec g = randv(n, 122 + t);
      for (int i = 0; i < n; ++i) {
        me[i] = 0.9 * me[i] + 0.1 * g[i];
        ve[i] = 0.95 * ve[i] + 0.05 * double(g[i]) * g[i];
        const double mh = me[i] / (1 - std::pow(0.9, t)), vh = ve[i] / (1 - std::pow(0.95, t));
        pe[i] -= 1e-2 * (mh / (std::sqrt(vh) + 1e-8) + 0.1 * pe[i]);
      }
      const float bc1 = 1.0f - std::pow(0.9f, float(t)), bc2 = 1.0f - std::pow(0.95f, float(t));
      er::k::adamw(p.data(), m.data(), v.data(), g.data(), n, 1e-2f, 0.9f, 0.95f, 1e-8f, 0.1f, bc1,
                   bc2);
      er::ref::adamw(p_ref.data(), m_ref.data(), v_ref.data(), g.data(), n, 1e-2f, 0.9f, 0.95f,
                     1e-8f, 0.1f, bc1, bc2);
    }
    check_close(p, p_ref, 1e-6, 1e-7);
    check_close(m, m_ref, 1e-6, 1e-7);
    check_close(v, v_ref, 1e-6, 1e-9);
    check_near(p, pe, 1e-5, 1e-6);
    check_near(m, me, 1e-5, 1e-7);
    check_near(v, ve, 1e-5, 1e-9);
  }
}
