// The comparison point: Eigen's own GEMM on the three products of a linear layer, exactly as a
// straightforward Eigen engine would call it (no row blocking). In the wasm bench modules this
// file is compiled with -msimd128, so it measures "Eigen in WebAssembly with SIMD enabled";
// natively it measures Eigen with the host's vector units. Same loop and data as er_bench_gemm.
#include <Eigen/Core>
#include <algorithm>
#include <vector>

#include "bench.h"
#include "core/rng.h"

namespace {
using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MapM = Eigen::Map<RowMat>;
using MapCM = Eigen::Map<const RowMat>;
using MapCV = Eigen::Map<const Eigen::RowVectorXf>;

using er::random_floats;
using er::time_loop;
}  // namespace

extern "C" int er_bench_eigen_gemm(int kind, int N, int I, int O, int iters, int reps,
                                   double* ms_out) {
  if (kind < 0 || kind > 2 || N < 1 || I < 1 || O < 1 || reps < 1 || !ms_out) return 1;
  const std::vector<float> in = random_floats(size_t(N) * I, 1),
                           w = random_floats(size_t(O) * I, 2), b = random_floats(O, 3),
                           dout = random_floats(size_t(N) * O, 4);
  std::vector<float> out(size_t(N) * O), din(size_t(N) * I), dw(size_t(O) * I), db(O);
  const double flops = 2.0 * N * I * O;
  switch (kind) {
    case 0:  // out = in @ w^T + b
      time_loop(
          [&] {
            MapM o(out.data(), N, O);
            o.noalias() = MapCM(in.data(), N, I) * MapCM(w.data(), O, I).transpose();
            o.rowwise() += MapCV(b.data(), O);
          },
          flops, 3, iters, reps, ms_out);
      break;
    case 1:  // din += dout @ w
      time_loop(
          [&] {
            MapM(din.data(), N, I).noalias() += MapCM(dout.data(), N, O) * MapCM(w.data(), O, I);
          },
          flops, 3, iters, reps, ms_out);
      break;
    default:  // dw += dout^T @ in;  db += column sums of dout
      time_loop(
          [&] {
            MapM(dw.data(), O, I).noalias() +=
                MapCM(dout.data(), N, O).transpose() * MapCM(in.data(), N, I);
            Eigen::Map<Eigen::RowVectorXf>(db.data(), O) +=
                MapCM(dout.data(), N, O).colwise().sum();
          },
          flops, 3, iters, reps, ms_out);
      break;
  }
  return 0;
}
