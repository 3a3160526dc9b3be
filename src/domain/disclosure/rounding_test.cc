// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/rounding.h"

#include <gtest/gtest.h>

namespace sovhub::disclosure {
namespace {

TEST(Rounding, ConventionalToBaseFive) {
  EXPECT_EQ(RoundConventional(0, 5), 0);
  EXPECT_EQ(RoundConventional(2, 5), 0);
  EXPECT_EQ(RoundConventional(3, 5), 5);
  EXPECT_EQ(RoundConventional(12, 5), 10);
  EXPECT_EQ(RoundConventional(23, 5), 25);
}

TEST(Rounding, Midpoint6) {
  EXPECT_EQ(RoundMidpoint6(0), 0);
  EXPECT_EQ(RoundMidpoint6(1), 3);
  EXPECT_EQ(RoundMidpoint6(6), 3);
  EXPECT_EQ(RoundMidpoint6(7), 9);
  EXPECT_EQ(RoundMidpoint6(18), 15);
  EXPECT_EQ(RoundMidpoint6(19), 21);
}

}  // namespace
}  // namespace sovhub::disclosure
