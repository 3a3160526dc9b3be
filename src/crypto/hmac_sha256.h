// SPDX-License-Identifier: AGPL-3.0-or-later
//
// SHA-256 and HMAC-SHA256 (RFC 2104, FIPS 180-4) on OpenSSL's SHA-256 block
// function. HmacSha256 computes the key's inner and outer states once, so that
// hashing a short message (a NIR, a stage-1 identifier) costs exactly two
// compression-function calls and no allocation: the pseudonymiser's hot loop.
#ifndef SOVHUB_CRYPTO_HMAC_SHA256_H_
#define SOVHUB_CRYPTO_HMAC_SHA256_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace sovhub::crypto {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest Sha256(std::span<const std::uint8_t> message);
inline Sha256Digest Sha256(std::string_view message) {
  return Sha256(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
}

// Incremental SHA-256 for long inputs (files, journal chains).
class Sha256Stream {
 public:
  Sha256Stream();
  void Update(std::span<const std::uint8_t> bytes);
  void Update(std::string_view text) {
    Update(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  }
  Sha256Digest Finish();

 private:
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// A keyed HMAC-SHA256. Immutable after construction: one instance may be used
// from several threads at once. The key may have any length (RFC 2104: keys
// longer than 64 bytes are hashed first). Copying copies the precomputed states.
class HmacSha256 {
 public:
  explicit HmacSha256(std::span<const std::uint8_t> key);

  Sha256Digest Compute(std::span<const std::uint8_t> message) const;
  Sha256Digest Compute(std::string_view message) const {
    return Compute(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
  }

  // Largest message that fits the two-compression fast path (one block).
  static constexpr std::size_t kSingleBlockMax = 55;

 private:
  std::array<std::uint32_t, 8> inner_;  // state after the key ^ ipad block
  std::array<std::uint32_t, 8> outer_;  // state after the key ^ opad block
};

}  // namespace sovhub::crypto

#endif  // SOVHUB_CRYPTO_HMAC_SHA256_H_
