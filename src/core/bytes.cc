// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/bytes.h"

#include <array>

namespace sovhub {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::string ToHex(std::span<const std::uint8_t> bytes) {
  std::string text;
  text.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    text.push_back(kHexDigits[b >> 4]);
    text.push_back(kHexDigits[b & 0xf]);
  }
  return text;
}

Result<Bytes> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) {
    return Status::InvalidArgument("hex string has an odd length (" +
                                   std::to_string(hex.size()) + ")");
  }
  Bytes bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("not a hex digit at offset " +
                                     std::to_string(hi < 0 ? i : i + 1));
    }
    bytes.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return bytes;
}

std::string ToBase64(std::span<const std::uint8_t> bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
    text.push_back(kBase64Alphabet[n >> 18 & 63]);
    text.push_back(kBase64Alphabet[n >> 12 & 63]);
    text.push_back(kBase64Alphabet[n >> 6 & 63]);
    text.push_back(kBase64Alphabet[n & 63]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    std::uint32_t n = bytes[i] << 16;
    text.push_back(kBase64Alphabet[n >> 18 & 63]);
    text.push_back(kBase64Alphabet[n >> 12 & 63]);
    text += "==";
  } else if (rest == 2) {
    std::uint32_t n = bytes[i] << 16 | bytes[i + 1] << 8;
    text.push_back(kBase64Alphabet[n >> 18 & 63]);
    text.push_back(kBase64Alphabet[n >> 12 & 63]);
    text.push_back(kBase64Alphabet[n >> 6 & 63]);
    text.push_back('=');
  }
  return text;
}

Result<Bytes> FromBase64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status::InvalidArgument("base64 length " + std::to_string(text.size()) +
                                   " is not a multiple of 4");
  }
  Bytes bytes;
  bytes.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    std::array<int, 4> v{};
    int padding = 0;
    for (int j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=' && last && j >= 2) {
        ++padding;
        v[j] = 0;
        continue;
      }
      if (padding > 0) {
        return Status::InvalidArgument("base64 padding in the middle at offset " +
                                       std::to_string(i + j));
      }
      v[j] = Base64Value(c);
      if (v[j] < 0) {
        return Status::InvalidArgument("not a base64 character at offset " +
                                       std::to_string(i + j));
      }
    }
    std::uint32_t n = v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3];
    bytes.push_back(static_cast<std::uint8_t>(n >> 16));
    if (padding < 2) bytes.push_back(static_cast<std::uint8_t>(n >> 8));
    if (padding < 1) bytes.push_back(static_cast<std::uint8_t>(n));
    if ((padding == 1 && (n & 0xff) != 0) || (padding == 2 && (n & 0xffff) != 0)) {
      return Status::InvalidArgument("base64 has non-zero padding bits");
    }
  }
  return bytes;
}

}  // namespace sovhub
