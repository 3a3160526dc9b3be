// SPDX-License-Identifier: AGPL-3.0-or-later
#include "crypto/merkle_hasher.h"

#include "crypto/hmac_sha256.h"

namespace sovhub::crypto {

merkle::Hash Rfc9162Hasher::EmptyRoot() const { return Sha256(std::string_view()); }

merkle::Hash Rfc9162Hasher::Leaf(std::span<const std::uint8_t> data) const {
  Sha256Stream stream;
  const std::uint8_t prefix = 0x00;
  stream.Update(std::span<const std::uint8_t>(&prefix, 1));
  stream.Update(data);
  return stream.Finish();
}

merkle::Hash Rfc9162Hasher::NodeOfBytes(std::span<const std::uint8_t> left,
                                        std::span<const std::uint8_t> right) {
  Sha256Stream stream;
  const std::uint8_t prefix = 0x01;
  stream.Update(std::span<const std::uint8_t>(&prefix, 1));
  stream.Update(left);
  stream.Update(right);
  return stream.Finish();
}

// The hot path of proofs and appends: one 65-byte message, no stream.
merkle::Hash Rfc9162Hasher::Node(const merkle::Hash& left, const merkle::Hash& right) const {
  std::array<std::uint8_t, 65> block;
  block[0] = 0x01;
  std::copy(left.begin(), left.end(), block.begin() + 1);
  std::copy(right.begin(), right.end(), block.begin() + 33);
  return Sha256(block);
}

}  // namespace sovhub::crypto
