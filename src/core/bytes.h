// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Byte strings and their text encodings (hex, standard base64).
#ifndef SOVHUB_CORE_BYTES_H_
#define SOVHUB_CORE_BYTES_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sovhub {

using Bytes = std::vector<std::uint8_t>;

// Lower-case hex.
std::string ToHex(std::span<const std::uint8_t> bytes);
// Accepts upper or lower case; rejects odd lengths and non-hex characters.
Result<Bytes> FromHex(std::string_view hex);

// Standard base64 (RFC 4648 section 4) with padding.
std::string ToBase64(std::span<const std::uint8_t> bytes);
// Strict: rejects missing padding, non-alphabet characters and non-zero pad bits.
Result<Bytes> FromBase64(std::string_view text);

inline std::span<const std::uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace sovhub

#endif  // SOVHUB_CORE_BYTES_H_
