// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Deterministic pseudo-random numbers for generated data (the synthetic SNDS
// of src/synth, the dummy cohorts of src/domain): xoshiro256** seeded through
// splitmix64, both public-domain algorithms by Blackman and Vigna. Not for
// anything secret (crypto/random.h is); chosen because it is fast, has a
// 2^256 period, and gives the same numbers on every platform.
#ifndef SOVHUB_CORE_RNG_H_
#define SOVHUB_CORE_RNG_H_

#include <cmath>
#include <cstdint>

namespace sovhub {

class Rng {
 public:
  // The stream of element `index` of stream family `stream` under `seed`:
  // each person draws from streams of their own, so that their rows do not
  // depend on anyone else's.
  static Rng For(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
    std::uint64_t z = SplitMix(seed);
    z = SplitMix(z ^ (stream * 0xD1B54A32D192ED03ULL));
    z = SplitMix(z ^ (index * 0x9E3779B97F4A7C15ULL));
    Rng rng;
    for (std::uint64_t& word : rng.state_) {
      z += 0x9E3779B97F4A7C15ULL;
      word = SplitMix(z);
    }
    return rng;
  }

  std::uint64_t Next() {
    const std::uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = RotateLeft(state_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0. Lemire's multiply-shift without the rejection
  // step: the bias, below n / 2^64, is far under anything a test can see.
  std::uint64_t Below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }

  // Uniform in [lo, hi], lo <= hi.
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<std::uint64_t>(hi - lo) + 1)); }

  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  bool Chance(double probability) { return Uniform() < probability; }

  // Poisson-distributed count (Knuth's product method: the means here are
  // small, below 10).
  int Poisson(double mean) {
    const double limit = std::exp(-mean);
    int count = 0;
    for (double product = Uniform(); product > limit; product *= Uniform()) ++count;
    return count;
  }

 private:
  Rng() = default;

  static std::uint64_t RotateLeft(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  static std::uint64_t SplitMix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::uint64_t state_[4] = {0, 0, 0, 0};
};

}  // namespace sovhub

#endif  // SOVHUB_CORE_RNG_H_
