// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/bytes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sovhub {
namespace {

Bytes AllByteValues() {
  Bytes bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<std::uint8_t>(i));
  return bytes;
}

TEST(HexTest, EncodesLowerCase) {
  EXPECT_EQ(ToHex(Bytes{}), "");
  EXPECT_EQ(ToHex(Bytes{0x00, 0x0f, 0xa5, 0xff}), "000fa5ff");
  EXPECT_EQ(ToHex(AsBytes("foo")), "666f6f");
}

TEST(HexTest, RoundTripsEveryByte) {
  Bytes all = AllByteValues();
  std::string hex = ToHex(all);
  EXPECT_EQ(hex.size(), 512u);
  Result<Bytes> back = FromHex(hex);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, all);
}

TEST(HexTest, AcceptsUpperCase) {
  Result<Bytes> bytes = FromHex("DEADbeef");
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, (Bytes{0xde, 0xad, 0xbe, 0xef}));
  Result<Bytes> empty = FromHex("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(HexTest, Rejects) {
  struct Case {
    std::string hex;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"abc", "hex string has an odd length (3)"},
      {"0g", "not a hex digit at offset 1"},
      {"g0", "not a hex digit at offset 0"},
      {"00 1", "not a hex digit at offset 2"},
      {"0x12", "not a hex digit at offset 1"},
      {std::string("0\0", 2), "not a hex digit at offset 1"},
  };
  for (const Case& c : cases) {
    Result<Bytes> bytes = FromHex(c.hex);
    ASSERT_FALSE(bytes.ok()) << c.hex;
    EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(bytes.status().message(), c.message);
  }
}

// RFC 4648 section 10.
TEST(Base64Test, Rfc4648Vectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(ToBase64(AsBytes(plain)), encoded);
    Result<Bytes> decoded = FromBase64(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded << ": " << decoded.status().ToString();
    EXPECT_EQ(std::string(decoded->begin(), decoded->end()), plain);
  }
}

TEST(Base64Test, RoundTripsEveryByteAndEveryLength) {
  Bytes all = AllByteValues();
  for (std::size_t length = 0; length <= all.size(); ++length) {
    Bytes prefix(all.begin(), all.begin() + length);
    std::string encoded = ToBase64(prefix);
    EXPECT_EQ(encoded.size(), (length + 2) / 3 * 4);
    Result<Bytes> decoded = FromBase64(encoded);
    ASSERT_TRUE(decoded.ok()) << length << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, prefix) << length;
  }
  EXPECT_EQ(ToBase64(Bytes{0xfb, 0xff, 0xbf}), "+/+/");
}

TEST(Base64Test, Rejects) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      // Missing padding and bad lengths.
      {"Zg", "base64 length 2 is not a multiple of 4"},
      {"Zm8", "base64 length 3 is not a multiple of 4"},
      {"Zm9vY", "base64 length 5 is not a multiple of 4"},
      // Characters outside the standard alphabet.
      {"Zm9-", "not a base64 character at offset 3"},
      {"Zm9_", "not a base64 character at offset 3"},
      {"Zm 9", "not a base64 character at offset 2"},
      {"Zm9v\nYmFy", "base64 length 9 is not a multiple of 4"},
      {"Zm9v\nYmF", "not a base64 character at offset 4"},
      {std::string("Zm\09", 4), "not a base64 character at offset 2"},
      // Padding in the wrong place.
      {"====", "not a base64 character at offset 0"},
      {"Z===", "not a base64 character at offset 1"},
      {"Zg==Zm8=", "not a base64 character at offset 2"},
      {"Zg=g", "base64 padding in the middle at offset 3"},
      // Non-zero bits under the padding (RFC 4648 section 3.5).
      {"Zh==", "base64 has non-zero padding bits"},
      {"Zm9=", "base64 has non-zero padding bits"},
      {"Zm/=", "base64 has non-zero padding bits"},
  };
  for (const Case& c : cases) {
    Result<Bytes> bytes = FromBase64(c.text);
    ASSERT_FALSE(bytes.ok()) << c.text;
    EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(bytes.status().message(), c.message) << c.text;
  }
}

}  // namespace
}  // namespace sovhub
