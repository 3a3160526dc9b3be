// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/opposition.h"

#include <gtest/gtest.h>

namespace sovhub::opposition {
namespace {

Leaf Sample() {
  Leaf leaf{.event = Event::kWithdraw, .scope = "project:diabete-2026", .time = "2026-11-28T16:00:23.123Z"};
  for (std::size_t i = 0; i < leaf.commitment.size(); ++i) leaf.commitment[i] = static_cast<std::uint8_t>(i);
  return leaf;
}

TEST(OppositionTest, LeafEncodingIsCanonicalAndRoundTrips) {
  std::string bytes = EncodeLeaf(Sample());
  EXPECT_EQ(bytes,
            "sovhub-opposition/v1\nevent withdraw\nscope project:diabete-2026\n"
            "time 2026-11-28T16:00:23.123Z\n"
            "commitment AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
  auto decoded = DecodeLeaf(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, Sample());
}

TEST(OppositionTest, RefusesEveryNonCanonicalLeaf) {
  std::string good = EncodeLeaf(Sample());
  auto replaced = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  for (const std::string& bad : std::vector<std::string>{
           replaced("/v1", "/v2"),
           replaced("withdraw", "Withdraw"),
           replaced("event ", "event  "),
           replaced("project:diabete-2026", "project:"),
           replaced("project:diabete-2026", "everything"),
           replaced(".123Z", "Z"),
           replaced("16:00", "16h00"),
           replaced("Hh8=", "Hh9="),  // non-zero padding bits
           replaced("AAEC", "AAE"),
           good + "extra\n",
           good.substr(0, good.size() - 1),
           "\n" + good,
       }) {
    EXPECT_FALSE(DecodeLeaf(bad).ok()) << bad;
  }
}

TEST(OppositionTest, Scopes) {
  EXPECT_TRUE(ValidateScope("all").ok());
  EXPECT_TRUE(ValidateScope("project:p1").ok());
  EXPECT_TRUE(ValidateScope(ProjectScope("diab.2026_a-b")).ok());
  EXPECT_FALSE(ValidateScope("All").ok());
  EXPECT_FALSE(ValidateScope("project:").ok());
  EXPECT_FALSE(ValidateScope("project:-x").ok());
  EXPECT_FALSE(ValidateScope("project:A").ok());
  EXPECT_FALSE(ValidateScope("project:" + std::string(65, 'a')).ok());
  EXPECT_FALSE(ValidateScope("project:a b").ok());
}

}  // namespace
}  // namespace sovhub::opposition
