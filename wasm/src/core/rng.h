// Deterministic random numbers: the same seed gives the same bits on every run of a build.
// xoshiro128** seeded through splitmix64; normals by Box-Muller. (std:: distributions are
// implementation-defined, so they are never used.)
#pragma once
#include <cmath>
#include <cstdint>

namespace er {

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& w : s_) {
      seed += 0x9E3779B97F4A7C15ull;  // splitmix64
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      w = static_cast<uint32_t>((z ^ (z >> 31)) >> 32);
    }
  }
  uint32_t next_u32() {
    const uint32_t result = rotl(s_[1] * 5, 7) * 9;
    const uint32_t t = s_[1] << 9;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 11);
    return result;
  }
  // Uniform in [0, 1) with 24 random bits.
  float uniform() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }
  // Uniform integer in [0, n).
  uint32_t below(uint32_t n) { return static_cast<uint32_t>((uint64_t(next_u32()) * n) >> 32); }
  // Standard normal (Box-Muller, one value per call; the pair's second half is discarded so
  // the stream position does not depend on call history).
  float normal() {
    const double u1 = (next_u32() + 1.0) / 4294967297.0;  // (0, 1]
    const double u2 = next_u32() / 4294967296.0;
    return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
  }

 private:
  static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  uint32_t s_[4];
};

}  // namespace er
