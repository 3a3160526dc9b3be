// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The RFC 9162 Merkle tree hasher: SHA-256, leaf = H(0x00 || data),
// node = H(0x01 || left || right), empty tree = H("").
#ifndef SOVHUB_CRYPTO_MERKLE_HASHER_H_
#define SOVHUB_CRYPTO_MERKLE_HASHER_H_

#include "domain/merkle.h"

namespace sovhub::crypto {

class Rfc9162Hasher final : public merkle::Hasher {
 public:
  merkle::Hash EmptyRoot() const override;
  merkle::Hash Leaf(std::span<const std::uint8_t> data) const override;
  merkle::Hash Node(const merkle::Hash& left, const merkle::Hash& right) const override;
  // H(0x01 || left || right) for any byte strings: what Node computes.
  static merkle::Hash NodeOfBytes(std::span<const std::uint8_t> left,
                                  std::span<const std::uint8_t> right);
};

}  // namespace sovhub::crypto

#endif  // SOVHUB_CRYPTO_MERKLE_HASHER_H_
