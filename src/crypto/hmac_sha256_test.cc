// SPDX-License-Identifier: AGPL-3.0-or-later
#include "crypto/hmac_sha256.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>
#include <random>

#include "core/bytes.h"
#include "testing/testing.h"

namespace sovhub::crypto {
namespace {

Bytes Hex(const std::string& text) { return FromHex(text).value(); }

// RFC 4231 section 4, test cases 1-7, read from the shared data file.
TEST(HmacSha256Test, Rfc4231Vectors) {
  auto doc = nlohmann::json::parse(
      testing::ReadFileOrFail(testing::SharedData("hmac/rfc4231_hmac_sha256.json")));
  int checked = 0;
  for (const auto& test : doc.at("tests")) {
    SCOPED_TRACE("test case " + std::to_string(test.at("tc").get<int>()));
    Bytes key = Hex(test.at("key").get<std::string>());
    Bytes data = Hex(test.at("data").get<std::string>());
    std::string mac = ToHex(HmacSha256(key).Compute(data));
    if (test.contains("hmac_sha256")) {
      EXPECT_EQ(mac, test.at("hmac_sha256").get<std::string>());
    } else {
      EXPECT_EQ(mac.substr(0, 32), test.at("hmac_sha256_truncated_128").get<std::string>());
    }
    ++checked;
  }
  EXPECT_EQ(checked, 7);
}

// Every message length around the one- and two-block boundaries agrees with
// OpenSSL's own HMAC, for keys shorter than, equal to and longer than a block.
TEST(HmacSha256Test, AgreesWithOpenSslAtEveryLength) {
  std::mt19937 rng(7);
  for (std::size_t key_len : {0u, 1u, 32u, 63u, 64u, 65u, 200u}) {
    Bytes key(key_len);
    for (auto& b : key) b = static_cast<std::uint8_t>(rng());
    HmacSha256 hmac(key);
    for (std::size_t len = 0; len <= 300; ++len) {
      Bytes message(len);
      for (auto& b : message) b = static_cast<std::uint8_t>(rng());
      unsigned char expected[EVP_MAX_MD_SIZE];
      unsigned int expected_len = 0;
      static const unsigned char kEmpty[1] = {0};
      HMAC(EVP_sha256(), key.empty() ? kEmpty : key.data(), static_cast<int>(key.size()), message.data(), message.size(),
           expected, &expected_len);
      ASSERT_EQ(expected_len, 32u);
      Sha256Digest got = hmac.Compute(message);
      ASSERT_EQ(ToHex(got), ToHex({expected, 32})) << "key " << key_len << " message " << len;
    }
  }
}

TEST(Sha256Test, KnownAnswersAndStreaming) {
  EXPECT_EQ(ToHex(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string long_text(1000, 'x');
  for (std::size_t split : {0u, 1u, 63u, 64u, 65u, 500u, 1000u}) {
    Sha256Stream stream;
    stream.Update(std::string_view(long_text).substr(0, split));
    stream.Update(std::string_view(long_text).substr(split));
    EXPECT_EQ(ToHex(stream.Finish()), ToHex(Sha256(long_text))) << split;
  }
}

}  // namespace
}  // namespace sovhub::crypto
