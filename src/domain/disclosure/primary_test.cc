// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/primary.h"

#include <gtest/gtest.h>

namespace sovhub::disclosure {
namespace {

TEST(Primary, FrequencyRuleLeavesZerosAloneUnlessAsked) {
  FrequencyRule rule;
  EXPECT_FALSE(FrequencyLevel(0, rule).has_value());
  EXPECT_EQ(FrequencyLevel(1, rule), 9.0);
  EXPECT_EQ(FrequencyLevel(9, rule), 1.0);
  EXPECT_FALSE(FrequencyLevel(10, rule).has_value());
  rule.zeros_sensitive = true;
  EXPECT_EQ(FrequencyLevel(0, rule), 10.0);
}

// Handbook on SDC, ch. 4, Example 4: (1,85) dominance on 330 = 300 + 20 + 10.
TEST(Primary, DominanceProtectionLevelOfTheHandbook) {
  auto level = DominanceLevel(330, {300, 20, 10}, {.n = 1, .k = 85});
  ASSERT_TRUE(level.has_value());
  EXPECT_NEAR(*level, 22.94, 0.005);
  EXPECT_FALSE(DominanceLevel(100000, {50000, 49000}, {.n = 1, .k = 90}).has_value());
}

TEST(Primary, PPercentRule) {
  EXPECT_FALSE(PPercentLevel(110000, {52000, 50000}, {.p = 10}).has_value());
  auto level = PPercentLevel(20, {11, 9}, {.p = 70});
  ASSERT_TRUE(level.has_value());
  EXPECT_NEAR(*level, 7.7, 1e-9);
  // One contributor: the total is the contribution.
  EXPECT_TRUE(PPercentLevel(50, {50}, {.p = 10}).has_value());
}

}  // namespace
}  // namespace sovhub::disclosure
