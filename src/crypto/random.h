// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Randomness as an injected seam: production uses the operating system's CSPRNG
// through OpenSSL; tests may pass a deterministic source.
#ifndef SOVHUB_CRYPTO_RANDOM_H_
#define SOVHUB_CRYPTO_RANDOM_H_

#include <cstdint>
#include <span>

#include "core/bytes.h"
#include "core/status.h"

namespace sovhub::crypto {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` entirely, or fails (IoError) and leaves it unspecified.
  virtual Status Fill(std::span<std::uint8_t> out) = 0;
};

// OpenSSL's RAND_bytes (seeded by the kernel). Thread-safe.
class SystemRandom final : public RandomSource {
 public:
  Status Fill(std::span<std::uint8_t> out) override;
};

Result<Bytes> RandomBytes(RandomSource& source, std::size_t count);

}  // namespace sovhub::crypto

#endif  // SOVHUB_CRYPTO_RANDOM_H_
