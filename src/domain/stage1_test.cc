// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/stage1.h"

#include <gtest/gtest.h>

#include <set>

namespace sovhub::pseudonym {
namespace {

TEST(Stage1Test, MessageIsCanonicalNirBirthDateAndSex) {
  auto message = Stage1Message("2 55 08 14 168 025 38", CivilDate{1955, 8, 21}, 2);
  ASSERT_TRUE(message.ok()) << message.status().ToString();
  EXPECT_EQ(*message, "2550814168025381955-08-212");
  EXPECT_EQ(message->size(), 26u);
  // Corsica is canonical in upper case.
  auto corsica = Stage1Message("2 84 05 2a 321 025 52", CivilDate{1984, 5, 1}, 2);
  ASSERT_TRUE(corsica.ok());
  EXPECT_EQ(corsica->substr(0, 15), "284052A32102552");
}

TEST(Stage1Test, RefusesDisagreementsWithoutQuotingTheNir) {
  const std::string nir = "255081416802538";
  struct Case {
    CivilDate birth;
    int sex;
    const char* expected;
  } cases[] = {
      {{1955, 8, 21}, 1, "sex"},
      {{1956, 8, 21}, 2, "birth year"},
      {{1955, 9, 21}, 2, "birth month"},
      {{1955, 2, 30}, 2, "not a real date"},
      {{1955, 8, 21}, 3, "sex must be 1 or 2"},
  };
  for (const Case& c : cases) {
    auto message = Stage1Message(nir, c.birth, c.sex);
    ASSERT_FALSE(message.ok()) << c.expected;
    EXPECT_NE(message.status().message().find(c.expected), std::string::npos)
        << message.status().message();
    EXPECT_EQ(message.status().message().find("2550814"), std::string::npos);
  }
  EXPECT_FALSE(Stage1Message("255081416802539", CivilDate{1955, 8, 21}, 2).ok());  // bad key
  EXPECT_FALSE(Stage1Message("7112312345678", CivilDate{1955, 8, 21}, 1).ok());    // NNP
}

TEST(Stage1Test, UnknownBirthMonthAcceptsAnyMonth) {
  // Month 99 in the NIR: the birth month is unknown, any real month agrees.
  auto message = Stage1Message("2 84 99 2B 321 025 31", CivilDate{1984, 11, 3}, 2);
  EXPECT_TRUE(message.ok()) << message.status().ToString();
}

TEST(Stage1Test, EncodingIsSeventeenBase62DigitsAndSpreadsDigests) {
  std::set<std::string> seen;
  std::array<std::uint8_t, 32> digest{};
  for (int i = 0; i < 1000; ++i) {
    // Distinct digests differing in either 8-byte word.
    digest[7] = static_cast<std::uint8_t>(i);
    digest[6] = static_cast<std::uint8_t>(i >> 8);
    digest[15] = static_cast<std::uint8_t>(i * 7);
    std::string text = EncodeIdentifier(digest);
    EXPECT_TRUE(IsEncodedIdentifier(text)) << text;
    seen.insert(text);
  }
  EXPECT_EQ(seen.size(), 1000u);
  std::array<std::uint8_t, 32> zero{};
  EXPECT_EQ(EncodeIdentifier(zero), std::string(17, '0'));
  std::array<std::uint8_t, 32> ones;
  ones.fill(0xff);
  // 2^64-1 in base 62, last 10 digits, then last 7 digits of the next word.
  // 2^64-1 mod 62^10 in 10 digits, then 2^64-1 mod 62^7 in 7 digits.
  EXPECT_EQ(EncodeIdentifier(ones), "ygHa16AHYFa16AHYF");
  EXPECT_FALSE(IsEncodedIdentifier("ABCDEFGHIJKLMNOP"));     // 16
  EXPECT_FALSE(IsEncodedIdentifier("ABCDEFGHIJKLMNOP-"));    // not base 62
}

}  // namespace
}  // namespace sovhub::pseudonym
